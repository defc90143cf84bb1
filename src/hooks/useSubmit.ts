import { useState } from 'react'
import { ApiError, messageOf, type RowError } from '@/services/api'

/**
 * One form submission at a time: `busy` while it runs, then a Chinese error (and any
 * field-by-field problems) if it failed. What the user typed stays on the page.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [rowErrors, setRowErrors] = useState<RowError[]>([])
  async function submit(work: () => Promise<unknown>): Promise<boolean> {
    setBusy(true)
    setError(null)
    setRowErrors([])
    try {
      await work()
      return true
    } catch (e) {
      setError(messageOf(e))
      setRowErrors(e instanceof ApiError && e.errors ? e.errors : [])
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, setError, rowErrors, submit }
}

import { useState } from 'react'
import { ApiError, messageOf, type RowError } from '@/services/api'
import { pickExcel, type Upload } from '@/services/files'

/**
 * Picks an .xlsx file and sends it to an import action; keeps the result or the row errors.
 * `owner` is the community or district id the file is for (see pickExcel); `onImported` runs after
 * a successful import (e.g. to reload the list).
 */
export function useExcelImport<R>(send: (file: Upload) => Promise<R>, owner: string | undefined, onImported?: () => unknown) {
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<R | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [rowErrors, setRowErrors] = useState<RowError[]>([])
  async function start() {
    setError(null)
    setRowErrors([])
    setResult(null)
    try {
      if (!owner) throw new Error('还没有读到您所属的小区或区，请稍后再试。')
      const file = await pickExcel(owner)
      if (!file) return
      setBusy(true)
      setResult(await send(file))
      await onImported?.()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message) ? e.message : messageOf(e))
      if (e instanceof ApiError && e.errors) setRowErrors(e.errors)
    } finally {
      setBusy(false)
    }
  }
  return { busy, result, error, rowErrors, start }
}

import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react'
import { messageOf } from '@/services/api'

/**
 * Loads server data each time the page shows, and again when `deps` change;
 * exposes data, a Chinese error message and reload.
 */
export function useRemote<T>(load: () => Promise<T>, deps: DependencyList = []) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const loadRef = useRef(load)
  loadRef.current = load
  const reload = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      setData(await loadRef.current())
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setLoading(false)
    }
  }, [])
  useDidShow(() => {
    void reload()
  })
  const mounted = useRef(false)
  useEffect(() => {
    if (mounted.current) void reload()
    mounted.current = true
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  return { data, error, loading, reload }
}

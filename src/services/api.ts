import Taro from '@tarojs/taro'
import { ERROR_MESSAGES, isErrorCode, type ErrorCode, type Result } from '@/core/errors'
import { getToken } from './session'

/**
 * The one gateway to the backend. In the mini-program it calls the cloud function through
 * `Taro.cloud.callFunction`; in H5 it posts the same `{ action, data }` to the local server.
 * Pages call `call('notices', 'list', {...})` and never know which.
 */
/** A row-by-row problem in an imported file. */
export interface RowError {
  row: number
  column: string
  message: string
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
    readonly errors?: RowError[],
  ) {
    super(message)
  }
}

const NETWORK_MESSAGE = '网络连接不上，请检查网络后再试。您刚才填写的内容还在页面上。'

async function send(fn: string, event: { action: string; data?: unknown }): Promise<Result<unknown>> {
  if (process.env.TARO_ENV === 'weapp') {
    const res = await Taro.cloud.callFunction({ name: fn, data: event })
    return res.result as Result<unknown>
  }
  const token = getToken()
  const res = await fetch(`/api/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(event),
  })
  return (await res.json()) as Result<unknown>
}

export async function call<T>(fn: string, action: string, data?: unknown): Promise<T> {
  let result: Result<unknown>
  try {
    result = await send(fn, { action, data })
  } catch (e) {
    throw new ApiError('INTERNAL', NETWORK_MESSAGE, e instanceof Error ? e.message : String(e))
  }
  if (!result || typeof result !== 'object') throw new ApiError('INTERNAL', ERROR_MESSAGES.INTERNAL, 'empty reply')
  if (result.ok) return result.data as T
  const code = isErrorCode(result.code) ? result.code : 'INTERNAL'
  const errors = (result as { errors?: RowError[] }).errors
  throw new ApiError(code, result.message || ERROR_MESSAGES[code], result.detail, errors)
}

/** The Chinese message to show for anything thrown by `call`. */
export function messageOf(e: unknown): string {
  return e instanceof ApiError ? e.message : ERROR_MESSAGES.INTERNAL
}

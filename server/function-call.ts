import type { Deps } from '../cloudfunctions/common/router'
import type { Handler } from '../cloudfunctions/common/router'
import { ERROR_MESSAGES, type Failure } from '../src/core/errors'

/** A function's HTTP answer: the status and the JSON text of `{ ok, … }`. */
export interface FunctionReply {
  status: number
  text: string
}

/**
 * `POST /api/fn/<name>` once the body is read: the body as text is parsed here (400 if it is not
 * JSON), the handler runs with the caller's openid, and its result goes back as JSON text (200).
 * The functions thread runs this (the main thread only forwards the text), and so does the main
 * thread when the handlers run inline.
 */
export async function callFunction(handle: Handler, deps: Deps, openid: string | null, bodyText: string): Promise<FunctionReply> {
  let event: unknown
  try {
    event = bodyText ? JSON.parse(bodyText) : {}
  } catch {
    const failure: Failure = { ok: false, code: 'INVALID_INPUT', message: ERROR_MESSAGES.INVALID_INPUT, detail: 'body is not JSON' }
    return { status: 400, text: JSON.stringify(failure) }
  }
  return { status: 200, text: JSON.stringify(await handle(deps, { openid }, event)) }
}

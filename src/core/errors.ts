/**
 * The closed set of outcome codes every handler can return, and the one table of
 * Chinese messages the UI shows for them. Developers get `detail` as well.
 */
export const ERROR_MESSAGES = {
  UNAUTHENTICATED: '无法确认您的身份，请重新进入小程序或重新登录。',
  NOT_REGISTERED: '您的微信还没有登记到本小区，请先绑定房屋或联系社区。',
  FORBIDDEN: '您没有权限进行这项操作。',
  INVALID_INPUT: '填写的内容有误，请检查后再提交。',
  UNKNOWN_ACTION: '不支持这项操作，请更新小程序后重试。',
  NOT_FOUND: '没有找到这条内容，它可能已被删除。',
  CONFLICT: '这条内容刚被别人修改过，请刷新后再试。',
  NOTICE_NOT_DRAFT: '只有草稿可以修改或发布，已发布的公告不能再改动。',
  NOTICE_NOT_PUBLISHED: '这条公告没有处于发布状态。',
  INTERNAL: '系统暂时出了点问题，您填写的内容没有保存，请稍后再试。',
} as const

export type ErrorCode = keyof typeof ERROR_MESSAGES

/** A refusal with a code from the closed set; handlers turn it into `{ ok: false, code, message }`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly detail?: string
  constructor(code: ErrorCode, detail?: string, userMessage?: string) {
    super(userMessage ?? ERROR_MESSAGES[code])
    this.code = code
    this.detail = detail
  }
}

export type Ok<T> = { ok: true; data: T }
export type Failure = { ok: false; code: ErrorCode; message: string; detail?: string }
export type Result<T> = Ok<T> | Failure

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERROR_MESSAGES
}

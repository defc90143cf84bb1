/**
 * Binding codes (绑定码): the one-time codes the community office prints per household, and the
 * invitations an owner gives family. Pure rules only — generating and hashing codes happens in
 * the `members` cloud function (node:crypto).
 *
 * A code is 8 characters from an alphabet without the look-alikes 0/O and 1/I/L, printed as
 * "ABCD-EFGH". What people type is normalised (case, spaces, dashes, full-width characters);
 * a 0, O, 1, I or L can never be part of a code, so it is refused with a clear message instead of
 * being guessed into something else.
 */
export const BIND_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const BIND_CODE_LENGTH = 8

/** A household code printed by the office is valid this long. */
export const HOUSEHOLD_CODE_DAYS = 30
/** A family invitation from an owner is valid this long. */
export const FAMILY_INVITE_DAYS = 7
/** A code the office issues for one staff member of a party is valid this long. */
export const PARTY_CODE_DAYS = 7
/** The kinds of party whose staff act in the app (take reports, answer observations) and so may get accounts. */
export const PARTY_STAFF_KINDS = ['contractor', 'utility', 'property', 'supervisor'] as const

/** Failed tries (unknown code, owner details wrong) allowed within the window before binding locks. */
export const MAX_BIND_FAILURES = 5
export const BIND_FAILURE_WINDOW_MS = 3600 * 1000
export const BIND_LOCK_MS = 3600 * 1000

export type NormalisedCode = { ok: true; code: string } | { ok: false; message: string }

/**
 * "abcd efgh", "ABCD-EFGH", "ＡＢＣＤ－ＥＦＧＨ" → "ABCDEFGH"; anything that cannot be a code gets
 * a Chinese message saying why.
 */
export function normaliseBindCode(raw: string): NormalisedCode {
  const code = raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―－_]/g, '')
  if (code.length === 0) return { ok: false, message: '请输入绑定码。' }
  if (/[0O]/.test(code)) return { ok: false, message: '绑定码里没有数字 0 和字母 O，请核对纸条上的字符。' }
  if (/[1IL]/.test(code)) return { ok: false, message: '绑定码里没有数字 1 和字母 I、L，请核对纸条上的字符。' }
  if ([...code].some((c) => !BIND_CODE_ALPHABET.includes(c))) {
    return { ok: false, message: '绑定码只包含数字 2–9 和英文字母，请核对后重新输入。' }
  }
  if (code.length !== BIND_CODE_LENGTH) return { ok: false, message: `绑定码是 ${BIND_CODE_LENGTH} 位，您输入了 ${code.length} 位。` }
  return { ok: true, code }
}

/** "ABCDEFGH" → "ABCD-EFGH" for printing. */
export function formatBindCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** A try that has been counted but whose outcome is not known yet (it counts as a failure until settled). */
export interface PendingTry {
  id: string
  at: string
}

/** Failed binding tries of one WeChat user (bindAttempts document, `_id` = OPENID). */
export interface BindAttempts {
  _id: string
  /** Times of failed tries inside the current window (ISO), oldest first. */
  failures: string[]
  /** Tries counted before their code was looked at, not settled yet (absent in older documents). */
  pending?: PendingTry[]
  /** Binding is refused until then (ISO), or null. */
  lockedUntil: string | null
  version: number
}

export function isBindLocked(attempts: Pick<BindAttempts, 'lockedUntil'> | null, now: Date): boolean {
  return !!attempts?.lockedUntil && new Date(attempts.lockedUntil).getTime() > now.getTime()
}

/**
 * The attempts after one more failure at `now`: failures older than the window are forgotten;
 * the fifth within the window locks binding for an hour (and starts a fresh count).
 */
export function afterFailure(attempts: BindAttempts | null, openid: string, now: Date): BindAttempts {
  const since = now.getTime() - BIND_FAILURE_WINDOW_MS
  const recent = (attempts?.failures ?? []).filter((t) => new Date(t).getTime() > since)
  const failures = [...recent, now.toISOString()]
  const lock = failures.length >= MAX_BIND_FAILURES
  return {
    _id: openid,
    failures: lock ? [] : failures,
    lockedUntil: lock ? new Date(now.getTime() + BIND_LOCK_MS).toISOString() : isBindLocked(attempts, now) ? attempts!.lockedUntil : null,
    version: (attempts?.version ?? 0) + 1,
  }
}

function inWindow(at: string, now: Date): boolean {
  return new Date(at).getTime() > now.getTime() - BIND_FAILURE_WINDOW_MS
}

/**
 * The attempts with one more try `tryId` counted as pending, before its code is even looked at;
 * null (refuse the try) if binding is locked or there are already MAX_BIND_FAILURES failed or
 * pending tries within the window. Pending tries older than the window are forgotten (a try whose
 * function died never settles).
 */
export function withPendingTry(attempts: BindAttempts | null, openid: string, tryId: string, now: Date): BindAttempts | null {
  if (isBindLocked(attempts, now)) return null
  const failures = (attempts?.failures ?? []).filter((t) => inWindow(t, now))
  const pending = (attempts?.pending ?? []).filter((p) => inWindow(p.at, now))
  if (failures.length + pending.length >= MAX_BIND_FAILURES) return null
  return { _id: openid, failures, pending: [...pending, { id: tryId, at: now.toISOString() }], lockedUntil: null, version: (attempts?.version ?? 0) + 1 }
}

/**
 * The attempts once try `tryId` has its outcome: its pending entry goes; a failed try becomes a
 * failure (the fifth within the window locks binding for an hour and starts a fresh count).
 * null when there is nothing to write (a try that did not fail and is no longer pending).
 */
export function settledTry(attempts: BindAttempts | null, openid: string, tryId: string, failed: boolean, now: Date): BindAttempts | null {
  const pending = attempts?.pending ?? []
  const rest = pending.filter((p) => p.id !== tryId)
  if (!failed && rest.length === pending.length) return null
  if (!failed) return { ...(attempts as BindAttempts), pending: rest, version: attempts!.version + 1 }
  return { ...afterFailure(attempts, openid, now), pending: rest }
}

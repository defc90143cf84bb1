import { createHash, randomBytes } from 'node:crypto'
import { BIND_CODE_ALPHABET, BIND_CODE_LENGTH, isBindLocked, MAX_BIND_FAILURES, normaliseBindCode, settledTry, withPendingTry, type BindAttempts } from '../../src/core/bind-code'
import { AppError } from '../../src/core/errors'
import type { Relation } from '../../src/core/roles'
import type { Store, StoreOps } from '../common/store'
import { DuplicateKeyError } from '../common/store'

/**
 * What every stored code has: only its sha256 (the document `_id`, so lookup is by id); the plain
 * code is shown once to whoever issued it and never stored.
 */
interface StoredCode {
  _id: string
  communityId: string
  issuedBy: string
  issuedAt: string
  expiresAt: string
  usedAt: string | null
  usedBy: string | null
  /** Household codes: a newer one was issued before this one was used. */
  revokedAt: string | null
  version: number
}

/** A code the office printed for a household, or an owner's invitation for family. */
export interface BindCodeDoc extends StoredCode {
  householdId: string
  kind: 'household' | 'family'
  /** Family invitations: the relation they give. */
  relation?: Relation
}

/**
 * A one-time code the office issues for one staff member of a party (works.issuePartyCode): it
 * makes a WeChat user not yet registered a user { role: 'party', partyId, communityId, name }
 * (members.bindParty).
 */
export interface PartyCodeDoc extends StoredCode {
  kind: 'party'
  partyId: string
  /** The person's name as the history shows it. */
  staffName: string
}

/** Any document of `bindCodes` that is a code (guards have no `kind`). */
export type AnyCodeDoc = BindCodeDoc | PartyCodeDoc

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex')
}

/**
 * The first steps of binding with any code: a locked caller learns nothing, not even whether the
 * code has the right shape (CODE_LOCKED); then what was typed, normalised (INVALID_INPUT saying why not).
 */
export async function typedCode(store: Store, openid: string, raw: string, now: Date): Promise<string> {
  const attempts = await store.get<BindAttempts>('bindAttempts', openid)
  if (isBindLocked(attempts, now)) throw new AppError('CODE_LOCKED', `binding locked until ${attempts!.lockedUntil}`)
  const normalised = normaliseBindCode(raw)
  if (!normalised.ok) throw new AppError('INVALID_INPUT', `malformed code ${JSON.stringify(raw)}`, normalised.message)
  return normalised.code
}

/** The stored code for what was typed (CODE_INVALID if there is none). */
export async function storedCode(tx: StoreOps, typed: string): Promise<AnyCodeDoc> {
  const found = await tx.get<AnyCodeDoc>('bindCodes', hashCode(typed))
  if (!found || !('kind' in found)) throw new AppError('CODE_INVALID', 'no such code')
  return found
}

/**
 * Takes the one use of a code in the binding's transaction: of two binds racing on one code, the
 * second fails on this marker (CODE_USED) before it writes anything else, even where the database
 * does not isolate transactions.
 */
export async function claimCode(tx: StoreOps, code: AnyCodeDoc): Promise<void> {
  try {
    await tx.insert('bindAttempts', { _id: usedCodeMarkerId(code._id), version: 1 })
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new AppError('CODE_USED', 'another binding with this code committed first')
    throw e
  }
}

/** A stored code that can still be used now: not used or revoked (CODE_USED), not expired (CODE_EXPIRED). */
export function requireUsable<T extends AnyCodeDoc>(code: T, now: Date, expiredMessage?: string): T {
  if (code.usedAt || code.revokedAt) throw new AppError('CODE_USED', `code ${code.usedAt ? 'used' : 'revoked'}`)
  if (new Date(code.expiresAt).getTime() <= now.getTime()) throw new AppError('CODE_EXPIRED', `expired at ${code.expiresAt}`, expiredMessage)
  return code
}

/**
 * A fresh code from node:crypto: bytes ≥ 248 (8 × 31) are thrown away (rejection sampling), so
 * every character of the 31-letter alphabet is exactly equally likely.
 */
export function generateCode(random: (n: number) => Uint8Array = randomBytes): string {
  const limit = Math.floor(256 / BIND_CODE_ALPHABET.length) * BIND_CODE_ALPHABET.length
  let out = ''
  while (out.length < BIND_CODE_LENGTH) {
    for (const byte of random(16)) {
      if (byte >= limit) continue
      out += BIND_CODE_ALPHABET[byte % BIND_CODE_ALPHABET.length]
      if (out.length === BIND_CODE_LENGTH) break
    }
  }
  return out
}

type CodeState = '_id' | 'usedAt' | 'usedBy' | 'revokedAt' | 'version'

/** Inserts a new code document, drawing another code in the (astronomically rare) case of a clash. */
export function insertNewCode(tx: StoreOps, fields: Omit<BindCodeDoc, CodeState>): Promise<{ code: string; doc: BindCodeDoc }> {
  return insertCode<BindCodeDoc>(tx, fields)
}

/** A party staff member's code (see PartyCodeDoc), inserted the same way. */
export function insertNewPartyCode(tx: StoreOps, fields: Omit<PartyCodeDoc, CodeState>): Promise<{ code: string; doc: PartyCodeDoc }> {
  return insertCode<PartyCodeDoc>(tx, fields)
}

async function insertCode<D extends AnyCodeDoc>(tx: StoreOps, fields: Omit<D, CodeState>): Promise<{ code: string; doc: D }> {
  for (let i = 0; ; i++) {
    const code = generateCode()
    const doc = { _id: hashCode(code), ...fields, usedAt: null, usedBy: null, revokedAt: null, version: 1 } as D
    try {
      await tx.insert('bindCodes', doc)
      return { code, doc }
    } catch (e) {
      if (!(e instanceof DuplicateKeyError) || i >= 3) throw e
    }
  }
}

/** Attempts to count or settle a try before giving up (each lost round means another try's write went in). */
const TRY_WRITE_ROUNDS = 40

/** Marks a code as used (bindAttempts, never listed): of two binds racing on one code only one inserts it. */
export function usedCodeMarkerId(codeHash: string): string {
  return `used:${codeHash}`
}

/** One pending binding request per person (bindAttempts, never listed): inserted with the request, removed when decided. */
export function pendingRequestMarkerId(openid: string): string {
  return `request:${openid}`
}

/**
 * Stores `next` over `current` with one atomic version-checked write (an insert for the first
 * try): false if another try of the same person wrote first. Not inside a transaction on
 * purpose: the conditional write is atomic on its own in both stores, and a transaction's
 * read-then-set is not guarded where the database does not isolate transactions.
 */
async function writeAttempts(store: Store, current: BindAttempts | null, next: BindAttempts): Promise<boolean> {
  if (current) return store.replaceIfVersion('bindAttempts', next, current.version)
  try {
    await store.insert('bindAttempts', next)
    return true
  } catch (e) {
    if (e instanceof DuplicateKeyError) return false
    throw e
  }
}

/**
 * Counts a binding try (or request) of `openid` as pending BEFORE anything secret is looked at:
 * CODE_LOCKED if binding is locked or 5 tries failed or are still pending within the hour;
 * CONFLICT (refused, nothing looked at) if the count cannot be stored.
 */
export async function takeTry(store: Store, openid: string, tryId: string, now: Date): Promise<void> {
  for (let i = 0; i < TRY_WRITE_ROUNDS; i++) {
    const current = await store.get<BindAttempts>('bindAttempts', openid)
    const next = withPendingTry(current, openid, tryId, now)
    if (!next) throw new AppError('CODE_LOCKED', `binding locked or ${MAX_BIND_FAILURES} tries in the window`)
    if (await writeAttempts(store, current, next)) return
  }
  throw new AppError('CONFLICT', 'could not count the try', '现在操作的人太多，请稍后再试。')
}

/**
 * Settles a try counted by takeTry: a failed one becomes a failure (the fifth locks), any other
 * outcome just drops the pending entry. If it cannot be stored the pending entry stays, and keeps
 * counting as a failure until the window passes (so losing it never helps a guesser).
 */
export async function settleTry(store: Store, openid: string, tryId: string, failed: boolean, now: Date): Promise<void> {
  for (let i = 0; i < TRY_WRITE_ROUNDS; i++) {
    const current = await store.get<BindAttempts>('bindAttempts', openid)
    const next = settledTry(current, openid, tryId, failed, now)
    if (!next || (await writeAttempts(store, current, next))) return
  }
}

/**
 * Runs `fn` as one counted try of `openid`: counted before `fn` starts, settled after it ends
 * (refusals whose code is in `counted` are failures).
 */
export async function countedTry<R>(store: Store, openid: string, tryId: string, now: Date, counted: ReadonlySet<string>, fn: () => Promise<R>): Promise<R> {
  await takeTry(store, openid, tryId, now)
  let failed = false
  try {
    return await fn()
  } catch (e) {
    failed = e instanceof AppError && counted.has(e.code)
    throw e
  } finally {
    await settleTry(store, openid, tryId, failed, now)
  }
}

import { createHash, randomBytes } from 'node:crypto'
import { afterFailure, BIND_CODE_ALPHABET, BIND_CODE_LENGTH, type BindAttempts } from '../../src/core/bind-code'
import type { Relation } from '../../src/core/roles'
import type { Store, StoreOps } from '../common/store'
import { DuplicateKeyError } from '../common/store'

/**
 * A binding code as stored: only its sha256 (the document `_id`, so lookup is by id); the plain
 * code is shown once to whoever issued it and never stored.
 */
export interface BindCodeDoc {
  _id: string
  householdId: string
  communityId: string
  /** A code the office printed for the household, or an owner's invitation for family. */
  kind: 'household' | 'family'
  /** Family invitations: the relation they give. */
  relation?: Relation
  issuedBy: string
  issuedAt: string
  expiresAt: string
  usedAt: string | null
  usedBy: string | null
  /** A newer household code was issued before this one was used. */
  revokedAt: string | null
  version: number
}

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex')
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

/** Inserts a new code document, drawing another code in the (astronomically rare) case of a clash. */
export async function insertNewCode(tx: StoreOps, fields: Omit<BindCodeDoc, '_id' | 'usedAt' | 'usedBy' | 'revokedAt' | 'version'>): Promise<{ code: string; doc: BindCodeDoc }> {
  for (let i = 0; ; i++) {
    const code = generateCode()
    const doc: BindCodeDoc = { _id: hashCode(code), ...fields, usedAt: null, usedBy: null, revokedAt: null, version: 1 }
    try {
      await tx.insert('bindCodes', doc)
      return { code, doc }
    } catch (e) {
      if (!(e instanceof DuplicateKeyError) || i >= 3) throw e
    }
  }
}

/**
 * Counts one failed binding try for `openid`, outside the binding's own transaction (which is
 * rolled back by the refusal). Retries when another try of the same person raced it.
 */
export async function recordFailure(store: Store, openid: string, now: Date): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const stored = await store.transaction(async (tx) => {
      const current = await tx.get<BindAttempts>('bindAttempts', openid)
      const next = afterFailure(current, openid, now)
      if (!current) {
        try {
          await tx.insert('bindAttempts', next)
          return true
        } catch (e) {
          if (e instanceof DuplicateKeyError) return false
          throw e
        }
      }
      return tx.replaceIfVersion('bindAttempts', next, current.version)
    })
    if (stored) return
  }
}

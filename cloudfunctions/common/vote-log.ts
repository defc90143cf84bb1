import { createHash } from 'node:crypto'
import type { Ballot } from '../../src/core/ballot'
import { GENESIS_HASH, type VoteLogEntry } from '../../src/core/votes'

/**
 * The hash chain of a ballot's vote log: each entry's hash is sha256 over the previous entry's
 * hash and the entry's own content (canonical JSON, keys sorted). Altering, removing or
 * reordering any entry breaks every hash after it; `npm run verify-log` walks the chain.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value)
  if (typeof value !== 'object') return JSON.stringify(value)
  // Built by concatenation (every vote hashes two documents this way): the same text as
  // `[${value.map(canonicalJson).join(',')}]`, where join writes undefined as nothing…
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      const item = canonicalJson(value[i]) as string | undefined
      if (item !== undefined) out += item
    }
    return `${out}]`
  }
  // … and as the keys whose value is not undefined, sorted, each `${JSON.stringify(k)}:${canonicalJson(v)}`.
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj).sort()
  let out = '{'
  for (const k of keys) {
    const v = obj[k]
    if (v === undefined) continue
    if (out.length > 1) out += ','
    out += `${canonicalJson(k)}:${canonicalJson(v)}`
  }
  return `${out}}`
}

/** A string JSON.stringify writes as it is between quotes: no quote, backslash, control character or lone surrogate half. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * The hash a published list row carries: sha256(receiptHash + "|" + questionId). One per question, so
 * rows of one household cannot be linked across questions; the voter, who knows the receipt, can
 * compute it (sha256 of the receipt code, then of that plus "|" and the question id).
 */
export function rowHash(receiptHash: string, questionId: string): string {
  return sha256(`${receiptHash}|${questionId}`)
}

/**
 * The seal of what a ballot counts on, written into its 'opened' entry: sha256 over its questions
 * and its roster frozen at opening (every flat's place, area and hashed owners; the plan edition).
 * Altering a question's scope or an area afterwards would move the count without touching a vote:
 * verify-log recomputes the seal from the stored ballot and roster and compares.
 */
export function ballotSeal(
  ballot: Pick<Ballot, '_id' | 'communityId' | 'questions'>,
  roster: { communityId: string; planEdition: number | null; flats: readonly object[] },
): string {
  return sha256(canonicalJson({ ballotId: ballot._id, communityId: ballot.communityId, questions: ballot.questions, rosterCommunityId: roster.communityId, planEdition: roster.planEdition, flats: roster.flats }))
}

export function entryHash(entry: Omit<VoteLogEntry, 'hash'>): string {
  const { prevHash, ...content } = entry
  return sha256(`${prevHash}\n${canonicalJson(content)}`)
}

/** Seals an entry onto the chain after `prevHash` (GENESIS_HASH for a ballot's first entry). */
export function sealEntry(entry: Omit<VoteLogEntry, 'hash' | 'prevHash'>, prevHash: string): VoteLogEntry {
  const unsealed = { ...entry, prevHash }
  return { ...unsealed, hash: entryHash(unsealed) }
}

export interface ChainProblem {
  seq: number
  problem: 'altered' | 'broken-link' | 'gap' | 'out-of-order'
}

/** Checks one ballot's entries in stored order: sequence 1, 2, 3 …, each linked and unaltered. */
export function verifyChain(entries: readonly VoteLogEntry[]): ChainProblem[] {
  const problems: ChainProblem[] = []
  let prev = GENESIS_HASH
  let expectedSeq = 1
  for (const e of entries) {
    if (e.seq < expectedSeq) problems.push({ seq: e.seq, problem: 'out-of-order' })
    else if (e.seq > expectedSeq) problems.push({ seq: e.seq, problem: 'gap' })
    if (e.prevHash !== prev) problems.push({ seq: e.seq, problem: 'broken-link' })
    const { hash, ...rest } = e
    if (entryHash(rest) !== hash) problems.push({ seq: e.seq, problem: 'altered' })
    prev = e.hash
    expectedSeq = e.seq + 1
  }
  return problems
}

import { randomInt } from 'node:crypto'
import type { Answer, Ballot } from '../../src/core/ballot'
import { AppError } from '../../src/core/errors'
import {
  GENESIS_HASH,
  householdVotesId,
  logEntryId,
  submissionId,
  type HouseholdVotes,
  type StoredAnswer,
  type Submission,
  type VoteEventKind,
  type VoteLogEntry,
  type VoterRelation,
  type VoteVia,
} from '../../src/core/votes'
import { canonicalJson, sealEntry, sha256 } from '../common/vote-log'
import { DuplicateKeyError, type Store, type StoreOps } from '../common/store'

/**
 * Recording votes, shared by online casting and the paper-ballot use cases. Everything here runs
 * inside ONE store transaction and uses only doc-by-id gets, inserts and replaceIfVersion (the
 * calls that are transactional on CloudBase, design/cloudbase.md).
 */

/** The ballot's log counter: the next sequence number and the hash of the last entry (so appending needs no query). */
export interface BallotCounter {
  _id: string
  ballotId: string
  next: number
  lastHash: string
  version: number
  /**
   * Set by the ballot's 'closed' entry (appendLog): casting refuses BALLOT_CLOSED on it inside its
   * transaction, without reading the ballot (cast-vote.ts). Absent on ballots closed before it existed.
   */
  closed?: true
}

/**
 * A write lost a race that a fresh attempt resolves (the counter moved, the same request id arrived
 * twice at once): the transaction is rolled back and run again by `withRetries`.
 */
export class RetryTransaction extends Error {
  constructor(readonly why: string) {
    super(`retry: ${why}`)
  }
}

export const TRANSACTION_ATTEMPTS = 5

/**
 * Why a transaction lost a race it may win on another try, or null: our own RetryTransaction, or
 * CloudBase's write conflict (DATABASE_TRANSACTION_CONFLICT, left over once runTransaction's own
 * retries are spent: every vote of a ballot passes through its one counter document).
 */
export function lostRace(e: unknown): string | null {
  if (e instanceof RetryTransaction) return e.why
  const err = e as { code?: unknown; message?: unknown } | null
  const text = `${String(err?.code ?? '')} ${String(err?.message ?? '')}`
  return /DATABASE_TRANSACTION_CONFLICT/.test(text) ? text.trim() : null
}

/** Runs `fn` in a transaction, again (up to 5 times in all) when it lost a race (lostRace). */
export async function withRetries<R>(store: Store, fn: (tx: StoreOps) => Promise<R>): Promise<R> {
  let why: string | null = null
  for (let attempt = 0; attempt < TRANSACTION_ATTEMPTS; attempt++) {
    try {
      return await store.transaction(fn)
    } catch (e) {
      why = lostRace(e)
      if (why === null) throw e
    }
  }
  throw new AppError('CONFLICT', `gave up after ${TRANSACTION_ATTEMPTS} attempts: ${why}`, '投票的人太多，这次没有保存，请稍后再提交一次。')
}

export const counterDoc = (ballotId: string, next = 1, lastHash = GENESIS_HASH): BallotCounter => ({ _id: ballotId, ballotId, next, lastHash, version: 1 })

/**
 * Appends one entry to the ballot's hash-chained log: takes the next sequence number from
 * `ballotCounters` and chains to its `lastHash`, then stores the entry. Returns the sealed entry.
 */
export async function appendLog(
  tx: StoreOps,
  entry: Omit<VoteLogEntry, '_id' | 'seq' | 'hash' | 'prevHash'>,
  /** The counter as already read in this transaction (undefined: read it here). */
  read?: BallotCounter | null,
): Promise<VoteLogEntry> {
  const counter = read !== undefined ? read : await tx.get<BallotCounter>('ballotCounters', entry.ballotId)
  const seq = counter ? counter.next : 1
  const sealed = sealEntry({ _id: logEntryId(entry.ballotId, seq), seq, ...entry }, counter ? counter.lastHash : GENESIS_HASH)
  const closed = entry.kind === 'closed' ? { closed: true as const } : {}
  if (counter) {
    const next: BallotCounter = { ...counter, next: seq + 1, lastHash: sealed.hash, version: counter.version + 1, ...closed }
    if (!(await tx.replaceIfVersion('ballotCounters', next, counter.version))) throw new RetryTransaction(`counter of ${entry.ballotId} moved`)
  } else {
    try {
      await tx.insert('ballotCounters', { ...counterDoc(entry.ballotId, seq + 1, sealed.hash), ...closed })
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw new RetryTransaction(`counter of ${entry.ballotId} created meanwhile`)
      throw e
    }
  }
  try {
    await tx.insert('voteLog', sealed)
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new RetryTransaction(`log entry ${sealed._id} exists`)
    throw e
  }
  return sealed
}

/** Receipt codes: 12 characters without 0/O, 1/I/L, as RECEIPT_PATTERN (src/core/votes.ts) has them. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

export function newReceipt(): string {
  let out = ''
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) out += '-'
    out += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]
  }
  return out
}

/** What people type: any case, spaces or dashes anywhere → "ABCD-EFGH-JKMN" (or null if it cannot be one). */
export function normalizeReceipt(text: string): string | null {
  const bare = text.toUpperCase().replace(/[\s-]/g, '')
  if (bare.length !== 12) return null
  return `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}`
}

export const receiptHash = (receipt: string) => sha256(receipt)

/** The hash a submission's content is compared by (a replayed request id must carry the same content). */
export function contentHash(content: { householdId: string; userId: string; answers: readonly Answer[]; assistedBy: string | null; via: VoteVia }): string {
  return sha256(canonicalJson({ ...content, answers: [...content.answers].sort((a, b) => (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0)) }))
}

export interface RecordVoteInput {
  ballot: Pick<Ballot, '_id' | 'communityId'>
  householdId: string
  /** Checked answers (checkAnswer), each to a question in the household's scope the voter may answer. */
  answers: readonly Answer[]
  /** Who submitted: the voter, or the staff member for a paper ballot. */
  byUserId: string
  relation: VoterRelation
  via: VoteVia
  assistedBy: string | null
  /** The household's votes document version the voter saw (0: none yet); another → CONFLICT. */
  expectedVersion: number
  now: Date
  /** The receipt code given to the voter (newReceipt()). */
  receipt: string
  /** The submission's id within the ballot: the client request id online, e.g. `paper-<id>` for paper. */
  requestId: string
  /** contentHash() of what was submitted (stored so that a replay can be told apart). */
  contentHash: string
  /** The log event (default 'cast'; paper ballots: 'paper-confirmed' / 'conflict-resolved'). */
  kind?: VoteEventKind
  /** The ballot's log counter as already read in this transaction (else recordVote reads it). */
  counter?: BallotCounter | null
}

export interface RecordedVote {
  votes: HouseholdVotes
  submission: Submission
  entry: VoteLogEntry
}

/** The message the second of two members voting at once sees. */
export const HOUSEHOLD_CONFLICT_MESSAGE = '您家里刚有人投过票（或修改了投票），页面将显示最新的投票结果，请看过后再决定是否修改。'

function householdConflict(detail: string): AppError {
  return new AppError('CONFLICT', detail, HOUSEHOLD_CONFLICT_MESSAGE)
}

/**
 * Records a household's answers in the open transaction `tx`:
 * - its `householdVotes` document (`${ballotId}:${householdId}`, the store's unique key for one vote
 *   per household per question) must be at `expectedVersion` (0: must not exist yet), else CONFLICT;
 *   the answers given replace that household's earlier answers to the same questions (the last one
 *   counts), the others stay;
 * - the submission (`${ballotId}:${requestId}`) with the receipt and its hash;
 * - the log entry, chained to the previous one, whose sequence number orders the votes.
 */
export async function recordVote(tx: StoreOps, input: RecordVoteInput): Promise<RecordedVote> {
  const { ballot, householdId, now } = input
  const at = now.toISOString()
  const id = householdVotesId(ballot._id, householdId)
  const current = await tx.get<HouseholdVotes>('householdVotes', id)
  const currentVersion = current?.version ?? 0
  if (currentVersion !== input.expectedVersion) {
    throw householdConflict(`householdVotes ${id} is at version ${currentVersion}, not ${input.expectedVersion}`)
  }
  const hash = receiptHash(input.receipt)
  const entry = await appendLog(tx, {
    ballotId: ballot._id,
    at,
    kind: input.kind ?? 'cast',
    householdId,
    answers: [...input.answers],
    receiptHash: hash,
    byUserId: input.byUserId,
    relation: input.relation,
    via: input.via,
    assistedBy: input.assistedBy,
  }, input.counter)
  const answers: Record<string, StoredAnswer> = { ...(current?.answers ?? {}) }
  for (const answer of input.answers) {
    answers[answer.questionId] = { answer, seq: entry.seq, at, byUserId: input.byUserId, relation: input.relation, via: input.via, assistedBy: input.assistedBy, receiptHash: hash }
  }
  const votes: HouseholdVotes = {
    _id: id,
    ballotId: ballot._id,
    communityId: ballot.communityId,
    householdId,
    answers,
    version: currentVersion + 1,
    updatedAt: at,
  }
  if (current) {
    if (!(await tx.replaceIfVersion('householdVotes', votes, currentVersion))) throw householdConflict(`householdVotes ${id} moved from version ${currentVersion}`)
  } else {
    try {
      await tx.insert('householdVotes', votes)
    } catch (e) {
      // Another member's first vote got in first.
      if (e instanceof DuplicateKeyError) throw householdConflict(`householdVotes ${id} was created meanwhile`)
      throw e
    }
  }
  const submission: Submission = {
    _id: submissionId(ballot._id, input.requestId),
    ballotId: ballot._id,
    householdId,
    userId: input.byUserId,
    contentHash: input.contentHash,
    receipt: input.receipt,
    receiptHash: hash,
    seq: entry.seq,
    at,
  }
  try {
    await tx.insert('submissions', submission)
  } catch (e) {
    // The same request id arrived twice at once: the retry finds the first and answers with it.
    if (e instanceof DuplicateKeyError) throw new RetryTransaction(`submission ${submission._id} was stored meanwhile`)
    throw e
  }
  return { votes, submission, entry }
}

/** The log events that set standing answers (recordVote's `kind`), when they carry answers. */
export const ANSWER_SETTING_EVENTS: readonly VoteEventKind[] = ['cast', 'paper-confirmed', 'conflict-resolved']

/** A standing answer as the log has it: what recordVote stored from that entry. */
export type ReplayedAnswer = Pick<StoredAnswer, 'answer' | 'seq' | 'at' | 'byUserId' | 'receiptHash'> & Partial<Pick<StoredAnswer, 'relation' | 'via' | 'assistedBy'>>

/**
 * Rebuilds every household's standing answers from a ballot's vote log, as recordVote set them:
 * entries in sequence order, each answer-setting event with answers (ANSWER_SETTING_EVENTS;
 * 'paper-entered' is not counted yet, the others carry none) replaces the household's answers to
 * the questions it answers, the last one standing. Stops after `untilSeq` when given (the closing
 * entry: what the published list counted). Households with an answer-setting event are all
 * present, even if it carried no answers.
 */
export function replayLog(entries: readonly VoteLogEntry[], untilSeq = Infinity): Map<string, Record<string, ReplayedAnswer>> {
  const out = new Map<string, Record<string, ReplayedAnswer>>()
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (e.seq > untilSeq) break
    if (!ANSWER_SETTING_EVENTS.includes(e.kind) || e.answers === null || e.householdId === null || e.receiptHash === null) continue
    const answers = out.get(e.householdId) ?? {}
    // relation, via and assistedBy only from entries that carry them (older entries do not).
    const how = e.via === undefined ? {} : { relation: e.relation, via: e.via, assistedBy: e.assistedBy ?? null }
    for (const answer of e.answers) answers[answer.questionId] = { answer, seq: e.seq, at: e.at, byUserId: e.byUserId, receiptHash: e.receiptHash, ...how }
    out.set(e.householdId, answers)
  }
  return out
}

/**
 * How votes are stored (issue 5), shared by the ballots function, the scripts and the pages.
 *
 * - `householdVotes` `${ballotId}:${householdId}`: ONE document per household per ballot holding
 *   its standing answer to each question. Its id is the store's unique key (one vote per household
 *   per item); it is replaced version-checked, so two owners of one flat voting at once cannot both
 *   stand: the second is told (CONFLICT) and sees the first's vote.
 * - `submissions` `${ballotId}:${requestId}`: each submission by its client request id (idempotent:
 *   the same id with the same content returns the same receipt; with other content REQUEST_REPLAYED).
 * - `voteLog` `${ballotId}:${seq}` (seq zero-padded to 12): the append-only, hash-chained log of
 *   every vote event (cloudfunctions/common/vote-log.ts), written in the same transaction.
 * - `ballotCounters` `${ballotId}`: the ballot's next log sequence number (version-checked).
 */
import type { Answer } from './ballot'

export const RECEIPT_PATTERN = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/

export type VoterRelation = 'owner' | 'family' | 'tenant' | 'proxy'
export type VoteVia = 'online' | 'assisted' | 'paper'

export interface StoredAnswer {
  answer: Answer
  /** The log sequence number of the event that set it (the last one stands). */
  seq: number
  at: string
  /** The user who submitted (office staff for paper ballots). */
  byUserId: string
  relation: VoterRelation
  via: VoteVia
  /** Who helped (assisted voting): "孙女 王小明" / "网格员 李某". */
  assistedBy: string | null
  receiptHash: string
}

export interface HouseholdVotes {
  _id: string
  ballotId: string
  communityId: string
  householdId: string
  answers: Record<string, StoredAnswer>
  version: number
  updatedAt: string
}

export interface Submission {
  _id: string
  ballotId: string
  householdId: string
  userId: string
  /** sha256 of the canonical answers: a replay with other content is refused. */
  contentHash: string
  /** Given to the voter; its sha256 is what the published list shows. */
  receipt: string
  receiptHash: string
  seq: number
  at: string
}

/**
 * Events that set a household's answers carry them (`cast`, and `paper-confirmed` / `conflict-resolved`
 * when the paper was recorded); `paper-entered` carries the answers as entered (not counted yet);
 * `paper-confirmed` without answers is a paper confirmed into a conflict, `conflict-resolved` without
 * answers one resolved keeping the standing vote, `paper-rejected` a pending paper sent back.
 */
/**
 * 'opened' is every ballot's first entry: it seals the questions and the roster frozen at opening
 * (`seal`), so that altering either afterwards shows in verify-log.
 */
export type VoteEventKind = 'opened' | 'cast' | 'paper-entered' | 'paper-confirmed' | 'conflict-resolved' | 'paper-rejected' | 'closed'

export interface VoteLogEntry {
  _id: string
  ballotId: string
  seq: number
  at: string
  kind: VoteEventKind
  householdId: string | null
  /** The answers the event set (or null for `closed`). */
  answers: Answer[] | null
  receiptHash: string | null
  byUserId: string
  /** 'opened' only: ballotSeal (cloudfunctions/common/vote-log.ts) of the questions and the frozen roster. */
  seal?: string
  /**
   * Answer-setting events: how the submitter stood to the household, how the vote came in and who
   * helped (absent on entries written before they were logged; verify-log compares them when present).
   */
  relation?: VoterRelation
  via?: VoteVia
  assistedBy?: string | null
  prevHash: string
  hash: string
}

export const householdVotesId = (ballotId: string, householdId: string) => `${ballotId}:${householdId}`
export const submissionId = (ballotId: string, requestId: string) => `${ballotId}:${requestId}`
export const logEntryId = (ballotId: string, seq: number) => `${ballotId}:${String(seq).padStart(12, '0')}`
/** The hash the first entry of a ballot's log chains to. */
export const GENESIS_HASH = '0'.repeat(64)

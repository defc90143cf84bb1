import { AppError } from './errors'
import type { VoteChoice } from './ballot'
import { tallyRows, type DecisionTally, type Side } from './tally'

/**
 * The anonymised ballot list published when a ballot closes, and the recount anyone can run on
 * it (`npm run recount -- <file>`): one row per head that voted on each owners' decision — the
 * sha256 of its receipt, the question, the choice, the head's area — and each question's
 * electorate totals from the roster. No names, no flats.
 */
export const BALLOT_LIST_FORMAT = 'gongjian-ballot-list/1'

export interface ListQuestion {
  questionId: string
  title: string
  decisionKind: 'ordinary' | 'major'
  /** The roster totals of the question's scope. */
  electorate: Side
  /** What was published when the ballot closed. */
  published: { passed: boolean; participated: Side; yes: Side }
}

export interface ListRow {
  /** sha256(sha256(receipt) + "|" + questionId): one per question, so a household's rows cannot be linked. */
  receiptHash: string
  questionId: string
  choice: VoteChoice
  areaCentiM2: number
}

export interface BallotList {
  format: typeof BALLOT_LIST_FORMAT
  ballotId: string
  title: string
  communityName: string
  closedAt: string
  questions: ListQuestion[]
  rows: ListRow[]
  /**
   * The vote log's closing entry: its sequence number (= the number of entries) and hash. They
   * anchor the hash chain (also printed in the result notice): `npm run verify-log` requires the
   * stored log to end there. Absent in lists closed before the anchor was added.
   */
  logSeq?: number
  logHash?: string
}

export interface Recounted {
  question: ListQuestion
  tally: DecisionTally
  /** The recount agrees with what was published. */
  matches: boolean
}

/** Recomputes every owners' decision of a list from its rows and totals. */
export function recount(list: BallotList): Recounted[] {
  if (list.format !== BALLOT_LIST_FORMAT) throw new AppError('INVALID_INPUT', `not a ${BALLOT_LIST_FORMAT} file: ${String(list.format)}`)
  const byQuestion = new Map<string, ListRow[]>()
  for (const r of list.rows) {
    const rows = byQuestion.get(r.questionId)
    if (rows) rows.push(r)
    else byQuestion.set(r.questionId, [r])
  }
  return list.questions.map((question) => {
    const tally = tallyRows(question.decisionKind, question.electorate, byQuestion.get(question.questionId) ?? [])
    const p = question.published
    const matches =
      p.passed === tally.passed &&
      p.participated.heads === tally.participated.heads &&
      p.participated.areaCentiM2 === tally.participated.areaCentiM2 &&
      p.yes.heads === tally.yes.heads &&
      p.yes.areaCentiM2 === tally.yes.areaCentiM2
    return { question, tally, matches }
  })
}

import type { Ballot, Question } from '../../src/core/ballot'
import { BALLOT_LIST_FORMAT, type BallotList, type ListQuestion, type ListRow } from '../../src/core/ballot-list'
import { headVotes, tallyDecision, tallySurvey, type CastVote, type DecisionTally, type SurveyAnswer, type SurveyTally } from '../../src/core/tally'
import type { HouseholdVotes, StoredAnswer } from '../../src/core/votes'
import { rowHash } from '../common/vote-log'
import type { RosterFlat } from './load-ballot'

/**
 * A ballot's count from its frozen roster and every household's standing answers, by the one legal
 * count in src/core/tally.ts (nothing about thresholds is decided here).
 */
/**
 * What the count reads of a household's votes: its standing answer to each question, the log
 * sequence number that set it and that submission's receipt hash. Stored `householdVotes` documents
 * are this; so are the answers `npm run verify-log` rebuilds by replaying the vote log.
 */
export interface CountedVotes {
  householdId: HouseholdVotes['householdId']
  answers: Record<string, Pick<StoredAnswer, 'answer' | 'seq' | 'receiptHash'>>
}

export interface QuestionCount {
  question: Question
  decision: DecisionTally | null
  survey: SurveyTally | null
}

/** The decision votes of one question: each household's standing answer with its log sequence number. */
export function decisionVotes(votes: readonly CountedVotes[], questionId: string): CastVote[] {
  const out: CastVote[] = []
  for (const v of votes) {
    const stored = v.answers[questionId]
    if (stored && 'choice' in stored.answer) out.push({ householdId: v.householdId, choice: stored.answer.choice, seq: stored.seq })
  }
  return out
}

function surveyAnswers(votes: readonly CountedVotes[], questionId: string): SurveyAnswer[] {
  const out: SurveyAnswer[] = []
  for (const v of votes) {
    const stored = v.answers[questionId]
    if (!stored) continue
    const a = stored.answer
    out.push({ householdId: v.householdId, seq: stored.seq, ...('choice' in a ? { choice: a.choice } : 'picks' in a ? { picks: a.picks } : { text: a.text }) })
  }
  return out
}

export function countBallot(questions: readonly Question[], flats: readonly RosterFlat[], votes: readonly CountedVotes[]): QuestionCount[] {
  return questions.map((q) =>
    q.kind === 'decision'
      ? { question: q, decision: tallyDecision(q.decisionKind, flats, q.scope, decisionVotes(votes, q._id)), survey: null }
      : { question: q, decision: null, survey: tallySurvey(flats, q.scope, surveyAnswers(votes, q._id)) },
  )
}

/**
 * For the anonymised list: each head of a decision's scope that voted, with its area and the
 * receipt hash of the submission that stands for it.
 */
export function standingHeads(q: Extract<Question, { kind: 'decision' }>, flats: readonly RosterFlat[], votes: readonly CountedVotes[]) {
  const byHousehold = new Map(votes.map((v) => [v.householdId, v]))
  return headVotes(flats, q.scope, decisionVotes(votes, q._id)).flatMap(({ head, vote }) => {
    if (!vote) return []
    const stored = byHousehold.get(vote.householdId)!.answers[q._id]
    return [{ head, choice: vote.choice, receiptHash: stored.receiptHash }]
  })
}

/**
 * The anonymised list: for each owners' decision its electorate totals and what was published, and
 * one row per head that voted (receipt hash of the submission that stands for it, choice, the head's
 * area), rows sorted by receipt hash so that their order tells nothing about flats. Built by
 * close-ballot.ts when a ballot closes, and again by `npm run verify-log` from the replayed log.
 * `log`: the closing entry of the vote log (its sequence number and hash), which anchors the chain.
 */
export function ballotList(
  ballot: Pick<Ballot, '_id' | 'title'>,
  communityName: string,
  closedAt: string,
  counts: readonly QuestionCount[],
  flats: readonly RosterFlat[],
  votes: readonly CountedVotes[],
  log?: { seq: number; hash: string },
): BallotList {
  const questions: ListQuestion[] = []
  const rows: ListRow[] = []
  for (const { question: q, decision } of counts) {
    if (q.kind !== 'decision' || !decision) continue
    questions.push({
      questionId: q._id,
      title: q.title,
      decisionKind: q.decisionKind,
      electorate: decision.electorate,
      published: { passed: decision.passed, participated: decision.participated, yes: decision.yes },
    })
    for (const { head, choice, receiptHash } of standingHeads(q, flats, votes)) rows.push({ receiptHash: rowHash(receiptHash, q._id), questionId: q._id, choice, areaCentiM2: head.areaCentiM2 })
  }
  rows.sort((a, b) => (a.receiptHash < b.receiptHash ? -1 : a.receiptHash > b.receiptHash ? 1 : a.questionId < b.questionId ? -1 : 1))
  const list: BallotList = { format: BALLOT_LIST_FORMAT, ballotId: ballot._id, title: ballot.title, communityName, closedAt, questions, rows }
  return log ? { ...list, logSeq: log.seq, logHash: log.hash } : list
}

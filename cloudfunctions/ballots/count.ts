import type { Question } from '../../src/core/ballot'
import { headVotes, tallyDecision, tallySurvey, type CastVote, type DecisionTally, type SurveyAnswer, type SurveyTally } from '../../src/core/tally'
import type { HouseholdVotes } from '../../src/core/votes'
import type { RosterFlat } from './load-ballot'

/**
 * A ballot's count from its frozen roster and every household's standing answers, by the one legal
 * count in src/core/tally.ts (nothing about thresholds is decided here).
 */
export interface QuestionCount {
  question: Question
  decision: DecisionTally | null
  survey: SurveyTally | null
}

/** The decision votes of one question: each household's standing answer with its log sequence number. */
export function decisionVotes(votes: readonly HouseholdVotes[], questionId: string): CastVote[] {
  const out: CastVote[] = []
  for (const v of votes) {
    const stored = v.answers[questionId]
    if (stored && 'choice' in stored.answer) out.push({ householdId: v.householdId, choice: stored.answer.choice, seq: stored.seq })
  }
  return out
}

function surveyAnswers(votes: readonly HouseholdVotes[], questionId: string): SurveyAnswer[] {
  const out: SurveyAnswer[] = []
  for (const v of votes) {
    const stored = v.answers[questionId]
    if (!stored) continue
    const a = stored.answer
    out.push({ householdId: v.householdId, seq: stored.seq, ...('choice' in a ? { choice: a.choice } : 'picks' in a ? { picks: a.picks } : { text: a.text }) })
  }
  return out
}

export function countBallot(questions: readonly Question[], flats: readonly RosterFlat[], votes: readonly HouseholdVotes[]): QuestionCount[] {
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
export function standingHeads(q: Extract<Question, { kind: 'decision' }>, flats: readonly RosterFlat[], votes: readonly HouseholdVotes[]) {
  const byHousehold = new Map(votes.map((v) => [v.householdId, v]))
  return headVotes(flats, q.scope, decisionVotes(votes, q._id)).flatMap(({ head, vote }) => {
    if (!vote) return []
    const stored = byHousehold.get(vote.householdId)!.answers[q._id]
    return [{ head, choice: vote.choice, receiptHash: stored.receiptHash }]
  })
}

import { VOTE_CHOICE_LABELS, type Answer, type Question } from '../../src/core/ballot'
import { AppError } from '../../src/core/errors'
import type { PlanEdition } from '../../src/core/plan'
import { householdVotesId, logEntryId, RECEIPT_PATTERN, type HouseholdVotes, type Submission, type VoteLogEntry } from '../../src/core/votes'
import { action, authorize } from '../common/router'
import { hideDraft, loadBallot, loadRoster, rosterEdition } from './load-ballot'
import { normalizeReceipt, receiptHash } from './record-vote'
import { verifyInput } from './schemas'

/** An answer in words: 同意 / the options picked / the plan items picked / the text. */
export function answerLabel(q: Question | undefined, a: Answer, edition: Pick<PlanEdition, 'items'> | null): string {
  if ('choice' in a) return VOTE_CHOICE_LABELS[a.choice]
  if ('text' in a) return a.text
  if (q?.kind === 'choice') return a.picks.map((p) => (typeof p === 'number' ? (q.options[p] ?? String(p)) : String(p))).join('、')
  const titles = new Map((edition?.items ?? []).map((i) => [i._id, i.title]))
  return a.picks.map((p) => titles.get(String(p)) ?? String(p)).join('、')
}

/**
 * What a receipt recorded and whether it still stands (a later vote of the household on the same
 * question replaces it). Looked up by the receipt's sha256, the value the published list shows.
 * Outcomes: { at, answers, standing } | RECEIPT_INVALID | NOT_FOUND | FORBIDDEN.
 */
export const verifyReceipt = action(verifyInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.verifyReceipt', target)
  hideDraft(ballot, user)
  const receipt = normalizeReceipt(input.receipt)
  if (!receipt || !RECEIPT_PATTERN.test(receipt)) throw new AppError('RECEIPT_INVALID', `not a receipt code: ${JSON.stringify(input.receipt)}`)
  const hash = receiptHash(receipt)
  const [submission] = await deps.store.find<Submission>('submissions', { ballotId: ballot._id, receiptHash: hash }, { limit: 1 })
  if (!submission) throw new AppError('RECEIPT_INVALID', `no submission of ballot ${ballot._id} with receipt hash ${hash}`)
  const [entry, votes, roster] = await Promise.all([
    deps.store.get<VoteLogEntry>('voteLog', logEntryId(ballot._id, submission.seq)),
    deps.store.get<HouseholdVotes>('householdVotes', householdVotesId(ballot._id, submission.householdId)),
    loadRoster(deps.store, ballot),
  ])
  if (!entry || !entry.answers) throw new AppError('INTERNAL', `log entry ${submission.seq} of ballot ${ballot._id} missing for a stored submission`)
  const edition = await rosterEdition(deps.store, ballot, roster)
  const answers = entry.answers.map((a) => {
    const q = ballot.questions.find((x) => x._id === a.questionId)
    return { questionId: a.questionId, title: q?.title ?? a.questionId, answer: answerLabel(q, a, edition) }
  })
  const standing = entry.answers.every((a) => votes?.answers[a.questionId]?.receiptHash === hash)
  return { at: submission.at, answers, standing }
})

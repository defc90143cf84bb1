import { VOTE_CHOICE_LABELS, type Answer, type Question } from '../../src/core/ballot'
import { AppError } from '../../src/core/errors'
import { headFlats } from '../../src/core/paper'
import type { PlanEdition } from '../../src/core/plan'
import { householdVotesId, logEntryId, RECEIPT_PATTERN, type HouseholdVotes, type Submission, type VoteLogEntry } from '../../src/core/votes'
import { action, authorize } from '../common/router'
import { standingHeads } from './count'
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
 * What a receipt recorded and, per answer, whether it still stands, as the count and the published
 * list have it (looked up by the receipt's sha256, the value the published list shows):
 * - an owners' decision: the answer stands while it is the vote of its head — the flats of one owner
 *   (co-owners joined transitively) within the question's scope on the frozen roster — so a later
 *   vote by a co-owner through another flat of the head replaces it (src/core/tally.ts headVotes,
 *   via standingHeads, the function the anonymised list is built with);
 * - a survey: while it is the household's own standing answer.
 * `standing` is true only if every answer of the receipt still stands.
 * Outcomes: { at, answers: [{ questionId, title, answer, standing }], standing } | RECEIPT_INVALID |
 * NOT_FOUND | FORBIDDEN.
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
  const [entry, roster] = await Promise.all([deps.store.get<VoteLogEntry>('voteLog', logEntryId(ballot._id, submission.seq)), loadRoster(deps.store, ballot)])
  if (!entry || !entry.answers) throw new AppError('INTERNAL', `log entry ${submission.seq} of ballot ${ballot._id} missing for a stored submission`)
  const question = (id: string) => ballot.questions.find((x) => x._id === id)
  // The votes of every flat whose vote may replace this one: the household's own, and for each
  // decision answered the flats of its head within that question's scope.
  const flats = new Set([submission.householdId])
  for (const a of entry.answers) {
    const q = question(a.questionId)
    if (q?.kind === 'decision') for (const id of headFlats(roster.flats, submission.householdId, q.scope)) flats.add(id)
  }
  const [edition, ...found] = await Promise.all([
    rosterEdition(deps.store, ballot, roster),
    ...[...flats].map((id) => deps.store.get<HouseholdVotes>('householdVotes', householdVotesId(ballot._id, id))),
  ])
  const votes = found.filter((v): v is HouseholdVotes => v !== null)
  const own = votes.find((v) => v.householdId === submission.householdId)
  const stands = (q: Question | undefined, questionId: string): boolean => {
    if (q?.kind !== 'decision') return own?.answers[questionId]?.receiptHash === hash
    const mine = standingHeads(q, roster.flats, votes).find((s) => s.head.householdIds.includes(submission.householdId))
    return mine?.receiptHash === hash
  }
  const answers = entry.answers.map((a) => {
    const q = question(a.questionId)
    return { questionId: a.questionId, title: q?.title ?? a.questionId, answer: answerLabel(q, a, edition), standing: stands(q, a.questionId) }
  })
  return { at: submission.at, answers, standing: answers.every((a) => a.standing) }
})

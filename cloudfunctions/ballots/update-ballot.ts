import { AppError } from '../../src/core/errors'
import type { Ballot } from '../../src/core/ballot'
import { latestEdition, loadPlan, loadShape } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { checkQuestions, checkTimes, withIds } from './check-questions'
import { checkBallotVersion, hideDraft, loadBallot, staleBallot } from './load-ballot'
import { BALLOT_MAX_DAYS, updateInput } from './schemas'

/** Only a draft can be edited: once a ballot is out, its questions and times are what people vote on. */
export function requireBallotDraft(ballot: Ballot): void {
  if (ballot.status !== 'draft') {
    throw new AppError('INVALID_INPUT', `ballot ${ballot._id} is ${ballot.status}`, '投票已经发布，不能再修改问题和时间。')
  }
}

/**
 * Replaces a draft's title, times, setting and questions (version-checked).
 * Outcomes: Ballot | INVALID_INPUT (not a draft, bad questions) | SCOPE_OUTSIDE | PLAN_NOT_PUBLISHED |
 * CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const updateBallot = action(updateInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.update', target)
  hideDraft(ballot, user)
  requireBallotDraft(ballot)
  checkBallotVersion(ballot, input.version)
  const [shape, plan] = await Promise.all([loadShape(deps.store, ballot.communityId), loadPlan(deps.store, ballot.communityId)])
  const edition = plan ? await latestEdition(deps.store, plan) : null
  const questions = withIds(input.questions, deps.newId)
  checkQuestions(questions, shape, edition)
  checkTimes(input.opensAt, input.closesAt, BALLOT_MAX_DAYS, null)
  const next: Ballot = {
    ...ballot,
    title: input.title,
    questions,
    opensAt: new Date(input.opensAt).toISOString(),
    closesAt: new Date(input.closesAt).toISOString(),
    showRunningConsent: input.showRunningConsent,
    version: ballot.version + 1,
  }
  if (!(await deps.store.replaceIfVersion('ballots', next, input.version))) throw staleBallot(ballot._id, input.version)
  return next
})

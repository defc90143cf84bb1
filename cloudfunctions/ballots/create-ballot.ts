import type { Ballot } from '../../src/core/ballot'
import { planId } from '../../src/core/plan'
import { latestEdition, loadPlan, loadShape, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { checkQuestions, checkTimes, withIds } from './check-questions'
import { BALLOT_MAX_DAYS, createInput } from './schemas'

/**
 * A new draft ballot of the office's community. Its questions are checked against the community
 * and the newest published plan edition now, and again when it opens.
 * Outcomes: Ballot | INVALID_INPUT | SCOPE_OUTSIDE | PLAN_NOT_PUBLISHED | NOT_FOUND | FORBIDDEN.
 */
export const createBallot = action(createInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'ballots.create', target)
  const communityId = target.community._id
  const [shape, plan] = await Promise.all([loadShape(deps.store, communityId), loadPlan(deps.store, communityId)])
  const edition = plan ? await latestEdition(deps.store, plan) : null
  const questions = withIds(input.questions, deps.newId)
  checkQuestions(questions, shape, edition)
  checkTimes(input.opensAt, input.closesAt, BALLOT_MAX_DAYS, null)
  const ballot: Ballot = {
    _id: deps.newId(),
    communityId,
    planId: planId(communityId),
    title: input.title,
    questions,
    opensAt: new Date(input.opensAt).toISOString(),
    closesAt: new Date(input.closesAt).toISOString(),
    showRunningConsent: input.showRunningConsent,
    status: 'draft',
    closedAt: null,
    resultNoticeId: null,
    createdBy: user._id,
    version: 1,
  }
  await deps.store.insert('ballots', ballot)
  return ballot
})

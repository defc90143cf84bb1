import { revisePlan } from '../../src/core/plan'
import { checkPlanVersion, requirePlan, savePlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { reviseInput } from './schemas'

/**
 * Starts the next edition's draft from the published one (the published editions stay as they
 * were). Outcomes: Plan | PLAN_NOT_PUBLISHED (already a draft) | STAGE_GATE (after 立项) | CONFLICT |
 * NOT_FOUND | FORBIDDEN.
 */
export const revise = action(reviseInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.edit', target)
  const plan = await requirePlan(deps.store, target.community._id)
  checkPlanVersion(plan, input.version)
  return savePlan(deps.store, revisePlan(plan, user._id, deps.now()), input.version)
})

import { removeItem } from '../../src/core/plan'
import { checkPlanVersion, requirePlan, savePlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { removeItemInput } from './schemas'

/**
 * Takes an item out of the draft (an item the owners already decided on stays: mark it 不实施).
 * Outcomes: Plan | PLAN_NOT_DRAFT | INVALID_INPUT | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const removeItemAction = action(removeItemInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.edit', target)
  const plan = await requirePlan(deps.store, target.community._id)
  checkPlanVersion(plan, input.version)
  return savePlan(deps.store, removeItem(plan, input.itemId, user._id, deps.now()), input.version)
})

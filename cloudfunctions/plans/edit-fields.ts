import { editPlanFields } from '../../src/core/plan'
import { checkPlanVersion, requirePlan, savePlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { editFieldsInput } from './schemas'

/**
 * Changes the draft's title and summary.
 * Outcomes: Plan | PLAN_NOT_DRAFT | CONFLICT | NOT_FOUND | FORBIDDEN | INVALID_INPUT.
 */
export const editFields = action(editFieldsInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.edit', target)
  const plan = await requirePlan(deps.store, target.community._id)
  checkPlanVersion(plan, input.version)
  const next = editPlanFields(plan, { title: input.title, summary: input.summary }, user._id, deps.now())
  return savePlan(deps.store, next, input.version)
})

import { AppError } from '../../src/core/errors'
import { newPlan } from '../../src/core/plan'
import { targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { DuplicateKeyError } from '../common/store'
import { createInput } from './schemas'

/**
 * Starts the community's plan (one per community, 一区一策) as a draft of edition 1 at stage
 * 调查摸底. Outcomes: Plan | CONFLICT (the community has a plan) | NOT_FOUND | FORBIDDEN | INVALID_INPUT.
 */
export const createPlan = action(createInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.edit', target)
  const plan = newPlan(target.community._id, { title: input.title, summary: input.summary }, user._id, deps.now())
  try {
    await deps.store.insert('plans', plan)
  } catch (e) {
    if (e instanceof DuplicateKeyError) {
      throw new AppError('CONFLICT', `community ${plan.communityId} already has plan ${plan._id}`, '本小区已经有改造方案了，每个小区只有一个方案；请打开现有方案修改。')
    }
    throw e
  }
  return plan
})

import { AppError } from '../../src/core/errors'
import { checkAdvance, type StageChange } from '../../src/core/stages'
import { checkPhotos } from '../common/photos'
import { checkPlanVersion, requirePlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { gateFacts } from './gate'
import { advanceInput } from './schemas'

/**
 * Moves the project to the next stage when its gate is open (src/core/stages.ts): one stage at a
 * time, 立项 only after the 公示 ended with every objection answered, the stages that need a
 * document only with one. The stage and its StageChange (who, when, note, documents) are written
 * in one transaction. Outcomes: StageChange | STAGE_GATE | CONFLICT | NOT_FOUND | FORBIDDEN | INVALID_INPUT.
 */
export const advanceStage = action(advanceInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.advance', target)
  const plan = await requirePlan(deps.store, target.community._id)
  checkPlanVersion(plan, input.version)
  const now = deps.now()
  checkAdvance(plan.stage, input.to, await gateFacts(deps.store, plan, now, input.documents.length))
  await checkPhotos(deps, user, input.documents.flatMap((d) => d.photos))
  const change: StageChange = {
    _id: deps.newId(),
    planId: plan._id,
    communityId: plan.communityId,
    from: plan.stage,
    to: input.to,
    at: now.toISOString(),
    byUserId: user._id,
    byName: user.name,
    note: input.note,
    documents: input.documents,
  }
  const next = { ...plan, stage: input.to, version: plan.version + 1, updatedAt: now.toISOString(), updatedBy: user._id }
  return deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('plans', next, input.version))) {
      throw new AppError('CONFLICT', `plan ${plan._id} is no longer at version ${input.version}`, '方案刚被别人修改过，请刷新后再试。')
    }
    await tx.insert('stageChanges', change)
    return change
  })
})

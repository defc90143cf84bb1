import { AppError } from '../../src/core/errors'
import { changeProgress, ITEM_STATUS_LABELS, type DecisionOutcome, type ItemProgress, type Plan } from '../../src/core/plan'
import { recordAudit } from '../common/audit'
import { checkPlanVersion, latestEdition, requirePlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { setProgressInput } from './schemas'

/**
 * Records where a published item stands: the owners' decision (with where it is recorded),
 * chosen / dropped / under works / finished, by the rules of changeProgress (src/core/plan.ts).
 * The plan and an audit entry ('plans.setProgress', before/after the item's progress) are
 * written in one transaction.
 * Outcomes: Plan | PLAN_NOT_PUBLISHED | INVALID_INPUT | NOT_FOUND (item not in the published
 * edition) | CONFLICT | FORBIDDEN.
 */
/** How the change log shows an owners' decision. */
const DECISION_OUTCOME_LABELS: Record<DecisionOutcome, string> = { pending: '待表决', passed: '表决通过', rejected: '表决未通过' }

/** The item's progress as the change log shows it (in words, with the item's title). */
function logged(title: string, p: ItemProgress) {
  return { item: title, status: ITEM_STATUS_LABELS[p.status], decision: DECISION_OUTCOME_LABELS[p.decision], decisionRef: p.decisionRef }
}

export const setProgress = action(setProgressInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.setProgress', target)
  const plan = await requirePlan(deps.store, target.community._id)
  checkPlanVersion(plan, input.version)
  const edition = await latestEdition(deps.store, plan)
  if (!edition) throw new AppError('PLAN_NOT_PUBLISHED', `plan ${plan._id} has no published edition`, '方案还没有发布，发布后才能记录项目进度。')
  const item = edition.items.find((i) => i._id === input.itemId)
  const current = plan.progress[input.itemId]
  if (!item || !current) {
    throw new AppError('NOT_FOUND', `item ${input.itemId} is not in edition ${edition.edition}`, '已发布的方案里没有这个项目。')
  }
  const now = deps.now()
  const progress = changeProgress(item, current, { status: input.status, decision: input.decision, decisionRef: input.decisionRef }, plan.stage, { userId: user._id, now })
  const next: Plan = {
    ...plan,
    progress: { ...plan.progress, [item._id]: progress },
    version: plan.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: user._id,
  }
  return deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('plans', next, input.version))) {
      throw new AppError('CONFLICT', `plan ${plan._id} is no longer at version ${input.version}`, '方案刚被别人修改过，请刷新后再试。')
    }
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: plan.communityId,
      at: now,
      by: user,
      action: 'plans.setProgress',
      entity: 'plans',
      entityId: `${plan._id}/${item._id}`,
      before: logged(item.title, current),
      after: logged(item.title, progress),
    })
    return next
  })
})

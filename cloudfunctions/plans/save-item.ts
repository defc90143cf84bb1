import { AppError } from '../../src/core/errors'
import { addItem, checkItem, replaceItem, requireDraft, type PlanItem } from '../../src/core/plan'
import { shareTable } from '../../src/core/shares'
import { checkPhotos } from '../common/photos'
import { checkPlanVersion, loadHouseholds, loadShape, requirePlan, savePlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { saveItemInput } from './schemas'

/**
 * Adds an item to the draft (no itemId: a new id) or replaces one. Checked before anything is
 * written: the fields (zod), the scope lies in this community and the funding adds up to the cost
 * (checkItem), the residents' part can be shared over the households in scope (shareTable), and
 * photos new to the item are the caller's own uploads (photos already on it may be a colleague's).
 * Outcomes: Plan | PLAN_NOT_DRAFT | FUNDING_MISMATCH | SCOPE_OUTSIDE | SHARE_IMPOSSIBLE |
 * INVALID_INPUT | CONFLICT | NOT_FOUND (plan, item) | FORBIDDEN.
 */
export const saveItem = action(saveItemInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.edit', target)
  const plan = await requirePlan(deps.store, target.community._id)
  checkPlanVersion(plan, input.version)
  requireDraft(plan)
  const existing = input.itemId ? plan.items.find((i) => i._id === input.itemId) : undefined
  if (input.itemId && !existing) throw new AppError('NOT_FOUND', `item ${input.itemId} is not in plan ${plan._id}`, '方案里没有这个项目，可能已被删除，请刷新后再试。')
  const [shape, households] = await Promise.all([loadShape(deps.store, plan.communityId), loadHouseholds(deps.store, plan.communityId)])
  checkItem(input.item, shape)
  const item: PlanItem = { ...input.item, _id: input.itemId ?? deps.newId() }
  shareTable(item, households)
  const known = new Set(existing?.photos ?? [])
  await checkPhotos(deps, user, item.photos.filter((p) => !known.has(p)))
  const now = deps.now()
  const next = input.itemId ? replaceItem(plan, item, user._id, now) : addItem(plan, item, user._id, now)
  return savePlan(deps.store, next, input.version)
})

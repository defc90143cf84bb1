import { AppError } from '../../src/core/errors'
import { can } from '../../src/core/permissions'
import type { PlanEdition } from '../../src/core/plan'
import type { PlanView } from '../../src/core/plan-view'
import { editionPublicity, loadEdition, loadEditionPayers, loadPlan, loadShape, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { getInput } from './schemas'
import { itemView } from './views'

/**
 * A published edition of the community's plan: the newest, or `edition` (older editions stay
 * readable exactly as published). Items carry their progress (status, owners' decision), scope
 * label and the households in scope.
 * Outcomes: PlanView | null (nothing published yet) | NOT_FOUND (community, edition) | FORBIDDEN.
 */
export const getPlan = action(getInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.get', target)
  const plan = await loadPlan(deps.store, target.community._id)
  if (!plan || plan.publishedEdition === null) return null
  const number = input.edition ?? plan.publishedEdition
  const [edition, editions, shape] = await Promise.all([
    loadEdition(deps.store, plan, number),
    deps.store.find<PlanEdition>('planEditions', { planId: plan._id }, { orderBy: [{ field: 'edition', direction: 'desc' }] }),
    loadShape(deps.store, plan.communityId),
  ])
  if (!edition) throw new AppError('NOT_FOUND', `plan ${plan._id} has no published edition ${number}`, `方案没有第 ${number} 版。`)
  // Households in scope as the edition counted them when it was published.
  const households = await loadEditionPayers(deps.store, edition)
  const view: PlanView = {
    planId: plan._id,
    communityId: plan.communityId,
    communityName: target.community.name,
    edition: edition.edition,
    editions: editions.map((e) => ({ edition: e.edition, publishedAt: e.publishedAt, publicityEndsOn: e.publicityEndsOn })),
    title: edition.title,
    summary: edition.summary,
    publishedAt: edition.publishedAt,
    publicityEndsOn: edition.publicityEndsOn,
    publicity: editionPublicity(edition, deps.now()),
    noticeId: edition.noticeId,
    stage: plan.stage,
    items: edition.items.map((item) => itemView(item, plan, shape, households)),
    canEdit: can(user, 'plans.edit', target),
  }
  return view
})

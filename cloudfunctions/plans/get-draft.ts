import { unhandledWhere } from '../../src/core/feedback'
import type { PlanItem } from '../../src/core/plan'
import type { DraftView } from '../../src/core/plan-view'
import { scopeLabel } from '../../src/core/plan'
import { editionPublicity, latestEdition, loadHouseholds, loadPlan, loadShape, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { gateFacts, gateView } from './gate'
import { communityInput } from './schemas'
import { householdsInScope } from './views'

/**
 * The office's working copy: the plan document (draft or the published edition it stands at),
 * the community's buildings and units for the item form, scope labels and households per item,
 * open feedback, the gate to the next stage and the last edition's 公示. The district reads it too.
 * Outcomes: DraftView | null (no plan yet) | NOT_FOUND (community) | FORBIDDEN.
 */
export const getDraft = action(communityInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.getDraft', target)
  const plan = await loadPlan(deps.store, target.community._id)
  if (!plan) return null
  const now = deps.now()
  const [shape, households, facts, edition, objections, comments] = await Promise.all([
    loadShape(deps.store, plan.communityId),
    loadHouseholds(deps.store, plan.communityId),
    gateFacts(deps.store, plan, now, 1),
    latestEdition(deps.store, plan),
    deps.store.count('feedback', unhandledWhere(plan._id, 'objection')),
    deps.store.count('feedback', unhandledWhere(plan._id, 'comment')),
  ])
  const per = <T>(f: (item: PlanItem) => T) => Object.fromEntries(plan.items.map((item) => [item._id, f(item)]))
  const view: DraftView = {
    plan,
    communityName: target.community.name,
    buildings: shape.buildings.map((b) => ({ _id: b._id, number: b.number, floors: b.floors })),
    units: shape.units.map((u) => ({ _id: u._id, buildingId: u.buildingId, number: u.number })),
    scopeLabels: per((item) => scopeLabel(item.scope, shape)),
    householdsInScope: per((item) => householdsInScope(item, households)),
    openFeedback: { objections, comments },
    gate: gateView(plan, facts),
    publicity: edition ? editionPublicity(edition, now) : { kind: 'none' },
  }
  return view
})

import type { Supervisor } from '../../src/core/works'
import { latestEdition, loadPlan, loadShape } from '../common/plan-store'
import { action } from '../common/router'
import { supervisorsInput } from './schemas'
import { activeSupervisors, scopeBuildings, supervisorView, targetLabel, watches, worksTarget } from './works-store'

/**
 * The community's active supervisors (监督员), longest-serving first: of one item (its own and
 * those of the buildings it touches), of one building, or all. Shown by the name they chose, never
 * with their account.
 * Outcomes: { items: SupervisorView[] } | NOT_FOUND | FORBIDDEN.
 */
export const listSupervisors = action(supervisorsInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'works.supervisors')
  const communityId = target.community._id
  const [supervisors, shape, plan] = await Promise.all([activeSupervisors(deps.store, communityId), loadShape(deps.store, communityId), loadPlan(deps.store, communityId)])
  const items = plan ? ((await latestEdition(deps.store, plan))?.items ?? []) : []
  let shown: Supervisor[] = supervisors
  if (input.itemId !== undefined) {
    const item = items.find((i) => i._id === input.itemId)
    const buildings = item ? scopeBuildings(item.scope, shape) : []
    shown = shown.filter((s) => watches(s, input.itemId!, buildings))
  }
  if (input.buildingId !== undefined) shown = shown.filter((s) => s.target.kind === 'building' && s.target.buildingId === input.buildingId)
  return { items: shown.map((s) => supervisorView(s, user._id, targetLabel(s.target, items, shape))) }
})

import type { Household } from '../../src/core/community'
import { inScope, scopeLabel, type CommunityShape, type ItemProgress, type Plan, type PlanItem } from '../../src/core/plan'
import type { ItemView } from '../../src/core/plan-view'

type Located = Pick<Household, 'buildingId' | 'unitId'>

/** Progress of an item not published yet (or published before progress was kept). */
const NO_PROGRESS: Pick<ItemProgress, 'status' | 'decision' | 'decisionRef'> = { status: 'proposed', decision: 'pending', decisionRef: null }

export function householdsInScope(item: PlanItem, households: readonly Located[]): number {
  return households.filter((h) => inScope(item.scope, h)).length
}

/** An item as residents and the office see it: with its scope label, households in scope and progress. */
export function itemView(item: PlanItem, plan: Pick<Plan, 'progress'>, shape: CommunityShape, households: readonly Located[]): ItemView {
  const p = plan.progress[item._id] ?? NO_PROGRESS
  return {
    ...item,
    scopeLabel: scopeLabel(item.scope, shape),
    households: householdsInScope(item, households),
    status: p.status,
    decision: p.decision,
    decisionRef: p.decisionRef,
  }
}

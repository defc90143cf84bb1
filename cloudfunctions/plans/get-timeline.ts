import { STAGE_LABELS, STAGES, stageIndex, type StageChange } from '../../src/core/stages'
import type { TimelineView } from '../../src/core/plan-view'
import { loadPlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { gateFacts, gateView } from './gate'
import { communityInput } from './schemas'

/**
 * The project's stages in order (done / current / to do), each with the changes that entered it
 * (who, when, note, documents), and the gate to the next one. Everyone who may read the plan.
 * Outcomes: TimelineView | null (no plan yet) | NOT_FOUND (community) | FORBIDDEN.
 */
export const getTimeline = action(communityInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.get', target)
  const plan = await loadPlan(deps.store, target.community._id)
  if (!plan) return null
  const [changes, facts] = await Promise.all([
    deps.store.find<StageChange>('stageChanges', { planId: plan._id }, { orderBy: [{ field: 'at', direction: 'asc' }] }),
    gateFacts(deps.store, plan, deps.now(), 1),
  ])
  const current = stageIndex(plan.stage)
  const view: TimelineView = {
    stage: plan.stage,
    stages: STAGES.map((stage, i) => ({
      stage,
      label: STAGE_LABELS[stage],
      state: i < current ? 'done' : i === current ? 'current' : 'todo',
      changes: changes.filter((c) => c.to === stage),
    })),
    gate: gateView(plan, facts),
  }
  return view
})

import { unhandledWhere } from '../../src/core/feedback'
import { ballotPhase, type Ballot } from '../../src/core/ballot'
import type { Plan } from '../../src/core/plan'
import type { GateView } from '../../src/core/plan-view'
import { DOCUMENT_REQUIRED, gateProblems, nextStage, type GateFacts } from '../../src/core/stages'
import { endOfChinaDay } from '../../src/core/time'
import { latestEdition } from '../common/plan-store'
import type { StoreOps } from '../common/store'


/**
 * What the store says about a project when someone asks to move it on (src/core/stages.ts decides).
 * Read outside the transaction that moves the stage (CloudBase counts are not transactional); the
 * plan's version check in that transaction still refuses a move made on a plan changed meanwhile.
 */
export async function gateFacts(store: StoreOps, plan: Plan, now: Date, documents: number): Promise<GateFacts> {
  const [households, unansweredObjections, edition, openBallots] = await Promise.all([
    store.count('households', { communityId: plan.communityId }),
    // A hidden objection still needs its answer (isHandled): its author is owed a reply.
    store.count('feedback', unhandledWhere(plan._id, 'objection')),
    latestEdition(store, plan),
    store.find<Ballot>('ballots', { communityId: plan.communityId, status: 'open' }, { limit: 200 }),
  ])
  const progress = (edition?.items ?? []).map((item) => ({ item, p: plan.progress[item._id] }))
  const status = (s: string) => progress.filter(({ p }) => p?.status === s).length
  return {
    households,
    // Opinion surveys are ballots with survey questions (issue 5): published and not ended yet.
    openSurveys: openBallots.filter((b) => ballotPhase(b, now) !== 'closed' && b.questions.some((q) => q.kind !== 'decision')).length,
    publishedEdition: plan.publishedEdition,
    draftPending: plan.status === 'draft' && plan.publishedEdition !== null,
    publicityEnded: edition !== null && now > endOfChinaDay(edition.publicityEndsOn),
    unansweredObjections,
    chosenItems: status('chosen') + status('works') + status('done'),
    undecidedItems: progress.filter(({ item, p }) => item.decisionKind !== 'survey' && (p?.status ?? 'proposed') === 'proposed').length,
    unfinishedItems: status('chosen') + status('works'),
    unacceptedItems: progress.filter(({ p }) => p?.status === 'done' && !p.acceptedAt).length,
    documents,
  }
}

/** The gate to the next stage as it stands, with any document assumed attached (only real gates show). */
export function gateView(plan: Pick<Plan, 'stage'>, facts: GateFacts): GateView {
  const next = nextStage(plan.stage)
  if (!next) return { next: null, problems: [], documentNeeded: null }
  return { next, problems: gateProblems(next, { ...facts, documents: 1 }), documentNeeded: DOCUMENT_REQUIRED[next] ?? null }
}

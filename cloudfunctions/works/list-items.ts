import { latestEdition, loadPlan, loadShape } from '../common/plan-store'
import { action } from '../common/router'
import { communityInput } from './schemas'
import { activeSupervisors, inWorks, itemObservations, partiesOf, planAcceptances, worksItem, worksTarget } from './works-store'

/**
 * The published plan's items the works concern (chosen, under way, finished — accepted ones
 * included), in the plan's order, each with its scope, contractor, last acceptance outcome and
 * counts of observations, unanswered ones and supervisors; and the plan's version (the office sends
 * it back with setContractor and recordAcceptance).
 * Outcomes: { items: WorksItem[], planVersion } (no items before a plan is published) | NOT_FOUND | FORBIDDEN.
 */
export const listItems = action(communityInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'works.observations')
  const communityId = target.community._id
  const plan = await loadPlan(deps.store, communityId)
  const edition = plan ? await latestEdition(deps.store, plan) : null
  if (!plan || !edition) return { items: [], planVersion: plan?.version ?? null }
  const [shape, parties, acceptances, observations, supervisors] = await Promise.all([
    loadShape(deps.store, communityId),
    partiesOf(deps.store, communityId),
    planAcceptances(deps.store, plan._id),
    itemObservations(deps.store, plan._id),
    activeSupervisors(deps.store, communityId),
  ])
  const items = edition.items
    .filter((item) => inWorks(plan.progress[item._id]))
    .map((item) =>
      worksItem(item, plan.progress[item._id], {
        shape,
        parties,
        attempts: acceptances.filter((a) => a.itemId === item._id),
        observations: observations.filter((o) => o.itemId === item._id),
        supervisors,
      }),
    )
  return { items, planVersion: plan.version }
})

import { action } from '../common/router'
import { observationsInput } from './schemas'
import { itemObservations, observationView, requireItem, requirePublished, worksTarget } from './works-store'

/**
 * The observations on one item of the published plan, newest first, each with its answers. Authors
 * are shown only by their label ("监督员 王阿姨", "居民（3号楼）", "社区").
 * Outcomes: { items: ObservationView[] } | PLAN_NOT_PUBLISHED | NOT_FOUND | FORBIDDEN.
 */
export const listObservations = action(observationsInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'works.observations')
  const published = await requirePublished(deps.store, target.community._id)
  const { item } = requireItem(published, input.itemId)
  const found = await itemObservations(deps.store, published.plan._id, item._id)
  return { items: found.map((o) => observationView(o, user._id, item.title)) }
})

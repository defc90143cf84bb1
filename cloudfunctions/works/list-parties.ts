import { action } from '../common/router'
import { communityInput } from './schemas'
import { partiesOf, sortParties, worksTarget } from './works-store'

/**
 * The parties of the community (contractors, supervisors, designers, surveyors, utilities, the
 * property manager), by kind. Their phones are for residents and the office to call.
 * Outcomes: { items: Party[] } | NOT_FOUND | FORBIDDEN.
 */
export const listParties = action(communityInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'parties.list')
  return { items: sortParties(await partiesOf(deps.store, target.community._id)) }
})

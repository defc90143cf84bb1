import { householdLabel } from '../../src/core/community'
import { can } from '../../src/core/permissions'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { loadHousehold } from './load-household'
import { getInput } from './schemas'

/**
 * One household in full (owners' names, ID tails and phones): for the office of its community
 * and for the people bound to it. Any other resident, even a neighbour, is refused.
 * Outcomes: household + { label, canEdit } | NOT_FOUND | FORBIDDEN.
 */
export const getHousehold = action(getInput, async ({ deps, user, input }) => {
  const household = await loadHousehold(deps.store, input.id)
  const target = { ...(await communityTarget(deps.store, household.communityId)), householdId: household._id }
  authorize(user, 'households.get', target)
  return { ...household, label: householdLabel(household), canEdit: can(user, 'households.update', target) }
})

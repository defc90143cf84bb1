import { householdLabel, type Household } from '../../src/core/community'
import { can } from '../../src/core/permissions'
import { maskName } from '../../src/core/privacy'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { loadHousehold } from './load-household'
import { getInput } from './schemas'

/**
 * One household: for the office of its community and for the people bound to it. Any other
 * resident, even a neighbour, is refused. Only the office (who keeps the register) gets the owners
 * in full; the household's own members get the owners' names masked (王*国), without ID tails or
 * phones: the ID tail is what proves ownership when binding (src/core/membership.ts matchOwner).
 *
 * Household ids are predictable, so the caller is checked BEFORE anything is read: unless the id
 * is one of the caller's own households, or the caller is an office and the id lies in its own
 * community (`<communityId>-…`, src/core/community.ts ids.household), the answer is FORBIDDEN
 * whether the id exists or not. Only those callers can learn that an id does not exist (NOT_FOUND).
 * The stored household's community is then checked again.
 * Outcomes: household + { label, canEdit } | NOT_FOUND | FORBIDDEN.
 */
export const getHousehold = action(getInput, async ({ deps, user, input }) => {
  const claimed = user.communityId && input.id.startsWith(`${user.communityId}-`) ? user.communityId : undefined
  authorize(user, 'households.get', { communityId: claimed, householdId: input.id })
  const household = await loadHousehold(deps.store, input.id)
  const target = { ...(await communityTarget(deps.store, household.communityId)), householdId: household._id }
  authorize(user, 'households.get', target)
  const full = can(user, 'households.export', target)
  return { ...(full ? household : withMaskedOwners(household)), label: householdLabel(household), canEdit: can(user, 'households.update', target) }
})

/** The household as its members see it: owners by masked name only. */
function withMaskedOwners(h: Household): Household {
  return { ...h, owners: h.owners.map((o) => ({ name: maskName(o.name) })) }
}

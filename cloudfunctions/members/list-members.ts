import { can } from '../../src/core/permissions'
import { action, authorize } from '../common/router'
import { householdSummary, householdTarget, membersOf } from './load-household'
import { householdInput } from './schemas'

/**
 * The members of one household, for its own members and its community office (nobody else:
 * neighbours are refused). Names in full, no phones.
 * Outcomes: { household, members, canManage } | NOT_FOUND | FORBIDDEN.
 */
export const listMembers = action(householdInput, async ({ deps, user, input }) => {
  const { household, target } = await householdTarget(deps.store, input.householdId)
  authorize(user, 'members.list', target)
  const { members } = await membersOf(deps.store, household, user._id)
  return { household: householdSummary(household), members, canManage: can(user, 'members.remove', target), canInvite: can(user, 'members.invite', target) }
})

import type { Household } from '../../src/core/community'
import { householdLabel } from '../../src/core/community'
import { RELATION_LABELS } from '../../src/core/roles'
import { action, authorize } from '../common/router'
import { membersOf } from './load-household'
import { mineInput } from './schemas'

/**
 * The caller's households: for each, its label, my relation, whether I am an owner there, and its
 * members (names in full only here, within the same household; phones never). Anyone may ask;
 * a visitor (not bound yet) gets [].
 * Outcomes: [{ householdId, label, communityId, relation, relationLabel, isOwner, members }].
 */
export const myHouseholds = action(
  mineInput,
  async ({ deps, user }) => {
    authorize(user, 'members.mine')
    const out = []
    for (const m of user.memberships ?? []) {
      const household = await deps.store.get<Household>('households', m.householdId)
      if (!household) continue
      const { members } = await membersOf(deps.store, household, user._id)
      out.push({
        householdId: household._id,
        label: householdLabel(household),
        communityId: household.communityId,
        relation: m.relation,
        relationLabel: RELATION_LABELS[m.relation],
        isOwner: m.relation === 'owner',
        members,
      })
    }
    return out
  },
  { openToUnregistered: true },
)

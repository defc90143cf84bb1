import * as z from 'zod/mini'
import { householdLabel, type Community, type District, type Household } from '../../src/core/community'
import { PARTY_KIND_LABELS, type Party } from '../../src/core/parties'
import { ROLE_LABELS } from '../../src/core/roles'
import { action, createRouter } from '../common/router'

/**
 * Who am I: the caller's profile, community and households, for the home and "我的" pages; for the
 * staff of a party (contractor, utility…), the party they act for.
 * Open to WeChat users not bound yet (role visitor), so the app can offer binding.
 */
const me = action(
  z.object({}),
  async ({ deps, user }) => {
  const community = user.communityId ? await deps.store.get<Community>('communities', user.communityId) : null
  const districtId = user.districtId ?? community?.districtId
  const district = districtId ? await deps.store.get<District>('districts', districtId) : null
  const party = user.role === 'party' && user.partyId ? await deps.store.get<Party>('parties', user.partyId) : null
  const households = await Promise.all(
    (user.memberships ?? []).map(async (m) => {
      const h = await deps.store.get<Household>('households', m.householdId)
      return { householdId: m.householdId, relation: m.relation, label: h ? householdLabel(h) : m.householdId }
    }),
  )
  return {
    user: { _id: user._id, name: user.name, role: user.role, roleLabel: ROLE_LABELS[user.role], householdLabel: households[0]?.label ?? null },
    community,
    district,
    households,
    party: party ? { _id: party._id, name: party.name, kind: party.kind, kindLabel: PARTY_KIND_LABELS[party.kind] } : null,
  }
  },
  { openToUnregistered: true },
)

export const handleAccount = createRouter('account', { me })

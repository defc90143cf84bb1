import { householdLabel, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import type { Target } from '../../src/core/permissions'
import { RELATION_LABELS, type Membership, type StoredUser } from '../../src/core/roles'
import { communityTarget } from '../common/community-target'
import type { StoreOps } from '../common/store'

/** A household and its permission target (community, district, household). */
export async function householdTarget(store: StoreOps, householdId: string): Promise<{ household: Household; target: Target }> {
  const household = await store.get<Household>('households', householdId)
  if (!household) throw new AppError('NOT_FOUND', `household ${householdId}`, '没有找到这户房屋。')
  const { communityId, districtId } = await communityTarget(store, household.communityId)
  return { household, target: { communityId, districtId, householdId } }
}

export interface MemberView {
  userId: string
  name: string
  relation: Membership['relation']
  relationLabel: string
  via: Membership['via']
  since: string
  isMe: boolean
}

/**
 * The people bound to a household, owners first. Only for callers allowed to see this household
 * (its own members, its office): names in full, phones and OPENIDs never.
 */
export async function membersOf(store: StoreOps, household: Household, meId: string): Promise<{ memberships: Membership[]; members: MemberView[] }> {
  const memberships = await store.find<Membership>('members', { householdId: household._id }, { orderBy: [{ field: 'createdAt', direction: 'asc' }] })
  const users = memberships.length
    ? await store.find<StoredUser>('users', { _id: { $in: memberships.map((m) => m.userId) } })
    : []
  const names = new Map(users.map((u) => [u._id, u.name]))
  const order = { owner: 0, family: 1, tenant: 2 } as const
  const members = memberships
    .map((m) => ({
      userId: m.userId,
      name: names.get(m.userId) ?? '',
      relation: m.relation,
      relationLabel: RELATION_LABELS[m.relation],
      via: m.via,
      since: m.createdAt,
      isMe: m.userId === meId,
    }))
    .sort((a, b) => order[a.relation] - order[b.relation])
  return { memberships, members }
}

export function householdSummary(h: Household) {
  return { _id: h._id, label: householdLabel(h), communityId: h.communityId }
}

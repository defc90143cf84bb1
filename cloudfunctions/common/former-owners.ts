import type { Household } from '../../src/core/community'
import { ownerKey } from '../../src/core/electorate'
import { stillAnOwner } from '../../src/core/membership'
import type { Membership, StoredUser, User } from '../../src/core/roles'
import { recordAudit } from './audit'
import type { StoreOps } from './store'

/**
 * Inside the caller's transaction, after a household's registered owners changed (a sale, an
 * inheritance, a corrected register): members bound as owners who are no longer registered lose
 * the owner's powers (deciding, inviting, removing) and stay as family until the office removes
 * them. Each change is in the audit log under the action that caused it. Returns their user ids.
 */
export async function demoteFormerOwners(
  tx: StoreOps,
  before: Household,
  household: Household,
  log: { by: User; at: Date; newId: () => string; action: string },
): Promise<string[]> {
  const keys = (h: Household) => h.owners.map(ownerKey).sort().join(',')
  if (keys(before) === keys(household)) return []
  const owners = await tx.find<Membership>('members', { householdId: household._id, relation: 'owner' })
  const demoted: string[] = []
  for (const m of owners) {
    const person = await tx.get<StoredUser>('users', m.userId)
    if (stillAnOwner(household, m, person?.name ?? '')) continue
    const { ownerKey: _former, ...rest } = m
    const next: Membership = { ...rest, relation: 'family' }
    await tx.remove('members', m._id)
    await tx.insert('members', next)
    await recordAudit(tx, {
      id: log.newId(),
      communityId: household.communityId,
      at: log.at,
      by: log.by,
      action: log.action,
      entity: 'members',
      entityId: m._id,
      before: { relation: 'owner' },
      after: { relation: 'family' },
    })
    demoted.push(m.userId)
  }
  return demoted
}

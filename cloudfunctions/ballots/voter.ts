import { AppError } from '../../src/core/errors'
import type { User } from '../../src/core/roles'
import type { VoterRelation } from '../../src/core/votes'
import type { StoreOps } from '../common/store'
import { activeProxy } from './proxy-store'

/**
 * How the caller stands to a household in a ballot: its owner, family or tenant (their membership),
 * or a proxy an owner authorised (the `proxies` collection, see add-proxy.ts and proxy-store.ts).
 * Null: the caller may not vote for that household at all.
 */
export async function voterRelation(store: StoreOps, user: User, householdId: string, ballotId: string): Promise<VoterRelation | null> {
  const membership = user.memberships?.find((m) => m.householdId === householdId)
  if (membership?.relation === 'owner') return 'owner'
  // A proxy (recorded by the office with the owner's written authorisation) answers owners' decisions
  // for the household, whether or not they are family or a tenant of it. Looked up by the caller's
  // own id, so a non-member learns nothing about the household from it.
  if (user.role === 'resident' && (await activeProxy(store, user._id, householdId, ballotId))) return 'proxy'
  return membership ? membership.relation : null
}

/**
 * The caller's relation to the household, or FORBIDDEN before anything about the household is read
 * (so nobody learns which households exist by probing ids).
 */
export async function requireVoter(store: StoreOps, user: User, householdId: string, ballotId: string): Promise<VoterRelation> {
  const relation = await voterRelation(store, user, householdId, ballotId)
  if (!relation) throw new AppError('FORBIDDEN', `${user.role} ${user._id} may not vote for household ${householdId}`)
  return relation
}

import type { Household, Owner } from './community'
import { ownerKey } from './electorate'
import type { ErrorCode } from './errors'
import type { Membership, Relation } from './roles'

/**
 * Who may join a household as what, and who may leave it. Pure rules used by the `members`
 * cloud function.
 */

/** The same name as the property register, ignoring spaces (people type "王 建国"). */
function sameName(a: string, b: string): boolean {
  const clean = (s: string) => s.normalize('NFKC').replace(/\s+/g, '')
  return clean(a) === clean(b)
}

/**
 * The registered owner a person claims to be: their name must equal an owner's name on the
 * register AND the last four characters of their ID must match that owner's `idTail`
 * (case-insensitive for the X check digit). An owner without a registered idTail cannot be
 * matched this way (the office approves a request instead).
 */
export function matchOwner(household: Pick<Household, 'owners'>, name: string, idTail: string | undefined): Owner | null {
  if (!idTail) return null
  const tail = idTail.trim().toUpperCase()
  return household.owners.find((o) => !!o.idTail && sameName(o.name, name) && o.idTail.toUpperCase() === tail) ?? null
}

/**
 * Whether an owner membership still matches the flat's registered owners: by the owner it was
 * matched to when binding, or (bound by an approved request, or before ownerKey was kept) by the
 * person's name.
 */
export function stillAnOwner(household: Pick<Household, 'owners'>, m: Pick<Membership, 'ownerKey'>, personName: string): boolean {
  if (m.ownerKey) return household.owners.some((o) => ownerKey(o) === m.ownerKey)
  return household.owners.some((o) => sameName(o.name, personName))
}

export interface RemovalActor {
  userId: string
  /** The community office of the household's community. */
  isOffice: boolean
}

/**
 * May `actor` remove `target` from the household whose memberships are `members`?
 * - nobody removes the last owner bound to a household (LAST_OWNER);
 * - the office may remove anyone else;
 * - an owner may remove family and tenants, and themselves; another owner only through the office;
 * - family and tenants may remove only themselves.
 * Returns null when allowed, else the refusal code.
 */
export function removalRefusal(members: Membership[], target: Membership, actor: RemovalActor): ErrorCode | null {
  const actorMembership = members.find((m) => m.userId === actor.userId)
  const self = target.userId === actor.userId
  const allowed = actor.isOffice || self || (actorMembership?.relation === 'owner' && target.relation !== 'owner')
  if (!allowed) return 'FORBIDDEN'
  if (target.relation === 'owner' && members.filter((m) => m.relation === 'owner').length <= 1) return 'LAST_OWNER'
  return null
}

/** The relation a code gives: a family invitation always makes family, whatever was asked. */
export function relationForCode(kind: 'household' | 'family', asked: Relation): Relation {
  return kind === 'family' ? 'family' : asked
}

import type { Ballot } from '../../src/core/ballot'
import { householdLabel, type Household } from '../../src/core/community'
import { ownerKey } from '../../src/core/electorate'
import { AppError } from '../../src/core/errors'
import { proxyView, type ProxyDoc } from '../../src/core/proxies'
import type { Membership, StoredUser } from '../../src/core/roles'
import { recordAudit } from '../common/audit'
import { communityTarget } from '../common/community-target'
import { checkPhotos } from '../common/photos'
import { action, authorize } from '../common/router'
import type { StoreOps } from '../common/store'
import { addProxyInput } from './paper-schemas'

const sameName = (a: string, b: string) => ownerKey({ name: a }) === ownerKey({ name: b })

/** The authorised person: a registered resident, named by user id or by a household they are bound to. */
async function findPerson(store: StoreOps, person: { userId: string } | { householdId: string; name: string }): Promise<StoredUser> {
  if ('userId' in person) {
    const user = await store.get<StoredUser>('users', person.userId)
    if (!user) throw new AppError('NOT_FOUND', `user ${person.userId}`, '没有找到这位代理人，请让其先在小程序中绑定房屋。')
    return user
  }
  const members = await store.find<Membership>('members', { householdId: person.householdId }, { limit: 50 })
  const users = (await Promise.all(members.map((m) => store.get<StoredUser>('users', m.userId)))).filter((u): u is StoredUser => !!u && sameName(u.name, person.name))
  if (users.length === 0) throw new AppError('NOT_FOUND', `no member named ${person.name} in ${person.householdId}`, '这户房屋没有绑定这个姓名的人，请核对代理人绑定的房屋和姓名。')
  if (users.length > 1) throw new AppError('INVALID_INPUT', `${users.length} members named ${person.name}`, '这户房屋有同名的人，请改用代理人的用户编号。')
  return users[0]
}

/**
 * Records that an owner of a household authorised a registered resident of the community to vote
 * for it in one ballot (or in every ballot), with the photographed signed authorisation. The
 * grantor must be a registered owner of the household; the proxy and an audit entry are written
 * in one transaction.
 * Outcomes: ProxyView | NOT_FOUND (household, person, ballot) | INVALID_INPUT (grantor not an
 * owner, person not a resident of the community, an owner of the flat, a duplicate, photos) |
 * BALLOT_CLOSED | FORBIDDEN.
 */
export const addProxy = action(addProxyInput, async ({ deps, user, input }) => {
  const household = await deps.store.get<Household>('households', input.householdId)
  if (!household) throw new AppError('NOT_FOUND', `household ${input.householdId}`, '没有找到这户房屋。')
  const target = await communityTarget(deps.store, household.communityId)
  authorize(user, 'ballots.addProxy', target)
  const ballotId = input.ballotId ?? null
  let ballotTitle: Record<string, string> = {}
  if (ballotId !== null) {
    const ballot = await deps.store.get<Ballot>('ballots', ballotId)
    if (!ballot || ballot.communityId !== household.communityId) throw new AppError('NOT_FOUND', `ballot ${ballotId}`, '没有找到这次投票。')
    if (ballot.status === 'closed') throw new AppError('BALLOT_CLOSED', `ballot ${ballotId} is closed`)
    ballotTitle = { [ballot._id]: ballot.title }
  }
  if (!household.owners.some((o) => sameName(o.name, input.grantorName))) {
    throw new AppError('INVALID_INPUT', `${input.grantorName} is not a registered owner of ${household._id}`, '委托人不是这户房屋登记的业主，请核对委托书上的业主姓名。')
  }
  const person = await findPerson(deps.store, input.person)
  if (person.role !== 'resident' || person.communityId !== household.communityId) {
    throw new AppError('INVALID_INPUT', `${person._id} is ${person.role} of ${person.communityId ?? '-'}`, '代理人须是本小区已登记的居民（先在小程序中绑定自己的房屋）；社区工作人员不能做代理人。')
  }
  const membership = await deps.store.get<Membership>('members', `${household._id}:${person._id}`)
  if (membership?.relation === 'owner') throw new AppError('INVALID_INPUT', `${person._id} owns ${household._id}`, '这位是这户的业主本人，可以直接投票，不需要委托。')
  const existing = await deps.store.find<ProxyDoc>('proxies', { householdId: household._id, userId: person._id, revokedAt: null }, { limit: 50 })
  if (existing.some((p) => p.ballotId === ballotId || p.ballotId === null)) {
    throw new AppError('INVALID_INPUT', `proxy already recorded for ${person._id} on ${household._id}`, '这项委托已经登记过了。')
  }
  await checkPhotos(deps, user, input.photos)
  const now = deps.now()
  const doc: ProxyDoc = {
    _id: deps.newId(),
    communityId: household.communityId,
    householdId: household._id,
    householdLabel: householdLabel(household),
    userId: person._id,
    userName: person.name,
    ballotId,
    grantorName: input.grantorName,
    photos: input.photos,
    note: input.note ?? '',
    createdBy: user._id,
    createdByName: user.name,
    createdAt: now.toISOString(),
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    version: 1,
  }
  await deps.store.transaction(async (tx) => {
    await tx.insert('proxies', doc)
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: doc.communityId,
      at: now,
      by: user,
      action: 'ballots.addProxy',
      entity: 'proxies',
      entityId: doc._id,
      before: null,
      after: { household: doc.householdLabel, proxy: doc.userName, grantor: doc.grantorName, ballot: ballotId === null ? '所有投票' : ballotTitle[ballotId] },
    })
  })
  return proxyView(doc, ballotTitle)
})

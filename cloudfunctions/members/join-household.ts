import { AppError } from '../../src/core/errors'
import type { Household } from '../../src/core/community'
import { membershipId, type Membership, type Relation, type StoredUser, type User } from '../../src/core/roles'
import { recordAudit } from '../common/audit'
import type { Deps } from '../common/router'
import { DuplicateKeyError, type StoreOps } from '../common/store'

export interface Joining {
  /** The WeChat user joining (their OPENID) and the name they gave. */
  openid: string
  name: string
  household: Household
  relation: Relation
  /** For an owner: the registered owner they were matched to (ownerKey). */
  ownerKey?: string
  via: Membership['via']
  /** Who let them in: the office user who issued the code or approved, or the inviting owner. */
  addedBy: string
  /** Who acted, for the audit entry; omitted when the joiner acts themselves. */
  actor?: User
  /** The audit action, e.g. 'members.bind'. */
  action: string
  /** Extra facts for the audit entry (which code, which request). */
  auditExtra?: Record<string, unknown>
  /**
   * The audit entry's id, derived from what is being used up (a code, a request): inserting it a
   * second time fails, so of two transactions racing on the same code only one can commit even
   * where the database does not isolate them. Refused as `onDuplicate`.
   */
  auditId: string
  onDuplicate: AppError
}

/**
 * Inside the caller's transaction: makes sure the joiner is a stored resident of the household's
 * community (creating the users document for a visitor), bumps the household's version, adds the
 * membership and records both in the audit log. Refusals: FORBIDDEN (a staff account, or a
 * resident of another community), ALREADY_MEMBER, CONFLICT (a users document for this OPENID was
 * created meanwhile; the household changed meanwhile).
 */
export async function joinHousehold(tx: StoreOps, deps: Deps, j: Joining): Promise<{ membership: Membership; user: StoredUser; userCreated: boolean }> {
  const now = deps.now()
  const [existing] = await tx.find<StoredUser>('users', { openid: j.openid }, { limit: 1 })
  let user: StoredUser
  let userBefore: StoredUser | null = null
  if (existing) {
    if (existing.role !== 'resident') {
      throw new AppError('FORBIDDEN', `${existing.role} ${existing._id} cannot be bound to a household`, '工作人员账号不能绑定房屋，请用居民本人的微信绑定。')
    }
    if (existing.communityId && existing.communityId !== j.household.communityId) {
      throw new AppError('FORBIDDEN', `user ${existing._id} belongs to community ${existing.communityId}`, '您的微信已绑定其他小区的房屋，不能再绑定这个小区的房屋，请联系社区。')
    }
    user = existing
    if (!existing.communityId) {
      userBefore = existing
      user = { ...existing, communityId: j.household.communityId }
    }
  } else {
    user = { _id: deps.newId(), openid: j.openid, name: j.name, role: 'resident', communityId: j.household.communityId }
  }
  try {
    // users documents carry no version: replaced whole inside this transaction — always, so that
    // this and a concurrent leave of the same person (remove-member.ts) write the same document
    // and cannot both commit. A second users document for one OPENID hits the unique index.
    if (existing) await tx.remove('users', existing._id)
    await tx.insert('users', user)
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new AppError('CONFLICT', 'a users document for this OPENID was created meanwhile', '您刚刚已经提交过一次绑定，请刷新后查看。')
    throw e
  }

  // Every membership change of a household bumps its version: two changes of one household at
  // once (two first owners, an owner leaving while another joins) cannot both commit.
  if (!(await tx.replaceIfVersion('households', { ...j.household, version: j.household.version + 1 }, j.household.version))) {
    throw new AppError('CONFLICT', `household ${j.household._id} changed meanwhile`, '这户房屋的信息刚有变动，请重试。')
  }

  const id = membershipId(j.household._id, user._id)
  if (await tx.get<Membership>('members', id)) throw new AppError('ALREADY_MEMBER', `${id} exists`)
  const membership: Membership = {
    _id: id,
    householdId: j.household._id,
    communityId: j.household.communityId,
    userId: user._id,
    relation: j.relation,
    via: j.via,
    addedBy: j.addedBy,
    createdAt: now.toISOString(),
    ...(j.relation === 'owner' && j.ownerKey ? { ownerKey: j.ownerKey } : {}),
  }
  try {
    await tx.insert('members', membership)
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new AppError('ALREADY_MEMBER', `${id} was added meanwhile`)
    throw e
  }

  const userChanged = !existing || userBefore !== null
  try {
    await recordAudit(tx, {
      id: j.auditId,
      communityId: j.household.communityId,
      at: now,
      by: j.actor ?? user,
      action: j.action,
      entity: 'members',
      entityId: id,
      // The person is in the entry only when created (before: null) or changed, and only by id,
      // name, role and community: never their OPENID.
      before: { membership: null, ...(userChanged ? { user: userBefore && auditedUser(userBefore) } : {}) },
      after: { membership, ...(userChanged ? { user: auditedUser(user) } : {}), ...j.auditExtra },
    })
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw j.onDuplicate
    throw e
  }
  return { membership, user, userCreated: !existing }
}

/** A person as the change log shows them: id, name, role, community (no OPENID). */
export function auditedUser(u: StoredUser): { _id: string; name: string; role: string; communityId: string | null } {
  return { _id: u._id, name: u.name, role: u.role, communityId: u.communityId ?? null }
}

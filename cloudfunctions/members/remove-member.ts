import type { Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { removalRefusal } from '../../src/core/membership'
import { can } from '../../src/core/permissions'
import { membershipId, type Membership, type StoredUser } from '../../src/core/roles'
import { recordAudit } from '../common/audit'
import { action, authorize } from '../common/router'
import { householdTarget } from './load-household'
import { removeInput } from './schemas'

/**
 * Takes a person off a household: the office of its community, an owner of it (family and
 * tenants, or themselves), or a family member / tenant leaving (their own userId). The last
 * bound owner stays. One transaction with an audit entry (before: the membership); the household's
 * version goes up (so two removals from one household at once cannot both commit and leave it
 * without an owner). When it was the person's last household they leave the community too: their
 * users document loses communityId, audited as 'members.leave' (entity users).
 * Outcomes: { removed } | NOT_FOUND (household, or that person is not a member) | FORBIDDEN |
 * LAST_OWNER | CONFLICT (the household changed meanwhile).
 */
export const removeMember = action(removeInput, async ({ deps, user, input }) => {
  const { household, target } = await householdTarget(deps.store, input.householdId)
  const self = input.userId === user._id
  authorize(user, self && !can(user, 'members.remove', target) ? 'members.leave' : 'members.remove', target)
  const isOffice = can(user, 'members.remove', { communityId: target.communityId, districtId: target.districtId })
  const now = deps.now()
  return deps.store.transaction(async (tx) => {
    const current = await tx.get<Household>('households', household._id)
    if (!current) throw new AppError('NOT_FOUND', `household ${household._id}`, '没有找到这户房屋。')
    const memberships = await tx.find<Membership>('members', { householdId: household._id })
    const removed = memberships.find((m) => m._id === membershipId(household._id, input.userId))
    if (!removed) throw new AppError('NOT_FOUND', `${input.userId} is not a member of ${household._id}`, '这个人没有绑定这户房屋。')
    const refusal = removalRefusal(memberships, removed, { userId: user._id, isOffice })
    if (refusal === 'FORBIDDEN') throw new AppError('FORBIDDEN', 'an owner is removed by the office or by themselves', '其他业主只能由社区移除。')
    if (refusal) throw new AppError(refusal, `${removed._id}`)
    await tx.remove('members', removed._id)
    if (!(await tx.replaceIfVersion('households', { ...current, version: current.version + 1 }, current.version))) {
      throw new AppError('CONFLICT', `household ${household._id} changed meanwhile`, '这户房屋的成员刚有变动，请刷新后再试。')
    }
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: household.communityId,
      at: now,
      by: user,
      action: 'members.remove',
      entity: 'members',
      entityId: removed._id,
      before: removed,
      after: null,
    })

    const person = await tx.get<StoredUser>('users', removed.userId)
    if (person) {
      const others = (await tx.find<Membership>('members', { userId: person._id }, { limit: 2 })).filter((m) => m._id !== removed._id)
      const leaves = others.length === 0 && person.role === 'resident' && !!person.communityId
      const { communityId: _c, householdLabel: _l, ...rest } = person
      // users documents carry no version: rewritten whole every time, so that two changes of one
      // person's households at once write the same document and cannot both commit.
      await tx.remove('users', person._id)
      await tx.insert<StoredUser>('users', leaves ? rest : person)
      if (leaves) {
        await recordAudit(tx, {
          id: deps.newId(),
          communityId: household.communityId,
          at: now,
          by: user,
          action: 'members.leave',
          entity: 'users',
          entityId: person._id,
          before: { communityId: person.communityId },
          after: { communityId: null },
        })
      }
    }
    return { removed: { householdId: removed.householdId, userId: removed.userId, relation: removed.relation } }
  })
})

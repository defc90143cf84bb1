import { AppError } from '../../src/core/errors'
import { removalRefusal } from '../../src/core/membership'
import { can } from '../../src/core/permissions'
import { membershipId, type Membership } from '../../src/core/roles'
import { recordAudit } from '../common/audit'
import { action, authorize } from '../common/router'
import { householdTarget } from './load-household'
import { removeInput } from './schemas'

/**
 * Takes a person off a household: the office of its community, an owner of it (family and
 * tenants, or themselves), or a family member / tenant leaving (their own userId). The last
 * bound owner stays. One transaction with an audit entry (before: the membership).
 * Outcomes: { removed } | NOT_FOUND (household, or that person is not a member) | FORBIDDEN |
 * LAST_OWNER.
 */
export const removeMember = action(removeInput, async ({ deps, user, input }) => {
  const { household, target } = await householdTarget(deps.store, input.householdId)
  const self = input.userId === user._id
  authorize(user, self && !can(user, 'members.remove', target) ? 'members.leave' : 'members.remove', target)
  const isOffice = can(user, 'members.remove', { communityId: target.communityId, districtId: target.districtId })
  return deps.store.transaction(async (tx) => {
    const memberships = await tx.find<Membership>('members', { householdId: household._id })
    const removed = memberships.find((m) => m._id === membershipId(household._id, input.userId))
    if (!removed) throw new AppError('NOT_FOUND', `${input.userId} is not a member of ${household._id}`, '这个人没有绑定这户房屋。')
    const refusal = removalRefusal(memberships, removed, { userId: user._id, isOffice })
    if (refusal === 'FORBIDDEN') throw new AppError('FORBIDDEN', 'an owner is removed by the office or by themselves', '其他业主只能由社区移除。')
    if (refusal) throw new AppError(refusal, `${removed._id}`)
    await tx.remove('members', removed._id)
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: household.communityId,
      at: deps.now(),
      by: user,
      action: 'members.remove',
      entity: 'members',
      entityId: removed._id,
      before: removed,
      after: null,
    })
    return { removed: { householdId: removed.householdId, userId: removed.userId, relation: removed.relation } }
  })
})

import type { Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { recordAudit } from '../common/audit'
import { communityTarget } from '../common/community-target'
import { DuplicateKeyError } from '../common/store'
import { action, authorize } from '../common/router'
import { pendingRequestMarkerId } from './codes'
import { joinHousehold } from './join-household'
import type { BindRequestDoc } from './request-binding'
import { decideInput } from './schemas'

/**
 * The office approves or rejects a binding request. Approving binds the applicant exactly as a
 * code would (creating their users document if they were a visitor); either way the request
 * records who decided, when and why, in one transaction with an audit entry.
 * Outcomes: { request, membership | null } | NOT_FOUND | FORBIDDEN (another community; the
 * applicant is staff or lives in another community) | CONFLICT (already decided) | ALREADY_MEMBER.
 */
export const decideRequest = action(decideInput, async ({ deps, user, input }) => {
  const request = await deps.store.get<BindRequestDoc>('bindRequests', input.id)
  if (!request) throw new AppError('NOT_FOUND', `request ${input.id}`)
  authorize(user, 'members.decide', await communityTarget(deps.store, request.communityId))
  if (request.status !== 'pending') throw new AppError('CONFLICT', `request ${request._id} is ${request.status}`, '这条申请已经处理过了，请刷新。')
  const now = deps.now()

  return deps.store.transaction(async (tx) => {
    const decided: BindRequestDoc = {
      ...request,
      status: input.approve ? 'approved' : 'rejected',
      decidedAt: now.toISOString(),
      decidedBy: user._id,
      reason: input.reason || null,
      version: request.version + 1,
    }
    let membership = null
    if (input.approve) {
      const household = await tx.get<Household>('households', request.householdId)
      if (!household) throw new AppError('NOT_FOUND', `household ${request.householdId}`, '名册里已经没有这户房屋了。')
      const joined = await joinHousehold(tx, deps, {
        openid: request.openid,
        name: request.name,
        household,
        relation: request.relation,
        via: 'request',
        addedBy: user._id,
        actor: user,
        action: 'members.decide',
        auditExtra: { request: { id: request._id, status: decided.status, reason: decided.reason } },
        auditId: `members.decide:${request._id}`,
        onDuplicate: new AppError('CONFLICT', `request ${request._id} decided meanwhile`, '这条申请已经处理过了，请刷新。'),
      })
      membership = joined.membership
      decided.userId = joined.user._id
    } else {
      try {
        await recordAudit(tx, {
          id: `members.decide:${request._id}`,
          communityId: request.communityId,
          at: now,
          by: user,
          action: 'members.decide',
          entity: 'bindRequests',
          entityId: request._id,
          before: { status: request.status },
          after: { status: decided.status, reason: decided.reason },
        })
      } catch (e) {
        // The decision's audit id is the request's: a second decision racing this one stops here.
        if (e instanceof DuplicateKeyError) throw new AppError('CONFLICT', `request ${request._id} decided meanwhile`, '这条申请已经处理过了，请刷新。')
        throw e
      }
    }
    // Two clerks deciding at once: the second finds the version moved and nothing of theirs stays.
    if (!(await tx.replaceIfVersion('bindRequests', decided, request.version))) {
      throw new AppError('CONFLICT', `request ${request._id} changed meanwhile`, '这条申请已经处理过了，请刷新。')
    }
    // The applicant may ask again once this one is decided.
    await tx.remove('bindAttempts', pendingRequestMarkerId(request.openid))
    const { openid: _o, ...shown } = decided
    return { request: shown, membership }
  })
})

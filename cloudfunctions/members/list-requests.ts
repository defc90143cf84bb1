import { AppError } from '../../src/core/errors'
import type { Household } from '../../src/core/community'
import { RELATION_LABELS } from '../../src/core/roles'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import type { Where } from '../common/store'
import type { BindRequestDoc } from './request-binding'
import { listRequestsInput } from './schemas'

/**
 * The office's queue of binding requests (pending by default), newest first, at most 200. Each
 * shows whether the name is one of the household's registered owners, so a clerk can judge an
 * "owner" request without opening the register. The applicant's phone is shown to the office
 * (it is what they gave the office to call them back); never the OPENID.
 * Outcomes: { items } | FORBIDDEN | NOT_FOUND (community).
 */
export const listRequests = action(listRequestsInput, async ({ deps, user, input }) => {
  const communityId = input.communityId ?? user.communityId
  if (!communityId) throw new AppError('INVALID_INPUT', 'communityId is required for this role', '请选择小区。')
  authorize(user, 'members.listRequests', await communityTarget(deps.store, communityId))
  const where: Where = { communityId, status: input.status ?? 'pending' }
  const requests = await deps.store.find<BindRequestDoc>('bindRequests', where, { orderBy: [{ field: 'createdAt', direction: 'desc' }], limit: 200 })
  const households = new Map<string, Household>()
  for (const id of new Set(requests.map((r) => r.householdId))) {
    const h = await deps.store.get<Household>('households', id)
    if (h) households.set(id, h)
  }
  return {
    items: requests.map(({ openid: _o, version: _v, ...r }) => {
      const h = households.get(r.householdId)
      return {
        ...r,
        label: r.householdLabel,
        relationLabel: RELATION_LABELS[r.relation],
        nameMatchesOwner: !!h && h.owners.some((o) => o.name.replace(/\s+/g, '') === r.name.replace(/\s+/g, '')),
      }
    }),
  }
})

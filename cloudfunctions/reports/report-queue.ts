import { AppError } from '../../src/core/errors'
import type { Party } from '../../src/core/parties'
import { isOverdue, OPEN_STATUSES, type Report } from '../../src/core/reports'
import { targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import type { Where } from '../common/store'
import { queueInput } from './schemas'
import { reportSummary } from './views'

export const QUEUE_MAX = 300

/**
 * The office's queue (every report of its community) or a party's (only those assigned to it now),
 * filtered by status ('open': every status still to do), by who has it (a party's id, or 'office'
 * for those the office handles itself) and by overdue; overdue first, then the soonest due. A view
 * that holds finished reports (all, resolved, confirmed) reads the most recently changed first, so
 * the newest stay in sight once there are more than QUEUE_MAX. Also
 * the choices of the "who has it" filter: the office and the community's contractors, utilities
 * and property manager (a party sees only itself).
 * Outcomes: { items, parties } | NOT_FOUND (community) | FORBIDDEN.
 */
export const reportQueue = action(queueInput, async ({ deps, user, input }) => {
  if (!user.communityId && !input.communityId) throw new AppError('FORBIDDEN', `${user.role} ${user._id} has no community queue`)
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'reports.queue', target)
  const communityId = target.community._id
  const where: Where = { communityId }
  if (input.status === 'open') where.status = { $in: [...OPEN_STATUSES] }
  else if (input.status) where.status = input.status
  const party = user.role === 'party'
  if (party) where.assigneePartyId = user.partyId ?? ''
  else if (input.partyId === 'office') where.assigneePartyId = null
  else if (input.partyId) where.assigneePartyId = input.partyId

  const openView = input.status === 'open' || (input.status !== undefined && OPEN_STATUSES.includes(input.status))
  const orderBy = openView ? ([{ field: 'dueAt', direction: 'asc' }] as const) : ([{ field: 'updatedAt', direction: 'desc' }] as const)
  const found = await deps.store.find<Report>('reports', where, { orderBy: [...orderBy, { field: '_id', direction: 'asc' }], limit: QUEUE_MAX })
  const now = deps.now()
  const items = found
    .filter((r) => party || input.partyId !== 'office' || r.assignee?.kind === 'office')
    .filter((r) => input.overdue === undefined || isOverdue(r, now) === input.overdue)
    .map((r) => reportSummary(r, user, now))
    // Overdue first; then as read (soonest due, or most recently changed). Array.sort is stable.
    .sort((a, b) => Number(b.overdue) - Number(a.overdue))

  const parties = await deps.store.find<Party>('parties', { communityId }, { orderBy: [{ field: 'name', direction: 'asc' }] })
  const choices = party
    ? parties.filter((p) => p._id === user.partyId).map((p) => ({ partyId: p._id as string | null, name: p.name }))
    : [{ partyId: null, name: '社区' }, ...parties.filter((p) => p.kind === 'contractor' || p.kind === 'utility' || p.kind === 'property').map((p) => ({ partyId: p._id as string | null, name: p.name }))]
  return { items, parties: choices }
})

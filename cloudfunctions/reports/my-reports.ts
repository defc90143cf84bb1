import type { Report } from '../../src/core/reports'
import { action, authorize } from '../common/router'
import { emptyInput } from './schemas'
import { newestFirst, reportSummary } from './views'

export const MINE_MAX = 200
/**
 * "Me too" lives in an array the store cannot query: a resident's joined reports are looked for
 * among this many newest reports of each community they belong to.
 */
export const JOINED_SCAN = 1000

/**
 * Reports I filed or said "me too" to, newest first (at most 200). Anyone registered.
 * Outcomes: { items }.
 */
export const myReports = action(emptyInput, async ({ deps, user }) => {
  authorize(user, 'reports.mine')
  const newest = { orderBy: [{ field: 'createdAt', direction: 'desc' as const }, { field: '_id', direction: 'desc' as const }] }
  const filed = await deps.store.find<Report>('reports', { reporterId: user._id }, { ...newest, limit: MINE_MAX })
  const byId = new Map(filed.map((r) => [r._id, r]))
  if (user.role === 'resident') {
    const communities = new Set([user.communityId, ...(user.memberships ?? []).map((m) => m.communityId)].filter((c): c is string => !!c))
    for (const communityId of communities) {
      const recent = await deps.store.find<Report>('reports', { communityId }, { ...newest, limit: JOINED_SCAN })
      for (const r of recent) if (r.meToo.includes(user._id)) byId.set(r._id, r)
    }
  }
  const now = deps.now()
  return { items: [...byId.values()].sort(newestFirst).slice(0, MINE_MAX).map((r) => reportSummary(r, user, now)) }
})

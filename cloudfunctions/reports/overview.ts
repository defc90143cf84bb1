import type { Community } from '../../src/core/community'
import { isOverdue, OPEN_STATUSES, type Report } from '../../src/core/reports'
import type { ReportsOverview } from '../../src/core/works-view'
import { action, authorize } from '../common/router'
import { emptyInput } from './schemas'
import { reportSummary } from './views'

export const OVERDUE_MAX = 100
/** Per community, at most this many confirmed reports are read for the average rating. */
export const RATED_SCAN = 1000

/**
 * Issue reports across the district (a district officer: every community of their district; an
 * admin: every community): per community the open, overdue and confirmed reports and the average
 * rating (one decimal; null before the first), and the overdue reports, oldest due first (≤ 100).
 * Outcomes: ReportsOverview | FORBIDDEN.
 */
export const reportsOverview = action(emptyInput, async ({ deps, user }): Promise<ReportsOverview> => {
  authorize(user, 'reports.overview', user.role === 'district' && user.districtId ? { districtId: user.districtId } : {})
  const communities =
    user.role === 'district'
      ? await deps.store.find<Community>('communities', { districtId: user.districtId ?? '' }, { orderBy: [{ field: '_id', direction: 'asc' }], limit: 1000 })
      : await deps.store.find<Community>('communities', {}, { orderBy: [{ field: '_id', direction: 'asc' }], limit: 1000 })
  const now = deps.now()
  const open = { $in: [...OPEN_STATUSES] }
  const rows: ReportsOverview['communities'] = []
  const overdue: ReportsOverview['overdue'] = []
  for (const c of communities) {
    const [openCount, late, confirmed] = await Promise.all([
      deps.store.count('reports', { communityId: c._id, status: open }),
      deps.store.find<Report>('reports', { communityId: c._id, status: open, dueAt: { $lte: now.toISOString() } }, { orderBy: [{ field: 'dueAt', direction: 'asc' }], limit: OVERDUE_MAX }),
      deps.store.find<Report>('reports', { communityId: c._id, status: 'confirmed' }, { orderBy: [{ field: 'updatedAt', direction: 'desc' }], limit: RATED_SCAN }),
    ])
    const lateNow = late.filter((r) => isOverdue(r, now))
    const overdueCount = lateNow.length < OVERDUE_MAX ? lateNow.length : await deps.store.count('reports', { communityId: c._id, status: open, dueAt: { $lte: now.toISOString() } })
    const stars = confirmed.flatMap((r) => (r.rating ? [r.rating.stars] : []))
    const confirmedCount = confirmed.length < RATED_SCAN ? confirmed.length : await deps.store.count('reports', { communityId: c._id, status: 'confirmed' })
    rows.push({
      communityId: c._id,
      name: c.name,
      open: openCount,
      overdue: overdueCount,
      confirmed: confirmedCount,
      averageStars: stars.length ? Math.round((stars.reduce((a, b) => a + b, 0) / stars.length) * 10) / 10 : null,
    })
    for (const r of lateNow) overdue.push({ ...reportSummary(r, user, now), communityName: c.name })
  }
  overdue.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a._id < b._id ? -1 : 1))
  rows.sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name, 'zh'))
  return { communities: rows, overdue: overdue.slice(0, OVERDUE_MAX) }
})

import type { Building } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { isSimilar, OPEN_STATUSES, SIMILAR_MAX, type Report } from '../../src/core/reports'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { similarInput } from './schemas'
import { reportSummary } from './views'

/** Open reports of one building read to find similar ones (newest first). */
export const SIMILAR_SCAN = 200

/**
 * Open reports like the draft a resident is writing (same item, or same category; same building
 * and unit: isSimilar), newest first, at most SIMILAR_MAX: offered as "me too" before a duplicate
 * is filed. The community is the building's.
 * Outcomes: { items } | NOT_FOUND (building) | FORBIDDEN.
 */
export const similarReports = action(similarInput, async ({ deps, user, input }) => {
  const building = await deps.store.get<Building>('buildings', input.buildingId)
  if (!building) throw new AppError('NOT_FOUND', `building ${input.buildingId}`, '没有找到这栋楼，请重新选择。')
  const target = await communityTarget(deps.store, building.communityId)
  authorize(user, 'reports.similar', target)
  const open = await deps.store.find<Report>(
    'reports',
    { communityId: building.communityId, buildingId: building._id, status: { $in: [...OPEN_STATUSES] } },
    { orderBy: [{ field: 'createdAt', direction: 'desc' }, { field: '_id', direction: 'desc' }], limit: SIMILAR_SCAN },
  )
  const now = deps.now()
  return { items: open.filter((r) => isSimilar(r, input)).slice(0, SIMILAR_MAX).map((r) => reportSummary(r, user, now)) }
})

import { AppError } from '../../src/core/errors'
import type { Notice } from '../../src/core/notice'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import type { Where } from '../common/store'
import { listInput } from './schemas'

/**
 * Lists notices of a community (the caller's own unless a district officer names one).
 * Residents get what is published and due; the office may also list scheduled (published, not
 * yet due), draft and withdrawn ones.
 * Outcomes: { items, total } | NOT_FOUND (community) | FORBIDDEN.
 */
export const listNotices = action(listInput, async ({ deps, user, input }) => {
  const communityId = input.communityId ?? user.communityId
  if (!communityId) throw new AppError('INVALID_INPUT', 'communityId is required for this role', '请选择小区。')
  const target = await communityTarget(deps.store, communityId)
  const status = input.status ?? 'published'
  authorize(user, status === 'published' ? 'notices.list' : 'notices.listDrafts', target)
  const now = deps.now().getTime()
  const where: Where =
    status === 'published'
      ? { communityId, status, publishAt: { $lte: new Date(now).toISOString() } }
      : status === 'scheduled'
        ? { communityId, status: 'published', publishAt: { $gte: new Date(now + 1).toISOString() } }
        : { communityId, status }
  const orderField = status === 'published' || status === 'scheduled' ? 'publishAt' : 'updatedAt'
  const [items, total] = await Promise.all([
    deps.store.find<Notice>('notices', where, {
      orderBy: [{ field: orderField, direction: 'desc' }],
      limit: input.limit ?? 20,
      skip: input.offset ?? 0,
    }),
    deps.store.count('notices', where),
  ])
  return { items, total, community: { _id: target.community._id, name: target.community.name } }
})

import type { Feedback } from '../../src/core/feedback'
import type { Plan } from '../../src/core/plan'
import { latestEdition } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { emptyInput } from './schemas'
import { feedbackView, notificationView, titlesOf, type NotificationDoc } from './views'

export const MINE_MAX = 200
export const NOTIFICATIONS_MAX = 50

/**
 * My own comments and objections (full text, with replies and any hiding reason), newest first,
 * and my notifications (newest first, at most 50). Anyone registered.
 * Outcomes: { items, notifications }.
 */
export const myFeedback = action(emptyInput, async ({ deps, user }) => {
  authorize(user, 'feedback.mine')
  const [entries, notifications] = await Promise.all([
    deps.store.find<Feedback>('feedback', { authorId: user._id }, { orderBy: [{ field: 'createdAt', direction: 'desc' }, { field: '_id', direction: 'desc' }], limit: MINE_MAX }),
    deps.store.find<NotificationDoc>('notifications', { userId: user._id }, { orderBy: [{ field: 'at', direction: 'desc' }, { field: '_id', direction: 'desc' }], limit: NOTIFICATIONS_MAX }),
  ])
  const titles = new Map<string, string>()
  for (const planId of new Set(entries.map((f) => f.planId))) {
    const plan = await deps.store.get<Plan>('plans', planId)
    for (const [id, title] of titlesOf(plan ? await latestEdition(deps.store, plan) : null)) titles.set(id, title)
  }
  return {
    items: entries.map((f) => feedbackView(f, { userId: user._id, full: true }, titles)),
    notifications: notifications.map(notificationView),
  }
})

import { action, authorize } from '../common/router'
import { emptyInput } from './schemas'
import type { NotificationDoc } from './views'

/** Marked per transaction (CloudBase transactions should stay small). */
const BATCH = 50

/**
 * Marks all my unread notifications read. Notifications carry no version: each is rewritten
 * whole (remove + insert) inside a transaction, as the store has no partial update.
 * Outcomes: { marked }.
 */
export const markRead = action(emptyInput, async ({ deps, user }) => {
  authorize(user, 'feedback.markRead')
  const now = deps.now().toISOString()
  const unread = await deps.store.find<NotificationDoc>('notifications', { userId: user._id, readAt: null }, { orderBy: [{ field: 'at', direction: 'asc' }] })
  let marked = 0
  for (let i = 0; i < unread.length; i += BATCH) {
    marked += await deps.store.transaction(async (tx) => {
      let n = 0
      for (const doc of unread.slice(i, i + BATCH)) {
        const current = await tx.get<NotificationDoc>('notifications', doc._id)
        if (!current || current.readAt !== null) continue
        await tx.remove('notifications', doc._id)
        await tx.insert('notifications', { ...current, readAt: now })
        n += 1
      }
      return n
    })
  }
  return { marked }
})

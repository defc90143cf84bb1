import { isHandled, type Feedback } from '../../src/core/feedback'
import { can } from '../../src/core/permissions'
import { latestEdition, loadPlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import type { Where } from '../common/store'
import { listInput } from './schemas'
import { feedbackView, titlesOf } from './views'

export const LIST_MAX = 200

/**
 * Comments and objections on the community's plan, newest first (at most 200), optionally for one
 * item, one kind, or only the open ones (neither answered nor hidden). The office sees everything;
 * residents and the district see households down to the stairwell unit and, of hidden entries,
 * only the reason they were hidden; everyone sees their own in full.
 * Outcomes: { items } | NOT_FOUND (community) | FORBIDDEN.
 */
export const listFeedback = action(listInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'feedback.list', target)
  const plan = await loadPlan(deps.store, target.community._id)
  if (!plan) return { items: [] }
  const where: Where = { planId: plan._id }
  if (input.itemId) where.itemId = input.itemId
  if (input.kind) where.kind = input.kind
  if (input.open) where.reply = null
  const [entries, edition] = await Promise.all([
    deps.store.find<Feedback>('feedback', where, { orderBy: [{ field: 'createdAt', direction: 'desc' }, { field: '_id', direction: 'desc' }], limit: LIST_MAX }),
    latestEdition(deps.store, plan),
  ])
  const viewer = { userId: user._id, full: can(user, 'feedback.reply', target) }
  const titles = titlesOf(edition)
  // Open = not yet handled: a hidden comment is handled, a hidden objection still awaits its answer.
  const shown = input.open ? entries.filter((f) => !isHandled(f)) : entries
  return { items: shown.map((f) => feedbackView(f, viewer, titles)) }
})

import { AppError } from '../../src/core/errors'
import { hide } from '../../src/core/feedback'
import { recordAudit } from '../common/audit'
import { latestEdition, loadPlan } from '../common/plan-store'
import { action } from '../common/router'
import { hideInput } from './schemas'
import { checkFeedbackVersion, feedbackView, loadFeedback, titlesOf } from './views'

/**
 * The office hides an abusive comment or objection with a reason everyone sees; it stays stored,
 * and the change log records who hid what and why (same transaction). A hidden objection no
 * longer holds up 立项.
 * Outcomes: FeedbackView | INVALID_INPUT (already hidden) | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const hideFeedback = action(hideInput, async ({ deps, user, input }) => {
  const f = await loadFeedback(deps.store, user, input.id, 'feedback.hide')
  checkFeedbackVersion(f, input.version)
  const now = deps.now()
  const next = hide(f, input.reason, user, now)
  await deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('feedback', next, input.version))) {
      throw new AppError('CONFLICT', `feedback ${f._id} is no longer at version ${input.version}`, '这条意见刚被别人处理过，请刷新后再试。')
    }
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: f.communityId,
      at: now,
      by: user,
      action: 'feedback.hide',
      entity: 'feedback',
      entityId: f._id,
      before: { text: f.text, hidden: null },
      after: { text: f.text, hidden: input.reason },
    })
  })
  const plan = await loadPlan(deps.store, f.communityId)
  const edition = plan ? await latestEdition(deps.store, plan) : null
  return feedbackView(next, { userId: user._id, full: true }, titlesOf(edition))
})

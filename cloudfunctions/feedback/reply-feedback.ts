import { replyTo } from '../../src/core/feedback'
import { AppError } from '../../src/core/errors'
import { latestEdition, loadPlan } from '../common/plan-store'
import { action } from '../common/router'
import { replyInput } from './schemas'
import { checkFeedbackVersion, feedbackView, loadFeedback, titlesOf, type NotificationDoc } from './views'

/** The first 60 characters of a reply, as the notification's body. */
export function excerpt(text: string, max = 60): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`
}

/**
 * The office answers a comment or objection (a second reply replaces the first: an edit). The
 * author gets a notification in the same transaction — saying so when it is an edit.
 * Outcomes: FeedbackView | INVALID_INPUT (hidden) | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const replyFeedback = action(replyInput, async ({ deps, user, input }) => {
  const f = await loadFeedback(deps.store, user, input.id, 'feedback.reply')
  checkFeedbackVersion(f, input.version)
  const now = deps.now()
  const edit = f.reply !== null
  const next = replyTo(f, input.text, user, now)
  const notification: NotificationDoc = {
    _id: deps.newId(),
    userId: f.authorId,
    communityId: f.communityId,
    title: edit ? '社区修改了对您意见的回复' : '社区回复了您的意见',
    body: excerpt(input.text),
    feedbackId: f._id,
    at: now.toISOString(),
    readAt: null,
  }
  await deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('feedback', next, input.version))) {
      throw new AppError('CONFLICT', `feedback ${f._id} is no longer at version ${input.version}`, '这条意见刚被别人处理过，请刷新后再试。')
    }
    await tx.insert('notifications', notification)
  })
  const plan = await loadPlan(deps.store, f.communityId)
  const edition = plan ? await latestEdition(deps.store, plan) : null
  return feedbackView(next, { userId: user._id, full: true }, titlesOf(edition))
})

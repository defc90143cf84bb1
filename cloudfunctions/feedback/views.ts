import { AppError } from '../../src/core/errors'
import type { Feedback } from '../../src/core/feedback'
import type { PlanEdition } from '../../src/core/plan'
import type { FeedbackView, NotificationView } from '../../src/core/plan-view'
import type { User } from '../../src/core/roles'
import { communityTarget } from '../common/community-target'
import { authorize } from '../common/router'
import type { StoreOps } from '../common/store'

/** An in-app notice to one person (stored in `notifications`). */
export interface NotificationDoc {
  _id: string
  userId: string
  communityId: string
  title: string
  body: string
  feedbackId: string | null
  /** Issue 6: a report of mine (or one I said "me too" to) was marked resolved. Absent on older docs. */
  reportId?: string | null
  at: string
  readAt: string | null
}

export function notificationView(n: NotificationDoc): NotificationView {
  return { _id: n._id, title: n.title, body: n.body, feedbackId: n.feedbackId, reportId: n.reportId ?? null, at: n.at, read: n.readAt !== null }
}

/** "3号楼2单元501" → "3号楼2单元": others learn the stairwell, not the flat. */
export function stairwellOf(label: string): string {
  return /^.*?单元/.exec(label)?.[0] ?? ''
}

/**
 * A comment or objection as the caller may see it. `full` (the office of the community, or the
 * author) sees everything; anyone else sees the household only down to its stairwell unit, and
 * nothing of a hidden one but that it was hidden and why.
 */
export function feedbackView(f: Feedback, viewer: { userId: string; full: boolean }, itemTitles: ReadonlyMap<string, string>): FeedbackView {
  const { authorId, householdId: _h, text, photos, householdLabel, ...rest } = f
  const mine = authorId === viewer.userId
  const full = viewer.full || mine
  const hiddenFromViewer = !full && f.hidden !== null
  return {
    ...rest,
    householdLabel: full ? householdLabel : stairwellOf(householdLabel),
    text: hiddenFromViewer ? '' : text,
    photos: hiddenFromViewer ? [] : photos,
    mine,
    itemTitle: f.itemId === null ? null : (itemTitles.get(f.itemId) ?? null),
  }
}

/** Item titles of an edition, by item id. */
export function titlesOf(edition: Pick<PlanEdition, 'items'> | null): Map<string, string> {
  return new Map((edition?.items ?? []).map((i) => [i._id, i.title]))
}

/** Loads a feedback entry and checks `what` against its community (the office's reply/hide). */
export async function loadFeedback(store: StoreOps, user: User, id: string, what: 'feedback.reply' | 'feedback.hide'): Promise<Feedback> {
  const f = await store.get<Feedback>('feedback', id)
  if (!f) throw new AppError('NOT_FOUND', `feedback ${id}`, '没有找到这条意见，请刷新后再试。')
  const target = await communityTarget(store, f.communityId)
  authorize(user, what, target)
  return f
}

export function checkFeedbackVersion(f: Feedback, version: number): void {
  if (f.version !== version) throw new AppError('CONFLICT', `feedback ${f._id} is at version ${f.version}, not ${version}`, '这条意见刚被别人处理过，请刷新后再试。')
}

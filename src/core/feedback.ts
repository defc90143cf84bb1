import * as z from 'zod/mini'
import { AppError } from './errors'

/**
 * Residents' say on a published plan: comments on the plan or an item at any time, and
 * objections (异议) while the 公示 runs. The office answers each; abuse can be hidden with a
 * logged reason (it stays stored). Every objection must be answered before 立项, hidden or not.
 */
export const FEEDBACK_KINDS = ['comment', 'objection'] as const
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number]
export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, string> = { comment: '意见建议', objection: '公示异议' }

export const FEEDBACK_TEXT_MAX = 500
export const FEEDBACK_PHOTOS_MAX = 9
export const REPLY_MAX = 1000
export const HIDE_REASON_MAX = 200

export const feedbackFieldsSchema = z.object({
  kind: z.enum(FEEDBACK_KINDS, '请选择是意见建议还是公示异议'),
  /** An item of the plan, or null for the plan as a whole. */
  itemId: z.nullable(z.string().check(z.minLength(1), z.maxLength(80))),
  text: z.string().check(z.trim(), z.minLength(1, '请写下您的意见'), z.maxLength(FEEDBACK_TEXT_MAX, `意见不能超过 ${FEEDBACK_TEXT_MAX} 个字`)),
  photos: z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.maxLength(FEEDBACK_PHOTOS_MAX, `照片最多 ${FEEDBACK_PHOTOS_MAX} 张`)),
})
export type FeedbackFields = z.infer<typeof feedbackFieldsSchema>

export interface Feedback {
  _id: string
  communityId: string
  planId: string
  /** The published edition it was written on. */
  edition: number
  itemId: string | null
  kind: FeedbackKind
  text: string
  photos: string[]
  authorId: string
  /** "3号楼2单元501" of the author's household (shown to the office, masked to others). */
  householdId: string
  householdLabel: string
  createdAt: string
  reply: { text: string; at: string; byUserId: string; byName: string } | null
  hidden: { reason: string; at: string; byUserId: string } | null
  version: number
}

/** Objections only while the edition's 公示 runs; comments while any edition is out. */
export function checkCanLodge(kind: FeedbackKind, publicityRunning: boolean): void {
  if (kind === 'objection' && !publicityRunning) {
    throw new AppError('PUBLICITY_CLOSED', 'objections are only taken while the plan publicity runs')
  }
}

/** A comment is handled once answered or hidden; an objection only once answered (hidden or not). */
export function isHandled(f: Pick<Feedback, 'kind' | 'reply' | 'hidden'>): boolean {
  return f.reply !== null || (f.kind === 'comment' && f.hidden !== null)
}

/** The same rule as a store condition, to count a plan's unhandled entries of one kind. */
export function unhandledWhere(planId: string, kind: FeedbackKind): { planId: string; kind: FeedbackKind; reply: null; hidden?: null } {
  return kind === 'objection' ? { planId, kind, reply: null } : { planId, kind, reply: null, hidden: null }
}

export function replyTo(f: Feedback, text: string, by: { _id: string; name: string }, now: Date): Feedback {
  // A hidden objection must still be answered before 立项; a hidden comment needs no reply.
  if (f.hidden && f.kind !== 'objection') throw new AppError('INVALID_INPUT', `feedback ${f._id} is hidden`, '这条意见已被隐藏，不能再答复。')
  return { ...f, reply: { text, at: now.toISOString(), byUserId: by._id, byName: by.name }, version: f.version + 1 }
}

export function hide(f: Feedback, reason: string, by: { _id: string }, now: Date): Feedback {
  if (f.hidden) throw new AppError('INVALID_INPUT', `feedback ${f._id} is already hidden`, '这条意见已经隐藏了。')
  return { ...f, hidden: { reason, at: now.toISOString(), byUserId: by._id }, version: f.version + 1 }
}

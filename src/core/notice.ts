import * as z from 'zod/mini'
import { AppError } from './errors'
import { chinaDate, daysBetween, endOfChinaDay, formatChinaDate, isValidDate } from './time'

export const NOTICE_KINDS = ['notice', 'publicity'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = { notice: '通知公告', publicity: '公示' }

export const NOTICE_STATUSES = ['draft', 'published', 'withdrawn'] as const
export type NoticeStatus = (typeof NOTICE_STATUSES)[number]
export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  draft: '草稿',
  published: '已发布',
  withdrawn: '已撤回',
}

export const TITLE_MAX = 60
export const BODY_MAX = 5000
export const REASON_MAX = 200
/** A publicity period longer than this is almost certainly a typo. */
export const PUBLICITY_MAX_DAYS = 90
/** Commonly 5–10 days (domain.md); the form suggests this. */
export const PUBLICITY_DEFAULT_DAYS = 7

const dateString = z.string().check(
  z.refine(isValidDate, { message: '日期格式应为 年-月-日，例如 2026-12-01' }),
)

export const noticeFieldsSchema = z.object({
  title: z.string().check(
    z.trim(),
    z.minLength(1, '请填写标题'),
    z.maxLength(TITLE_MAX, `标题不能超过 ${TITLE_MAX} 个字`),
  ),
  body: z.string().check(
    z.trim(),
    z.minLength(1, '请填写正文'),
    z.maxLength(BODY_MAX, `正文不能超过 ${BODY_MAX} 个字`),
  ),
  kind: z.enum(NOTICE_KINDS, '请选择公告类型'),
  /** Last day (inclusive, China date) of the publicity period; required for 公示. */
  publicityEndsOn: z.optional(z.nullable(dateString)),
})
export type NoticeFields = z.infer<typeof noticeFieldsSchema>

export interface Notice {
  _id: string
  communityId: string
  title: string
  body: string
  kind: NoticeKind
  status: NoticeStatus
  publicityEndsOn: string | null
  /** Bumped on every change; edits carry the version they were made on. */
  version: number
  createdBy: string
  createdAt: string
  updatedAt: string
  /** When it becomes visible to residents (may be in the future: scheduled). */
  publishAt: string | null
  publishedBy: string | null
  withdrawnAt: string | null
  withdrawnBy: string | null
  withdrawReason: string | null
}

export function newDraft(
  fields: NoticeFields,
  ids: { id: string; communityId: string; userId: string },
  now: Date,
): Notice {
  const at = now.toISOString()
  return {
    _id: ids.id,
    communityId: ids.communityId,
    title: fields.title,
    body: fields.body,
    kind: fields.kind,
    publicityEndsOn: fields.publicityEndsOn ?? null,
    status: 'draft',
    version: 1,
    createdBy: ids.userId,
    createdAt: at,
    updatedAt: at,
    publishAt: null,
    publishedBy: null,
    withdrawnAt: null,
    withdrawnBy: null,
    withdrawReason: null,
  }
}

export function editDraft(notice: Notice, fields: NoticeFields, now: Date): Notice {
  if (notice.status !== 'draft') throw new AppError('NOTICE_NOT_DRAFT', `notice ${notice._id} is ${notice.status}`)
  return {
    ...notice,
    title: fields.title,
    body: fields.body,
    kind: fields.kind,
    publicityEndsOn: fields.publicityEndsOn ?? null,
    version: notice.version + 1,
    updatedAt: now.toISOString(),
  }
}

/** Checks the publicity period against the day the notice goes out. */
export function checkPublicityPeriod(kind: NoticeKind, endsOn: string | null, publishDay: string): void {
  if (kind !== 'publicity') return
  if (!endsOn) throw new AppError('INVALID_INPUT', 'publicityEndsOn is required for kind publicity', '公示需要填写公示截止日期。')
  const days = daysBetween(publishDay, endsOn)
  if (days < 1) {
    throw new AppError('INVALID_INPUT', `publicityEndsOn ${endsOn} is not after ${publishDay}`, '公示截止日期要晚于发布日期。')
  }
  if (days > PUBLICITY_MAX_DAYS) {
    throw new AppError('INVALID_INPUT', `publicity period of ${days} days`, `公示期不能超过 ${PUBLICITY_MAX_DAYS} 天，请检查截止日期。`)
  }
}

/** Publishes a draft now, or at `publishAt` (scheduled) if that is later. */
export function publish(notice: Notice, userId: string, now: Date, publishAt?: Date): Notice {
  if (notice.status !== 'draft') throw new AppError('NOTICE_NOT_DRAFT', `notice ${notice._id} is ${notice.status}`)
  const at = publishAt && publishAt > now ? publishAt : now
  checkPublicityPeriod(notice.kind, notice.publicityEndsOn, chinaDate(at))
  return {
    ...notice,
    status: 'published',
    publishAt: at.toISOString(),
    publishedBy: userId,
    version: notice.version + 1,
    updatedAt: now.toISOString(),
  }
}

export function withdraw(notice: Notice, userId: string, reason: string, now: Date): Notice {
  if (notice.status !== 'published') throw new AppError('NOTICE_NOT_PUBLISHED', `notice ${notice._id} is ${notice.status}`)
  return {
    ...notice,
    status: 'withdrawn',
    withdrawnAt: now.toISOString(),
    withdrawnBy: userId,
    withdrawReason: reason,
    version: notice.version + 1,
    updatedAt: now.toISOString(),
  }
}

/** Residents see a notice once it is published and its publish time has come. */
export function isVisibleToResidents(notice: Notice, now: Date): boolean {
  return notice.status === 'published' && notice.publishAt !== null && new Date(notice.publishAt) <= now
}

/**
 * Whether residents may open a notice: a published one once due, or a withdrawn one that had
 * gone out before it was withdrawn (it then shows why it was withdrawn). A scheduled notice
 * withdrawn before its time was never public and stays hidden.
 */
export function isOpenToResidents(notice: Notice, now: Date): boolean {
  if (notice.status === 'withdrawn') {
    return notice.publishAt !== null && notice.withdrawnAt !== null && notice.publishAt <= notice.withdrawnAt
  }
  return isVisibleToResidents(notice, now)
}

/** Published but not yet due. */
export function isScheduled(notice: Notice, now: Date): boolean {
  return notice.status === 'published' && notice.publishAt !== null && new Date(notice.publishAt) > now
}

export type PublicityState =
  | { kind: 'none' }
  | { kind: 'running'; daysLeft: number; totalDays: number; elapsedDays: number; endsOn: string }
  | { kind: 'ended'; endsOn: string }

/** Where a 公示 stands: days left count the end date itself (it runs to the end of that day). */
export function publicityState(notice: Notice, now: Date): PublicityState {
  if (notice.kind !== 'publicity' || !notice.publicityEndsOn) return { kind: 'none' }
  const endsOn = notice.publicityEndsOn
  if (now > endOfChinaDay(endsOn)) return { kind: 'ended', endsOn }
  const start = notice.publishAt ? chinaDate(notice.publishAt) : chinaDate(now)
  const today = chinaDate(now)
  const totalDays = Math.max(1, daysBetween(start, endsOn) + 1)
  // A scheduled 公示 has not started yet: the whole period is still ahead (never a negative elapsed).
  const daysLeft = Math.min(totalDays, daysBetween(today, endsOn) + 1)
  return { kind: 'running', daysLeft, totalDays, elapsedDays: totalDays - daysLeft, endsOn }
}

/** The line shown under a 公示, e.g. "公示期至 2026年12月2日，还剩 3 天". */
export function publicityLabel(state: PublicityState): string {
  if (state.kind === 'none') return ''
  if (state.kind === 'ended') return `公示期已于 ${formatChinaDate(state.endsOn)} 结束`
  return `公示期至 ${formatChinaDate(state.endsOn)}，还剩 ${state.daysLeft} 天`
}

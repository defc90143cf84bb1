import * as z from 'zod/mini'
import { ratingSchema, REPORT_CATEGORY_KEYS, REPORT_STATUSES, reportFieldsSchema, STEP_NOTE_MAX, type ReportCategory } from '../../src/core/reports'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(120))
export const versionSchema = z.number().check(z.int(), z.minimum(1))

/** A client request id: generated once per report the resident files, reused when the page retries. */
export const requestIdSchema = z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/, '提交编号不对，请刷新页面后重新提交'))

export const createInput = z.extend(reportFieldsSchema, { requestId: requestIdSchema })

/** The draft a "me too" search is made from (reportsApi.similar). */
export const similarInput = z.object({
  itemId: z.nullable(idSchema),
  category: z.enum(REPORT_CATEGORY_KEYS as [ReportCategory, ...ReportCategory[]], '请选择问题类别'),
  buildingId: idSchema,
  unitId: z.nullable(idSchema),
})

export const reportInput = z.object({ reportId: idSchema })

/** One step of the status machine: accept, assign, start, resolve, confirm, reopen. */
export const stepInput = z.object({
  reportId: idSchema,
  version: versionSchema,
  note: z.optional(z.string().check(z.trim(), z.maxLength(STEP_NOTE_MAX, `说明不能超过 ${STEP_NOTE_MAX} 个字`))),
  /** assign: a party of the community, or null for the office itself. */
  partyId: z.optional(z.nullable(idSchema)),
  /** confirm: the reporter's rating of the fix. */
  rating: z.optional(ratingSchema),
})
export type StepInput = z.infer<typeof stepInput>

export const queueInput = z.object({
  /** Staff act in their own community; naming it is optional (it must be theirs). */
  communityId: z.optional(idSchema),
  status: z.optional(z.enum([...REPORT_STATUSES, 'open'] as const)),
  partyId: z.optional(idSchema),
  overdue: z.optional(z.boolean()),
})

export const emptyInput = z.object({})

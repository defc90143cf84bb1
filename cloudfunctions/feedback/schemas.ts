import * as z from 'zod/mini'
import { FEEDBACK_KINDS, feedbackFieldsSchema, HIDE_REASON_MAX, REPLY_MAX } from '../../src/core/feedback'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(120))
export const versionSchema = z.number().check(z.int(), z.minimum(1))

export const listInput = z.object({
  /** District officers name the community; others read their own. */
  communityId: z.optional(idSchema),
  itemId: z.optional(idSchema),
  kind: z.optional(z.enum(FEEDBACK_KINDS)),
  /** Only those neither answered nor hidden. */
  open: z.optional(z.boolean()),
})

export const createInput = z.extend(feedbackFieldsSchema, { householdId: idSchema })

export const replyInput = z.object({
  id: idSchema,
  version: versionSchema,
  text: z.string().check(z.trim(), z.minLength(1, '请填写答复内容'), z.maxLength(REPLY_MAX, `答复不能超过 ${REPLY_MAX} 个字`)),
})

export const hideInput = z.object({
  id: idSchema,
  version: versionSchema,
  reason: z.string().check(z.trim(), z.minLength(1, '请填写隐藏的原因'), z.maxLength(HIDE_REASON_MAX, `原因不能超过 ${HIDE_REASON_MAX} 个字`)),
})

export const emptyInput = z.object({})

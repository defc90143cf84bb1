import * as z from 'zod/mini'
import { noticeFieldsSchema, REASON_MAX } from '../../src/core/notice'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(64))
export const versionSchema = z.number().check(z.int(), z.minimum(1))

export const listInput = z.object({
  communityId: z.optional(idSchema),
  status: z.optional(z.enum(['published', 'scheduled', 'draft', 'withdrawn'])),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(50))),
  offset: z.optional(z.number().check(z.int(), z.minimum(0))),
})

export const getInput = z.object({ id: idSchema })

export const createInput = z.extend(noticeFieldsSchema, { communityId: z.optional(idSchema) })

export const updateInput = z.extend(noticeFieldsSchema, { id: idSchema, version: versionSchema })

export const publishInput = z.object({
  id: idSchema,
  version: versionSchema,
  /** Scheduled publication (ISO date-time); omitted or past = now. */
  publishAt: z.optional(z.nullable(z.iso.datetime({ offset: true, message: '发布时间格式不对' }))),
})

export const withdrawInput = z.object({
  id: idSchema,
  version: versionSchema,
  reason: z.string().check(
    z.trim(),
    z.minLength(1, '请填写撤回原因'),
    z.maxLength(REASON_MAX, `撤回原因不能超过 ${REASON_MAX} 个字`),
  ),
})

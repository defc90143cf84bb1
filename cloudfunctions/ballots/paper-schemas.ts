import * as z from 'zod/mini'
import { answerSchema, QUESTIONS_MAX } from '../../src/core/ballot'
import { helperSchema, paperNoteSchema, PAPER_PHOTOS_MAX, PAPER_RELATIONS, voterNameSchema } from '../../src/core/paper'
import { fileIdSchema } from '../../src/core/plan'
import { grantorSchema, proxyNoteSchema, PROXY_PHOTOS_MAX } from '../../src/core/proxies'

/** Inputs of the paper-ballot and proxy actions of the `ballots` function. */
const id = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(120))
const version = z.number().check(z.int(), z.minimum(1))

export const enterPaperInput = z.object({
  ballotId: id,
  householdId: id,
  answers: z.array(answerSchema).check(z.minLength(1, '请录入纸质选票上的回答（至少一项）'), z.maxLength(QUESTIONS_MAX)),
  photos: z.array(fileIdSchema).check(z.minLength(1, '请拍下纸质选票的照片（至少一张）'), z.maxLength(PAPER_PHOTOS_MAX, `照片最多 ${PAPER_PHOTOS_MAX} 张`)),
  voterName: voterNameSchema,
  /** Who signed: the owner (default), a proxy (photograph the written authorisation too), family or a tenant (surveys only). */
  relation: z.optional(z.enum(PAPER_RELATIONS, '请选择投票人与这户的关系')),
  /** Who helped fill it in, if anyone. */
  assistedBy: z.optional(helperSchema),
})

export const confirmPaperInput = z.object({ paperId: id, version })

export const rejectPaperInput = z.object({
  paperId: id,
  version,
  reason: z.string().check(z.trim(), z.minLength(1, '请写明退回的原因'), z.maxLength(200, '原因不能超过 200 个字')),
})

export const listPaperInput = z.object({ ballotId: id })

export const resolveConflictInput = z.object({
  paperId: id,
  version,
  keep: z.enum(['online', 'paper'], '请选择以哪一份投票为准'),
  note: paperNoteSchema,
})

/** The authorised person: by user id, or by a household they are bound to and their name there. */
const personSchema = z.union([
  z.object({ userId: id }),
  z.object({ householdId: id, name: z.string().check(z.trim(), z.minLength(1, '请填写代理人姓名'), z.maxLength(20, '代理人姓名不能超过 20 个字')) }),
])

export const addProxyInput = z.object({
  householdId: id,
  person: personSchema,
  /** One ballot, or null/omitted for every ballot of the community. */
  ballotId: z.optional(z.nullable(id)),
  grantorName: grantorSchema,
  photos: z.array(fileIdSchema).check(z.minLength(1, '请拍下业主签字的书面委托书（至少一张照片）'), z.maxLength(PROXY_PHOTOS_MAX, `照片最多 ${PROXY_PHOTOS_MAX} 张`)),
  note: z.optional(proxyNoteSchema),
})

export const listProxiesInput = z.object({
  communityId: z.optional(id),
  householdId: z.optional(id),
  ballotId: z.optional(id),
})

export const revokeProxyInput = z.object({
  proxyId: id,
  version,
  reason: z.string().check(z.trim(), z.minLength(1, '请填写撤销的原因'), z.maxLength(200, '原因不能超过 200 个字')),
})

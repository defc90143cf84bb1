import * as z from 'zod/mini'
import { RELATIONS } from '../../src/core/roles'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(120))
const relation = z.enum(RELATIONS, '请选择与这户的关系：业主本人、家庭成员或租户')
const displayName = z.string().check(z.trim(), z.minLength(1, '请填写姓名'), z.maxLength(20, '姓名不能超过 20 个字'))
const buildingNumber = z.number('请填写楼号').check(z.int('楼号应为整数'), z.minimum(1, '楼号不对'), z.maximum(999, '楼号不对'))

/** The office prints new codes for one building, or for the whole community. */
export const issueCodesInput = z.object({
  communityId: z.optional(idSchema),
  buildingNumber: z.optional(buildingNumber),
})

export const bindInput = z.object({
  /** As typed: "ABCD-EFGH", "abcd efgh"… (normalised by src/core/bind-code.ts). */
  code: z.string().check(z.minLength(1, '请输入绑定码'), z.maxLength(40, '绑定码太长了，请核对后重新输入')),
  relation,
  name: displayName,
  /** Owners: the last 4 characters of their ID card, to tell them from namesakes. */
  ownerIdTail: z.optional(z.string().check(z.trim(), z.regex(/^\d{3}[\dXx]$/, '身份证后四位应为 4 位数字（最后一位可以是 X）'))),
})

export const requestInput = z.object({
  /** Visitors name the community they live in (the H5 demo passes the demo community). */
  communityId: z.optional(idSchema),
  buildingNumber,
  unitNumber: z.number('请填写单元号').check(z.int('单元号应为整数'), z.minimum(1, '单元号不对'), z.maximum(99, '单元号不对')),
  room: z.string().check(z.trim(), z.minLength(1, '请填写门牌号'), z.maxLength(10, '门牌号不对')),
  relation,
  name: displayName,
  phone: z.optional(z.string().check(z.trim(), z.regex(/^1\d{10}$/, '手机号应为 11 位数字'))),
  note: z.optional(z.string().check(z.trim(), z.maxLength(100, '备注不能超过 100 个字'))),
})

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const

export const listRequestsInput = z.object({
  communityId: z.optional(idSchema),
  status: z.optional(z.enum(REQUEST_STATUSES)),
})

export const decideInput = z.object({
  id: idSchema,
  approve: z.boolean('请选择同意或不同意'),
  reason: z.optional(z.string().check(z.trim(), z.maxLength(100, '原因不能超过 100 个字'))),
})

export const mineInput = z.object({})

export const householdInput = z.object({ householdId: idSchema })

export const removeInput = z.object({ householdId: idSchema, userId: idSchema })

/** A party's staff member binds with the code the office gave them (members.bindParty). */
export const bindPartyInput = z.object({
  /** As typed: "ABCD-EFGH", "abcd efgh"… (normalised by src/core/bind-code.ts). */
  code: z.string().check(z.minLength(1, '请输入绑定码'), z.maxLength(40, '绑定码太长了，请核对后重新输入')),
})

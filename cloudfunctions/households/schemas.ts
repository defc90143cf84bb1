import * as z from 'zod/mini'
import { UNIT_MAX } from '../../src/core/roster'
import { fileInput } from '../common/excel'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(128))
export const versionSchema = z.number().check(z.int(), z.minimum(1))
/** Offices and residents act in their own community; a district officer or admin names one. */
const communityId = z.optional(idSchema)

export const listInput = z.object({
  communityId,
  buildingNumber: z.optional(z.number().check(z.int('楼栋号应为整数'), z.minimum(1), z.maximum(9999))),
  unitNumber: z.optional(z.number().check(z.int('单元号应为整数'), z.minimum(1), z.maximum(UNIT_MAX))),
  /** Part of a room number or of an owner's name. */
  q: z.optional(z.string().check(z.trim(), z.maxLength(20, '搜索内容不能超过 20 个字'))),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  offset: z.optional(z.number().check(z.int(), z.minimum(0))),
})

export const getInput = z.object({ id: idSchema })

const ownerInput = z.object({
  name: z.string().check(
    z.trim(),
    z.minLength(1, '请填写业主姓名'),
    z.maxLength(20, '业主姓名不能超过 20 个字'),
    z.regex(/^[^、，,]+$/, '一个姓名里不能有顿号或逗号，每位业主单独填写'),
  ),
  idTail: z.string().check(z.trim(), z.regex(/^[0-9Xx]{4}$/, '身份证后四位应为 4 位数字或 X')),
  phone: z.optional(z.nullable(z.string().check(z.trim(), z.regex(/^(\d{11})?$/, '联系电话应为 11 位手机号')))),
})

/** A single household's edit: only the fields given change; the result is checked like a roster row. */
export const updateInput = z.object({
  id: idSchema,
  version: versionSchema,
  floor: z.optional(z.number().check(z.int('楼层应为整数'))),
  /** Square metres as typed, e.g. "58.36" (at most two decimals); a number is accepted too. */
  area: z.optional(z.union([z.string().check(z.maxLength(12)), z.number()])),
  owners: z.optional(z.array(ownerInput).check(z.maxLength(10, '一户最多 10 位业主'))),
  coOwned: z.optional(z.boolean()),
  developerUnsold: z.optional(z.boolean()),
  tenantOccupied: z.optional(z.boolean()),
})

export const importInput = z.extend(fileInput, { communityId })

export const exportInput = z.object({ communityId })

export const scopeSchema = z.union([
  z.object({ kind: z.literal('community') }),
  z.object({ kind: z.literal('building'), buildingId: idSchema }),
  z.object({ kind: z.literal('unit'), unitId: idSchema }),
])

export const electorateInput = z.object({ communityId, scope: scopeSchema })

export const auditInput = z.object({
  communityId,
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  offset: z.optional(z.number().check(z.int(), z.minimum(0))),
})

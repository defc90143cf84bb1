import * as z from 'zod/mini'
import { ledgerFieldsSchema, MANAGEMENT_TYPES, OWNERSHIP_TYPES } from '../../src/core/ledger'
import { fileInput } from '../common/excel'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(64))
const districtIdSchema = z.optional(idSchema)

export const listInput = z.object({
  /** Admin only: whose ledger (district officers always get their own). */
  districtId: districtIdSchema,
  eligible: z.optional(z.boolean()),
  ownershipType: z.optional(z.enum(OWNERSHIP_TYPES, '产权性质不对')),
  management: z.optional(z.enum(MANAGEMENT_TYPES, '物业管理方式不对')),
  batchYear: z.optional(z.number().check(z.int(), z.minimum(2000), z.maximum(2100))),
  /** Part of the name, street or original property unit. */
  q: z.optional(z.string().check(z.trim(), z.maxLength(40, '搜索内容不能超过 40 个字'))),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(200))),
  offset: z.optional(z.number().check(z.int(), z.minimum(0))),
})

export const getInput = z.object({ id: idSchema })

export const updateInput = z.extend(ledgerFieldsSchema, {
  id: idSchema,
  /** The version the edit was made on; a stale one is refused (CONFLICT). A stored entry without one is at 1. */
  version: z.optional(z.number().check(z.int(), z.minimum(1))),
})

/** The file (inline base64 or a cloud-storage fileID, see common/excel.ts); an admin names the district. */
export const importInput = z.extend(fileInput, { districtId: districtIdSchema })

export const exportInput = z.object({ districtId: districtIdSchema })

import * as z from 'zod/mini'
import { PUBLICITY_MAX_DAYS } from '../../src/core/notice'
import { DECISION_OUTCOMES, DECISION_REF_MAX, ITEM_STATUSES, itemFieldsSchema, planFieldsSchema, PLAN_PUBLICITY_MIN_DAYS } from '../../src/core/plan'
import { stageDocumentSchema, STAGES } from '../../src/core/stages'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(120))
export const versionSchema = z.number().check(z.int(), z.minimum(1))
/** District officers name the community; the office and residents act on their own. */
const communityId = z.optional(idSchema)

export const NOTE_MAX = 200
export const DOCUMENTS_MAX = 10

export const getInput = z.object({
  communityId,
  /** An older published edition (they never change); the newest by default. */
  edition: z.optional(z.number().check(z.int('版本号应为整数'), z.minimum(1, '版本号不对'))),
})

export const communityInput = z.object({ communityId })

export const createInput = z.extend(planFieldsSchema, { communityId })

export const editFieldsInput = z.extend(planFieldsSchema, { communityId, version: versionSchema })

export const saveItemInput = z.object({
  communityId,
  version: versionSchema,
  /** Omitted for a new item. */
  itemId: z.optional(idSchema),
  item: itemFieldsSchema,
})

export const removeItemInput = z.object({ communityId, version: versionSchema, itemId: idSchema })

export const publishInput = z.object({
  communityId,
  version: versionSchema,
  publicityDays: z.optional(
    z.number('公示天数应为数字').check(
      z.int('公示天数应为整数'),
      z.minimum(PLAN_PUBLICITY_MIN_DAYS, `方案公示期至少 ${PLAN_PUBLICITY_MIN_DAYS} 天`),
      z.maximum(PUBLICITY_MAX_DAYS, `公示期不能超过 ${PUBLICITY_MAX_DAYS} 天`),
    ),
  ),
})

export const reviseInput = z.object({ communityId, version: versionSchema })

export const advanceInput = z.object({
  communityId,
  version: versionSchema,
  to: z.enum(STAGES, '请选择要进入的阶段'),
  note: z.string().check(z.trim(), z.maxLength(NOTE_MAX, `说明不能超过 ${NOTE_MAX} 个字`)),
  documents: z.array(stageDocumentSchema).check(z.maxLength(DOCUMENTS_MAX, `每次最多附 ${DOCUMENTS_MAX} 份文件`)),
})

export const setProgressInput = z.object({
  communityId,
  version: versionSchema,
  itemId: idSchema,
  status: z.optional(z.enum(ITEM_STATUSES, '项目状态不对')),
  decision: z.optional(z.enum(DECISION_OUTCOMES, '表决结果不对')),
  decisionRef: z.optional(z.string().check(z.trim(), z.maxLength(DECISION_REF_MAX, `表决依据不能超过 ${DECISION_REF_MAX} 个字`))),
})

export const mineInput = z.object({ householdId: idSchema })

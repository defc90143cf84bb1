import * as z from 'zod/mini'
import { acceptanceFieldsSchema } from '../../src/core/acceptance'
import { partyFieldsSchema } from '../../src/core/parties'
import { ANSWER_TEXT_MAX, observationFieldsSchema, supervisionTargetSchema } from '../../src/core/works'

export const idSchema = z.string().check(z.minLength(1, '缺少编号'), z.maxLength(160))
export const versionSchema = z.number().check(z.int(), z.minimum(1))
/** District officers name the community; everyone else acts on their own. */
const communityId = z.optional(idSchema)

export const DISPLAY_NAME_MAX = 20

export const communityInput = z.object({ communityId })

export const savePartyInput = z.extend(partyFieldsSchema, {
  communityId,
  /** Omitted for a new party; with `version` for a change. */
  id: z.optional(idSchema),
  version: z.optional(versionSchema),
})

export const supervisorsInput = z.object({ communityId, itemId: z.optional(idSchema), buildingId: z.optional(idSchema) })

export const volunteerInput = z.object({
  communityId,
  target: supervisionTargetSchema,
  displayName: z.string().check(
    z.trim(),
    z.minLength(1, '请填写大家怎么称呼您，例如“王阿姨（1号楼）”'),
    z.maxLength(DISPLAY_NAME_MAX, `称呼不能超过 ${DISPLAY_NAME_MAX} 个字`),
  ),
})

export const stepDownInput = z.object({ supervisorId: idSchema, version: versionSchema })

export const endSupervisorInput = z.object({
  supervisorId: idSchema,
  version: versionSchema,
  reason: z.string().check(z.trim(), z.minLength(1, '请写明撤下的原因，例如“已搬走”'), z.maxLength(100, '原因不能超过 100 个字')),
})

export const observationsInput = z.object({ communityId, itemId: idSchema })

export const observeInput = z.extend(observationFieldsSchema, { communityId })

export const answerInput = z.object({
  observationId: idSchema,
  version: versionSchema,
  text: z.string().check(z.trim(), z.minLength(1, '请填写答复内容'), z.maxLength(ANSWER_TEXT_MAX, `答复不能超过 ${ANSWER_TEXT_MAX} 个字`)),
})

export const acceptanceInput = z.object({ communityId, itemId: idSchema })

export const recordAcceptanceInput = z.extend(acceptanceFieldsSchema, { communityId, planVersion: versionSchema })

export const fixDefectInput = z.object({
  acceptanceId: idSchema,
  defect: z.number('请选择要标记的问题').check(z.int(), z.minimum(0)),
  version: z.optional(versionSchema),
})

export const setContractorInput = z.object({ communityId, itemId: idSchema, partyId: idSchema, planVersion: versionSchema })

/** A staff member's name as the history shows it (works.issuePartyCode). */
export const STAFF_NAME_MAX = 20

export const issuePartyCodeInput = z.object({
  communityId,
  partyId: idSchema,
  staffName: z.string().check(z.trim(), z.minLength(1, '请填写工作人员的姓名'), z.maxLength(STAFF_NAME_MAX, `姓名不能超过 ${STAFF_NAME_MAX} 个字`)),
})

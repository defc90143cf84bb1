import * as z from 'zod/mini'
import type { ItemProgress } from './plan'

/**
 * Supervision during the works (施工监督, seed 六(二)): residents volunteer as supervisors (监督员)
 * of an item or a building; anyone of the community posts observations with photos; the office and
 * the item's contractor answer. After an item's acceptance, problems go to issue reports instead.
 */
export const OBSERVATION_KINDS = ['quality', 'safety', 'noise', 'access', 'other'] as const
export type ObservationKind = (typeof OBSERVATION_KINDS)[number]
export const OBSERVATION_KIND_LABELS: Record<ObservationKind, string> = {
  quality: '施工质量',
  safety: '安全隐患',
  noise: '噪音扰民',
  access: '出行受阻',
  other: '其他',
}

export const OBSERVATION_TEXT_MAX = 500
export const OBSERVATION_PHOTOS_MAX = 9
export const ANSWER_TEXT_MAX = 500

const shortId = z.string().check(z.minLength(1), z.maxLength(80))

export const supervisionTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('item'), itemId: shortId }),
  z.object({ kind: z.literal('building'), buildingId: shortId }),
])
export type SupervisionTarget = z.infer<typeof supervisionTargetSchema>

export const targetKey = (t: SupervisionTarget) => (t.kind === 'item' ? `item:${t.itemId}` : `building:${t.buildingId}`)

export interface Supervisor {
  /** `${communityId}:${userId}:${targetKey}`: volunteering twice for the same thing is one record. */
  _id: string
  communityId: string
  userId: string
  /** Shown to the community: the name the resident gave, e.g. "王阿姨（1号楼）". */
  displayName: string
  target: SupervisionTarget
  since: string
  /** Stepped down (kept for the record). */
  endedAt: string | null
  version: number
}

export const supervisorId = (communityId: string, userId: string, t: SupervisionTarget) => `${communityId}:${userId}:${targetKey(t)}`

export const observationFieldsSchema = z.object({
  itemId: shortId,
  /** Where on the item (optional): the building it concerns. */
  buildingId: z.nullable(shortId),
  kind: z.enum(OBSERVATION_KINDS, '请选择问题类型'),
  text: z.string().check(z.trim(), z.minLength(1, '请写下您看到的情况'), z.maxLength(OBSERVATION_TEXT_MAX, `内容不能超过 ${OBSERVATION_TEXT_MAX} 个字`)),
  photos: z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.maxLength(OBSERVATION_PHOTOS_MAX, `照片最多 ${OBSERVATION_PHOTOS_MAX} 张`)),
})
export type ObservationFields = z.infer<typeof observationFieldsSchema>

export interface ObservationAnswer {
  byUserId: string
  /** Who answered, as shown: the office, or the contractor by its name. */
  as: 'office' | 'contractor'
  byName: string
  text: string
  at: string
}

export interface Observation extends ObservationFields {
  _id: string
  communityId: string
  planId: string
  authorId: string
  /** Shown to others: "1号楼居民" / "监督员 王阿姨" / "社区", never the full name of a resident. */
  authorLabel: string
  /** Posted by a supervisor of the item or its building. */
  bySupervisor: boolean
  at: string
  answers: ObservationAnswer[]
  version: number
}

/**
 * Whether an item takes works observations: chosen for the works and not yet accepted. Null when it
 * does; otherwise the Chinese reason (an accepted item's problems are issue reports).
 */
export function observationRefusal(progress: Pick<ItemProgress, 'status' | 'acceptedAt'> | undefined): string | null {
  if (!progress || progress.status === 'proposed' || progress.status === 'dropped') return '这个项目还没有确定实施，暂时不能提交施工监督意见；可以在方案里留言。'
  if (progress.acceptedAt) return '这个项目已经验收，发现问题请用“报事报修”。'
  return null
}

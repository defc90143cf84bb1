import * as z from 'zod/mini'

/**
 * The outside parties of a renovation (参建单位 and those who maintain afterwards): who builds,
 * supervises, designs and surveys an item, the utility companies that own their lines, and the
 * property manager. A party's staff sign in as users with role 'party' and their `partyId`.
 */
export const PARTY_KINDS = ['contractor', 'supervisor', 'designer', 'surveyor', 'utility', 'property'] as const
export type PartyKind = (typeof PARTY_KINDS)[number]
export const PARTY_KIND_LABELS: Record<PartyKind, string> = {
  contractor: '施工单位',
  supervisor: '监理单位',
  designer: '设计单位',
  surveyor: '勘察单位',
  utility: '管线单位',
  property: '物业服务企业',
}

/** The lines a utility company may own (专营设施): reports about them go to it once out of warranty. */
export const UTILITY_LINES = ['water', 'gas', 'power', 'heating', 'telecom'] as const
export type UtilityLine = (typeof UTILITY_LINES)[number]
export const UTILITY_LINE_LABELS: Record<UtilityLine, string> = {
  water: '供水',
  gas: '燃气',
  power: '供电',
  heating: '供暖',
  telecom: '通信',
}

export const PARTY_NAME_MAX = 60

export const partyFieldsSchema = z.object({
  kind: z.enum(PARTY_KINDS, '请选择单位类型'),
  name: z.string().check(z.trim(), z.minLength(1, '请填写单位名称'), z.maxLength(PARTY_NAME_MAX, `单位名称不能超过 ${PARTY_NAME_MAX} 个字`)),
  /** A phone residents and the office may call (shown to them). */
  phone: z.string().check(z.trim(), z.maxLength(30, '电话不能超过 30 个字')),
  /** Utility companies: the lines they own in this community (others: empty). */
  lines: z.array(z.enum(UTILITY_LINES, '请选择管线类型')).check(z.maxLength(UTILITY_LINES.length)),
})
export type PartyFields = z.infer<typeof partyFieldsSchema>

export interface Party extends PartyFields {
  _id: string
  /** The community it works in (a company serving two communities is recorded in each). */
  communityId: string
  createdAt: string
  createdBy: string
  version: number
}

/** Refuses lines on anything but a utility company, and a utility without a line. */
export function partyProblems(f: PartyFields): string[] {
  const problems: string[] = []
  if (f.kind === 'utility' && f.lines.length === 0) problems.push('管线单位请至少选择一种它负责的管线。')
  if (f.kind !== 'utility' && f.lines.length > 0) problems.push('只有管线单位需要选择管线。')
  if (new Set(f.lines).size !== f.lines.length) problems.push('管线类型重复了。')
  return problems
}

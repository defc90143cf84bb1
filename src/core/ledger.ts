import * as z from 'zod/mini'

/**
 * The district ledger (项目库/台账, seed 六(一)): one entry per community, and who is eligible
 * (seed 四): built before 2000, and not under a shanty-town plan, mostly self-built, an urban
 * village, or already renovated under 三供一业.
 */
export const OWNERSHIP_TYPES = ['public', 'reform', 'commercial', 'mixed', 'other'] as const
export type OwnershipType = (typeof OWNERSHIP_TYPES)[number]
export const OWNERSHIP_LABELS: Record<OwnershipType, string> = {
  public: '直管公房',
  reform: '单位房改房',
  commercial: '商品房',
  mixed: '混合',
  other: '其他',
}

export const MANAGEMENT_TYPES = ['company', 'self', 'none'] as const
export type ManagementType = (typeof MANAGEMENT_TYPES)[number]
export const MANAGEMENT_LABELS: Record<ManagementType, string> = {
  company: '物业公司',
  self: '单位自管',
  none: '无物业',
}

export const EXCLUSIONS = ['shantytown', 'selfBuilt', 'urbanVillage', 'threeSupplies'] as const
export type Exclusion = (typeof EXCLUSIONS)[number]
export const EXCLUSION_LABELS: Record<Exclusion, string> = {
  shantytown: '已纳入棚户区改造计划',
  selfBuilt: '以居民自建住房为主',
  urbanVillage: '城中村',
  threeSupplies: '已实施“三供一业”改造',
}

/** Built in or after this year: not an old community under the programme. */
export const BUILT_BEFORE = 2000

export const ledgerFieldsSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1, '请填写小区名称'), z.maxLength(40, '小区名称不能超过 40 个字')),
  street: z.string().check(z.trim(), z.minLength(1, '请填写所在街道'), z.maxLength(40, '街道名称不能超过 40 个字')),
  yearBuilt: z.number().check(z.int('建成年份应为整数'), z.minimum(1900, '建成年份不对'), z.maximum(2100, '建成年份不对')),
  buildingCount: z.number().check(z.int(), z.minimum(1, '楼栋数至少为 1'), z.maximum(500, '楼栋数过大')),
  householdCount: z.number().check(z.int(), z.minimum(1, '户数至少为 1'), z.maximum(20000, '户数过大')),
  /** Total floor area in hundredths of m². */
  floorAreaCentiM2: z.number().check(z.int(), z.minimum(1, '总建筑面积应大于 0')),
  ownershipType: z.enum(OWNERSHIP_TYPES, '产权性质不对'),
  management: z.enum(MANAGEMENT_TYPES, '物业管理方式不对'),
  originalPropertyUnit: z.optional(z.string().check(z.maxLength(60))),
  exclusions: z.array(z.enum(EXCLUSIONS)),
  batchYear: z.optional(z.nullable(z.number().check(z.int(), z.minimum(2000), z.maximum(2100)))),
})
export type LedgerFields = z.infer<typeof ledgerFieldsSchema>

export interface Eligibility {
  eligible: boolean
  /** Why not, in Chinese, one line per reason. */
  reasons: string[]
}

export function eligibility(entry: Pick<LedgerFields, 'yearBuilt' | 'exclusions'>): Eligibility {
  const reasons: string[] = []
  if (entry.yearBuilt >= BUILT_BEFORE) reasons.push(`建成于 ${entry.yearBuilt} 年，不早于 ${BUILT_BEFORE} 年`)
  for (const e of entry.exclusions) reasons.push(EXCLUSION_LABELS[e])
  return { eligible: reasons.length === 0, reasons }
}

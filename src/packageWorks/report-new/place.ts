import { ids } from '@/core/community'

/** Where the problem is, as the resident picks it: their own unit, their own building, or another building. */
export type WhereChoice = 'unit' | 'building' | 'other'

/** The resident's flat as far as the form needs it. */
export interface HomeFlat {
  communityId: string
  buildingId: string
  unitId: string
  buildingNumber: number
  unitNumber: number
}

const number = (s: string) => {
  const t = s.normalize('NFKC').replace(/号楼|号|楼|单元/g, '').trim()
  return /^\d+$/.test(t) ? Number(t) : NaN
}

/**
 * The building and unit ids of the report (the roster's deterministic ids), or a Chinese message.
 * `buildingCount`: the community's buildings when known (a number beyond it is refused here).
 */
export function placeOf(
  where: WhereChoice,
  home: HomeFlat | null,
  other: { building: string; unit: string; communityId: string | null; buildingCount: number | null },
): { buildingId: string; unitId: string | null } | string {
  if (where !== 'other') {
    if (!home) return '还没有读到您家的楼栋和单元，请选择“别的楼栋或小区里其他地方”并填写楼号。'
    return { buildingId: home.buildingId, unitId: where === 'unit' ? home.unitId : null }
  }
  const communityId = other.communityId ?? home?.communityId ?? null
  if (!communityId) return '还没有读到您所在的小区，请稍后再试。'
  const b = number(other.building)
  if (!Number.isInteger(b) || b < 1) return '请填写楼号（问题在哪栋楼，或离哪栋楼最近），例如 3。'
  if (other.buildingCount && b > other.buildingCount) return `本小区只有 ${other.buildingCount} 栋楼，请检查楼号。`
  if (!other.unit.trim()) return { buildingId: ids.building(communityId, b), unitId: null }
  const u = number(other.unit)
  if (!Number.isInteger(u) || u < 1) return '单元请填数字，例如 2；不在哪个单元里可以不填。'
  return { buildingId: ids.building(communityId, b), unitId: ids.unit(communityId, b, u) }
}

import type { Household } from './community'
import { AppError } from './errors'
import { formatYuan } from './money'
import { defaultFloorWeight, inScope, type PlanItem } from './plan'
import { Ratio } from './ratio'
import { formatArea } from './roster'

/**
 * What each household pays for an item ("谁受益谁出资"): the residents' part of the funding,
 * split over the households in the item's scope by the item's rule. Each exact share is a
 * fraction of a fen; the fen amounts shown are allocated by largest remainder, so they add up
 * to the residents' part exactly (no fen lost or made up).
 */

export interface Share {
  householdId: string
  /** This household's weight: 1 (equal), its area in centi-m² (area), its floor weight (floor). */
  weight: number
  /** The exact share in fen. */
  exact: Ratio
  /** The share in whole fen after allocating the remainders; all of them add up to the residents' part. */
  fen: number
}

export interface ShareTable {
  itemId: string
  rule: PlanItem['shareRule']
  residentsFen: number
  households: number
  totalWeight: number
  shares: Share[]
}

/** What a share depends on: where the flat is, its floor and its area. */
export type Payer = Pick<Household, '_id' | 'buildingId' | 'unitId' | 'floor' | 'areaCentiM2'>

export function payerOf(h: Payer): Payer {
  return { _id: h._id, buildingId: h.buildingId, unitId: h.unitId, floor: h.floor, areaCentiM2: h.areaCentiM2 }
}

export function floorWeight(item: Pick<PlanItem, 'floorWeights'>, floor: number): number {
  return item.floorWeights?.[floor - 1] ?? defaultFloorWeight(floor)
}

function weightOf(item: PlanItem, h: Payer): number {
  if (item.shareRule === 'equal') return 1
  if (item.shareRule === 'area') return h.areaCentiM2
  return floorWeight(item, h.floor)
}

/** The shares of every household in the item's scope (sorted by household id). */
export function shareTable(item: PlanItem, households: readonly Payer[]): ShareTable {
  const payers = households.filter((h) => inScope(item.scope, h)).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
  const residentsFen = item.funding.residents
  const weights = payers.map((h) => weightOf(item, h))
  const total = weights.reduce((s, w) => s + w, 0)
  const base = { itemId: item._id, rule: item.shareRule, residentsFen, households: payers.length, totalWeight: total }
  if (residentsFen === 0) {
    return { ...base, shares: payers.map((h, i) => ({ householdId: h._id, weight: weights[i], exact: Ratio.of(0), fen: 0 })) }
  }
  if (payers.length === 0 || total === 0) {
    throw new AppError(
      'SHARE_IMPOSSIBLE',
      `item ${item._id}: ${payers.length} households in scope, total weight ${total}`,
      payers.length === 0 ? '这个项目的范围内没有住户，居民出资无人分摊。' : '范围内所有住户的分摊系数都是 0，居民出资无法分摊。',
    )
  }
  const R = BigInt(residentsFen)
  const W = BigInt(total)
  const floors = weights.map((w) => (R * BigInt(w)) / W)
  const remainders = weights.map((w) => (R * BigInt(w)) % W)
  let left = Number(R - floors.reduce((s, f) => s + f, 0n))
  // The largest remainders get one more fen each; ties go to the earlier household id.
  const order = payers.map((_, i) => i).sort((a, b) => (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b))
  const extra = new Set<number>()
  for (const i of order) {
    if (left === 0) break
    extra.add(i)
    left -= 1
  }
  return {
    ...base,
    shares: payers.map((h, i) => ({
      householdId: h._id,
      weight: weights[i],
      exact: Ratio.of(R * BigInt(weights[i]), W),
      fen: Number(floors[i]) + (extra.has(i) ? 1 : 0),
    })),
  }
}

/** A household's share of one item, or null if the household is outside the item's scope. */
export function shareOf(item: PlanItem, households: readonly Payer[], householdId: string): Share | null {
  return shareTable(item, households).shares.find((s) => s.householdId === householdId) ?? null
}

/** The exact amount in yuan to two decimals plus "…" when it does not end there: 1234.5666… */
function exactYuan(r: Ratio): string {
  const fenWhole = r.num / r.den
  const exact = r.num % r.den === 0n
  return `${formatYuan(Number(fenWhole))}${exact ? '' : '…'}`
}

/**
 * The formula spelled out for residents, e.g.
 * "居民出资 240,000.00 元 × 本户面积 85.3 ㎡ ÷ 范围内总面积 2,047.68 ㎡ = 9,998.77… 元，按分取整为 9,998.78 元".
 */
export function shareFormula(table: Pick<ShareTable, 'rule' | 'residentsFen' | 'households' | 'totalWeight'>, share: Share): string {
  const part = `居民出资 ${formatYuan(table.residentsFen)} 元`
  if (table.residentsFen === 0) return '本项目居民不出资，本户无需出钱。'
  let formula: string
  if (table.rule === 'equal') formula = `${part} ÷ 范围内 ${table.households} 户`
  else if (table.rule === 'area') formula = `${part} × 本户面积 ${formatArea(share.weight)} ㎡ ÷ 范围内总面积 ${formatArea(table.totalWeight)} ㎡`
  else formula = `${part} × 本户楼层系数 ${share.weight} ÷ 范围内系数合计 ${table.totalWeight}`
  const exact = share.exact.num % share.exact.den === 0n
  const result = exact
    ? `= ${formatYuan(share.fen)} 元`
    : `= ${exactYuan(share.exact)} 元，按分取整为 ${formatYuan(share.fen)} 元（尾差按余数大小分配，各户合计正好等于居民出资）`
  return `${formula} ${result}`
}

/**
 * The plan item form as the office types it (text boxes hold strings) and its way to and
 * from `ItemFields`. Pure, so the arithmetic of the live funding line is plain to test.
 */
import * as z from 'zod/mini'
import type { Category, MenuEntry } from '@/core/menu'
import { formatYuan, parseYuan } from '@/core/money'
import {
  defaultFloorWeight,
  FLOOR_WEIGHT_MAX,
  FUNDING_LABELS,
  FUNDING_PARTS,
  itemFieldsSchema,
  type DecisionKind,
  type Funding,
  type FundingPart,
  type ItemFields,
  type PlanItem,
  type Scope,
  type ShareRule,
} from '@/core/plan'

export const AMOUNT_HINT = '请输入金额，例如 12000 或 12000.50'

export interface ItemForm {
  menuKey: string
  title: string
  category: Category
  scopeKind: Scope['kind']
  buildingIds: string[]
  unitId: string
  description: string
  photos: string[]
  cost: string
  funding: Record<FundingPart, string>
  donationNote: string
  shareRule: ShareRule
  /** Only the rows the office changed or had saved; other floors show their default. */
  floorWeights: string[]
  decisionKind: DecisionKind
}

const noFunding = (): Record<FundingPart, string> =>
  Object.fromEntries(FUNDING_PARTS.map((p) => [p, ''])) as Record<FundingPart, string>

export function emptyForm(): ItemForm {
  return {
    menuKey: '',
    title: '',
    category: 'basic',
    scopeKind: 'community',
    buildingIds: [],
    unitId: '',
    description: '',
    photos: [],
    cost: '',
    funding: noFunding(),
    donationNote: '',
    shareRule: 'area',
    floorWeights: [],
    decisionKind: 'ordinary',
  }
}

/** Fen as the office would type it: "12000" or "12000.50" (no thousands separators). */
export function fenToInput(fen: number): string {
  return formatYuan(fen).replace(/,/g, '').replace(/\.00$/, '')
}

export function formFromItem(item: PlanItem): ItemForm {
  const funding = noFunding()
  for (const p of FUNDING_PARTS) funding[p] = item.funding[p] ? fenToInput(item.funding[p]) : ''
  return {
    menuKey: item.menuKey,
    title: item.title,
    category: item.category,
    scopeKind: item.scope.kind,
    buildingIds: item.scope.kind === 'buildings' ? [...item.scope.buildingIds] : [],
    unitId: item.scope.kind === 'unit' ? item.scope.unitId : '',
    description: item.description,
    photos: [...item.photos],
    cost: fenToInput(item.costFen),
    funding,
    donationNote: item.donationNote ?? '',
    shareRule: item.shareRule,
    floorWeights: (item.floorWeights ?? []).map(String),
    decisionKind: item.decisionKind,
  }
}

/**
 * Picking a menu entry fills in what it suggests. The title follows the entry unless the office
 * has written its own; elevator-like entries (per unit) suggest a one-unit scope.
 */
export function applyMenu(form: ItemForm, entry: MenuEntry, previous: MenuEntry | undefined): ItemForm {
  const ownTitle = form.title.trim() !== '' && form.title !== previous?.label
  return {
    ...form,
    menuKey: entry.key,
    title: ownTitle ? form.title : entry.key === 'other' ? form.title : entry.label,
    category: entry.category,
    decisionKind: entry.decision,
    shareRule: entry.share,
    scopeKind: entry.perUnit ? 'unit' : form.scopeKind,
  }
}

/** An amount box: empty counts as 0; null when it is not a plain amount. */
export function amountOf(text: string): number | null {
  return text.trim() === '' ? 0 : parseYuan(text)
}

export interface FundingLine {
  /** Sum of the parts in fen, or null while one of them is not a valid amount. */
  total: number | null
  cost: number | null
  /** "各方合计 X 元 / 估算费用 Y 元（还差 Z 元）" */
  text: string
  balanced: boolean
}

export function fundingLine(form: ItemForm): FundingLine {
  const parts = FUNDING_PARTS.map((p) => amountOf(form.funding[p]))
  const total = parts.some((v) => v === null) ? null : (parts as number[]).reduce((s, v) => s + v, 0)
  const cost = form.cost.trim() === '' ? null : parseYuan(form.cost)
  if (total === null) return { total, cost, text: '有一项出资金额格式不对，暂时无法合计。', balanced: false }
  const sum = `各方合计 ${formatYuan(total)} 元`
  if (cost === null) return { total, cost, text: `${sum} / 估算费用还没有填写`, balanced: false }
  const gap = cost - total
  const tail = gap === 0 ? '（正好相等）' : gap > 0 ? `（还差 ${formatYuan(gap)} 元）` : `（多出 ${formatYuan(-gap)} 元）`
  return { total, cost, text: `${sum} / 估算费用 ${formatYuan(cost)} 元${tail}`, balanced: gap === 0 }
}

/** "其余由居民出资": residents pay what the other parts leave of the cost. */
export function fillResidents(form: ItemForm): ItemForm | string {
  const cost = parseYuan(form.cost)
  if (cost === null) return `请先填写估算费用（${AMOUNT_HINT}）。`
  let others = 0
  for (const p of FUNDING_PARTS) {
    if (p === 'residents') continue
    const v = amountOf(form.funding[p])
    if (v === null) return `「${FUNDING_LABELS[p]}」${AMOUNT_HINT}。`
    others += v
  }
  if (others > cost) return `其他各方合计 ${formatYuan(others)} 元，已超过估算费用 ${formatYuan(cost)} 元，请先核对。`
  return { ...form, funding: { ...form.funding, residents: fenToInput(cost - others) } }
}

/** The weight shown for floor `floor` (1-based): what was typed or saved, else the default. */
export function floorWeightText(form: ItemForm, floor: number): string {
  return form.floorWeights[floor - 1] ?? String(defaultFloorWeight(floor))
}

export function setFloorWeight(form: ItemForm, floor: number, value: string, floors: number): ItemForm {
  const rows = Array.from({ length: Math.max(floors, form.floorWeights.length) }, (_, i) => floorWeightText(form, i + 1))
  rows[floor - 1] = value
  return { ...form, floorWeights: rows }
}

/** The fields to send, or the first problem in Chinese (the backend checks the rest). */
export function toFields(form: ItemForm, floors: number | null): { fields: ItemFields } | { error: string } {
  if (!form.menuKey) return { error: '请先选择项目类型。' }
  const costFen = parseYuan(form.cost)
  if (costFen === null) return { error: `估算费用：${AMOUNT_HINT}。` }
  const funding = {} as Funding
  for (const p of FUNDING_PARTS) {
    const v = amountOf(form.funding[p])
    if (v === null) return { error: `「${FUNDING_LABELS[p]}」：${AMOUNT_HINT}。` }
    funding[p] = v
  }
  let scope: Scope
  if (form.scopeKind === 'community') scope = { kind: 'community' }
  else if (form.scopeKind === 'buildings') {
    if (form.buildingIds.length === 0) return { error: '请至少选择一栋楼。' }
    scope = { kind: 'buildings', buildingIds: form.buildingIds }
  } else {
    if (!form.unitId) return { error: '请选择一个单元。' }
    scope = { kind: 'unit', unitId: form.unitId }
  }
  let floorWeights: number[] | undefined
  if (form.shareRule === 'floor') {
    const count = floors ?? form.floorWeights.length
    if (count > 0) {
      floorWeights = []
      for (let floor = 1; floor <= count; floor++) {
        const text = floorWeightText(form, floor).trim()
        if (!/^\d{1,4}$/.test(text) || Number(text) > FLOOR_WEIGHT_MAX) {
          return { error: `第 ${floor} 层的楼层系数应为 0 到 ${FLOOR_WEIGHT_MAX} 的整数。` }
        }
        floorWeights.push(Number(text))
      }
    }
  }
  const candidate = {
    menuKey: form.menuKey,
    title: form.title,
    category: form.category,
    scope,
    description: form.description,
    photos: form.photos,
    costFen,
    funding,
    ...(form.donationNote.trim() ? { donationNote: form.donationNote } : {}),
    shareRule: form.shareRule,
    ...(floorWeights ? { floorWeights } : {}),
    decisionKind: form.decisionKind,
  }
  const parsed = z.safeParse(itemFieldsSchema, candidate)
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? '填写的内容有误，请检查。' }
  return { fields: parsed.data }
}

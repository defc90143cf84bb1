import * as z from 'zod/mini'
import { AppError } from './errors'
import type { Party, PartyKind, UtilityLine } from './parties'
import { chinaDate } from './time'

/**
 * Issue reports (报事报修) after acceptance, seed 六(五): what broke, where, photos; routed by rule
 * to whoever must fix it; a status machine with due times; "me too" instead of duplicates; the
 * reporter confirms and rates the fix. One place for each rule: categories and due times
 * (REPORT_CATEGORIES), routing (routeReport), the steps (REPORT_STEPS / nextStatus), overdue
 * (isOverdue), similar reports (isSimilar).
 */
export const REPORT_CATEGORIES = {
  water: { label: '供水（漏水、停水、水压低）', dueHours: 24, line: 'water' },
  drain: { label: '排水（下水道堵、落水管漏、积水）', dueHours: 72, line: null },
  gas: { label: '燃气（闻到气味请先关阀开窗并拨打燃气抢修电话）', dueHours: 4, line: 'gas' },
  power: { label: '供电（停电、线路、表箱）', dueHours: 24, line: 'power' },
  heating: { label: '供暖（暖气不热、漏水）', dueHours: 24, line: 'heating' },
  telecom: { label: '通信（网络、电视、电话线）', dueHours: 72, line: 'telecom' },
  lighting: { label: '照明（楼道灯、路灯）', dueHours: 72, line: null },
  building: { label: '房屋（屋面渗漏、外墙、楼梯扶手）', dueHours: 72, line: null },
  road: { label: '道路、停车、车棚', dueHours: 168, line: null },
  facilities: { label: '公共设施（健身器材、座椅、门禁、监控）', dueHours: 168, line: null },
  greenery: { label: '绿化、环境卫生', dueHours: 168, line: null },
  other: { label: '其他', dueHours: 168, line: null },
} as const satisfies Record<string, { label: string; dueHours: number; line: UtilityLine | null }>
export type ReportCategory = keyof typeof REPORT_CATEGORIES
export const REPORT_CATEGORY_KEYS = Object.keys(REPORT_CATEGORIES) as ReportCategory[]

export const REPORT_STATUSES = ['submitted', 'accepted', 'assigned', 'inProgress', 'resolved', 'confirmed', 'reopened'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  assigned: '已派单',
  inProgress: '维修中',
  resolved: '已修好待确认',
  confirmed: '已确认修好',
  reopened: '未修好，已退回',
}
/** Still someone's to do (not yet resolved or confirmed): counts as open, may be overdue. */
export const OPEN_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'assigned', 'inProgress', 'reopened']

/** Who does a step: the office (社区), the party the report is assigned to, or its reporter. */
export type StepActor = 'office' | 'assignee' | 'reporter'

/**
 * The steps, each from its statuses to one status, and who may take it. Nothing skips a step:
 * submitted → accepted → assigned → inProgress → resolved → confirmed, or resolved → reopened →
 * (inProgress again, or reassigned). The office may also take the assignee's steps (for a party
 * without an account, on the phone); reassigning is `assign` again.
 */
export const REPORT_STEPS = {
  accept: { from: ['submitted'], to: 'accepted', by: ['office'] },
  assign: { from: ['accepted', 'assigned', 'inProgress', 'reopened'], to: 'assigned', by: ['office'] },
  start: { from: ['assigned', 'reopened'], to: 'inProgress', by: ['assignee', 'office'] },
  resolve: { from: ['inProgress'], to: 'resolved', by: ['assignee', 'office'] },
  confirm: { from: ['resolved'], to: 'confirmed', by: ['reporter'] },
  reopen: { from: ['resolved'], to: 'reopened', by: ['reporter'] },
} as const satisfies Record<string, { from: readonly ReportStatus[]; to: ReportStatus; by: readonly StepActor[] }>
export type ReportStep = keyof typeof REPORT_STEPS
export const REPORT_STEP_KEYS = Object.keys(REPORT_STEPS) as ReportStep[]
export const REPORT_STEP_LABELS: Record<ReportStep, string> = {
  accept: '受理',
  assign: '派单',
  start: '开始维修',
  resolve: '标记已修好',
  confirm: '确认修好',
  reopen: '没修好，退回',
}

/** The status after `step`, or STATUS_JUMP (in Chinese: where it is and what can be done now). */
export function nextStatus(current: ReportStatus, step: ReportStep): ReportStatus {
  const s = REPORT_STEPS[step]
  if (!(s.from as readonly ReportStatus[]).includes(current)) {
    const possible = REPORT_STEP_KEYS.filter((k) => (REPORT_STEPS[k].from as readonly ReportStatus[]).includes(current)).map((k) => `“${REPORT_STEP_LABELS[k]}”`)
    throw new AppError(
      'STATUS_JUMP',
      `report step ${step} needs status ${s.from.join('|')}, it is ${current}`,
      `报修单现在是“${REPORT_STATUS_LABELS[current]}”，不能${REPORT_STEP_LABELS[step]}。${possible.length ? `现在可以：${possible.join('、')}。` : '它已经办结。'}`,
    )
  }
  return s.to
}

/** Who a report is routed to. `partyId` null: the community office itself (no such party recorded). */
export interface Assignee {
  kind: Extract<PartyKind, 'contractor' | 'utility' | 'property'> | 'office'
  partyId: string | null
  name: string
  /** Why, in Chinese: shown to the reporter and the office. */
  reason: string
}

/** What routing needs to know about the accepted item a report is about. */
export interface WarrantyFacts {
  itemTitle: string
  warrantyEndsOn: string | null
  contractorPartyId: string | null
}

/**
 * The routing rule:
 * 1. an accepted item still under warranty (today ≤ its last warranty day) → its contractor;
 * 2. otherwise a category on a utility line (water, gas, power, heating, telecom) whose line a
 *    utility company of the community owns → that company;
 * 3. otherwise the property manager; a community without one (common in old communities: 无物业)
 *    → the community office.
 */
export function routeReport(r: { category: ReportCategory; item: WarrantyFacts | null }, parties: readonly Party[], now: Date): Assignee {
  const today = chinaDate(now)
  const item = r.item
  if (item && item.warrantyEndsOn !== null && item.contractorPartyId !== null && today <= item.warrantyEndsOn) {
    const contractor = parties.find((p) => p._id === item.contractorPartyId)
    if (contractor) {
      return { kind: 'contractor', partyId: contractor._id, name: contractor.name, reason: `“${item.itemTitle}”在保修期内（至 ${item.warrantyEndsOn}），由施工单位免费维修。` }
    }
  }
  const line = REPORT_CATEGORIES[r.category].line as UtilityLine | null
  const expired = item && item.warrantyEndsOn !== null && today > item.warrantyEndsOn ? `“${item.itemTitle}”已过保修期（${item.warrantyEndsOn}），` : ''
  if (line) {
    const utility = parties.find((p) => p.kind === 'utility' && p.lines.includes(line))
    if (utility) return { kind: 'utility', partyId: utility._id, name: utility.name, reason: `${expired}这是${utility.name}负责的管线，由它维修。` }
  }
  const property = parties.find((p) => p.kind === 'property')
  if (property) return { kind: 'property', partyId: property._id, name: property.name, reason: `${expired}由物业服务企业维修。` }
  return { kind: 'office', partyId: null, name: '社区', reason: `${expired}小区暂无物业，由社区安排维修。` }
}

/** The instant a report is due: its category's due time after it was submitted (or reopened). */
export function dueAt(category: ReportCategory, from: Date): string {
  return new Date(from.getTime() + REPORT_CATEGORIES[category].dueHours * 3600 * 1000).toISOString()
}

export function isOverdue(r: Pick<Report, 'status' | 'dueAt'>, now: Date): boolean {
  return OPEN_STATUSES.includes(r.status) && now.getTime() > new Date(r.dueAt).getTime()
}

export const REPORT_TEXT_MAX = 500
export const REPORT_PHOTOS_MAX = 9
export const SPOT_MAX = 60
export const RATING_COMMENT_MAX = 200
export const STEP_NOTE_MAX = 300

const shortId = z.string().check(z.minLength(1), z.maxLength(80))

export const reportFieldsSchema = z.object({
  /** The household the reporter reports from (one of theirs). */
  householdId: shortId,
  /** An accepted plan item, or null for a problem not tied to one. */
  itemId: z.nullable(shortId),
  category: z.enum(REPORT_CATEGORY_KEYS as [ReportCategory, ...ReportCategory[]], '请选择问题类别'),
  buildingId: shortId,
  unitId: z.nullable(shortId),
  /** Where exactly: "3单元门口东侧落水管". */
  spot: z.string().check(z.trim(), z.minLength(1, '请写明具体位置，例如“3单元门口东侧”'), z.maxLength(SPOT_MAX, `位置不能超过 ${SPOT_MAX} 个字`)),
  text: z.string().check(z.trim(), z.minLength(1, '请描述一下问题'), z.maxLength(REPORT_TEXT_MAX, `描述不能超过 ${REPORT_TEXT_MAX} 个字`)),
  photos: z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.maxLength(REPORT_PHOTOS_MAX, `照片最多 ${REPORT_PHOTOS_MAX} 张`)),
})
export type ReportFields = z.infer<typeof reportFieldsSchema>

export const ratingSchema = z.object({
  stars: z.number().check(z.int('请选择 1 到 5 颗星'), z.minimum(1, '请选择 1 到 5 颗星'), z.maximum(5, '请选择 1 到 5 颗星')),
  comment: z.string().check(z.trim(), z.maxLength(RATING_COMMENT_MAX, `评价不能超过 ${RATING_COMMENT_MAX} 个字`)),
})
export type Rating = z.infer<typeof ratingSchema>

export interface ReportEvent {
  at: string
  /** 'submit', a step, or 'meToo'. */
  what: ReportStep | 'submit' | 'meToo'
  byUserId: string
  /** As shown: "居民" / "社区 赵三" / the party's name. */
  byLabel: string
  from: ReportStatus | null
  to: ReportStatus
  note: string
  /** assign: who it went to. */
  assignee?: Assignee
}

export interface Report extends ReportFields {
  _id: string
  communityId: string
  districtId: string | null
  reporterId: string
  /** The item's title at the time (null when not about an item). */
  itemTitle: string | null
  /** "3号楼2单元" as shown. */
  whereLabel: string
  status: ReportStatus
  /** What the rule said when it was submitted (kept, so a reassignment is visible as one). */
  routed: Assignee
  /** Who has it now: the routed party once the office assigns it, or whoever it was reassigned to. */
  assignee: Assignee | null
  /**
   * `assignee.partyId` copied to the top level (null: unassigned, or the office handles it): the
   * store queries top-level fields only, and a party's queue is read by it.
   */
  assigneePartyId: string | null
  dueAt: string
  /** Others who have the same problem ("me too"): user ids, each once. */
  meToo: string[]
  rating: Rating | null
  history: ReportEvent[]
  createdAt: string
  updatedAt: string
  version: number
}

/**
 * An open report is "similar" to a new one when it is about the same thing (the same item, or the
 * same category when neither names an item) in the same building, and the same unit when both name
 * one. Offered as "me too" before a duplicate is filed.
 */
export function isSimilar(open: Pick<Report, 'status' | 'itemId' | 'category' | 'buildingId' | 'unitId'>, draft: Pick<ReportFields, 'itemId' | 'category' | 'buildingId' | 'unitId'>): boolean {
  if (!OPEN_STATUSES.includes(open.status)) return false
  if (open.buildingId !== draft.buildingId) return false
  if (open.unitId !== null && draft.unitId !== null && open.unitId !== draft.unitId) return false
  if (open.itemId !== null || draft.itemId !== null) return open.itemId === draft.itemId
  return open.category === draft.category
}

export const SIMILAR_MAX = 5

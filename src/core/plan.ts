import * as z from 'zod/mini'
import type { Building, Household, Unit } from './community'
import { AppError } from './errors'
import { CATEGORIES, MENU_KEYS } from './menu'
import { FEN_MAX, yuanLabel } from './money'
import { stageIndex, type Stage } from './stages'

/**
 * A community's renovation plan (一区一策): items from the menu, each with its scope, cost,
 * funding split, how residents' part is shared, and how it is decided. The office edits a
 * draft; publishing freezes it as an edition (published editions never change) and opens a
 * 公示 period. Revising starts the next edition's draft from the last one.
 */

export const DECISION_KINDS = ['survey', 'ordinary', 'major'] as const
export type DecisionKind = (typeof DECISION_KINDS)[number]
export const DECISION_LABELS: Record<DecisionKind, string> = {
  survey: '意见征询',
  ordinary: '业主共同决定（一般事项）',
  major: '业主共同决定（重大事项）',
}

export const SHARE_RULES = ['equal', 'area', 'floor'] as const
export type ShareRule = (typeof SHARE_RULES)[number]
export const SHARE_RULE_LABELS: Record<ShareRule, string> = {
  equal: '每户均摊',
  area: '按专有面积分摊',
  floor: '按楼层系数分摊',
}

/** Who pays: the funding split of an item, in fen. They must add up to the item's cost. */
export const FUNDING_PARTS = ['central', 'provincial', 'city', 'district', 'propertyUnit', 'utility', 'residents', 'donation'] as const
export type FundingPart = (typeof FUNDING_PARTS)[number]
export const FUNDING_LABELS: Record<FundingPart, string> = {
  central: '中央补助',
  provincial: '省级补助',
  city: '市级资金',
  district: '区级资金',
  propertyUnit: '原产权单位',
  utility: '管线单位（自有管线）',
  residents: '居民出资',
  donation: '社会捐赠（资金、材料、劳务折价）',
}

export const ITEM_TITLE_MAX = 40
export const ITEM_TEXT_MAX = 2000
export const ITEM_PHOTOS_MAX = 9
export const PLAN_ITEMS_MAX = 120
/** Floor weights are small integers (e.g. 0 for the ground floor, rising upwards). */
export const FLOOR_WEIGHT_MAX = 1000

/**
 * The default floor weights for an elevator retrofit: nothing for the ground floor, then
 * 3, 5, 7 … going up (2 × floor − 1). A unit's owners usually agree their own table; the
 * office enters it as the item's `floorWeights`.
 */
export function defaultFloorWeight(floor: number): number {
  return floor <= 1 ? 0 : 2 * floor - 1
}

const fen = z.number().check(
  z.int('金额应以分为单位的整数'),
  z.minimum(0, '金额不能是负数'),
  z.maximum(FEN_MAX, '金额超过 1 亿元，请检查是否多输了位数'),
)

export const fundingSchema = z.object({
  central: fen,
  provincial: fen,
  city: fen,
  district: fen,
  propertyUnit: fen,
  utility: fen,
  residents: fen,
  donation: fen,
})
export type Funding = z.infer<typeof fundingSchema>

const shortId = z.string().check(z.minLength(1), z.maxLength(80))

export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('community') }),
  z.object({ kind: z.literal('buildings'), buildingIds: z.array(shortId).check(z.minLength(1, '请至少选择一栋楼'), z.maxLength(60)) }),
  z.object({ kind: z.literal('unit'), unitId: shortId }),
])
export type Scope = z.infer<typeof scopeSchema>

/** A file in cloud storage (weapp) or under ./data/uploads (local): see cloudfunctions/common/photos.ts. */
export const fileIdSchema = z.string().check(z.minLength(1), z.maxLength(300))

export const itemFieldsSchema = z.object({
  menuKey: z.enum(MENU_KEYS, '请从菜单中选择项目类型'),
  title: z.string().check(z.trim(), z.minLength(1, '请填写项目名称'), z.maxLength(ITEM_TITLE_MAX, `项目名称不能超过 ${ITEM_TITLE_MAX} 个字`)),
  category: z.enum(CATEGORIES, '请选择类别（基础类、完善类或提升类）'),
  scope: scopeSchema,
  description: z.string().check(z.trim(), z.maxLength(ITEM_TEXT_MAX, `说明不能超过 ${ITEM_TEXT_MAX} 个字`)),
  photos: z.array(fileIdSchema).check(z.maxLength(ITEM_PHOTOS_MAX, `现状照片最多 ${ITEM_PHOTOS_MAX} 张`)),
  costFen: z.number().check(
    z.int('金额应以分为单位的整数'),
    z.minimum(1, '估算费用要大于 0'),
    z.maximum(FEN_MAX, '估算费用超过 1 亿元，请检查是否多输了位数'),
  ),
  funding: fundingSchema,
  /** What was donated when it is not money (e.g. "某建材公司捐赠涂料 2 吨，折价"). */
  donationNote: z.optional(z.string().check(z.trim(), z.maxLength(200, '捐赠说明不能超过 200 个字'))),
  shareRule: z.enum(SHARE_RULES, '请选择居民出资的分摊方式'),
  /** Weight per floor, index 0 = floor 1 (only for the floor rule; missing floors use the default). */
  floorWeights: z.optional(
    z.array(z.number().check(z.int('楼层系数应为整数'), z.minimum(0, '楼层系数不能是负数'), z.maximum(FLOOR_WEIGHT_MAX, '楼层系数太大'))).check(z.maxLength(60)),
  ),
  decisionKind: z.enum(DECISION_KINDS, '请选择决策方式'),
})
export type ItemFields = z.infer<typeof itemFieldsSchema>

export interface PlanItem extends ItemFields {
  /** Stable across editions, so comments, votes and works follow the item. */
  _id: string
}

/**
 * A plan's 公示 lasts at least this many days (domain.md: commonly 5–10; the form suggests 7), and a
 * revision published while one runs never ends before it: residents keep their whole objection window.
 */
export const PLAN_PUBLICITY_MIN_DAYS = 5

export const PLAN_TITLE_MAX = 60
export const PLAN_SUMMARY_MAX = 2000

export const planFieldsSchema = z.object({
  title: z.string().check(z.trim(), z.minLength(1, '请填写方案名称'), z.maxLength(PLAN_TITLE_MAX, `方案名称不能超过 ${PLAN_TITLE_MAX} 个字`)),
  summary: z.string().check(z.trim(), z.maxLength(PLAN_SUMMARY_MAX, `方案说明不能超过 ${PLAN_SUMMARY_MAX} 个字`)),
})
export type PlanFields = z.infer<typeof planFieldsSchema>

/** Where an item stands after publication (kept outside the editions, which never change). */
export const ITEM_STATUSES = ['proposed', 'chosen', 'dropped', 'works', 'done'] as const
export type ItemStatus = (typeof ITEM_STATUSES)[number]
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  proposed: '拟改造',
  chosen: '已确定',
  dropped: '不实施',
  works: '施工中',
  done: '已完工',
}

export const DECISION_OUTCOMES = ['pending', 'passed', 'rejected'] as const
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number]

export interface ItemProgress {
  status: ItemStatus
  /** Set by the acceptance (验收) of issue 6; the 备案 gate waits for it. */
  acceptedAt?: string | null
  /** The accepted attempt (src/core/acceptance.ts), its warranty's last day and the contractor who answers for it. */
  acceptanceId?: string | null
  warrantyEndsOn?: string | null
  contractorPartyId?: string | null
  /** The owners' decision on an ordinary/major item: a ballot (issue 5) or an owners' meeting's minutes. */
  decision: DecisionOutcome
  decisionRef: string | null
  updatedAt: string
  updatedBy: string
}

export interface Plan {
  /** One plan per community: `plan-<communityId>`. */
  _id: string
  communityId: string
  title: string
  summary: string
  /** `draft`: the office is editing edition `edition`; `published`: edition `edition` is out. */
  status: 'draft' | 'published'
  edition: number
  items: PlanItem[]
  /** The last published edition (null before the first publication). */
  publishedEdition: number | null
  stage: Stage
  progress: Record<string, ItemProgress>
  version: number
  updatedAt: string
  updatedBy: string
}

/** A published edition: frozen, never changed; residents read these. */
export interface PlanEdition {
  /** `${planId}:e${edition}` */
  _id: string
  planId: string
  communityId: string
  edition: number
  title: string
  summary: string
  items: PlanItem[]
  publishedAt: string
  publishedBy: string
  /** Last day (China date, inclusive) of this edition's 公示. */
  publicityEndsOn: string
  /** The 公示 notice published with it. */
  noticeId: string
}

export const planId = (communityId: string) => `plan-${communityId}`
export const editionId = (planIdValue: string, edition: number) => `${planIdValue}:e${edition}`

export function newPlan(communityId: string, fields: PlanFields, userId: string, now: Date): Plan {
  return {
    _id: planId(communityId),
    communityId,
    title: fields.title,
    summary: fields.summary,
    status: 'draft',
    edition: 1,
    items: [],
    publishedEdition: null,
    stage: 'survey',
    progress: {},
    version: 1,
    updatedAt: now.toISOString(),
    updatedBy: userId,
  }
}

function touch(plan: Plan, userId: string, now: Date): Pick<Plan, 'version' | 'updatedAt' | 'updatedBy'> {
  return { version: plan.version + 1, updatedAt: now.toISOString(), updatedBy: userId }
}

export function requireDraft(plan: Plan): void {
  if (plan.status !== 'draft') {
    throw new AppError('PLAN_NOT_DRAFT', `plan ${plan._id} edition ${plan.edition} is published`)
  }
}

/** The community's buildings and units, to check that a scope lies inside it. */
export interface CommunityShape {
  buildings: readonly Pick<Building, '_id' | 'number'>[]
  units: readonly Pick<Unit, '_id' | 'buildingId' | 'number'>[]
}

/** Refuses a scope naming buildings or units outside the community. */
export function checkScope(scope: Scope, shape: CommunityShape): void {
  if (scope.kind === 'buildings') {
    const known = new Set(shape.buildings.map((b) => b._id))
    const unknown = scope.buildingIds.filter((id) => !known.has(id))
    if (unknown.length > 0) throw new AppError('SCOPE_OUTSIDE', `buildings not in this community: ${unknown.join(', ')}`)
    if (new Set(scope.buildingIds).size !== scope.buildingIds.length) {
      throw new AppError('INVALID_INPUT', 'scope.buildingIds repeats a building', '同一栋楼选了两次。')
    }
  }
  if (scope.kind === 'unit' && !shape.units.some((u) => u._id === scope.unitId)) {
    throw new AppError('SCOPE_OUTSIDE', `unit ${scope.unitId} is not in this community`)
  }
}

export function fundingTotal(funding: Funding): number {
  return FUNDING_PARTS.reduce((sum, part) => sum + funding[part], 0)
}

/** The rules zod cannot see: the split adds up, the share rule fits the scope, the floor table is usable. */
export function checkItem(fields: ItemFields, shape: CommunityShape): void {
  checkScope(fields.scope, shape)
  const total = fundingTotal(fields.funding)
  if (total !== fields.costFen) {
    const gap = fields.costFen - total
    throw new AppError(
      'FUNDING_MISMATCH',
      `funding parts add up to ${total} fen, cost is ${fields.costFen} fen`,
      `各方出资合计 ${yuanLabel(total)}，与估算费用 ${yuanLabel(fields.costFen)} 不一致（${gap > 0 ? '还差' : '多出'} ${yuanLabel(Math.abs(gap))}）。`,
    )
  }
  if (fields.shareRule === 'floor' && fields.scope.kind === 'community') {
    throw new AppError('INVALID_INPUT', 'floor-weighted shares need a building or unit scope', '按楼层系数分摊只适用于某栋楼或某个单元的项目（如加装电梯）。')
  }
  if (fields.funding.residents > 0 && fields.decisionKind !== 'major') {
    throw new AppError(
      'INVALID_INPUT',
      `residents pay ${fields.funding.residents} fen but decisionKind is ${fields.decisionKind}`,
      '需要居民出资的项目属于业主共同决定的重大事项（民法典第二百七十八条），决策方式请选“业主共同决定（重大事项）”。',
    )
  }
  if (fields.floorWeights && fields.shareRule !== 'floor') {
    throw new AppError('INVALID_INPUT', 'floorWeights given for a non-floor share rule', '只有“按楼层系数分摊”需要填写楼层系数。')
  }
}

export function addItem(plan: Plan, item: PlanItem, userId: string, now: Date): Plan {
  requireDraft(plan)
  if (plan.items.some((i) => i._id === item._id)) throw new AppError('CONFLICT', `item ${item._id} exists`)
  if (plan.items.length >= PLAN_ITEMS_MAX) {
    throw new AppError('INVALID_INPUT', `plan has ${plan.items.length} items`, `一个方案最多 ${PLAN_ITEMS_MAX} 个项目。`)
  }
  return { ...plan, items: [...plan.items, item], ...touch(plan, userId, now) }
}

/** What owners decided on: once a decision is recorded these cannot change under it. */
const DECIDED_TERMS = ['costFen', 'funding', 'scope', 'shareRule', 'floorWeights', 'decisionKind'] as const

export function replaceItem(plan: Plan, item: PlanItem, userId: string, now: Date): Plan {
  requireDraft(plan)
  const before = plan.items.find((i) => i._id === item._id)
  if (!before) throw new AppError('NOT_FOUND', `item ${item._id} is not in plan ${plan._id}`)
  const decided = plan.progress[item._id] && plan.progress[item._id].decision !== 'pending'
  const changed = DECIDED_TERMS.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(item[k] ?? null))
  if (decided && changed.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `item ${item._id} has an owners' decision; changed: ${changed.join(', ')}`,
      '这个项目已有业主表决结果，费用、出资、范围、分摊方式和决策方式都不能再改；如需改变，请把它标记为“不实施”，另外添加新项目重新表决。',
    )
  }
  return { ...plan, items: plan.items.map((i) => (i._id === item._id ? item : i)), ...touch(plan, userId, now) }
}

export function removeItem(plan: Plan, itemId: string, userId: string, now: Date): Plan {
  requireDraft(plan)
  if (!plan.items.some((i) => i._id === itemId)) throw new AppError('NOT_FOUND', `item ${itemId} is not in plan ${plan._id}`)
  if (plan.progress[itemId] && plan.progress[itemId].decision !== 'pending') {
    throw new AppError('INVALID_INPUT', `item ${itemId} has a decision`, '这个项目已有业主表决结果，不能删除；如不再实施，请标记为“不实施”。')
  }
  return { ...plan, items: plan.items.filter((i) => i._id !== itemId), ...touch(plan, userId, now) }
}

export function editPlanFields(plan: Plan, fields: PlanFields, userId: string, now: Date): Plan {
  requireDraft(plan)
  return { ...plan, ...fields, ...touch(plan, userId, now) }
}

export function checkPublishable(plan: Plan): void {
  requireDraft(plan)
  if (plan.items.length === 0) throw new AppError('INVALID_INPUT', `plan ${plan._id} has no items`, '方案里还没有任何项目，不能发布。')
  if (stageIndex(plan.stage) < stageIndex('design')) {
    throw new AppError('STAGE_GATE', `plan ${plan._id} is at stage ${plan.stage}`, '调查摸底和征求意见结束、进入“方案设计”阶段后，才能发布方案公示。')
  }
  checkRevisable(plan)
}

/**
 * Freezes the draft as edition `plan.edition`. New items start as proposed with no decision;
 * items already in progress keep their progress.
 */
export function publishPlan(
  plan: Plan,
  ctx: { userId: string; now: Date; publicityEndsOn: string; noticeId: string },
): { plan: Plan; edition: PlanEdition } {
  checkPublishable(plan)
  const at = ctx.now.toISOString()
  const edition: PlanEdition = {
    _id: editionId(plan._id, plan.edition),
    planId: plan._id,
    communityId: plan.communityId,
    edition: plan.edition,
    title: plan.title,
    summary: plan.summary,
    items: plan.items,
    publishedAt: at,
    publishedBy: ctx.userId,
    publicityEndsOn: ctx.publicityEndsOn,
    noticeId: ctx.noticeId,
  }
  const progress: Record<string, ItemProgress> = {}
  for (const item of plan.items) {
    progress[item._id] = plan.progress[item._id] ?? { status: 'proposed', decision: 'pending', decisionRef: null, updatedAt: at, updatedBy: ctx.userId }
  }
  return {
    plan: { ...plan, status: 'published', publishedEdition: plan.edition, progress, ...touch(plan, ctx.userId, ctx.now) },
    edition,
  }
}

/** Starts the next edition's draft from the published one. */
export function revisePlan(plan: Plan, userId: string, now: Date): Plan {
  if (plan.status !== 'published') throw new AppError('PLAN_NOT_PUBLISHED', `plan ${plan._id} is already a draft`, '方案已经是草稿，可以直接修改。')
  checkRevisable(plan)
  return { ...plan, status: 'draft', edition: plan.edition + 1, ...touch(plan, userId, now) }
}

/** After 立项 the approved plan is fixed: changing it needs a new approval, outside this app. */
function checkRevisable(plan: Plan): void {
  if (stageIndex(plan.stage) > stageIndex('publicity')) {
    throw new AppError('STAGE_GATE', `plan ${plan._id} is at stage ${plan.stage}`, '方案已经立项，不能再修订或发布新版本。')
  }
}

/** Whether a household lies in an item's scope. */
export function inScope(scope: Scope, h: Pick<Household, 'buildingId' | 'unitId'>): boolean {
  if (scope.kind === 'community') return true
  if (scope.kind === 'buildings') return scope.buildingIds.includes(h.buildingId)
  return scope.unitId === h.unitId
}

/** "全小区" / "1号楼、3号楼" / "3号楼2单元". */
export function scopeLabel(scope: Scope, shape: CommunityShape): string {
  if (scope.kind === 'community') return '全小区'
  const number = (id: string) => shape.buildings.find((b) => b._id === id)?.number
  if (scope.kind === 'buildings') return scope.buildingIds.map((id) => `${number(id) ?? '?'}号楼`).join('、')
  const unit = shape.units.find((u) => u._id === scope.unitId)
  return unit ? `${number(unit.buildingId) ?? '?'}号楼${unit.number}单元` : '（未知单元）'
}

export const DECISION_REF_MAX = 100

/** What the office changes about an item's progress (`plans.setProgress`). */
export interface ProgressChange {
  status?: ItemStatus
  decision?: DecisionOutcome
  /** Where the owners' decision is recorded, e.g. "2026年12月业主大会表决结果". */
  decisionRef?: string
}

/**
 * The next progress of a published item, or a refusal in Chinese. The rules:
 * - the owners' decision (passed/rejected) is only for ordinary/major items and names its record
 *   (decisionRef); issue 5's ballots will set it the same way; rejected ⇒ the item is dropped;
 * - 'chosen' needs the decision passed (survey items are not decided by owners);
 * - 'works' only from 'chosen' and once the project has reached 开工 ('start');
 * - 'done' only from 'works'; once works began an item can no longer be dropped, put back or
 *   have its decision changed.
 */
export function changeProgress(
  item: Pick<PlanItem, '_id' | 'decisionKind'>,
  current: ItemProgress,
  change: ProgressChange,
  stage: Stage,
  by: { userId: string; now: Date },
): ItemProgress {
  const refuse = (detail: string, message: string): never => {
    throw new AppError('INVALID_INPUT', `item ${item._id}: ${detail}`, message)
  }
  if (change.status === undefined && change.decision === undefined && change.decisionRef === undefined) {
    refuse('nothing to change', '请选择要更新的进度或表决结果。')
  }
  const started = current.status === 'works' || current.status === 'done'

  let decision = current.decision
  let decisionRef = current.decisionRef
  if (change.decision !== undefined || change.decisionRef !== undefined) {
    if (item.decisionKind === 'survey') refuse('survey items take no owners\' decision', '意见征询类项目不需要业主表决结果。')
    decision = change.decision ?? current.decision
    const keepsDecision = decision === current.decision
    const ref = change.decisionRef !== undefined ? change.decisionRef.trim() || null : keepsDecision ? current.decisionRef : null
    if (decision === 'pending') {
      if (ref !== null && change.decisionRef !== undefined) refuse('decisionRef without a decision', '还没有表决结果时不需要填写表决依据。')
      decisionRef = null
    } else {
      if (!ref) refuse(`decision ${decision} without decisionRef`, '请填写表决结果的依据，例如“2026年12月业主大会表决结果”。')
      if (ref!.length > DECISION_REF_MAX) refuse('decisionRef too long', `表决依据不能超过 ${DECISION_REF_MAX} 个字。`)
      decisionRef = ref
    }
    if (started && (decision !== current.decision || decisionRef !== current.decisionRef)) {
      refuse(`status ${current.status}: decision is fixed`, '项目已经开始施工，不能再更改业主表决结果。')
    }
  }

  let status = change.status ?? current.status
  if (decision === 'rejected') {
    if (change.status !== undefined && change.status !== 'dropped') {
      refuse(`status ${change.status} with decision rejected`, '业主表决未通过的项目只能标记为“不实施”。')
    }
    status = 'dropped'
  }

  if (status !== current.status) {
    switch (status) {
      case 'proposed':
      case 'dropped':
        if (started) refuse(`${current.status} → ${status}`, `项目${ITEM_STATUS_LABELS[current.status]}，不能再改为“${ITEM_STATUS_LABELS[status]}”。`)
        break
      case 'chosen':
        if (started) refuse(`${current.status} → chosen`, `项目${ITEM_STATUS_LABELS[current.status]}，不能再改回“已确定”。`)
        break
      case 'works':
        if (current.status !== 'chosen') refuse(`${current.status} → works`, '只有“已确定”的项目才能开始施工。')
        if (stageIndex(stage) < stageIndex('start')) refuse(`stage ${stage} before start`, '项目还没有进入“开工”阶段，不能把项目标记为施工中。')
        break
      case 'done':
        if (current.status !== 'works') refuse(`${current.status} → done`, '只有“施工中”的项目才能标记为已完工。')
        break
    }
  }
  if ((status === 'chosen' || status === 'works' || status === 'done') && item.decisionKind !== 'survey' && decision !== 'passed') {
    refuse(`status ${status} with decision ${decision}`, '这个项目需要业主共同决定：请先录入“表决通过”的结果，再确定实施。')
  }
  if (status === current.status && decision === current.decision && decisionRef === current.decisionRef) {
    refuse('no change', '进度没有变化。')
  }
  return { ...current, status, decision, decisionRef, updatedAt: by.now.toISOString(), updatedBy: by.userId }
}

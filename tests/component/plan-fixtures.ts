/**
 * A small published plan for the residents' plan pages, with shares worked out by the real core
 * (src/core/shares.ts) over a small roster, the way the `plans` function does it.
 */
import type { Funding, ItemFields, PlanItem } from '@/core/plan'
import type { FeedbackView, ItemView, MineView, PlanView, TimelineView } from '@/core/plan-view'
import { shareFormula, shareTable } from '@/core/shares'
import { STAGE_LABELS, STAGES, type Stage } from '@/core/stages'
import type { PublicityState } from '@/core/notice'

const NO_MONEY: Funding = { central: 0, provincial: 0, city: 0, district: 0, propertyUnit: 0, utility: 0, residents: 0, donation: 0 }

/** Two buildings; building 1 has units 1 and 2; h-1 (ours) is 1号楼1单元302 on floor 3. */
export const HOUSEHOLDS = [
  { _id: 'h-1', buildingId: 'b1', unitId: 'b1-u1', floor: 3, areaCentiM2: 8530 },
  { _id: 'h-2', buildingId: 'b1', unitId: 'b1-u1', floor: 1, areaCentiM2: 6012 },
  { _id: 'h-3', buildingId: 'b1', unitId: 'b1-u2', floor: 5, areaCentiM2: 7777 },
  { _id: 'h-4', buildingId: 'b2', unitId: 'b2-u1', floor: 2, areaCentiM2: 9001 },
  { _id: 'h-5', buildingId: 'b2', unitId: 'b2-u1', floor: 6, areaCentiM2: 5000 },
]
export const LABELS: Record<string, string> = { 'h-1': '1号楼1单元302', 'h-4': '2号楼1单元201' }

function item(id: string, fields: Partial<ItemFields> & Pick<ItemFields, 'title' | 'category' | 'scope' | 'costFen'>): PlanItem {
  return {
    _id: id,
    menuKey: 'other',
    description: '',
    photos: [],
    funding: { ...NO_MONEY, central: fields.costFen },
    shareRule: 'area',
    decisionKind: 'ordinary',
    ...fields,
  }
}

export const ROOF = item('i-roof', {
  menuKey: 'roof',
  title: '屋面防水',
  category: 'basic',
  scope: { kind: 'buildings', buildingIds: ['b1'] },
  description: '1号楼屋面渗漏，重做防水层。',
  costFen: 30_000_00,
  funding: { ...NO_MONEY, central: 18_000_00, city: 2_000_00, residents: 10_000_00 },
  shareRule: 'area',
  decisionKind: 'major',
})
export const LIGHTS = item('i-lights', {
  menuKey: 'lighting',
  title: '照明设施',
  category: 'basic',
  scope: { kind: 'buildings', buildingIds: ['b2'] },
  costFen: 5_000_00,
  decisionKind: 'ordinary',
})
export const ELEVATOR = item('i-elevator', {
  menuKey: 'elevator',
  title: '1号楼1单元加装电梯',
  category: 'upgrade',
  scope: { kind: 'unit', unitId: 'b1-u1' },
  costFen: 600_000_00,
  funding: { ...NO_MONEY, central: 200_000_00, donation: 10_000_00, residents: 390_000_00 },
  donationNote: '某建材公司捐赠钢材，折价',
  shareRule: 'floor',
  decisionKind: 'major',
})
export const FITNESS = item('i-fitness', {
  menuKey: 'fitness',
  title: '健身小广场',
  category: 'upgrade',
  scope: { kind: 'community' },
  costFen: 80_000_00,
  funding: { ...NO_MONEY, district: 50_000_00, residents: 30_000_00 },
  shareRule: 'equal',
  decisionKind: 'major',
})
const ITEMS = [ROOF, LIGHTS, ELEVATOR, FITNESS]

const SCOPE_LABELS: Record<string, string> = { 'i-roof': '1号楼', 'i-lights': '2号楼', 'i-elevator': '1号楼1单元', 'i-fitness': '全小区' }

export function itemView(i: PlanItem, status: ItemView['status'] = 'proposed'): ItemView {
  const households = shareTable(i, HOUSEHOLDS).households
  return { ...i, scopeLabel: SCOPE_LABELS[i._id], households, status, decision: 'pending', decisionRef: null }
}

export const RUNNING: PublicityState = { kind: 'running', daysLeft: 3, totalDays: 7, elapsedDays: 4, endsOn: '2026-12-02' }
export const ENDED: PublicityState = { kind: 'ended', endsOn: '2026-11-20' }

export function planView(over: Partial<PlanView> = {}): PlanView {
  return {
    planId: 'plan-c-1',
    communityId: 'c-1',
    communityName: '汴绣里小区',
    edition: 2,
    editions: [
      { edition: 2, publishedAt: '2026-11-25T02:00:00.000Z', publicityEndsOn: '2026-12-02' },
      { edition: 1, publishedAt: '2026-11-10T02:00:00.000Z', publicityEndsOn: '2026-11-17' },
    ],
    title: '汴绣里小区改造方案',
    summary: '按“菜单式”征求意见后形成的方案。',
    publishedAt: '2026-11-25T02:00:00.000Z',
    publicityEndsOn: '2026-12-02',
    publicity: RUNNING,
    noticeId: 'n-plan',
    stage: 'publicity',
    items: ITEMS.map((i) => itemView(i)),
    canEdit: false,
    ...over,
  }
}

/** What `plans.mine` answers for a household: the items in its scope, shares from the real core. */
export function mineView(householdId: string, statuses: Record<string, ItemView['status']> = {}): MineView {
  const items = ITEMS.flatMap((i) => {
    const table = shareTable(i, HOUSEHOLDS)
    const share = table.shares.find((s) => s.householdId === householdId)
    if (!share) return []
    return [{ item: itemView(i, statuses[i._id]), shareFen: share.fen, formula: shareFormula(table, share) }]
  })
  return {
    householdId,
    householdLabel: LABELS[householdId] ?? householdId,
    planTitle: '汴绣里小区改造方案',
    edition: 2,
    stage: 'publicity',
    items,
    // As the function does: items marked 不实施 are not paid for.
    totalFen: items.filter((m) => m.item.status !== 'dropped').reduce((s, m) => s + m.shareFen, 0),
  }
}

export function shareFen(itemId: string, householdId: string): number {
  const i = ITEMS.find((x) => x._id === itemId)!
  return shareTable(i, HOUSEHOLDS).shares.find((s) => s.householdId === householdId)!.fen
}

export function feedback(over: Partial<FeedbackView> & Pick<FeedbackView, '_id'>): FeedbackView {
  return {
    communityId: 'c-1',
    planId: 'plan-c-1',
    edition: 2,
    itemId: 'i-roof',
    kind: 'comment',
    text: '',
    photos: [],
    householdLabel: '1号楼1单元',
    createdAt: '2026-11-26T02:00:00.000Z',
    reply: null,
    hidden: null,
    version: 1,
    mine: false,
    itemTitle: '屋面防水',
    ...over,
  }
}

export function timelineView(current: Stage): TimelineView {
  const at = STAGES.indexOf(current)
  return {
    stage: current,
    stages: STAGES.map((stage, i) => ({
      stage,
      label: STAGE_LABELS[stage],
      state: i < at ? 'done' : i === at ? 'current' : 'todo',
      changes:
        i > 0 && i <= at
          ? [
              {
                _id: `sc-${stage}`,
                planId: 'plan-c-1',
                communityId: 'c-1',
                from: STAGES[i - 1],
                to: stage,
                at: `2026-11-${String(10 + i).padStart(2, '0')}T02:00:00.000Z`,
                byUserId: 'u-off',
                byName: `干事${i}`,
                note: `进入${STAGE_LABELS[stage]}`,
                documents: stage === 'approval' ? [{ title: '立项批复', reference: '汴住建〔2026〕12号', photos: [] }] : [],
              },
            ]
          : [],
    })),
    gate: { next: STAGES[at + 1] ?? null, problems: current === 'publicity' ? ['方案公示期还没有结束。'] : [], documentNeeded: null },
  }
}

export const ME_RESIDENT = (households = [{ householdId: 'h-1', relation: 'owner', label: '1号楼1单元302' }]) => ({
  user: { _id: 'u-1', name: '王建国', role: 'resident', roleLabel: '居民', householdLabel: null },
  community: { _id: 'c-1', name: '汴绣里小区', districtId: 'd', street: '北道门街道', yearBuilt: 1993, buildingCount: 2, householdCount: 5 },
  district: null,
  households,
})

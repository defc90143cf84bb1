/**
 * Issue 6 fixtures for the works and report pages: who is signed in, the parties of the community,
 * works items, and reports built with the real core rules (routeReport, dueAt, isOverdue), the way
 * the `works` and `reports` functions answer.
 */
import { DEFAULT_CHECKLIST } from '@/core/acceptance'
import type { Household } from '@/core/community'
import type { Party, PartyFields } from '@/core/parties'
import { dueAt, isOverdue, REPORT_STEPS, routeReport, type Report, type ReportCategory, type ReportStatus, type ReportStep } from '@/core/reports'
import type { AcceptanceView, ReportSummary, ReportView, WorksItem } from '@/core/works-view'

const COMMUNITY = { _id: 'c-1', name: '梁苑新村', districtId: 'd', street: '北道门街道', yearBuilt: 1990, buildingCount: 4, householdCount: 48 }

export const ME_RESIDENT = {
  user: { _id: 'u-res', name: '居民 吴桂英', role: 'resident', roleLabel: '居民', householdLabel: '3号楼1单元201' },
  community: COMMUNITY,
  district: null,
  households: [{ householdId: 'h-3-1-201', relation: 'owner', label: '3号楼1单元201' }],
  party: null,
}
export const ME_OFFICE = {
  user: { _id: 'u-off', name: '社区干事 钱四', role: 'office', roleLabel: '社区工作人员', householdLabel: null },
  community: COMMUNITY,
  district: null,
  households: [],
  party: null,
}
export const ME_DISTRICT = {
  user: { _id: 'u-dis', name: '区住建 孙五', role: 'district', roleLabel: '区住建工作人员', householdLabel: null },
  community: null,
  district: { _id: 'd', name: '龙亭区', city: '开封市' },
  households: [],
  party: null,
}

/** The resident's flat as households.get answers (building 3, unit 1). */
export const FLAT: Household = {
  _id: 'h-3-1-201',
  communityId: 'c-1',
  buildingId: 'c-1-b3',
  unitId: 'c-1-b3-u1',
  buildingNumber: 3,
  unitNumber: 1,
  room: '201',
  floor: 2,
  areaCentiM2: 6512,
  owners: [{ name: '吴桂英' }],
  coOwned: false,
  developerUnsold: false,
  tenantOccupied: false,
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
}

function party(_id: string, fields: PartyFields): Party {
  return { _id, communityId: 'c-1', createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'u-off', version: 1, ...fields }
}
export const CONTRACTOR = party('p-con', { kind: 'contractor', name: '宏达建筑工程公司', phone: '0371-1111', lines: [] })
export const SUPERVISOR = party('p-sup', { kind: 'supervisor', name: '诚信监理公司', phone: '', lines: [] })
export const DESIGNER = party('p-des', { kind: 'designer', name: '城建设计院', phone: '', lines: [] })
export const SURVEYOR = party('p-sur', { kind: 'surveyor', name: '地勘一队', phone: '', lines: [] })
export const WATER = party('p-water', { kind: 'utility', name: '自来水公司', phone: '0371-9999', lines: ['water'] })
export const PROPERTY = party('p-prop', { kind: 'property', name: '安居物业', phone: '0371-2222', lines: [] })
export const PARTIES = [CONTRACTOR, SUPERVISOR, DESIGNER, SURVEYOR, WATER, PROPERTY]

export const ME_PARTY = {
  user: { _id: 'u-con', name: '施工员 马师傅', role: 'party', roleLabel: '参建或维修单位', householdLabel: null },
  community: COMMUNITY,
  district: null,
  households: [],
  party: { _id: CONTRACTOR._id, name: CONTRACTOR.name, kind: CONTRACTOR.kind, kindLabel: '施工单位' },
}

export function worksItem(over: Partial<WorksItem> & Pick<WorksItem, 'itemId' | 'title'>): WorksItem {
  return {
    scopeLabel: '3号楼',
    status: 'works',
    observable: true,
    acceptedAt: null,
    warrantyEndsOn: null,
    contractorPartyId: null,
    contractorName: null,
    lastOutcome: null,
    observations: 0,
    unanswered: 0,
    supervisors: 0,
    ...over,
  }
}

/** Accepted a year ago, warranty until 2099: reports on it go to the contractor. */
export const DOWNPIPE = worksItem({
  itemId: 'i-pipe',
  title: '3号楼落水管更换',
  status: 'done',
  observable: false,
  acceptedAt: '2026-06-01T02:00:00.000Z',
  warrantyEndsOn: '2099-06-01',
  contractorPartyId: CONTRACTOR._id,
  contractorName: CONTRACTOR.name,
  lastOutcome: 'passed',
  observations: 2,
})
/** Under way: observations, not reports. */
export const ROOF = worksItem({ itemId: 'i-roof', title: '屋面防水', status: 'works', observations: 3, unanswered: 1, supervisors: 2, contractorPartyId: CONTRACTOR._id, contractorName: CONTRACTOR.name })
/** Finished, not accepted yet: the office's 验收 button. */
export const PAINT = worksItem({ itemId: 'i-paint', title: '外墙粉刷', status: 'done', observable: true })

/** What works.acceptance answers for an item that may be accepted now. */
export function acceptanceView(over: Partial<AcceptanceView> = {}): AcceptanceView {
  return {
    itemId: PAINT.itemId,
    itemTitle: PAINT.title,
    status: 'done',
    planVersion: 7,
    canRecord: true,
    refusal: null,
    attempts: [],
    parties: PARTIES,
    defaults: { checklist: [...DEFAULT_CHECKLIST], warrantyEndsOn: '2028-12-01' },
    ...over,
  }
}

/** Filed on 2026-12-01 10:00 China time; `now` decides overdue (drain: 72 h). */
const FILED = new Date('2026-12-01T02:00:00.000Z')

export function report(
  over: Partial<Report> & { _id: string; status?: ReportStatus; category?: ReportCategory } = { _id: 'r-1' },
  now = new Date('2026-12-02T02:00:00.000Z'),
): Report {
  const category = over.category ?? 'drain'
  const itemId = over.itemId === undefined ? DOWNPIPE.itemId : over.itemId
  const routed = routeReport(
    { category, item: itemId ? { itemTitle: DOWNPIPE.title, warrantyEndsOn: DOWNPIPE.warrantyEndsOn, contractorPartyId: DOWNPIPE.contractorPartyId } : null },
    PARTIES,
    now,
  )
  const base: Report = {
    _id: over._id,
    householdId: FLAT._id,
    itemId,
    category,
    buildingId: FLAT.buildingId,
    unitId: FLAT.unitId,
    spot: '1单元门口东侧落水管',
    text: '落水管接口漏水，下雨时水顺着墙流进一楼。',
    photos: ['local:photos/u-res/p1.jpg'],
    communityId: 'c-1',
    districtId: 'd',
    reporterId: 'u-res',
    itemTitle: itemId ? DOWNPIPE.title : null,
    whereLabel: '3号楼1单元',
    status: 'submitted',
    routed,
    assignee: null,
    assigneePartyId: null,
    dueAt: dueAt(category, FILED),
    meToo: [],
    rating: null,
    history: [{ at: FILED.toISOString(), what: 'submit', byUserId: 'u-res', byLabel: '居民', from: null, to: 'submitted', note: '' }],
    createdAt: FILED.toISOString(),
    updatedAt: FILED.toISOString(),
    version: 1,
  }
  return { ...base, ...over, routed: over.routed ?? routed }
}

/** The steps `who` may take on `r` now, from the core's table (what the function puts in canDo). */
export function stepsFor(r: Report, who: 'office' | 'assignee' | 'reporter'): ReportStep[] {
  return (Object.keys(REPORT_STEPS) as ReportStep[]).filter((s) => {
    const step = REPORT_STEPS[s]
    return (step.from as readonly ReportStatus[]).includes(r.status) && (step.by as readonly string[]).includes(who)
  })
}

export function reportView(r: Report, who: 'office' | 'assignee' | 'reporter' | 'none', now = new Date('2026-12-02T02:00:00.000Z')): ReportView {
  const { reporterId: _r, meToo, ...rest } = r
  return {
    ...rest,
    reporterLabel: who === 'reporter' ? '我' : '居民（3号楼）',
    mine: who === 'reporter',
    joined: false,
    meTooCount: meToo.length,
    overdue: isOverdue(r, now),
    canDo: who === 'none' ? [] : stepsFor(r, who),
  }
}

export function summary(r: Report, now = new Date('2026-12-02T02:00:00.000Z'), mine = true): ReportSummary {
  return {
    _id: r._id,
    communityId: r.communityId,
    category: r.category,
    itemTitle: r.itemTitle,
    whereLabel: r.whereLabel,
    spot: r.spot,
    text: r.text,
    status: r.status,
    assignee: r.assignee,
    dueAt: r.dueAt,
    overdue: isOverdue(r, now),
    meTooCount: r.meToo.length,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    rating: r.rating,
    mine,
    joined: false,
  }
}

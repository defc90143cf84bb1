/**
 * The permission matrix at the handler level (issue 3: "a test walks the whole role × action matrix
 * and proves every forbidden cell is refused"). For EVERY action of EVERY function registered in
 * cloudfunctions/registry.ts (read at test time), called by each caller below with a valid sample
 * input aimed at the demo community and 王一's household:
 *
 * - where the permission table (src/core/permissions.ts, `can`) forbids it, the call is refused with
 *   FORBIDDEN — NOT_REGISTERED for a WeChat user not bound yet when the action is not open to
 *   visitors, or a code listed in HIDES_EXISTENCE — AND every collection is exactly as before;
 * - where the table allows it, the call is not refused for identity or permission (nor for bad
 *   sample input: that would make the forbidden cells prove nothing).
 *
 * A registered action missing from SAMPLES fails the first test, so new actions cannot be skipped.
 * Each cell runs on its own copy of one seeded SQLite file (server/seed.ts + the fixtures below).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import { loadActor, visitor, type Deps } from '../../cloudfunctions/common/router'
import { COLLECTIONS, type Store } from '../../cloudfunctions/common/store'
import { hashCode, type BindCodeDoc } from '../../cloudfunctions/members/codes'
import type { BindRequestDoc } from '../../cloudfunctions/members/request-binding'
import { FUNCTIONS } from '../../cloudfunctions/registry'
import { handleFeedback } from '../../cloudfunctions/feedback/handler'
import { handleBallots } from '../../cloudfunctions/ballots/handler'
import type { Ballot } from '../../src/core/ballot'
import { handlePlans } from '../../cloudfunctions/plans/handler'
import { handleReports } from '../../cloudfunctions/reports/handler'
import { handleWorks } from '../../cloudfunctions/works/handler'
import { DEFAULT_CHECKLIST, type Acceptance, type AcceptanceFields } from '../../src/core/acceptance'
import type { Party } from '../../src/core/parties'
import type { ObservationView, SupervisorView } from '../../src/core/works-view'
import type { ReportView } from '../../src/core/works-view'
import { DEMO, seedDemo } from '../../server/seed'
import type { Feedback } from '../../src/core/feedback'
import { planId, type ItemFields, type Plan } from '../../src/core/plan'
import type { Community, Household } from '../../src/core/community'
import type { ErrorCode, Result } from '../../src/core/errors'
import { ledgerFieldsSchema } from '../../src/core/ledger'
import { can, type PermissionAction, type Target } from '../../src/core/permissions'
import { membershipId, type Membership, type StoredUser, type User } from '../../src/core/roles'
import type { PaperView } from '../../src/core/paper'
import type { ProxyView } from '../../src/core/proxies'
import { JPEG } from '../fixtures/photos'

const NOW = new Date('2026-11-25T02:00:00.000Z')
const C = DEMO.communityId
/** 王一's household (seed): the household every household-level sample is about. */
const HH = `${C}-b1-u1-302`
const HOME: Target = { communityId: C, districtId: DEMO.districtId }
const HOME_HH: Target = { ...HOME, householdId: HH }
/** A valid family invitation for HH, stored by the fixtures (only its hash, as the function does). */
const INVITE = 'K7M2Q9XW'

/** The callers: one per kind of person the issue names, and the places they stand. */
const CALLERS = {
  'visitor (not bound)': 'wx-mx-visitor',
  'resident, no household': 'wx-mx-resident',
  'family member of HH': 'wx-mx-family',
  'member of a neighbour household': DEMO.resident2,
  'owner of HH': DEMO.resident,
  'office of the community': DEMO.office,
  'office of another community': DEMO.otherOffice,
  'district officer of the district': DEMO.district,
  'district officer of another district': 'wx-mx-district2',
  admin: 'wx-mx-admin',
  /** Staff of the contractor building the works item (issue 6; the works fixtures add them). */
  'staff of the contractor': 'wx-mx-party',
} as const
type Caller = keyof typeof CALLERS

/** Fixtures added to the demo data: the extra callers, a tenant of HH to remove, a pending request, an invitation. */
async function addFixtures(store: Store): Promise<void> {
  const member = (userId: string, relation: Membership['relation']): Membership => ({
    _id: membershipId(HH, userId),
    householdId: HH,
    communityId: C,
    userId,
    relation,
    via: 'seed',
    addedBy: 'u-off-1',
    createdAt: NOW.toISOString(),
  })
  const users: StoredUser[] = [
    { _id: 'u-mx-resident', openid: CALLERS['resident, no household'], name: '居民（无房屋）', role: 'resident', communityId: C },
    { _id: 'u-mx-family', openid: CALLERS['family member of HH'], name: '王家家人', role: 'resident', communityId: C },
    { _id: 'u-mx-tenant', openid: 'wx-mx-tenant', name: '王家租户', role: 'resident', communityId: C },
    { _id: 'u-mx-district2', openid: CALLERS['district officer of another district'], name: '外区住建', role: 'district', districtId: 'd-mx-other' },
    { _id: 'u-mx-admin', openid: CALLERS.admin, name: '管理员', role: 'admin' },
  ]
  const request: BindRequestDoc = {
    _id: 'req-mx',
    communityId: C,
    householdId: `${C}-b2-u1-101`,
    householdLabel: '2号楼1单元101',
    buildingNumber: 2,
    unitNumber: 1,
    room: '101',
    openid: 'wx-mx-asker',
    userId: null,
    relation: 'family',
    name: '申请人',
    phone: null,
    note: null,
    status: 'pending',
    createdAt: NOW.toISOString(),
    decidedAt: null,
    decidedBy: null,
    reason: null,
    version: 1,
  }
  const invite: BindCodeDoc = {
    _id: hashCode(INVITE),
    householdId: HH,
    communityId: C,
    kind: 'family',
    relation: 'family',
    issuedBy: 'u-res-1',
    issuedAt: NOW.toISOString(),
    expiresAt: new Date(NOW.getTime() + 7 * 24 * 3600 * 1000).toISOString(),
    usedAt: null,
    usedBy: null,
    revokedAt: null,
    version: 1,
  }
  await store.transaction(async (tx) => {
    await tx.insert('districts', { _id: 'd-mx-other', name: '另一个区（示例）', city: '开封市' })
    for (const u of users) await tx.insert('users', u)
    await tx.insert('members', member('u-mx-family', 'family'))
    await tx.insert('members', member('u-mx-tenant', 'tenant'))
    await tx.insert('bindRequests', request)
    await tx.insert('bindCodes', invite)
  })
}

/** An item every plan sample uses (valid: the allowed callers must get past validation). */
const ITEM: ItemFields = {
  menuKey: 'roads',
  title: '矩阵测试道路',
  category: 'basic',
  scope: { kind: 'community' },
  description: '',
  photos: [],
  costFen: 100000,
  funding: { central: 0, provincial: 0, city: 0, district: 60000, propertyUnit: 0, utility: 0, residents: 40000, donation: 0 },
  shareRule: 'area',
  decisionKind: 'major',
}

/**
 * The demo community's plan, published (its 公示 running at NOW) with one item, and a comment from
 * 王一 on it: made through the functions themselves, as the office and the resident would.
 */
async function addPlanFixtures(store: Store): Promise<void> {
  let seq = 0
  const deps: Deps = { store, now: () => NOW, newId: () => `fx-${++seq}` }
  const as = async (handler: typeof handlePlans, openid: string, action: string, data: unknown) => {
    const r = await handler(deps, { openid }, { action, data })
    if (!r.ok) throw new Error(`fixture ${action}: ${r.code} ${r.detail ?? r.message}`)
    return r.data as { version: number }
  }
  let v = (await as(handlePlans, DEMO.office, 'create', { title: '矩阵测试方案', summary: '' })).version
  for (const to of ['consultation', 'design']) {
    await as(handlePlans, DEMO.office, 'advance', { version: v, to, note: '', documents: [] })
    v += 1
  }
  v = (await as(handlePlans, DEMO.office, 'saveItem', { version: v, item: ITEM })).version
  // Two more for the works samples (after ITEM: the plans and ballots samples use items[0]).
  for (const title of [WORKS_ITEM, ACCEPTED_ITEM]) v = (await as(handlePlans, DEMO.office, 'saveItem', { version: v, item: { ...ITEM, title, funding: { ...ITEM.funding, district: 100000, residents: 0 }, decisionKind: 'ordinary' } })).version
  await as(handlePlans, DEMO.office, 'publish', { version: v })
  await as(handleFeedback, DEMO.resident, 'create', { householdId: HH, kind: 'comment', itemId: null, text: '矩阵测试留言', photos: [] })
}

/** The ballots the ballots samples act on: a draft, one open (HH has not voted), one closed with a receipt. */
interface BallotFixtures {
  draft: Ballot
  open: Ballot
  closed: Ballot
  receipt: string
}

/** A valid ballot draft on the fixture plan's item: an owners' decision and a survey for the community (or the survey alone). */
function ballotDraft(plan: Plan, title: string, surveyOnly = false) {
  const item = plan.items[0]
  const questions = [
    { kind: 'decision', _id: 'mx-q-decision', title: `是否同意${item.title}`, scope: item.scope, itemId: item._id, decisionKind: item.decisionKind },
    { kind: 'yesno', _id: 'mx-q-survey', title: '矩阵测试意见征询', scope: { kind: 'community' } },
  ]
  return {
    title,
    opensAt: new Date(NOW.getTime() - 3600 * 1000).toISOString(),
    closesAt: new Date(NOW.getTime() + 7 * 24 * 3600 * 1000).toISOString(),
    showRunningConsent: false,
    questions: surveyOnly ? questions.slice(1) : questions,
  }
}

/** The ballots of the matrix, made through the function as the office and 王一 would. */
async function addBallotFixtures(store: Store): Promise<BallotFixtures> {
  let seq = 0
  const deps: Deps = { store, now: () => NOW, newId: () => `fxb-${++seq}` }
  const as = async <T>(openid: string, action: string, data: unknown): Promise<T> => {
    const r = await handleBallots(deps, { openid }, { action, data })
    if (!r.ok) throw new Error(`ballot fixture ${action}: ${r.code} ${r.detail ?? r.message}`)
    return r.data as T
  }
  const plan = (await store.get<Plan>('plans', planId(C)))!
  const created = async (title: string, surveyOnly = false) => as<Ballot>(DEMO.office, 'create', ballotDraft(plan, title, surveyOnly))
  const opened = async (title: string, surveyOnly = false) => {
    const b = await created(title, surveyOnly)
    return as<Ballot>(DEMO.office, 'open', { ballotId: b._id, version: b.version })
  }
  const draft = await created('矩阵测试投票（草稿）')
  const open = await opened('矩阵测试投票（进行中）')
  // A survey only: closing it decides no plan item (the plans samples need the item undecided).
  const toClose = await opened('矩阵测试投票（已结束）', true)
  const { receipt } = await as<{ receipt: string }>(DEMO.resident, 'cast', {
    ballotId: toClose._id,
    householdId: HH,
    requestId: 'mx-fixture-request',
    version: 0,
    answers: [{ questionId: 'mx-q-survey', choice: 'yes' }],
  })
  const closed = await as<Ballot>(DEMO.office, 'close', { ballotId: toClose._id, version: toClose.version })
  return { draft, open, closed, receipt }
}

/**
 * Paper ballots and proxies on the open ballot, made through the function: a pending paper and one
 * in conflict (a second paper for a flat whose first was recorded), both entered by the second staff
 * member (so the office caller may confirm them), and a proxy for HH (its tenant, not one of the
 * callers: a proxy may vote for the household beyond what the table gives members). Photos are staff uploads in
 * `uploads` (deps.uploadsDir for the fixtures and every cell).
 */
interface PaperFixtures {
  pending: PaperView
  conflict: PaperView
  proxy: ProxyView
}

/** The photo every paper and proxy sample attaches: the office caller's own upload. */
const MX_PHOTO = 'local:photos/u-off-1/mx-paper.jpg'

function writePhotos(uploads: string): void {
  for (const [userId, name] of [['u-off-1', 'mx-paper'], ['u-off-3', 'mx-p1'], ['u-off-3', 'mx-p2'], ['u-off-3', 'mx-p3']]) {
    mkdirSync(join(uploads, 'photos', userId), { recursive: true })
    writeFileSync(join(uploads, 'photos', userId, `${name}.jpg`), JPEG)
  }
}

async function addPaperFixtures(store: Store, uploads: string, open: Ballot): Promise<PaperFixtures> {
  let seq = 0
  const deps: Deps = { store, now: () => NOW, newId: () => `fxp-${++seq}`, uploadsDir: uploads }
  const as = async <T>(openid: string, action: string, data: unknown): Promise<T> => {
    const r = await handleBallots(deps, { openid }, { action, data })
    if (!r.ok) throw new Error(`paper fixture ${action}: ${r.code} ${r.detail ?? r.message}`)
    return r.data as T
  }
  const enter = (householdId: string, photo: string) =>
    as<PaperView>(DEMO.office2, 'enterPaper', { ballotId: open._id, householdId, answers: [{ questionId: 'mx-q-survey', choice: 'no' }], photos: [`local:photos/u-off-3/${photo}.jpg`], voterName: '矩阵' })
  const first = await enter(`${C}-b1-u1-301`, 'mx-p1')
  await as(DEMO.office, 'confirmPaper', { paperId: first._id, version: first.version })
  const second = await enter(`${C}-b1-u1-301`, 'mx-p2')
  const conflict = await as<PaperView>(DEMO.office, 'confirmPaper', { paperId: second._id, version: second.version })
  const pending = await enter(`${C}-b1-u1-401`, 'mx-p3')
  const household = (await store.get<Household>('households', HH))!
  const proxy = await as<ProxyView>(DEMO.office, 'addProxy', { householdId: HH, person: { userId: 'u-mx-tenant' }, ballotId: open._id, grantorName: household.owners[0].name, photos: [MX_PHOTO] })
  return { pending, conflict, proxy }
}

/** Issue reports at each status: filed by 陈八 (not a caller) up to in progress, and 王一's (HH) resolved one. */
interface ReportFixtures {
  submitted: ReportView
  accepted: ReportView
  assigned: ReportView
  inProgress: ReportView
  resolved: ReportView
}

/** The reports of the matrix, made through the function as the residents and the office would (no parties: the office handles them). */
async function addReportFixtures(store: Store): Promise<ReportFixtures> {
  let seq = 0
  const deps: Deps = { store, now: () => NOW, newId: () => `fxr-${++seq}` }
  const as = async (openid: string, action: string, data: unknown): Promise<ReportView> => {
    const r = await handleReports(deps, { openid }, { action, data })
    if (!r.ok) throw new Error(`report fixture ${action}: ${r.code} ${r.detail ?? r.message}`)
    return r.data as ReportView
  }
  let n = 0
  const file = (openid: string, householdId: string, b: number, u: number) =>
    as(openid, 'create', { householdId, itemId: null, category: 'drain', buildingId: `${C}-b${b}`, unitId: `${C}-b${b}-u${u}`, spot: '矩阵测试位置', text: `矩阵测试报修 ${++n}`, photos: [], requestId: `mx-report-fixture-${n}` })
  const next = (r: ReportView, step: string, extra: Record<string, unknown> = {}) => as(DEMO.office, step, { reportId: r._id, version: r.version, ...extra })
  const chen = () => file(DEMO.resident3, `${C}-b2-u1-401`, 2, 1)
  const submitted = await chen()
  const accepted = await next(await chen(), 'accept')
  const assigned = await next(await next(await chen(), 'accept'), 'assign', { partyId: null })
  const inProgress = await next(await next(await next(await chen(), 'accept'), 'assign', { partyId: null }), 'start')
  const mine = await file(DEMO.resident, HH, 1, 1)
  const resolved = await next(await next(await next(await next(mine, 'accept'), 'assign', { partyId: null }), 'start'), 'resolve')
  return { submitted, accepted, assigned, inProgress, resolved }
}

/** Titles of the fixture plan's works items: one finished (not accepted), one accepted with a fix to make. */
const WORKS_ITEM = '矩阵测试屋面防水'
const ACCEPTED_ITEM = '矩阵测试落水管'

interface WorksFixtures {
  itemId: string
  builder: Party
  rival: Party
  supervisor: SupervisorView
  observation: ObservationView
  acceptance: Acceptance
  /** A complete record for the works item (the recordAcceptance sample). */
  record: AcceptanceFields
  /** A staff binding code the office issued for the contractor (the members.bindParty sample). */
  partyCode: string
}

/**
 * The works of the matrix: the two works items finished (their progress written straight into the
 * plan: the stage gates before 开工 need weeks of clock), the community's parties and the
 * contractor's staff member, 王一 supervising the finished item and observing on it, and the other
 * item accepted with a fix to make — made through the function as the office and 王一 would.
 */
async function addWorksFixtures(store: Store): Promise<WorksFixtures> {
  let seq = 0
  const deps: Deps = { store, now: () => NOW, newId: () => `fxw-${++seq}` }
  const as = async <T>(openid: string, action: string, data: unknown): Promise<T> => {
    const r = await handleWorks(deps, { openid }, { action, data })
    if (!r.ok) throw new Error(`works fixture ${action}: ${r.code} ${r.detail ?? r.message}`)
    return r.data as T
  }
  const party = (kind: Party['kind'], name: string) => as<Party>(DEMO.office, 'saveParty', { kind, name, phone: '', lines: [] })
  const builder = await party('contractor', '矩阵测试施工单位')
  const rival = await party('contractor', '矩阵测试另一施工单位')
  const signers = { supervisor: await party('supervisor', '矩阵测试监理'), designer: await party('designer', '矩阵测试设计'), surveyor: await party('surveyor', '矩阵测试勘察') }
  await store.insert<StoredUser>('users', { _id: 'u-mx-party', openid: CALLERS['staff of the contractor'], name: '矩阵测试施工员', role: 'party', communityId: C, partyId: builder._id })

  const plan = (await store.get<Plan>('plans', planId(C)))!
  const id = (title: string) => plan.items.find((i) => i.title === title)!._id
  const [itemId, acceptedId] = [id(WORKS_ITEM), id(ACCEPTED_ITEM)]
  const done = { status: 'done' as const, decision: 'passed' as const, decisionRef: '矩阵测试', updatedAt: NOW.toISOString(), updatedBy: 'u-off-1' }
  const progress = { ...plan.progress, [itemId]: { ...done, contractorPartyId: builder._id }, [acceptedId]: done }
  if (!(await store.replaceIfVersion('plans', { ...plan, progress, version: plan.version + 1 }, plan.version))) throw new Error('works fixture: plan moved')

  const supervisor = await as<SupervisorView>(DEMO.resident, 'volunteer', { target: { kind: 'item', itemId }, displayName: '矩阵测试监督员' })
  const observation = await as<ObservationView>(DEMO.resident, 'observe', { itemId, buildingId: null, kind: 'quality', text: '矩阵测试意见', photos: [] })
  const record = (item: string, more: Partial<AcceptanceFields> = {}): AcceptanceFields => ({
    itemId: item,
    checklist: DEFAULT_CHECKLIST.map((text) => ({ text, result: 'ok' as const, note: '' })),
    signatures: [
      { role: 'ownersRep', name: '矩阵业主代表', partyId: null },
      { role: 'contractor', name: '矩阵施工', partyId: builder._id },
      ...(['supervisor', 'designer', 'surveyor'] as const).map((role) => ({ role, name: `矩阵${role}`, partyId: signers[role]._id })),
    ],
    outcome: 'passed',
    defects: [],
    fixesDueOn: null,
    warrantyEndsOn: '2028-11-25',
    contractorPartyId: builder._id,
    photos: [],
    ...more,
  })
  const version = (await store.get<Plan>('plans', planId(C)))!.version
  const acceptance = await as<Acceptance>(DEMO.office, 'recordAcceptance', {
    ...record(acceptedId, { outcome: 'passedWithFixes', defects: [{ text: '矩阵测试整改' }], fixesDueOn: '2026-12-31' }),
    planVersion: version,
  })
  const { code: partyCode } = await as<{ code: string }>(DEMO.office, 'issuePartyCode', { partyId: builder._id, staffName: '矩阵测试新施工员' })
  return { itemId, builder, rival, supervisor, observation, acceptance, record: record(itemId), partyCode }
}

interface Seeded {
  community: Community
  household: Household
  plan: Plan
  feedback: Feedback
  ballots: BallotFixtures
  paper: PaperFixtures
  reports: ReportFixtures
  works: WorksFixtures
}

interface Sample {
  /** A valid input (the allowed callers must get past validation with it). */
  input: (s: Seeded) => unknown
  /** What the permission table is asked about for this input. */
  target: Target
  /** The permission entry the action checks, when not `<function>.<action>`. */
  permission?: PermissionAction
  /**
   * The use case narrows the table to these of its allowed callers (e.g. only the reporter confirms
   * a repair); the table's other allowed callers are refused with FORBIDDEN and nothing written.
   */
  onlyFor?: Caller[]
}

/** Not a real workbook: allowed callers get FILE_INVALID, which is fine — the point is the refusals. */
const FILE = 'UEsDBAo='

const SAMPLES: Record<string, Sample> = {
  'account.me': { input: () => ({}), target: {} },

  'notices.list': { input: () => ({ communityId: C }), target: HOME },
  'notices.get': { input: () => ({ id: 'n-water' }), target: HOME },
  'notices.create': { input: () => ({ communityId: C, kind: 'notice', title: '矩阵测试', body: '正文' }), target: HOME },
  'notices.update': { input: () => ({ id: 'n-draft', version: 1, kind: 'notice', title: '矩阵测试', body: '正文' }), target: HOME },
  'notices.publish': { input: () => ({ id: 'n-draft', version: 1 }), target: HOME },
  'notices.withdraw': { input: () => ({ id: 'n-water', version: 2, reason: '矩阵测试' }), target: HOME },

  'households.list': { input: () => ({ communityId: C }), target: HOME },
  'households.get': { input: () => ({ id: HH }), target: HOME_HH },
  'households.update': { input: (s) => ({ id: HH, version: s.household.version, tenantOccupied: !s.household.tenantOccupied }), target: HOME },
  'households.import': { input: () => ({ communityId: C, fileBase64: FILE, fileName: 'roster.xlsx' }), target: HOME },
  'households.export': { input: () => ({ communityId: C }), target: HOME },
  'households.electorate': { input: () => ({ communityId: C, scope: { kind: 'community' } }), target: HOME },
  'households.audit': { input: () => ({ communityId: C }), target: HOME },

  'members.issueCodes': { input: () => ({ communityId: C, buildingNumber: 1 }), target: HOME },
  'members.bind': { input: () => ({ code: 'K7M2-Q9XW', relation: 'family', name: '矩阵' }), target: {} },
  /** Only a WeChat user not registered yet (the contractor's code from the works fixtures). */
  'members.bindParty': { input: (s) => ({ code: s.works.partyCode }), target: {} },
  'members.request': { input: () => ({ communityId: C, buildingNumber: 2, unitNumber: 1, room: '102', relation: 'family', name: '矩阵' }), target: {} },
  'members.listRequests': { input: () => ({ communityId: C }), target: HOME },
  'members.decide': { input: () => ({ id: 'req-mx', approve: true }), target: HOME },
  'members.mine': { input: () => ({}), target: {} },
  'members.list': { input: () => ({ householdId: HH }), target: HOME_HH },
  'members.invite': { input: () => ({ householdId: HH }), target: HOME_HH },
  'members.remove': { input: () => ({ householdId: HH, userId: 'u-mx-tenant' }), target: HOME_HH },

  'ledger.list': { input: () => ({ districtId: DEMO.districtId }), target: { districtId: DEMO.districtId } },
  'ledger.get': { input: () => ({ id: C }), target: HOME },
  'ledger.update': {
    input: (s) => {
      const fields = Object.fromEntries(Object.keys(ledgerFieldsSchema.shape).flatMap((k) => (k in s.community ? [[k, (s.community as Record<string, unknown>)[k]]] : [])))
      return { ...fields, id: C, yearBuilt: s.community.yearBuilt - 1 }
    },
    target: HOME,
  },
  'ledger.import': { input: () => ({ districtId: DEMO.districtId, fileBase64: FILE, fileName: 'ledger.xlsx' }), target: { districtId: DEMO.districtId } },
  'ledger.export': { input: () => ({ districtId: DEMO.districtId }), target: { districtId: DEMO.districtId } },

  'plans.get': { input: () => ({ communityId: C }), target: HOME },
  'plans.getDraft': { input: () => ({ communityId: C }), target: HOME },
  'plans.create': { input: () => ({ communityId: C, title: '矩阵测试', summary: '' }), target: HOME, permission: 'plans.edit' },
  'plans.editFields': { input: (s) => ({ communityId: C, version: s.plan.version, title: '矩阵测试', summary: '' }), target: HOME, permission: 'plans.edit' },
  'plans.saveItem': { input: (s) => ({ communityId: C, version: s.plan.version, item: ITEM }), target: HOME, permission: 'plans.edit' },
  'plans.removeItem': { input: (s) => ({ communityId: C, version: s.plan.version, itemId: s.plan.items[0]._id }), target: HOME, permission: 'plans.edit' },
  'plans.publish': { input: (s) => ({ communityId: C, version: s.plan.version, publicityDays: 7 }), target: HOME },
  'plans.revise': { input: (s) => ({ communityId: C, version: s.plan.version }), target: HOME, permission: 'plans.edit' },
  'plans.advance': {
    input: (s) => ({ communityId: C, version: s.plan.version, to: 'approval', note: '矩阵测试', documents: [{ title: '立项批复', reference: '汴住建〔2026〕1号', photos: [] }] }),
    target: HOME,
  },
  'plans.setProgress': { input: (s) => ({ communityId: C, version: s.plan.version, itemId: s.plan.items[0]._id, status: 'dropped' }), target: HOME },
  'plans.timeline': { input: () => ({ communityId: C }), target: HOME, permission: 'plans.get' },
  'plans.mine': { input: () => ({ householdId: HH }), target: HOME_HH },

  'feedback.list': { input: () => ({ communityId: C }), target: HOME },
  'feedback.create': { input: () => ({ householdId: HH, kind: 'comment', itemId: null, text: '矩阵测试', photos: [] }), target: HOME_HH },
  'feedback.reply': { input: (s) => ({ id: s.feedback._id, version: s.feedback.version, text: '矩阵测试答复' }), target: HOME },
  'feedback.hide': { input: (s) => ({ id: s.feedback._id, version: s.feedback.version, reason: '矩阵测试' }), target: HOME },
  'feedback.mine': { input: () => ({}), target: {} },
  'feedback.markRead': { input: () => ({}), target: {} },

  'ballots.list': { input: () => ({ communityId: C }), target: HOME },
  'ballots.get': { input: (s) => ({ ballotId: s.ballots.open._id }), target: HOME },
  'ballots.tally': { input: (s) => ({ ballotId: s.ballots.open._id }), target: HOME },
  'ballots.create': { input: (s) => ({ communityId: C, ...ballotDraft(s.plan, '矩阵测试新投票') }), target: HOME },
  'ballots.update': { input: (s) => ({ ballotId: s.ballots.draft._id, version: s.ballots.draft.version, ...ballotDraft(s.plan, '矩阵测试改名') }), target: HOME },
  'ballots.open': { input: (s) => ({ ballotId: s.ballots.draft._id, version: s.ballots.draft.version }), target: HOME },
  'ballots.close': { input: (s) => ({ ballotId: s.ballots.open._id, version: s.ballots.open.version }), target: HOME },
  /** The survey question: family members may answer it too. */
  'ballots.cast': {
    input: (s) => ({ ballotId: s.ballots.open._id, householdId: HH, requestId: 'mx-request-0001', version: 0, answers: [{ questionId: 'mx-q-survey', choice: 'yes' }] }),
    target: HOME_HH,
  },
  'ballots.verifyReceipt': { input: (s) => ({ ballotId: s.ballots.closed._id, receipt: s.ballots.receipt }), target: HOME },
  'ballots.downloadList': { input: (s) => ({ ballotId: s.ballots.closed._id }), target: HOME },
  'ballots.doorKnock': { input: (s) => ({ ballotId: s.ballots.open._id }), target: HOME },
  'ballots.enterPaper': {
    input: (s) => ({ ballotId: s.ballots.open._id, householdId: HH, answers: [{ questionId: 'mx-q-survey', choice: 'yes' }], photos: [MX_PHOTO], voterName: '矩阵' }),
    target: HOME,
  },
  'ballots.confirmPaper': { input: (s) => ({ paperId: s.paper.pending._id, version: s.paper.pending.version }), target: HOME },
  'ballots.rejectPaper': { input: (s) => ({ paperId: s.paper.pending._id, version: s.paper.pending.version, reason: '矩阵测试' }), target: HOME },
  'ballots.resolveConflict': { input: (s) => ({ paperId: s.paper.conflict._id, version: s.paper.conflict.version, keep: 'paper', note: '矩阵测试' }), target: HOME },
  'ballots.listPaper': { input: (s) => ({ ballotId: s.ballots.open._id }), target: HOME },
  'ballots.addProxy': {
    input: (s) => ({ householdId: HH, person: { userId: 'u-mx-family' }, ballotId: s.ballots.open._id, grantorName: s.household.owners[0].name, photos: [MX_PHOTO] }),
    target: HOME,
  },
  'ballots.listProxies': { input: () => ({ communityId: C }), target: HOME },
  'ballots.revokeProxy': { input: (s) => ({ proxyId: s.paper.proxy._id, version: s.paper.proxy.version, reason: '矩阵测试' }), target: HOME },

  'reports.similar': { input: () => ({ itemId: null, category: 'drain', buildingId: `${C}-b2`, unitId: `${C}-b2-u1` }), target: HOME },
  'reports.create': {
    input: () => ({ householdId: HH, itemId: null, category: 'drain', buildingId: `${C}-b1`, unitId: `${C}-b1-u1`, spot: '矩阵测试', text: '矩阵测试报修', photos: [], requestId: 'mx-report-0001' }),
    target: HOME_HH,
  },
  'reports.meToo': { input: (s) => ({ reportId: s.reports.submitted._id }), target: HOME },
  'reports.mine': { input: () => ({}), target: {} },
  'reports.get': { input: (s) => ({ reportId: s.reports.submitted._id }), target: HOME },
  'reports.queue': { input: () => ({ communityId: C, status: 'open' }), target: HOME },
  'reports.accept': { input: (s) => ({ reportId: s.reports.submitted._id, version: s.reports.submitted.version }), target: HOME },
  'reports.assign': { input: (s) => ({ reportId: s.reports.accepted._id, version: s.reports.accepted.version, partyId: null }), target: HOME },
  'reports.start': { input: (s) => ({ reportId: s.reports.assigned._id, version: s.reports.assigned.version }), target: HOME },
  'reports.resolve': { input: (s) => ({ reportId: s.reports.inProgress._id, version: s.reports.inProgress.version }), target: HOME },
  /** Residents of the community pass the table; only the reporter (王一, owner of HH) may confirm or reopen. */
  'reports.confirm': {
    input: (s) => ({ reportId: s.reports.resolved._id, version: s.reports.resolved.version, rating: { stars: 5, comment: '' } }),
    target: HOME,
    onlyFor: ['owner of HH'],
  },
  'reports.reopen': { input: (s) => ({ reportId: s.reports.resolved._id, version: s.reports.resolved.version, note: '矩阵测试' }), target: HOME, onlyFor: ['owner of HH'] },
  'reports.overview': { input: () => ({}), target: {} },

  'works.items': { input: () => ({ communityId: C }), target: HOME, permission: 'works.observations' },
  'works.parties': { input: () => ({ communityId: C }), target: HOME, permission: 'parties.list' },
  'works.saveParty': { input: () => ({ communityId: C, kind: 'designer', name: '矩阵测试新单位', phone: '', lines: [] }), target: HOME, permission: 'parties.save' },
  'works.issuePartyCode': { input: (s) => ({ communityId: C, partyId: s.works.builder._id, staffName: '矩阵测试员' }), target: HOME },
  'works.setContractor': { input: (s) => ({ communityId: C, itemId: s.works.itemId, partyId: s.works.rival._id, planVersion: s.plan.version }), target: HOME },
  'works.supervisors': { input: () => ({ communityId: C }), target: HOME },
  /** 王一 supervises the item already (his call returns his record); others of HH and 李二 join. */
  'works.volunteer': { input: (s) => ({ communityId: C, target: { kind: 'item', itemId: s.works.itemId }, displayName: '矩阵' }), target: HOME },
  /** 王一's record: the others the table lets through are told it is not theirs (NOT_FOUND). */
  'works.stepDown': { input: (s) => ({ supervisorId: s.works.supervisor._id, version: s.works.supervisor.version }), target: HOME, permission: 'works.volunteer' },
  'works.endSupervisor': { input: (s) => ({ supervisorId: s.works.supervisor._id, version: s.works.supervisor.version, reason: '已搬走' }), target: HOME },
  'works.observations': { input: (s) => ({ communityId: C, itemId: s.works.itemId }), target: HOME },
  'works.observe': { input: (s) => ({ communityId: C, itemId: s.works.itemId, buildingId: null, kind: 'noise', text: '矩阵测试', photos: [] }), target: HOME },
  /** The office, and the staff of the item's contractor. */
  'works.answer': { input: (s) => ({ observationId: s.works.observation._id, version: s.works.observation.version, text: '矩阵测试答复' }), target: HOME },
  'works.acceptance': { input: (s) => ({ communityId: C, itemId: s.works.itemId }), target: HOME, permission: 'acceptance.get' },
  'works.recordAcceptance': { input: (s) => ({ communityId: C, ...s.works.record, planVersion: s.plan.version }), target: HOME, permission: 'acceptance.record' },
  'works.fixDefect': { input: (s) => ({ acceptanceId: s.works.acceptance._id, defect: 0, version: s.works.acceptance.version }), target: HOME, permission: 'acceptance.fixDefect' },
}

/**
 * Forbidden cells that deliberately answer something other than FORBIDDEN, with the reason.
 * (Empty today: every sample targets something that exists and that the caller may learn exists.)
 */
const HIDES_EXISTENCE: Record<string, ErrorCode> = {}

/** Outcomes that mean "refused for who you are" or "your input was wrong": never right for an allowed cell. */
const NOT_FOR_ALLOWED: ErrorCode[] = ['FORBIDDEN', 'NOT_REGISTERED', 'UNAUTHENTICATED', 'INVALID_INPUT', 'UNKNOWN_ACTION', 'INTERNAL']

const REGISTERED = Object.entries(FUNCTIONS).flatMap(([fn, handler]) => handler.actions.map((a) => `${fn}.${a}`))

let dir: string
let baseFile: string
let seeded: Seeded
let baseline: Record<string, unknown[]>
const actors = new Map<Caller, User>()

async function snapshot(store: Store) {
  const out: Record<string, unknown[]> = {}
  for (const c of COLLECTIONS) out[c] = await store.find(c, {}, { orderBy: [{ field: '_id', direction: 'asc' }] })
  return out
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gj-matrix-'))
  baseFile = join(dir, 'base.sqlite')
  const store = openEmbeddedStore(baseFile)
  await seedDemo(store, NOW)
  await addFixtures(store)
  await addPlanFixtures(store)
  const ballotFixtures = await addBallotFixtures(store)
  writePhotos(join(dir, 'uploads'))
  const paperFixtures = await addPaperFixtures(store, join(dir, 'uploads'), ballotFixtures.open)
  const reportFixtures = await addReportFixtures(store)
  const worksFixtures = await addWorksFixtures(store)
  seeded = {
    community: (await store.get<Community>('communities', C))!,
    household: (await store.get<Household>('households', HH))!,
    plan: (await store.get<Plan>('plans', planId(C)))!,
    feedback: (await store.find<Feedback>('feedback', { communityId: C }))[0],
    ballots: ballotFixtures,
    paper: paperFixtures,
    reports: reportFixtures,
    works: worksFixtures,
  }
  baseline = await snapshot(store)
  for (const [who, openid] of Object.entries(CALLERS) as [Caller, string][]) actors.set(who, (await loadActor(store, openid)) ?? visitor(openid))
  await store.close() // checkpoints the WAL, so the .sqlite file alone holds everything
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('every action of every registered function has a sample (add one to SAMPLES for a new action)', () => {
  const missing = REGISTERED.filter((a) => !(a in SAMPLES))
  expect(missing).toEqual([])
})

test('no sample is left for an action that is no longer registered', () => {
  expect(Object.keys(SAMPLES).filter((a) => !REGISTERED.includes(a))).toEqual([])
})

test('the callers are who they should be (fixtures loaded as intended)', () => {
  const summary = Object.fromEntries(
    [...actors].map(([who, u]) => [who, `${u.role}${u.communityId ? ` ${u.communityId}` : ''}${u.districtId ? ` ${u.districtId}` : ''}${(u.memberships ?? []).map((m) => ` ${m.relation}@${m.householdId}`).join('')}`]),
  )
  expect(summary).toEqual({
    'visitor (not bound)': 'visitor',
    'resident, no household': `resident ${C}`,
    'family member of HH': `resident ${C} family@${HH}`,
    'member of a neighbour household': `resident ${C} tenant@${C}-b3-u2-501`,
    'owner of HH': `resident ${C} owner@${HH}`,
    'office of the community': `office ${C}`,
    'office of another community': `office ${DEMO.otherCommunityId}`,
    'district officer of the district': `district ${DEMO.districtId}`,
    'district officer of another district': 'district d-mx-other',
    admin: 'admin',
    'staff of the contractor': `party ${C}`,
  })
})

const CELLS = REGISTERED.filter((a) => a in SAMPLES).flatMap((a) => (Object.keys(CALLERS) as Caller[]).map((who) => [a, who] as const))

describe.each(CELLS)('%s called by %s', (qualified, who) => {
  let store: Store
  let cellDir: string
  beforeEach(() => {
    cellDir = mkdtempSync(join(dir, 'cell-'))
    copyFileSync(baseFile, join(cellDir, 'store.sqlite'))
    store = openEmbeddedStore(join(cellDir, 'store.sqlite'))
  })
  afterEach(async () => {
    await store.close()
    rmSync(cellDir, { recursive: true, force: true })
  })

  test('is refused exactly where the permission table forbids it, and a refusal writes nothing', async () => {
    const [fn, actionName] = qualified.split('.')
    const handler = FUNCTIONS[fn]
    const sample = SAMPLES[qualified]
    const actor = actors.get(who)!
    let seq = 0
    const deps: Deps = { store, now: () => NOW, newId: () => `mx-${++seq}`, uploadsDir: join(dir, 'uploads') }
    const result: Result<unknown> = await handler(deps, { openid: CALLERS[who] }, { action: actionName, data: sample.input(seeded) })

    const permission = sample.permission ?? (qualified as PermissionAction)
    const unregistered = actor.role === 'visitor' && !handler.openToUnregistered.includes(actionName)
    const allowed = !unregistered && can(actor, permission, sample.target) && (!sample.onlyFor || sample.onlyFor.includes(who))
    const code = result.ok ? 'ok' : result.code

    if (allowed) {
      // Shows the code (and the developer detail) if an allowed caller was turned away.
      expect({ code, detail: result.ok ? undefined : result.detail }).not.toMatchObject({ code: expect.stringMatching(new RegExp(`^(${NOT_FOR_ALLOWED.join('|')})$`)) })
      return
    }
    const expected: ErrorCode = unregistered ? 'NOT_REGISTERED' : (HIDES_EXISTENCE[`${qualified} ${who}`] ?? 'FORBIDDEN')
    expect(code).toBe(expected)
    expect(await snapshot(store)).toEqual(baseline)
  })
})

/**
 * Acceptance (验收) through the `works` function, on both stores: an incomplete record is refused
 * with nothing written; a failed attempt with its defects, then a second attempt passing with fixes
 * due by a date; a pass sets the item's progress (the plans gate to 备案 counts it accepted) and
 * opens the satisfaction survey for exactly the item's scope (ballots.list / ballots.get); the
 * defects are marked fixed one by one.
 *
 * The roofs of buildings 3 and 4 are accepted here: 李二 (DEMO.resident2, tenant of 3-2-501) is in
 * their scope, 王一 (DEMO.resident, 1-1-302) is not.
 */
import type { AuditEntry } from '../../cloudfunctions/common/audit'
import { handleBallots } from '../../cloudfunctions/ballots/handler'
import type { BallotRoster } from '../../cloudfunctions/ballots/load-ballot'
import { DEMO } from '../../server/seed'
import type { Acceptance } from '../../src/core/acceptance'
import type { Ballot } from '../../src/core/ballot'
import type { BallotForHousehold, BallotSummary } from '../../src/core/ballot-view'
import type { Household } from '../../src/core/community'
import type { Result } from '../../src/core/errors'
import type { Party } from '../../src/core/parties'
import { inScope, type Plan } from '../../src/core/plan'
import type { AcceptanceView, ObservationView, WorksItem } from '../../src/core/works-view'
import { C, draft, LI_HH, WANG_HH } from './plans-helpers'
import { acceptanceFields, addParties, advance, LATER, setStatus, STAFF, TITLES, upload, works, worksPlan, type PartyKey, type WorksPlan } from './works-helpers'
import { cloudbaseWorld, expectFailure, ok, snapshot, sqliteWorld, type World } from './worlds'

/** Everything an acceptance may write. */
const ACCEPTANCE_COLLECTIONS = ['acceptances', 'plans', 'ballots', 'ballotRosters', 'ballotCounters', 'voteLog', 'audit'] as const
const DAY = 24 * 3600 * 1000

const ballots = (w: World, openid: string, action: string, data: unknown): Promise<Result<unknown>> => handleBallots(w.deps, { openid }, { action, data })

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('acceptance on %s', (_name, make) => {
  let w: World
  let wp: WorksPlan
  let p: Record<PartyKey, Party>
  const record = async (more: Parameters<typeof acceptanceFields>[2] = {}, itemId = wp.items.roof) =>
    works(w, DEMO.office, 'recordAcceptance', { ...acceptanceFields(itemId, p, more), planVersion: (await draft(w)).plan.version })
  const view = async (openid: string = DEMO.office, itemId = wp.items.roof) => ok<AcceptanceView>(await works(w, openid, 'acceptance', { itemId }))

  beforeEach(async () => {
    w = await make()
    wp = await worksPlan(w)
    p = await addParties(w)
  })
  afterEach(() => w.dispose())

  test('the view of a finished item: may be recorded, the parties to sign, a two-year warranty proposed, the plan\'s version', async () => {
    const v = await view(DEMO.resident2)
    expect(v).toMatchObject({ itemId: wp.items.roof, itemTitle: TITLES.roof, status: 'done', canRecord: true, refusal: null, attempts: [], planVersion: (await draft(w)).plan.version })
    expect(v.defaults.warrantyEndsOn).toBe('2028-12-05')
    expect(v.defaults.checklist.length).toBeGreaterThan(3)
    expect(v.parties.map((x) => x.kind)).toEqual(['contractor', 'contractor', 'supervisor', 'designer', 'surveyor', 'utility'])
    const lighting = await view(STAFF.builder, wp.items.lighting)
    expect(lighting).toMatchObject({ status: 'works', canRecord: false, refusal: '项目现在是“施工中”，完工以后才能验收。' })
  })

  test('an incomplete record is refused with what is missing, and nothing is written', async () => {
    const before = await snapshot(w.store, ACCEPTANCE_COLLECTIONS)
    const missing = expectFailure(await record({ signatures: acceptanceFields(wp.items.roof, p).signatures.slice(0, 2) }), 'ACCEPTANCE_INCOMPLETE', '还缺监理单位、设计单位、勘察单位的签字。')
    expect(missing).toEqual([])
    expectFailure(await record({ outcome: 'passedWithFixes', defects: [{ text: '渗水' }], fixesDueOn: '2026-12-05' }), 'ACCEPTANCE_INCOMPLETE', '整改期限应晚于今天。')
    expectFailure(await record({ warrantyEndsOn: null, contractorPartyId: null }), 'ACCEPTANCE_INCOMPLETE', /请填写保修期截止日期。请选择施工单位/)
    // Parties that are not what they sign for, or not of this community.
    const sigs = acceptanceFields(wp.items.roof, p).signatures
    expectFailure(await record({ signatures: sigs.map((s) => (s.role === 'designer' ? { ...s, partyId: p.builder._id } : s)) }), 'INVALID_INPUT', '应是设计单位')
    expectFailure(await record({ signatures: sigs.map((s) => (s.role === 'surveyor' ? { ...s, partyId: 'party-elsewhere' } : s)) }), 'INVALID_INPUT', '不是本小区登记的单位')
    expectFailure(await record({ contractorPartyId: p.water._id }), 'INVALID_INPUT', '应是施工单位')
    expectFailure(await record({ contractorPartyId: p.rival._id }), 'INVALID_INPUT', '施工单位的签字人应代表本项目的施工单位')
    expectFailure(await record({ photos: [upload(w, 'u-res-1', 'not-mine.jpg')] }), 'INVALID_INPUT', '照片')
    // Not finished, stale plan, not the office.
    expectFailure(await record({}, wp.items.lighting), 'INVALID_INPUT', '完工以后才能验收')
    expectFailure(await record({}, wp.items.greening), 'INVALID_INPUT', '拟改造')
    expectFailure(await works(w, DEMO.office, 'recordAcceptance', { ...acceptanceFields(wp.items.roof, p), planVersion: 1 }), 'CONFLICT')
    for (const openid of [DEMO.resident, STAFF.builder, DEMO.otherOffice]) {
      expectFailure(await works(w, openid, 'recordAcceptance', { ...acceptanceFields(wp.items.roof, p), communityId: C, planVersion: (await draft(w)).plan.version }), 'FORBIDDEN')
    }
    expect(await snapshot(w.store, ACCEPTANCE_COLLECTIONS)).toEqual(before)
  })

  test('failed with defects, then a second attempt passing with fixes: the item is accepted and the survey goes to its scope', async () => {
    // Attempt 1 fails: nothing but the record (and its audit entry) is written; the plan does not move.
    const planBefore = (await draft(w)).plan
    const failed = ok<Acceptance>(
      await record({
        outcome: 'failed',
        checklist: [{ text: '施工质量无明显缺陷', result: 'defect', note: '多处起鼓' }],
        defects: [{ text: '3号楼屋面多处起鼓' }, { text: '4号楼女儿墙泛水未做' }],
        warrantyEndsOn: null,
        contractorPartyId: null,
      }),
    )
    expect(failed).toMatchObject({ _id: `${wp.plan._id}:${wp.items.roof}:a1`, attempt: 1, outcome: 'failed', surveyBallotId: null, fixedAt: [null, null], itemTitle: TITLES.roof, decidedBy: 'u-off-1', decidedAt: LATER.toISOString(), version: 1 })
    expect((await draft(w)).plan).toEqual(planBefore)
    expect(await w.store.count('ballots', {})).toBe(0)
    expect(await view()).toMatchObject({ canRecord: true, attempts: [failed] })
    expect(ok<{ items: WorksItem[] }>(await works(w, DEMO.resident, 'items')).items[0]).toMatchObject({ title: TITLES.roof, lastOutcome: 'failed', acceptedAt: null, observable: true })

    // Attempt 2, a week later: passed with fixes due by a date.
    const at = new Date(LATER.getTime() + 7 * DAY)
    w.setNow(at)
    const photo = upload(w, 'u-off-1', 'signed.jpg')
    const passed = ok<Acceptance>(
      await record({ outcome: 'passedWithFixes', defects: [{ text: '4号楼落水口周边补胶' }, { text: '清理屋面垃圾' }], fixesDueOn: '2026-12-31', warrantyEndsOn: '2031-12-12', photos: [photo] }),
    )
    expect(passed).toMatchObject({ attempt: 2, outcome: 'passedWithFixes', fixesDueOn: '2026-12-31', fixedAt: [null, null], photos: [photo], surveyBallotId: expect.any(String) })
    const plan = (await w.store.get<Plan>('plans', wp.plan._id))!
    expect(plan.version).toBe(planBefore.version + 1)
    expect(plan.progress[wp.items.roof]).toMatchObject({
      status: 'done',
      acceptedAt: at.toISOString(),
      acceptanceId: passed._id,
      warrantyEndsOn: '2031-12-12',
      contractorPartyId: p.builder._id,
    })
    expect(await view(DEMO.resident)).toMatchObject({ canRecord: false, refusal: expect.stringContaining('已经验收合格'), attempts: [failed, passed] })
    expect(ok<{ items: WorksItem[] }>(await works(w, DEMO.resident, 'items')).items[0]).toMatchObject({ lastOutcome: 'passedWithFixes', acceptedAt: at.toISOString(), warrantyEndsOn: '2031-12-12', contractorName: '示例建设工程公司', observable: false })
    // Recorded once more: refused; observations now point to 报事报修.
    expectFailure(await record({}), 'INVALID_INPUT', '已经验收合格')
    expectFailure(await works(w, DEMO.resident, 'observe', { itemId: wp.items.roof, buildingId: null, kind: 'quality', text: '又漏了', photos: [] }), 'INVALID_INPUT', '报事报修')

    // The survey: open now for 14 days, two questions with the item's scope, frozen like any ballot.
    const ballot = (await w.store.get<Ballot>('ballots', passed.surveyBallotId!))!
    expect(ballot).toMatchObject({
      communityId: C,
      planId: wp.plan._id,
      title: `“${TITLES.roof}”改造效果满意度调查`,
      status: 'open',
      opensAt: at.toISOString(),
      closesAt: new Date(at.getTime() + 14 * DAY).toISOString(),
      showRunningConsent: true,
      createdBy: 'u-off-1',
    })
    const scope = wp.plan.items.find((i) => i._id === wp.items.roof)!.scope
    expect(ballot.questions).toEqual([
      { kind: 'choice', _id: 'satisfaction', title: `您对“${TITLES.roof}”的改造效果满意吗？`, scope, options: ['满意', '基本满意', '不满意'], maxPicks: 1 },
      { kind: 'text', _id: 'suggestions', title: '还有什么意见或建议？', scope },
    ])
    const roster = (await w.store.get<BallotRoster>('ballotRosters', ballot._id))!
    const households = await w.store.find<Household>('households', { communityId: C })
    expect(roster).toMatchObject({ communityId: C, frozenAt: at.toISOString(), planEdition: 1 })
    expect(roster.flats.map((f) => f._id).sort()).toEqual(households.map((h) => h._id).sort())
    expect(await w.store.get('ballotCounters', ballot._id)).toMatchObject({ next: 2 }) // the 'opened' entry seals the survey's questions and roster
    expect(households.filter((h) => inScope(scope, h))).toHaveLength(48)

    // 李二 (building 3) sees it and answers it; 王一 (building 1) sees the ballot but none of its questions.
    const list = ok<{ items: BallotSummary[] }>(await ballots(w, DEMO.resident2, 'list', {}))
    expect(list.items).toEqual([expect.objectContaining({ _id: ballot._id, phase: 'open', questions: 2, forMyHousehold: true })])
    // 王一 (building 1) sees it listed for information only.
    expect(ok<{ items: BallotSummary[] }>(await ballots(w, DEMO.resident, 'list', {})).items).toEqual([expect.objectContaining({ _id: ballot._id, forMyHousehold: false })])
    expect(ok<{ items: BallotSummary[] }>(await ballots(w, DEMO.office, 'list', {})).items).toEqual([expect.objectContaining({ _id: ballot._id, forMyHousehold: null })])
    const li = ok<BallotForHousehold>(await ballots(w, DEMO.resident2, 'get', { ballotId: ballot._id, householdId: LI_HH }))
    expect(li.questions.map((q) => [q.question._id, q.mayAnswer, q.scopeLabel])).toEqual([
      ['satisfaction', true, '3号楼、4号楼'],
      ['suggestions', true, '3号楼、4号楼'],
    ])
    const cast = await ballots(w, DEMO.resident2, 'cast', {
      ballotId: ballot._id,
      householdId: LI_HH,
      requestId: 'survey-request-1',
      version: 0,
      answers: [{ questionId: 'satisfaction', picks: [1] }, { questionId: 'suggestions', text: '希望以后施工提前通知。' }],
    })
    expect(cast).toMatchObject({ ok: true, data: { receipt: expect.any(String) } })
    const wang = ok<BallotForHousehold>(await ballots(w, DEMO.resident, 'get', { ballotId: ballot._id, householdId: WANG_HH }))
    expect(wang.questions).toEqual([])
    expect(await ballots(w, DEMO.resident, 'cast', { ballotId: ballot._id, householdId: WANG_HH, requestId: 'survey-request-2', version: 0, answers: [{ questionId: 'satisfaction', picks: [0] }] })).toMatchObject({
      ok: false,
      code: 'NOT_IN_SCOPE',
    })

    // It runs like any ballot to its end: the office closes it and the result is published.
    const closed = ok<Ballot>(await ballots(w, DEMO.office, 'close', { ballotId: ballot._id, version: ballot.version }))
    expect(closed).toMatchObject({ status: 'closed', resultNoticeId: expect.any(String) })

    // The change log: both attempts, in words.
    const log = await w.store.find<AuditEntry>('audit', { action: 'acceptance.record' }, { orderBy: [{ field: 'at', direction: 'asc' }] })
    expect(log.map((e) => [e.entityId, (e.after as { outcome: string }).outcome])).toEqual([
      [failed._id, '验收不合格'],
      [passed._id, '验收合格，限期整改'],
    ])
  })

  test('a write failing inside the transaction (the survey\'s id taken) leaves nothing half-written: no record, no progress, no roster', async () => {
    await w.store.insert('ballots', { _id: 'taken', communityId: C, title: '占用的编号', status: 'draft', version: 1 })
    const before = await snapshot(w.store, ACCEPTANCE_COLLECTIONS)
    const newId = w.deps.newId
    w.deps.newId = () => 'taken'
    expectFailure(await record(), 'CONFLICT')
    w.deps.newId = newId
    expect(await snapshot(w.store, ACCEPTANCE_COLLECTIONS)).toEqual(before)
    expect(ok<Acceptance>(await record()).attempt).toBe(1)
  })

  test('a pass counts for the plans gate to 备案: it waits for every finished item\'s acceptance', async () => {
    for (const id of [wp.items.downpipes, wp.items.lighting]) await setStatus(w, id, { status: 'done' })
    await advance(w, 'works')
    await advance(w, 'completion')
    await advance(w, 'acceptance')
    const gate = async () => (await draft(w)).gate
    expect(await gate()).toMatchObject({ next: 'filing', problems: ['还有 3 个项目没有通过业主代表参加的验收。'] })
    ok(await record({ outcome: 'failed', defects: [{ text: '起鼓' }], warrantyEndsOn: null, contractorPartyId: null }))
    expect((await gate()).problems).toEqual(['还有 3 个项目没有通过业主代表参加的验收。'])
    ok(await record())
    expect((await gate()).problems).toEqual(['还有 2 个项目没有通过业主代表参加的验收。'])
    ok(await record({}, wp.items.downpipes))
    ok(await record({}, wp.items.lighting))
    expect((await gate()).problems).toEqual([])
    await advance(w, 'filing', '竣工验收备案证明')
    expect((await draft(w)).plan.stage).toBe('filing')
  })

  test('fixDefect marks the defects of a "passed with fixes" record one by one (audited), and refuses the rest', async () => {
    const a = ok<Acceptance>(await record({ outcome: 'passedWithFixes', defects: [{ text: '补胶' }, { text: '清理垃圾' }], fixesDueOn: '2026-12-31' }))
    w.setNow(new Date(LATER.getTime() + DAY))
    const one = ok<Acceptance>(await works(w, DEMO.office, 'fixDefect', { acceptanceId: a._id, defect: 1, version: 1 }))
    expect(one).toMatchObject({ fixedAt: [null, new Date(LATER.getTime() + DAY).toISOString()], version: 2 })
    const before = await snapshot(w.store, ACCEPTANCE_COLLECTIONS)
    expectFailure(await works(w, DEMO.office, 'fixDefect', { acceptanceId: a._id, defect: 1 }), 'INVALID_INPUT', '已经标记为整改完成')
    expectFailure(await works(w, DEMO.office, 'fixDefect', { acceptanceId: a._id, defect: 2 }), 'INVALID_INPUT', '没有这一项问题')
    expectFailure(await works(w, DEMO.office, 'fixDefect', { acceptanceId: a._id, defect: 0, version: 1 }), 'CONFLICT')
    expectFailure(await works(w, DEMO.office, 'fixDefect', { acceptanceId: 'nope', defect: 0 }), 'NOT_FOUND')
    for (const openid of [DEMO.resident, STAFF.builder, DEMO.otherOffice]) expectFailure(await works(w, openid, 'fixDefect', { acceptanceId: a._id, defect: 0 }), 'FORBIDDEN')
    expect(await snapshot(w.store, ACCEPTANCE_COLLECTIONS)).toEqual(before)
    // Without the version the one read is checked.
    expect(ok<Acceptance>(await works(w, DEMO.office, 'fixDefect', { acceptanceId: a._id, defect: 0 })).fixedAt.every((x) => x !== null)).toBe(true)
    const log = await w.store.find<AuditEntry>('audit', { action: 'acceptance.fixDefect' }, { orderBy: [{ field: 'at', direction: 'asc' }] })
    expect(log.map((e) => (e.after as { defect: string }).defect)).toEqual(['清理垃圾', '补胶'])
  })

  test('fixDefect refuses a record with nothing to fix (passed, failed)', async () => {
    await setStatus(w, wp.items.downpipes, { status: 'done' })
    const failed = ok<Acceptance>(await record({ outcome: 'failed', defects: [{ text: '漏水' }], warrantyEndsOn: null, contractorPartyId: null }, wp.items.downpipes))
    const passed = ok<Acceptance>(await record())
    for (const a of [failed, passed]) expectFailure(await works(w, DEMO.office, 'fixDefect', { acceptanceId: a._id, defect: 0 }), 'INVALID_INPUT', '只有“验收合格，限期整改”')
  })

  test('the contractor of an accepted item answers the observations made during its works', async () => {
    const asked = ok<ObservationView>(await works(w, DEMO.resident2, 'observe', { itemId: wp.items.roof, buildingId: null, kind: 'quality', text: '顶层还有水渍', photos: [] }))
    ok(await record())
    expect(ok<ObservationView>(await works(w, STAFF.builder, 'answer', { observationId: asked._id, version: 1, text: '已复查，是旧水渍。' })).answers[0]).toMatchObject({ as: 'contractor' })
    expectFailure(await works(w, STAFF.rival, 'answer', { observationId: asked._id, version: 2, text: '我们也看看' }), 'FORBIDDEN')
  })
})

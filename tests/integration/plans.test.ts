/**
 * The plans function (cloudfunctions/plans) end to end on the demo-seeded store: a plan from its
 * draft to published editions and a 公示, bad input refused with nothing written, the stages and
 * their gates, item progress, and what each household pays.
 *
 * Demo community (server/seed.ts): 5 buildings × 2 units × 6 floors × 2 flats = 120 households;
 * 王一 (DEMO.resident) owns 1-1-302, 李二 (DEMO.resident2) rents 3-2-501. The clock starts at
 * 10:00 on 2026-11-25 China time, so a 7-day 公示 published now runs to the end of 2026-12-02.
 */
import { handleNotices } from '../../cloudfunctions/notices/handler'
import type { AuditEntry } from '../../cloudfunctions/common/audit'
import { DEMO } from '../../server/seed'
import type { Household } from '../../src/core/community'
import { ERROR_MESSAGES } from '../../src/core/errors'
import type { Notice } from '../../src/core/notice'
import type { ItemFields, Plan, PlanEdition } from '../../src/core/plan'
import type { MineView, PlanView, TimelineView } from '../../src/core/plan-view'
import { shareTable } from '../../src/core/shares'
import type { StageChange, StageDocument } from '../../src/core/stages'
import {
  addItems,
  bindEach,
  building,
  C,
  draft,
  elevatorFields,
  feedback,
  household,
  itemFields,
  LI_HH,
  NO_FUNDING,
  planAtDesign,
  plans,
  planSnapshot,
  publishedPlan,
  unit,
  WANG_HH,
} from './plans-helpers'
import { cloudbaseWorld, expectFailure, NOW, ok, sqliteWorld, type World } from './worlds'

const PERIOD_END = new Date('2026-12-02T15:59:59.999Z') // the end of 2026-12-02 in China
const AFTER_PERIOD = new Date('2026-12-02T16:00:00.000Z') // 00:00 on 2026-12-03 in China
const DOC: StageDocument = { title: '立项批复', reference: '汴住建〔2026〕12号', photos: [] }

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('a plan from draft to residents on %s', (_name, make) => {
  let w: World
  beforeEach(async () => {
    w = await make()
  })
  afterEach(() => w.dispose())

  test('created once per community, published at 方案设计 with its 公示 notice and the move to 方案公示', async () => {
    const created = ok<Plan>(await plans(w, DEMO.office, 'create', { title: ' 汴绣里小区改造方案 ', summary: '' }))
    expect(created).toMatchObject({ _id: `plan-${C}`, communityId: C, title: '汴绣里小区改造方案', status: 'draft', edition: 1, stage: 'survey', publishedEdition: null, items: [], version: 1 })
    expect(await w.store.get('plans', created._id)).toEqual(created)
    expectFailure(await plans(w, DEMO.office, 'create', { title: '第二个方案', summary: '' }), 'CONFLICT', /已经有改造方案/)
    expect(await w.store.get('plans', created._id)).toEqual(created)

    // Nothing is public before publication; publishing before 方案设计 is refused.
    expect(ok(await plans(w, DEMO.resident, 'get', {}))).toBeNull()
    expectFailure(await plans(w, DEMO.resident, 'getDraft', {}), 'FORBIDDEN')
    const p1 = await addItems(w, created, [itemFields()])
    expectFailure(await plans(w, DEMO.office, 'publish', { version: p1.version }), 'STAGE_GATE', /方案设计/)

    for (const [to, note] of [['consultation', '名册已核实'], ['design', '问卷收回 96 份']]) {
      const change = ok<StageChange>(await plans(w, DEMO.office, 'advance', { version: (await draft(w)).plan.version, to, note, documents: [] }))
      expect(change).toMatchObject({ planId: created._id, to, note, byUserId: 'u-off-1', byName: '社区干事 赵三（示例）', at: NOW.toISOString() })
    }
    let plan = (await draft(w)).plan
    plan = await addItems(w, plan, [elevatorFields(1, 1)])
    const [roads, elevator] = plan.items
    expect(roads).toMatchObject({ _id: expect.any(String), title: '小区道路修缮' })

    const published = ok<Plan>(await plans(w, DEMO.office, 'publish', { version: plan.version, publicityDays: 5 }))
    expect(published).toMatchObject({ status: 'published', edition: 1, publishedEdition: 1, stage: 'publicity', version: plan.version + 1 })
    expect(published.progress[roads._id]).toEqual({ status: 'proposed', decision: 'pending', decisionRef: null, updatedAt: NOW.toISOString(), updatedBy: 'u-off-1' })
    expect(await w.store.get('plans', published._id)).toEqual(published)

    const edition = (await w.store.get<PlanEdition>('planEditions', `${published._id}:e1`))!
    expect(edition).toMatchObject({ edition: 1, items: plan.items, title: plan.title, publishedAt: NOW.toISOString(), publishedBy: 'u-off-1', publicityEndsOn: '2026-11-30' })

    const notice = (await w.store.get<Notice>('notices', edition.noticeId))!
    expect(notice).toMatchObject({ communityId: C, kind: 'publicity', status: 'published', publishAt: NOW.toISOString(), publicityEndsOn: '2026-11-30', title: '《汴绣里小区改造方案》第1版公示' })
    for (const text of ['小区道路修缮', '全小区', '10,000.00 元', '1号楼1单元加装电梯', '1号楼1单元', '改造方案', '2026年11月30日', '公示异议']) expect(notice.body).toContain(text)
    // Residents open it like any 公示.
    const seen = await handleNotices(w.deps, { openid: DEMO.resident }, { action: 'get', data: { id: notice._id } })
    expect(ok<{ notice: Notice }>(seen).notice._id).toBe(notice._id)

    const changes = await w.store.find<StageChange>('stageChanges', { planId: published._id }, { orderBy: [{ field: 'at', direction: 'asc' }, { field: '_id', direction: 'asc' }] })
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['survey→consultation', 'consultation→design', 'design→publicity'])
    expect(changes[2]).toMatchObject({ note: '发布方案公示（第1版）', documents: [], byName: '社区干事 赵三（示例）' })

    const view = ok<PlanView>(await plans(w, DEMO.resident, 'get', {}))
    expect(view).toMatchObject({
      planId: published._id,
      communityName: '汴绣里小区',
      edition: 1,
      editions: [{ edition: 1, publishedAt: NOW.toISOString(), publicityEndsOn: '2026-11-30' }],
      publicity: { kind: 'running', endsOn: '2026-11-30', daysLeft: 6 },
      noticeId: notice._id,
      stage: 'publicity',
      canEdit: false,
    })
    expect(view.items).toEqual([
      { ...roads, scopeLabel: '全小区', households: 120, status: 'proposed', decision: 'pending', decisionRef: null },
      { ...elevator, scopeLabel: '1号楼1单元', households: 12, status: 'proposed', decision: 'pending', decisionRef: null },
    ])
    expect(ok<PlanView>(await plans(w, DEMO.office, 'get', {})).canEdit).toBe(true)
    expect(ok<PlanView>(await plans(w, DEMO.district, 'get', { communityId: C }))).toEqual({ ...view, canEdit: false })
  })
})

describe('plans on the seeded SQLite store', () => {
  let w: World
  beforeEach(async () => {
    w = await sqliteWorld()
  })
  afterEach(() => w.dispose())

  describe('who may read', () => {
    beforeEach(async () => {
      await publishedPlan(w)
    })

    test.each([
      ['the other community\'s office', DEMO.otherOffice, { communityId: C }],
      ['a resident asking for the other community', DEMO.resident, { communityId: DEMO.otherCommunityId }],
    ])('get and timeline are refused to %s', async (_who, openid, data) => {
      expectFailure(await plans(w, openid, 'get', data), 'FORBIDDEN')
      expectFailure(await plans(w, openid, 'timeline', data), 'FORBIDDEN')
    })

    test('the other community has no plan; a community that does not exist is NOT_FOUND', async () => {
      expect(ok(await plans(w, DEMO.otherOffice, 'get', {}))).toBeNull()
      expect(ok(await plans(w, DEMO.otherOffice, 'getDraft', {}))).toBeNull()
      expectFailure(await plans(w, DEMO.district, 'get', { communityId: 'c-nowhere' }), 'NOT_FOUND')
    })

    test('the district reads the draft view but may not edit', async () => {
      expect(ok<{ plan: Plan }>(await plans(w, DEMO.district, 'getDraft', { communityId: C })).plan.communityId).toBe(C)
      const before = await planSnapshot(w.store)
      expectFailure(await plans(w, DEMO.district, 'revise', { communityId: C, version: 6 }), 'FORBIDDEN')
      expect(await planSnapshot(w.store)).toEqual(before)
    })
  })

  describe('bad items are refused with a clear message and nothing written', () => {
    let plan: Plan
    beforeEach(async () => {
      plan = await addItems(w, await planAtDesign(w), [itemFields()])
    })

    const funded = (f: Partial<ItemFields['funding']>, costFen = 1_000_000) => ({ costFen, funding: { ...NO_FUNDING, ...f } })
    const cases: [string, string, Partial<ItemFields> | Record<string, unknown>, string | RegExp][] = [
      ['a negative cost', 'INVALID_INPUT', { costFen: -100 }, '估算费用要大于 0'],
      ['a cost of nothing', 'INVALID_INPUT', { costFen: 0 }, '估算费用要大于 0'],
      ['an absurd cost (over 1 亿元)', 'INVALID_INPUT', funded({ central: 100_000_000_01 }, 100_000_000_01), '超过 1 亿元'],
      ['a cost in fractions of a fen', 'INVALID_INPUT', { costFen: 1000.5 }, '以分为单位的整数'],
      ['a negative funding part', 'INVALID_INPUT', funded({ central: 1_100_000, residents: -100_000 }), '金额不能是负数'],
      ['funding short of the cost', 'FUNDING_MISMATCH', funded({ central: 600_000, residents: 390_000 }), '还差 100.00 元'],
      ['funding over the cost', 'FUNDING_MISMATCH', funded({ central: 1_000_000, residents: 5 }), '多出 0.05 元'],
      ['a building of another community', 'SCOPE_OUTSIDE', { scope: { kind: 'buildings', buildingIds: [building(1), `${DEMO.otherCommunityId}-b1`] } }, ERROR_MESSAGES.SCOPE_OUTSIDE],
      ['a unit of another community', 'SCOPE_OUTSIDE', { scope: { kind: 'unit', unitId: `${DEMO.otherCommunityId}-b1-u1` } }, ERROR_MESSAGES.SCOPE_OUTSIDE],
      ['a building that does not exist', 'SCOPE_OUTSIDE', { scope: { kind: 'buildings', buildingIds: [building(9)] } }, ERROR_MESSAGES.SCOPE_OUTSIDE],
      ['no building at all', 'INVALID_INPUT', { scope: { kind: 'buildings', buildingIds: [] } }, '请至少选择一栋楼'],
      ['the floor rule on the whole community', 'INVALID_INPUT', { shareRule: 'floor' }, '按楼层系数分摊只适用于'],
      ['floor weights that are all zero', 'SHARE_IMPOSSIBLE', { ...elevatorFields(2, 1), floorWeights: [0, 0, 0, 0, 0, 0] }, '系数都是 0'],
      ['a menu key not on the menu', 'INVALID_INPUT', { menuKey: 'casino' }, '请从菜单中选择'],
      ['an empty title', 'INVALID_INPUT', { title: '  ' }, '请填写项目名称'],
      ['someone else\'s photo', 'INVALID_INPUT', { photos: ['local:photos/u-res-1/abc.jpg'] }, '照片'],
    ]

    test.each(cases)('%s → %s', async (_case, code, more, message) => {
      const before = await planSnapshot(w.store)
      expectFailure(await plans(w, DEMO.office, 'saveItem', { version: plan.version, item: { ...itemFields(), ...more } }), code as never, message)
      expectFailure(await plans(w, DEMO.office, 'saveItem', { version: plan.version, itemId: plan.items[0]._id, item: { ...itemFields(), ...more } }), code as never, message)
      expect(await planSnapshot(w.store)).toEqual(before)
    })

    test('a stale version is CONFLICT; an unknown item NOT_FOUND', async () => {
      const before = await planSnapshot(w.store)
      expectFailure(await plans(w, DEMO.office, 'saveItem', { version: plan.version - 1, item: itemFields() }), 'CONFLICT')
      expectFailure(await plans(w, DEMO.office, 'saveItem', { version: plan.version, itemId: 'i-nope', item: itemFields() }), 'NOT_FOUND')
      expectFailure(await plans(w, DEMO.office, 'removeItem', { version: plan.version, itemId: 'i-nope' }), 'NOT_FOUND')
      expect(await planSnapshot(w.store)).toEqual(before)
    })

    test('an item is replaced in place and removed; a colleague\'s photo already on it is kept without a new check', async () => {
      const theirs = 'local:photos/u-off-9/old.jpg'
      const stored = (await w.store.get<Plan>('plans', plan._id))!
      const withPhoto = { ...stored, items: [{ ...stored.items[0], photos: [theirs] }], version: stored.version + 1 }
      await w.store.replaceIfVersion('plans', withPhoto, stored.version)
      const id = stored.items[0]._id
      const saved = ok<Plan>(await plans(w, DEMO.office, 'saveItem', { version: withPhoto.version, itemId: id, item: itemFields({ title: '道路和路沿石修缮', photos: [theirs] }) }))
      expect(saved.items).toEqual([{ ...itemFields({ title: '道路和路沿石修缮', photos: [theirs] }), _id: id }])
      const removed = ok<Plan>(await plans(w, DEMO.office, 'removeItem', { version: saved.version, itemId: id }))
      expect(removed.items).toEqual([])
    })
  })

  test('a published plan cannot be edited without a new version: PLAN_NOT_DRAFT, edition unchanged', async () => {
    const plan = await publishedPlan(w)
    const before = await planSnapshot(w.store)
    const attempts: [string, unknown][] = [
      ['editFields', { version: plan.version, title: '改名', summary: '' }],
      ['saveItem', { version: plan.version, item: itemFields() }],
      ['saveItem', { version: plan.version, itemId: plan.items[0]._id, item: itemFields({ costFen: 1, funding: { ...NO_FUNDING, central: 1 } }) }],
      ['removeItem', { version: plan.version, itemId: plan.items[0]._id }],
      ['publish', { version: plan.version }],
    ]
    for (const [action, data] of attempts) expectFailure(await plans(w, DEMO.office, action, data), 'PLAN_NOT_DRAFT', ERROR_MESSAGES.PLAN_NOT_DRAFT)
    expect(await planSnapshot(w.store)).toEqual(before)
  })

  test('revise → edit → publish gives edition 2; edition 1 reads exactly as before', async () => {
    const first = await publishedPlan(w)
    const e1 = ok<PlanView>(await plans(w, DEMO.resident, 'get', {}))
    const storedE1 = await w.store.get('planEditions', `${first._id}:e1`)

    let plan = ok<Plan>(await plans(w, DEMO.office, 'revise', { version: first.version }))
    expect(plan).toMatchObject({ status: 'draft', edition: 2, publishedEdition: 1, items: first.items })
    expectFailure(await plans(w, DEMO.office, 'revise', { version: plan.version }), 'PLAN_NOT_PUBLISHED')
    // While the revision is a draft, residents still read edition 1.
    expect(ok<PlanView>(await plans(w, DEMO.resident, 'get', {}))).toEqual(e1)

    const [roads, elevator] = plan.items
    plan = ok<Plan>(await plans(w, DEMO.office, 'saveItem', { version: plan.version, itemId: roads._id, item: itemFields({ costFen: 1_200_000, funding: { ...NO_FUNDING, central: 800_000, district: 200_000, residents: 200_000 } }) }))
    plan = ok<Plan>(await plans(w, DEMO.office, 'removeItem', { version: plan.version, itemId: elevator._id }))
    plan = ok<Plan>(await plans(w, DEMO.office, 'editFields', { version: plan.version, title: '汴绣里小区改造方案（修订）', summary: '根据公示意见修订。' }))
    const stagesBefore = await w.store.count('stageChanges', {})
    const second = ok<Plan>(await plans(w, DEMO.office, 'publish', { version: plan.version }))
    expect(second).toMatchObject({ status: 'published', edition: 2, publishedEdition: 2, stage: 'publicity' })
    // Already at 方案公示: no stage change this time.
    expect(await w.store.count('stageChanges', {})).toBe(stagesBefore)

    const e2 = ok<PlanView>(await plans(w, DEMO.resident, 'get', {}))
    expect(e2).toMatchObject({ edition: 2, title: '汴绣里小区改造方案（修订）', summary: '根据公示意见修订。' })
    expect(e2.editions.map((e) => e.edition)).toEqual([2, 1])
    expect(e2.items.map((i) => [i._id, i.costFen])).toEqual([[roads._id, 1_200_000]])
    expect(ok<PlanView>(await plans(w, DEMO.resident, 'get', { edition: 1 }))).toEqual({ ...e1, editions: e2.editions })
    expect(await w.store.get('planEditions', `${first._id}:e1`)).toEqual(storedE1)
    expectFailure(await plans(w, DEMO.resident, 'get', { edition: 3 }), 'NOT_FOUND')
    const notice = (await w.store.get<Notice>('notices', (await w.store.get<PlanEdition>('planEditions', `${first._id}:e2`))!.noticeId))!
    expect(notice.title).toBe('《汴绣里小区改造方案（修订）》第2版公示')
  })

  test('a revision published during a running 公示 never shortens it; 4 days is too short', async () => {
    const first = await publishedPlan(w) // 公示 to 2026-12-02 (7 days from NOW)
    let plan = ok<Plan>(await plans(w, DEMO.office, 'revise', { version: first.version }))
    expectFailure(await plans(w, DEMO.office, 'publish', { version: plan.version, publicityDays: 4 }), 'INVALID_INPUT', '方案公示期至少 5 天')
    w.setNow(new Date(NOW.getTime() + 24 * 3600 * 1000)) // a day later, 5 days would end on 2026-12-01
    plan = ok<Plan>(await plans(w, DEMO.office, 'publish', { version: plan.version, publicityDays: 5 }))
    const e2 = await w.store.get<PlanEdition>('planEditions', `${plan._id}:e2`)
    expect(e2?.publicityEndsOn).toBe('2026-12-02')
    // Once that 公示 is over, a new one runs its own length.
    w.setNow(AFTER_PERIOD)
    plan = ok<Plan>(await plans(w, DEMO.office, 'revise', { version: plan.version }))
    plan = ok<Plan>(await plans(w, DEMO.office, 'publish', { version: plan.version, publicityDays: 5 }))
    expect((await w.store.get<PlanEdition>('planEditions', `${plan._id}:e3`))?.publicityEndsOn).toBe('2026-12-08')
  })

  test('publishing: every item must be shareable now, the period is 5–90 days, and a race loses with CONFLICT', async () => {
    const plan = await addItems(w, await planAtDesign(w), [itemFields({ scope: { kind: 'unit', unitId: unit(5, 2) }, shareRule: 'equal' })])
    // The roster changes after the item was saved: that stairwell's households are gone.
    for (const h of await w.store.find<Household>('households', { unitId: unit(5, 2) })) await w.store.remove('households', h._id)
    const before = await planSnapshot(w.store)
    expectFailure(await plans(w, DEMO.office, 'publish', { version: plan.version }), 'SHARE_IMPOSSIBLE', '范围内没有住户')
    for (const publicityDays of [0, 4, 91, 2.5]) expectFailure(await plans(w, DEMO.office, 'publish', { version: plan.version, publicityDays }), 'INVALID_INPUT')
    expectFailure(await plans(w, DEMO.office, 'publish', { version: plan.version + 1 }), 'CONFLICT')
    expect(await planSnapshot(w.store)).toEqual(before)
  })

  test('a plan without items is not published', async () => {
    const plan = await planAtDesign(w)
    expectFailure(await plans(w, DEMO.office, 'publish', { version: plan.version }), 'INVALID_INPUT', '还没有任何项目')
  })

  describe('stages and their gates', () => {
    const advance = async (to: string, documents: StageDocument[] = [], note = '') =>
      plans(w, DEMO.office, 'advance', { version: (await draft(w)).plan.version, to, note, documents })

    test('立项 waits for the end of the 公示 and an answer to every objection, and needs its document', async () => {
      await publishedPlan(w)
      const gate = (await draft(w)).gate
      expect(gate).toEqual({ next: 'approval', problems: ['方案公示期还没有结束。'], documentNeeded: '立项批复文件' })

      const lodge = async (text: string) => ok<{ _id: string; version: number }>(await feedback(w, DEMO.resident2, 'create', { householdId: LI_HH, kind: 'objection', itemId: null, text, photos: [] }))
      const a = await lodge('电梯的费用分摊不合理。')
      w.setNow(PERIOD_END)
      const b = await lodge('最后一刻的异议。')
      let before = await planSnapshot(w.store)
      expectFailure(await advance('approval', [DOC]), 'STAGE_GATE', /公示期还没有结束.*还有 2 条公示期异议没有答复/)
      expect(await planSnapshot(w.store)).toEqual(before)

      w.setNow(AFTER_PERIOD)
      expectFailure(await feedback(w, DEMO.resident2, 'create', { householdId: LI_HH, kind: 'objection', itemId: null, text: '晚了', photos: [] }), 'PUBLICITY_CLOSED')
      before = await planSnapshot(w.store)
      const refused = await advance('approval', [DOC])
      expectFailure(refused, 'STAGE_GATE', '还有 2 条公示期异议没有答复')
      expect(refused.ok ? '' : refused.message).not.toContain('公示期还没有结束')
      expect(await planSnapshot(w.store)).toEqual(before)

      ok(await feedback(w, DEMO.office, 'reply', { id: a._id, version: a.version, text: '分摊按楼层系数，一层不出资，详见方案。' }))
      expectFailure(await advance('approval', [DOC]), 'STAGE_GATE', '还有 1 条公示期异议没有答复')
      // Hiding an objection does not answer it: its author is still owed a reply before 立项.
      const hidden = ok<{ version: number }>(await feedback(w, DEMO.office, 'hide', { id: b._id, version: b.version, reason: '重复提交' }))
      expectFailure(await advance('approval', [DOC]), 'STAGE_GATE', '还有 1 条公示期异议没有答复')
      ok(await feedback(w, DEMO.office, 'reply', { id: b._id, version: hidden.version, text: '与前一条重复，答复同上。' }))
      expect((await draft(w)).gate.problems).toEqual([])

      before = await planSnapshot(w.store)
      expectFailure(await advance('approval'), 'STAGE_GATE', '需要附上立项批复文件')
      expect(await planSnapshot(w.store)).toEqual(before)
      const change = ok<StageChange>(await advance('approval', [DOC], '区住建局已批复'))
      expect(change).toMatchObject({ from: 'publicity', to: 'approval', note: '区住建局已批复', documents: [DOC], at: AFTER_PERIOD.toISOString() })
      expect((await draft(w)).plan.stage).toBe('approval')
      // After 立项 the plan is fixed.
      expectFailure(await plans(w, DEMO.office, 'revise', { version: (await draft(w)).plan.version }), 'STAGE_GATE', '已经立项')
    })

    test('a revision pending holds 立项 back', async () => {
      const plan = await publishedPlan(w)
      ok(await plans(w, DEMO.office, 'revise', { version: plan.version }))
      w.setNow(AFTER_PERIOD)
      expectFailure(await advance('approval', [DOC]), 'STAGE_GATE', '尚未发布的修订')
    })

    test('one stage at a time: skipping or going back is refused', async () => {
      ok(await plans(w, DEMO.office, 'create', { title: '方案', summary: '' }))
      const before = await planSnapshot(w.store)
      expectFailure(await advance('design'), 'STAGE_GATE', '只能从“调查摸底”进入下一阶段“征求意见”')
      expectFailure(await advance('survey'), 'STAGE_GATE')
      expectFailure(await advance('management'), 'STAGE_GATE')
      expect(await planSnapshot(w.store)).toEqual(before)
      expectFailure(await advance('consultation', [], '字'.repeat(201)), 'INVALID_INPUT', '说明不能超过 200 个字')
      expectFailure(await advance('consultation', [{ ...DOC, photos: ['local:photos/u-res-1/a.jpg'] }]), 'INVALID_INPUT', '照片')
      expect(await planSnapshot(w.store)).toEqual(before)
    })

    test('方案公示 needs a published plan (publishing moves there by itself)', async () => {
      await planAtDesign(w)
      expectFailure(await advance('publicity'), 'STAGE_GATE', '方案还没有发布公示')
    })

    test('开工, 完工 and 备案 follow the items: decided, chosen, finished, accepted', async () => {
      const plan = await publishedPlan(w, [itemFields(), itemFields({ menuKey: 'lighting', title: '照明设施', funding: { ...NO_FUNDING, city: 1_000_000 } })])
      const [roads, lights] = plan.items
      w.setNow(AFTER_PERIOD)
      ok(await advance('approval', [DOC]))
      const progress = async (itemId: string, change: object) => ok<Plan>(await plans(w, DEMO.office, 'setProgress', { version: (await draft(w)).plan.version, itemId, ...change }))
      await progress(roads._id, { decision: 'passed', decisionRef: '2026年12月业主大会表决结果', status: 'chosen' })
      ok(await advance('budget', [{ ...DOC, title: '预算评审报告' }]))
      ok(await advance('tender', [{ ...DOC, title: '中标通知书' }]))
      expect((await draft(w)).gate.problems).toEqual(['还有 1 个项目没有经过业主共同决定。'])
      expectFailure(await advance('start', [DOC]), 'STAGE_GATE', '还有 1 个项目没有经过业主共同决定')
      await progress(lights._id, { status: 'dropped' })
      ok(await advance('start', [{ ...DOC, title: '施工许可' }]))
      await progress(roads._id, { status: 'works' })
      ok(await advance('works'))
      expectFailure(await advance('completion'), 'STAGE_GATE', '还有 1 个项目没有完工')
      await progress(roads._id, { status: 'done' })
      ok(await advance('completion'))
      ok(await advance('acceptance'))
      expectFailure(await advance('filing', [DOC]), 'STAGE_GATE', '还有 1 个项目没有通过业主代表参加的验收')

      const timeline = ok<TimelineView>(await plans(w, DEMO.resident, 'timeline', {}))
      expect(timeline.stage).toBe('acceptance')
      expect(timeline.stages.map((s) => s.state)).toEqual([...Array(10).fill('done'), 'current', 'todo', 'todo'])
      expect(timeline.stages.map((s) => s.label)).toEqual(['调查摸底', '征求意见', '方案设计', '方案公示', '立项', '预算评审', '公开招标', '开工', '施工', '完工', '验收', '备案', '长效管理'])
      expect(timeline.stages[0].changes).toEqual([])
      expect(timeline.stages[4].changes).toEqual([expect.objectContaining({ from: 'publicity', to: 'approval', documents: [DOC], byName: '社区干事 赵三（示例）' })])
      expect(timeline.gate).toEqual({ next: 'filing', problems: ['还有 1 个项目没有通过业主代表参加的验收。'], documentNeeded: '备案证明' })
    })

    test('the timeline before any plan is null; residents of the community read it', async () => {
      expect(ok(await plans(w, DEMO.resident, 'timeline', {}))).toBeNull()
      await planAtDesign(w)
      const t = ok<TimelineView>(await plans(w, DEMO.resident2, 'timeline', {}))
      expect(t.stages.filter((s) => s.state === 'current').map((s) => s.stage)).toEqual(['design'])
      expect(t.gate).toEqual({ next: 'publicity', problems: ['方案还没有发布公示。'], documentNeeded: null })
    })
  })

  describe('item progress (setProgress)', () => {
    test('only on a published edition; decisions and works by the rules; each change logged', async () => {
      const atDesign = await addItems(w, await planAtDesign(w), [itemFields()])
      expectFailure(await plans(w, DEMO.office, 'setProgress', { version: atDesign.version, itemId: atDesign.items[0]._id, status: 'dropped' }), 'PLAN_NOT_PUBLISHED')
      let plan = ok<Plan>(await plans(w, DEMO.office, 'publish', { version: atDesign.version }))
      const id = plan.items[0]._id

      let before = await planSnapshot(w.store)
      expectFailure(await plans(w, DEMO.office, 'setProgress', { version: plan.version, itemId: id, status: 'chosen' }), 'INVALID_INPUT', '请先录入“表决通过”')
      expectFailure(await plans(w, DEMO.office, 'setProgress', { version: plan.version, itemId: id, decision: 'passed' }), 'INVALID_INPUT', '表决结果的依据')
      expectFailure(await plans(w, DEMO.office, 'setProgress', { version: plan.version, itemId: 'i-nope', status: 'dropped' }), 'NOT_FOUND')
      expectFailure(await plans(w, DEMO.resident, 'setProgress', { version: plan.version, itemId: id, status: 'dropped' }), 'FORBIDDEN')
      expect(await planSnapshot(w.store)).toEqual(before)

      plan = ok<Plan>(await plans(w, DEMO.office, 'setProgress', { version: plan.version, itemId: id, decision: 'passed', decisionRef: '2026年12月业主大会表决结果' }))
      plan = ok<Plan>(await plans(w, DEMO.office, 'setProgress', { version: plan.version, itemId: id, status: 'chosen' }))
      expect(plan.progress[id]).toMatchObject({ status: 'chosen', decision: 'passed', decisionRef: '2026年12月业主大会表决结果', updatedBy: 'u-off-1' })
      expect(ok<PlanView>(await plans(w, DEMO.resident, 'get', {})).items[0]).toMatchObject({ status: 'chosen', decision: 'passed' })

      before = await planSnapshot(w.store)
      expectFailure(await plans(w, DEMO.office, 'setProgress', { version: plan.version, itemId: id, status: 'works' }), 'INVALID_INPUT', '还没有进入“开工”阶段')
      expectFailure(await plans(w, DEMO.office, 'setProgress', { version: plan.version - 1, itemId: id, status: 'dropped' }), 'CONFLICT')
      expect(await planSnapshot(w.store)).toEqual(before)

      const log = await w.store.find<AuditEntry>('audit', { action: 'plans.setProgress' }, { orderBy: [{ field: '_id', direction: 'asc' }] })
      expect(log).toHaveLength(2)
      expect(log[1]).toMatchObject({ byUserId: 'u-off-1', entityId: `${plan._id}/${id}`, before: { item: '小区道路修缮', status: '拟改造', decision: '表决通过' }, after: { status: '已确定', decision: '表决通过' } })
    })

    test('items added in a draft revision get progress only once published', async () => {
      const plan = await publishedPlan(w)
      let draftPlan = ok<Plan>(await plans(w, DEMO.office, 'revise', { version: plan.version }))
      draftPlan = await addItems(w, draftPlan, [itemFields({ menuKey: 'lighting', title: '照明设施' })])
      const added = draftPlan.items[2]._id
      expectFailure(await plans(w, DEMO.office, 'setProgress', { version: draftPlan.version, itemId: added, status: 'dropped' }), 'NOT_FOUND')
      ok(await plans(w, DEMO.office, 'setProgress', { version: draftPlan.version, itemId: plan.items[0]._id, status: 'dropped' }))
    })
  })

  describe('my share (mine)', () => {
    const RESIDENTS = { equal: 100_000, area: 100_001, floor: 450_000 }
    const items = (): ItemFields[] => [
      itemFields({ menuKey: 'security', title: '智能安防', shareRule: 'equal', costFen: 300_000, funding: { ...NO_FUNDING, city: 200_000, residents: RESIDENTS.equal } }),
      itemFields({ menuKey: 'roof', title: '1号楼、2号楼屋面防水', scope: { kind: 'buildings', buildingIds: [building(1), building(2)] }, costFen: 300_001, funding: { ...NO_FUNDING, central: 200_000, residents: RESIDENTS.area } }),
      elevatorFields(1, 1, RESIDENTS.floor),
      itemFields({ menuKey: 'lighting', title: '照明设施', funding: { ...NO_FUNDING, city: 1_000_000 } }),
    ]

    test('shares of every household of an item add up exactly to the residents\' part, each with its formula', async () => {
      const all = await w.store.find<Household>('households', { communityId: C })
      await bindEach(w.store, all.filter((h) => h._id !== WANG_HH && h._id !== LI_HH))
      const plan = await publishedPlan(w, items())
      const openidOf = (h: Household) => (h._id === WANG_HH ? DEMO.resident : h._id === LI_HH ? DEMO.resident2 : `wx-${h._id}`)

      const sums = new Map<string, number>()
      const payers = new Map<string, number>()
      for (const h of all) {
        const mine = ok<MineView>(await plans(w, openidOf(h), 'mine', { householdId: h._id }))
        expect(mine.householdLabel).toBe(`${h.buildingNumber}号楼${h.unitNumber}单元${h.room}`)
        expect(mine.totalFen).toBe(mine.items.reduce((s, i) => s + i.shareFen, 0))
        for (const i of mine.items) {
          sums.set(i.item._id, (sums.get(i.item._id) ?? 0) + i.shareFen)
          payers.set(i.item._id, (payers.get(i.item._id) ?? 0) + 1)
          expect(Number.isInteger(i.shareFen)).toBe(true)
          expect(i.formula).toMatch(/^居民出资 .* 元|^本项目居民不出资/)
        }
        // Items outside the household's scope are not there.
        const inB12 = h.buildingNumber <= 2
        expect(mine.items.some((i) => i.item._id === plan.items[1]._id)).toBe(inB12)
        expect(mine.items.some((i) => i.item._id === plan.items[2]._id)).toBe(h.unitId === unit(1, 1))
      }
      const [security, roof, elevator, lights] = plan.items
      expect(Object.fromEntries(sums)).toEqual({ [security._id]: RESIDENTS.equal, [roof._id]: RESIDENTS.area, [elevator._id]: RESIDENTS.floor, [lights._id]: 0 })
      expect(Object.fromEntries(payers)).toEqual({ [security._id]: 120, [roof._id]: 48, [elevator._id]: 12, [lights._id]: 120 })
    })

    test('王一 (1-1-302, floor 3) sees each share, its formula, and a total without dropped items', async () => {
      const plan = await publishedPlan(w, items())
      const mine = ok<MineView>(await plans(w, DEMO.resident, 'mine', { householdId: WANG_HH }))
      expect(mine).toMatchObject({ householdId: WANG_HH, householdLabel: '1号楼1单元302', planTitle: '汴绣里小区改造方案', edition: 1, stage: 'publicity' })
      const households = await w.store.find<Household>('households', { communityId: C })
      const expected = plan.items.map((item) => shareTable(item, households).shares.find((s) => s.householdId === WANG_HH)!.fen)
      expect(mine.items.map((i) => i.shareFen)).toEqual(expected)
      const [security, roof, elevator, lights] = mine.items
      expect(security.formula).toMatch(/^居民出资 1,000\.00 元 ÷ 范围内 120 户 = 8\.33… 元，按分取整为 8\.3[34] 元/)
      expect(roof.formula).toContain('× 本户面积')
      expect(elevator.formula).toMatch(/^居民出资 4,500\.00 元 × 本户楼层系数 5 ÷ 范围内系数合计 70 /)
      expect(elevator.shareFen).toBe(Math.round((450_000 * 5) / 70))
      expect(lights).toMatchObject({ shareFen: 0, formula: '本项目居民不出资，本户无需出钱。' })
      expect(mine.totalFen).toBe(expected.reduce((s, f) => s + f, 0))
      expect(elevator.item).toMatchObject({ scopeLabel: '1号楼1单元', households: 12, status: 'proposed' })

      ok(await plans(w, DEMO.office, 'setProgress', { version: plan.version, itemId: plan.items[2]._id, decision: 'rejected', decisionRef: '单元业主表决未通过' }))
      const after = ok<MineView>(await plans(w, DEMO.resident, 'mine', { householdId: WANG_HH }))
      expect(after.items[2].item.status).toBe('dropped')
      expect(after.totalFen).toBe(mine.totalFen - elevator.shareFen)
    })

    test('published shares do not move when the roster changes afterwards; the next edition picks the change up', async () => {
      const plan = await publishedPlan(w, items())
      const first = ok<MineView>(await plans(w, DEMO.resident, 'mine', { householdId: WANG_HH }))
      const view = ok<PlanView>(await plans(w, DEMO.resident, 'get', {}))
      // The office corrects 王一's area and a neighbour's floor, after publication.
      for (const [id, change] of [[WANG_HH, { areaCentiM2: 12_000 }], [household(1, 1, '101'), { floor: 2 }]] as const) {
        const h = (await w.store.get<Household>('households', id))!
        await w.store.replaceIfVersion('households', { ...h, ...change, version: h.version + 1 }, h.version)
      }
      expect(ok<MineView>(await plans(w, DEMO.resident, 'mine', { householdId: WANG_HH }))).toEqual(first)
      expect(ok<PlanView>(await plans(w, DEMO.resident, 'get', {}))).toEqual(view)
      // Republished, the shares follow the corrected roster.
      const draftPlan = ok<Plan>(await plans(w, DEMO.office, 'revise', { version: plan.version }))
      ok(await plans(w, DEMO.office, 'publish', { version: draftPlan.version }))
      const second = ok<MineView>(await plans(w, DEMO.resident, 'mine', { householdId: WANG_HH }))
      const roof = (m: MineView) => m.items.find((i) => i.item._id === plan.items[1]._id)!.shareFen
      expect(roof(second)).toBeGreaterThan(roof(first))
    })

    test('only members of the household; null before publication; an unknown household is FORBIDDEN (no probing)', async () => {
      expect(ok(await plans(w, DEMO.resident, 'mine', { householdId: WANG_HH }))).toBeNull()
      await publishedPlan(w, items())
      expectFailure(await plans(w, DEMO.resident, 'mine', { householdId: LI_HH }), 'FORBIDDEN')
      expectFailure(await plans(w, DEMO.office, 'mine', { householdId: WANG_HH }), 'FORBIDDEN')
      expectFailure(await plans(w, DEMO.resident, 'mine', { householdId: household(9, 9, '999') }), 'FORBIDDEN')
      // A tenant is a member of the flat it rents.
      expect(ok<MineView>(await plans(w, DEMO.resident2, 'mine', { householdId: LI_HH })).householdLabel).toBe('3号楼2单元501')
    })
  })
})

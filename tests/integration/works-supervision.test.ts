/**
 * The `works` function during the works, end to end on both stores: the community's parties
 * (recorded and changed by the office, audited), supervisors (监督员) volunteering and stepping
 * down, observations with photos and their answers — by the office, or by the item's contractor
 * and nobody else — and the contractor named during the works (setContractor).
 *
 * 王一 (DEMO.resident) owns 1-1-302; 李二 (DEMO.resident2) rents 3-2-501.
 */
import type { AuditEntry } from '../../cloudfunctions/common/audit'
import { DEMO } from '../../server/seed'
import type { Party } from '../../src/core/parties'
import type { Plan } from '../../src/core/plan'
import type { NotificationView } from '../../src/core/plan-view'
import type { StoredUser } from '../../src/core/roles'
import type { Observation } from '../../src/core/works'
import type { ObservationView, SupervisorView, WorksItem } from '../../src/core/works-view'
import { building, C, draft, feedback } from './plans-helpers'
import { addParties, LATER, PARTY_FIELDS, STAFF, TITLES, upload, works, worksPlan, type PartyKey, type WorksPlan } from './works-helpers'
import { cloudbaseWorld, expectFailure, ok, snapshot, sqliteWorld, type World } from './worlds'

const WORKS_COLLECTIONS = ['parties', 'supervisors', 'observations', 'acceptances', 'plans', 'audit', 'notifications'] as const
const NOT_CHOSEN = '这个项目还没有确定实施，暂时不能提交施工监督意见；可以在方案里留言。'

type Items = { items: WorksItem[]; planVersion: number | null }
const byTitle = (r: Items) => Object.fromEntries(r.items.map((i) => [i.title, i]))

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('the works on %s', (_name, make) => {
  let w: World
  let wp: WorksPlan
  let p: Record<PartyKey, Party>
  beforeEach(async () => {
    w = await make()
    wp = await worksPlan(w)
    p = await addParties(w)
  })
  afterEach(() => w.dispose())

  describe('parties', () => {
    test('the office records and changes parties; each is audited; the community reads them', async () => {
      expect(p.builder).toMatchObject({ ...PARTY_FIELDS.builder, communityId: C, createdAt: LATER.toISOString(), createdBy: 'u-off-1', version: 1 })
      const list = ok<{ items: Party[] }>(await works(w, DEMO.resident2, 'parties'))
      expect(list.items.map((x) => x.name)).toEqual(['示例建设工程公司', '另一家示例施工公司', '示例监理公司', '示例设计院', '示例勘察院', '示例供水公司'])
      expect(ok<{ items: Party[] }>(await works(w, STAFF.builder, 'parties')).items).toHaveLength(6)

      const changed = ok<Party>(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.water, lines: ['water', 'heating'], phone: '96296', id: p.water._id, version: 1 }))
      expect(changed).toMatchObject({ _id: p.water._id, lines: ['water', 'heating'], phone: '96296', version: 2, createdAt: p.water.createdAt })
      const log = await w.store.find<AuditEntry>('audit', { action: 'parties.save' }, { orderBy: [{ field: '_id', direction: 'asc' }] })
      expect(log).toHaveLength(7)
      const last = log.find((e) => e.entityId === p.water._id && e.before !== null)!
      expect(last).toMatchObject({
        communityId: C,
        byUserId: 'u-off-1',
        entity: 'parties',
        before: { name: '示例供水公司', partyKind: '管线单位', phone: '0371-1000 0005', lines: ['供水'] },
        after: { name: '示例供水公司', partyKind: '管线单位', phone: '96296', lines: ['供水', '供暖'] },
      })
    })

    test('refusals: lines on a contractor, a utility without lines, a name twice, a stale change, others than the office — nothing written', async () => {
      const before = await snapshot(w.store, WORKS_COLLECTIONS)
      expectFailure(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.builder, name: '新公司', lines: ['gas'] }), 'INVALID_INPUT', '只有管线单位需要选择管线。')
      expectFailure(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.water, name: '燃气公司', lines: [] }), 'INVALID_INPUT', '管线单位请至少选择一种它负责的管线。')
      expectFailure(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.designer }), 'INVALID_INPUT', '本小区已经登记了“示例设计院”')
      expectFailure(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.designer, phone: '1', id: p.designer._id, version: 2 }), 'CONFLICT')
      expectFailure(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.designer, phone: '1', id: p.designer._id }), 'INVALID_INPUT', '版本')
      expectFailure(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.designer, id: 'party-nope', version: 1 }), 'NOT_FOUND')
      expectFailure(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.designer, kind: 'bank' }), 'INVALID_INPUT')
      for (const openid of [DEMO.resident, DEMO.otherOffice, DEMO.district, STAFF.builder]) {
        expectFailure(await works(w, openid, 'saveParty', { ...PARTY_FIELDS.builder, name: '冒名公司', communityId: C }), 'FORBIDDEN')
      }
      // Another community's party is not found from here.
      expectFailure(await works(w, DEMO.otherOffice, 'saveParty', { ...PARTY_FIELDS.builder, id: p.builder._id, version: 1 }), 'NOT_FOUND')
      expect(await snapshot(w.store, WORKS_COLLECTIONS)).toEqual(before)
    })

    test('an item\'s contractor cannot be turned into another kind of party', async () => {
      ok(await works(w, DEMO.office, 'setContractor', { itemId: wp.items.lighting, partyId: p.builder._id, planVersion: (await draft(w)).plan.version }))
      expectFailure(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.builder, kind: 'supervisor', id: p.builder._id, version: 1 }), 'INVALID_INPUT', '是 1 个项目的施工单位')
      // The other contractor builds nothing yet: it may change.
      expect(ok<Party>(await works(w, DEMO.office, 'saveParty', { ...PARTY_FIELDS.rival, kind: 'designer', id: p.rival._id, version: 1 })).kind).toBe('designer')
    })
  })

  describe('supervisors', () => {
    test('a resident volunteers for an item and a building; twice is the same record; others see them without their account', async () => {
      const mine = ok<SupervisorView>(await works(w, DEMO.resident, 'volunteer', { target: { kind: 'item', itemId: wp.items.lighting }, displayName: '  王阿姨（1号楼） ' }))
      expect(mine).toEqual({
        _id: `${C}:u-res-1:item:${wp.items.lighting}`,
        displayName: '王阿姨（1号楼）',
        target: { kind: 'item', itemId: wp.items.lighting },
        since: LATER.toISOString(),
        version: 1,
        targetLabel: TITLES.lighting,
        mine: true,
      })
      expect(ok<SupervisorView>(await works(w, DEMO.resident, 'volunteer', { target: { kind: 'item', itemId: wp.items.lighting }, displayName: '别的称呼' }))).toEqual(mine)
      expect(await w.store.count('supervisors', {})).toBe(1)

      const b1 = ok<SupervisorView>(await works(w, DEMO.resident2, 'volunteer', { target: { kind: 'building', buildingId: building(1) }, displayName: '李二' }))
      expect(b1).toMatchObject({ targetLabel: '1号楼', mine: true })

      // The downpipes of building 1: watched by the building's supervisor; the lighting (everywhere) by both.
      const of = async (filter: object, openid: string = DEMO.resident2) => ok<{ items: SupervisorView[] }>(await works(w, openid, 'supervisors', filter)).items.map((s) => [s.displayName, s.mine])
      expect(await of({ itemId: wp.items.downpipes })).toEqual([['李二', true]])
      expect(await of({ itemId: wp.items.lighting })).toEqual([['王阿姨（1号楼）', false], ['李二', true]])
      expect(await of({ itemId: wp.items.roof })).toEqual([])
      expect(await of({ buildingId: building(1) }, DEMO.office)).toEqual([['李二', false]])
      expect(await of({}, STAFF.builder)).toEqual([['王阿姨（1号楼）', false], ['李二', false]])
      const listed = ok<{ items: SupervisorView[] }>(await works(w, DEMO.office, 'supervisors', {})).items
      for (const s of listed) expect(s).not.toHaveProperty('userId')

      const items = byTitle(ok<Items>(await works(w, DEMO.resident, 'items')))
      expect([items[TITLES.lighting].supervisors, items[TITLES.downpipes].supervisors, items[TITLES.roof].supervisors]).toEqual([2, 1, 0])
    })

    test('stepping down: only one\'s own, version-checked, once; volunteering again takes it back', async () => {
      const target = { kind: 'item', itemId: wp.items.roof }
      const s = ok<SupervisorView>(await works(w, DEMO.resident2, 'volunteer', { target, displayName: '李二' }))
      expectFailure(await works(w, DEMO.resident, 'stepDown', { supervisorId: s._id, version: 1 }), 'NOT_FOUND')
      expectFailure(await works(w, DEMO.resident2, 'stepDown', { supervisorId: s._id, version: 2 }), 'CONFLICT')
      w.setNow(new Date(LATER.getTime() + 3600_000))
      const ended = ok<SupervisorView>(await works(w, DEMO.resident2, 'stepDown', { supervisorId: s._id, version: 1 }))
      expect(ended.version).toBe(2)
      expect((await w.store.get<{ _id: string; endedAt: string }>('supervisors', s._id))!.endedAt).toBe(new Date(LATER.getTime() + 3600_000).toISOString())
      expectFailure(await works(w, DEMO.resident2, 'stepDown', { supervisorId: s._id, version: 2 }), 'INVALID_INPUT', '不再担任')
      expect(ok<{ items: SupervisorView[] }>(await works(w, DEMO.office, 'supervisors', { itemId: wp.items.roof })).items).toEqual([])

      const back = ok<SupervisorView>(await works(w, DEMO.resident2, 'volunteer', { target, displayName: '李家租户' }))
      expect(back).toMatchObject({ _id: s._id, displayName: '李家租户', version: 3, since: new Date(LATER.getTime() + 3600_000).toISOString() })
      expect(await w.store.count('supervisors', {})).toBe(1)
    })

    test('the office ends a supervisor\'s role (moved away), with why, audited; nobody else may; once; version-checked', async () => {
      const s = ok<SupervisorView>(await works(w, DEMO.resident2, 'volunteer', { target: { kind: 'item', itemId: wp.items.roof }, displayName: '李二' }))
      const before = await snapshot(w.store, WORKS_COLLECTIONS)
      for (const openid of [DEMO.resident, DEMO.resident2, STAFF.builder, DEMO.district, DEMO.otherOffice]) {
        expectFailure(await works(w, openid, 'endSupervisor', { supervisorId: s._id, version: 1, reason: '已搬走' }), 'FORBIDDEN')
      }
      expectFailure(await works(w, DEMO.office, 'endSupervisor', { supervisorId: s._id, version: 1, reason: ' ' }), 'INVALID_INPUT', '原因')
      expectFailure(await works(w, DEMO.office, 'endSupervisor', { supervisorId: s._id, version: 2, reason: '已搬走' }), 'CONFLICT')
      expectFailure(await works(w, DEMO.office, 'endSupervisor', { supervisorId: 'nope', version: 1, reason: '已搬走' }), 'NOT_FOUND')
      expect(await snapshot(w.store, WORKS_COLLECTIONS)).toEqual(before)

      const ended = ok<SupervisorView>(await works(w, DEMO.office, 'endSupervisor', { supervisorId: s._id, version: 1, reason: '已搬走' }))
      expect(ended).toMatchObject({ _id: s._id, version: 2, mine: false })
      expect((await w.store.get<{ _id: string; endedAt: string | null }>('supervisors', s._id))!.endedAt).toBe(w.deps.now().toISOString())
      expect(ok<{ items: SupervisorView[] }>(await works(w, DEMO.office, 'supervisors', { itemId: wp.items.roof })).items).toEqual([])
      const [entry] = await w.store.find<AuditEntry>('audit', { action: 'works.endSupervisor' })
      expect(entry).toMatchObject({ entityId: s._id, after: expect.objectContaining({ supervisor: '李二', reason: '已搬走' }) })
      expectFailure(await works(w, DEMO.office, 'endSupervisor', { supervisorId: s._id, version: 2, reason: '已搬走' }), 'INVALID_INPUT', '不再担任')
    })

    test('refusals: an item not chosen or accepted, a building elsewhere, a name too long, people who are not residents with a home here', async () => {
      await w.store.insert<StoredUser>('users', { _id: 'u-homeless', openid: 'wx-homeless', name: '居民（无房屋）', role: 'resident', communityId: C })
      const before = await snapshot(w.store, WORKS_COLLECTIONS)
      const item = (itemId: string) => ({ target: { kind: 'item', itemId }, displayName: '王阿姨' })
      expectFailure(await works(w, DEMO.resident, 'volunteer', item(wp.items.greening)), 'INVALID_INPUT', '还没有确定实施')
      expectFailure(await works(w, DEMO.resident, 'volunteer', item('item-nope')), 'NOT_FOUND')
      expectFailure(await works(w, DEMO.resident, 'volunteer', { target: { kind: 'building', buildingId: `${DEMO.otherCommunityId}-b1` }, displayName: '王阿姨' }), 'NOT_FOUND')
      expectFailure(await works(w, DEMO.resident, 'volunteer', { ...item(wp.items.roof), displayName: '王'.repeat(21) }), 'INVALID_INPUT', '不能超过 20 个字')
      expectFailure(await works(w, DEMO.resident, 'volunteer', { ...item(wp.items.roof), displayName: '  ' }), 'INVALID_INPUT', '称呼')
      for (const openid of ['wx-homeless', DEMO.office, STAFF.builder, DEMO.district, DEMO.otherOffice]) {
        expectFailure(await works(w, openid, 'volunteer', { ...item(wp.items.roof), communityId: C }), 'FORBIDDEN')
      }
      expect(await snapshot(w.store, WORKS_COLLECTIONS)).toEqual(before)
    })
  })

  describe('observations', () => {
    test('a resident posts with a photo: labelled by building, then as supervisor once they volunteer; the office as 社区', async () => {
      const photo = upload(w, 'u-res-1', 'box.jpg')
      const first = ok<ObservationView>(
        await works(w, DEMO.resident, 'observe', { itemId: wp.items.lighting, buildingId: building(1), kind: 'access', text: ' 1号楼门口堆着灯具包装箱 ', photos: [photo] }),
      )
      expect(first).toMatchObject({ itemId: wp.items.lighting, itemTitle: TITLES.lighting, buildingId: building(1), kind: 'access', text: '1号楼门口堆着灯具包装箱', photos: [photo], authorLabel: '居民（1号楼）', bySupervisor: false, mine: true, answers: [], version: 1 })
      expect(first).not.toHaveProperty('authorId')
      expect((await w.store.get<Observation>('observations', first._id))!).toMatchObject({ authorId: 'u-res-1', communityId: C, planId: wp.plan._id, at: LATER.toISOString() })

      ok(await works(w, DEMO.resident, 'volunteer', { target: { kind: 'item', itemId: wp.items.lighting }, displayName: '王阿姨' }))
      w.setNow(new Date(LATER.getTime() + 60_000))
      const second = ok<ObservationView>(await works(w, DEMO.resident, 'observe', { itemId: wp.items.lighting, buildingId: null, kind: 'noise', text: '晚上九点还在施工', photos: [] }))
      expect(second).toMatchObject({ authorLabel: '监督员 王阿姨', bySupervisor: true })
      const office = ok<ObservationView>(await works(w, DEMO.office, 'observe', { itemId: wp.items.roof, buildingId: building(3), kind: 'safety', text: '屋面作业没有系安全绳', photos: [] }))
      expect(office.authorLabel).toBe('社区')
      // A resident who supervises building 3 (not the item) posting about the roofs of building 3.
      ok(await works(w, DEMO.resident2, 'volunteer', { target: { kind: 'building', buildingId: building(3) }, displayName: '李二' }))
      expect(ok<ObservationView>(await works(w, DEMO.resident2, 'observe', { itemId: wp.items.roof, buildingId: building(3), kind: 'quality', text: '卷材搭接太窄', photos: [] })).authorLabel).toBe('监督员 李二')

      const list = ok<{ items: ObservationView[] }>(await works(w, DEMO.resident2, 'observations', { itemId: wp.items.lighting }))
      expect(list.items.map((o) => [o.text, o.mine])).toEqual([['晚上九点还在施工', false], ['1号楼门口堆着灯具包装箱', false]])
      const items = byTitle(ok<Items>(await works(w, DEMO.resident2, 'items')))
      expect(items[TITLES.lighting]).toMatchObject({ observations: 2, unanswered: 2, observable: true })
      expect(items[TITLES.roof]).toMatchObject({ observations: 2, unanswered: 2 })
    })

    test('refusals: an item not chosen, someone else\'s upload, a building the item does not touch, a contractor — nothing written', async () => {
      const theirs = upload(w, 'u-res-2', 'theirs.jpg')
      const notImage = upload(w, 'u-res-1', 'fake.jpg', Buffer.from('not an image at all'))
      const before = await snapshot(w.store, WORKS_COLLECTIONS)
      const obs = (more: object) => ({ itemId: wp.items.downpipes, buildingId: null, kind: 'quality', text: '落水管歪了', photos: [], ...more })
      expectFailure(await works(w, DEMO.resident, 'observe', obs({ itemId: wp.items.greening })), 'INVALID_INPUT', NOT_CHOSEN)
      expectFailure(await works(w, DEMO.resident, 'observe', obs({ photos: [theirs] })), 'INVALID_INPUT', '照片')
      expectFailure(await works(w, DEMO.resident, 'observe', obs({ photos: [notImage] })), 'FILE_INVALID')
      expectFailure(await works(w, DEMO.resident, 'observe', obs({ buildingId: building(2) })), 'INVALID_INPUT', '不涉及这栋楼')
      expectFailure(await works(w, DEMO.resident, 'observe', obs({ buildingId: `${DEMO.otherCommunityId}-b1` })), 'SCOPE_OUTSIDE')
      expectFailure(await works(w, DEMO.resident, 'observe', obs({ kind: 'gossip' })), 'INVALID_INPUT')
      expectFailure(await works(w, DEMO.resident, 'observe', obs({ itemId: 'item-nope' })), 'NOT_FOUND')
      for (const openid of [STAFF.builder, DEMO.district, DEMO.otherOffice]) expectFailure(await works(w, openid, 'observe', obs({ communityId: C })), 'FORBIDDEN')
      expect(await snapshot(w.store, WORKS_COLLECTIONS)).toEqual(before)
    })

    test('at most 20 observations a day per person, even when posted at once (the store\'s unique key holds it)', async () => {
      const obs = (i: number) => ({ itemId: wp.items.downpipes, buildingId: null, kind: 'quality', text: `第${i}条`, photos: [] })
      const results = await Promise.all(Array.from({ length: 24 }, (_, i) => works(w, DEMO.resident3, 'observe', obs(i + 1))))
      expect(results.filter((r) => r.ok)).toHaveLength(20)
      for (const r of results.filter((x) => !x.ok)) expectFailure(r, 'INVALID_INPUT', '今天已经提交了 20 条施工监督意见')
      expect(await w.store.count('observations', { authorId: 'u-res-3' })).toBe(20)
    })

    test('answers: the office, and the item\'s contractor once named — not before, not another contractor; the author is notified', async () => {
      const posted = ok<ObservationView>(await works(w, DEMO.resident, 'observe', { itemId: wp.items.downpipes, buildingId: building(1), kind: 'quality', text: '新落水管接口漏水', photos: [] }))
      const answer = (openid: string, version: number, text: string) => works(w, openid, 'answer', { observationId: posted._id, version, text })

      const before = await snapshot(w.store, WORKS_COLLECTIONS)
      // No contractor named yet: its staff may not answer.
      expectFailure(await answer(STAFF.builder, 1, '马上处理'), 'FORBIDDEN', '只有社区和这个项目的施工单位可以答复')
      expectFailure(await answer(DEMO.resident2, 1, '邻居代答'), 'FORBIDDEN')
      expectFailure(await answer(DEMO.otherOffice, 1, '别的社区'), 'FORBIDDEN')
      expect(await snapshot(w.store, WORKS_COLLECTIONS)).toEqual(before)

      const office = ok<ObservationView>(await answer(DEMO.office, 1, '已转告施工单位，今天下午处理。'))
      expect(office.answers).toEqual([{ byUserId: 'u-off-1', as: 'office', byName: '社区', text: '已转告施工单位，今天下午处理。', at: LATER.toISOString() }])
      expect(office.version).toBe(2)

      const item = ok<WorksItem>(await works(w, DEMO.office, 'setContractor', { itemId: wp.items.downpipes, partyId: p.builder._id, planVersion: (await draft(w)).plan.version }))
      expect(item).toMatchObject({ contractorPartyId: p.builder._id, contractorName: '示例建设工程公司', observations: 1, unanswered: 0 })
      expectFailure(await answer(STAFF.rival, 2, '我们来修'), 'FORBIDDEN', '只有社区和这个项目的施工单位可以答复')
      expectFailure(await answer(STAFF.builder, 1, '旧版本'), 'CONFLICT')
      const contractor = ok<ObservationView>(await answer(STAFF.builder, 2, '接口已重新打胶，请再看看。'))
      expect(contractor.answers.map((a) => [a.as, a.byName, a.text])).toEqual([
        ['office', '社区', '已转告施工单位，今天下午处理。'],
        ['contractor', '示例建设工程公司', '接口已重新打胶，请再看看。'],
      ])
      expect(contractor).toMatchObject({ mine: false, version: 3 })

      const mine = ok<{ notifications: NotificationView[] }>(await feedback(w, DEMO.resident, 'mine'))
      expect(mine.notifications.map((n) => n.title).sort()).toEqual(['示例建设工程公司答复了您的施工监督意见', '社区答复了您的施工监督意见'].sort())
    })
  })

  describe('setContractor', () => {
    test('the office names an item\'s contractor (audited); the same again writes nothing; refusals write nothing', async () => {
      const version = (await draft(w)).plan.version
      const set = ok<WorksItem>(await works(w, DEMO.office, 'setContractor', { itemId: wp.items.roof, partyId: p.builder._id, planVersion: version }))
      expect(set).toMatchObject({ itemId: wp.items.roof, status: 'done', contractorPartyId: p.builder._id, contractorName: '示例建设工程公司' })
      const plan = (await draft(w)).plan
      expect(plan.version).toBe(version + 1)
      expect(plan.progress[wp.items.roof].contractorPartyId).toBe(p.builder._id)
      const [entry] = await w.store.find<AuditEntry>('audit', { action: 'works.setContractor' })
      expect(entry).toMatchObject({ entityId: `${plan._id}/${wp.items.roof}`, before: { item: TITLES.roof, contractor: null }, after: { item: TITLES.roof, contractor: '示例建设工程公司' } })

      const before = await snapshot(w.store, WORKS_COLLECTIONS)
      expect(ok<WorksItem>(await works(w, DEMO.office, 'setContractor', { itemId: wp.items.roof, partyId: p.builder._id, planVersion: plan.version })).contractorName).toBe('示例建设工程公司')
      const refusals: [string, object, string, string?][] = [
        [DEMO.office, { itemId: wp.items.roof, partyId: p.designer._id, planVersion: plan.version }, 'INVALID_INPUT', '应是施工单位'],
        [DEMO.office, { itemId: wp.items.roof, partyId: 'party-nope', planVersion: plan.version }, 'INVALID_INPUT', '不是本小区登记的单位'],
        [DEMO.office, { itemId: wp.items.greening, partyId: p.builder._id, planVersion: plan.version }, 'INVALID_INPUT', '还没有确定实施'],
        [DEMO.office, { itemId: wp.items.lighting, partyId: p.builder._id, planVersion: plan.version - 1 }, 'CONFLICT'],
        [DEMO.resident, { itemId: wp.items.lighting, partyId: p.builder._id, planVersion: plan.version }, 'FORBIDDEN'],
        [STAFF.builder, { itemId: wp.items.lighting, partyId: p.builder._id, planVersion: plan.version }, 'FORBIDDEN'],
      ]
      for (const [openid, data, code, message] of refusals) expectFailure(await works(w, openid, 'setContractor', data), code as 'INVALID_INPUT', message)
      expect(await snapshot(w.store, WORKS_COLLECTIONS)).toEqual(before)
    })
  })

  test('items: only what the works concern, in the plan\'s order, with the plan\'s version; nothing before a plan is out elsewhere', async () => {
    const r = ok<Items>(await works(w, DEMO.resident, 'items'))
    expect(r.items.map((i) => [i.title, i.status, i.scopeLabel, i.observable, i.lastOutcome])).toEqual([
      [TITLES.roof, 'done', '3号楼、4号楼', true, null],
      [TITLES.downpipes, 'works', '1号楼', true, null],
      [TITLES.lighting, 'works', '全小区', true, null],
    ])
    expect(r.planVersion).toBe((await w.store.get<Plan>('plans', wp.plan._id))!.version)
    // 梁苑新村 has no plan in this world.
    expect(ok<Items>(await works(w, DEMO.otherOffice, 'items'))).toEqual({ items: [], planVersion: null })
    expectFailure(await works(w, DEMO.district, 'items'), 'INVALID_INPUT', '请选择小区')
    expect(ok<Items>(await works(w, DEMO.district, 'items', { communityId: C })).items).toHaveLength(3)
    expectFailure(await works(w, DEMO.otherOffice, 'items', { communityId: C }), 'FORBIDDEN')
  })
})


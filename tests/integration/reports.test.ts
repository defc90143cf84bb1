/**
 * The reports function (cloudfunctions/reports) end to end on both stores: routing through create
 * (warranty on and off, utility lines, no property manager), the status machine to confirmed (and
 * through reopen), reassignment, "me too" and similar reports, the queues and the district overview
 * with overdue reports, idempotent create, and every refusal of issue 6 with nothing written.
 *
 * 王一 (DEMO.resident) owns 1-1-302; 李二 (DEMO.resident2) rents 3-2-501; 陈八 (DEMO.resident3) owns
 * 2-1-401; 刘九 (DEMO.resident4) owns 4-2-202. Parties and accepted items: reports-helpers.ts.
 */
import { DEMO } from '../../server/seed'
import type { NotificationView } from '../../src/core/plan-view'
import type { Report, ReportStep } from '../../src/core/reports'
import type { StoredUser } from '../../src/core/roles'
import type { ReportSummary, ReportView, ReportsOverview } from '../../src/core/works-view'
import { C, building, feedback, household, LI_HH, publishedPlan, unit, WANG_HH } from './plans-helpers'
import { acceptItem, addParties, ITEMS, PARTIES, reportFields, reports, STAFF, upload } from './reports-helpers'
import { cloudbaseWorld, expectFailure, NOW, ok, snapshot, sqliteWorld, type World } from './worlds'

const HOUR = 3600_000
const at = (ms: number) => new Date(NOW.getTime() + ms)
const CHEN_HH = household(2, 1, '401')
type List = { items: ReportSummary[] }
type Queue = List & { parties: { partyId: string | null; name: string }[] }
const OFFICE_LABEL = '社区 社区干事 赵三（示例）'

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('reports on %s', (_name, make) => {
  let w: World
  /** The plan's items: building 1's downpipes (under warranty), the water mains (warranty over), an elevator (not accepted). */
  let items: { pipes: string; mains: string; elevator: string }

  beforeEach(async () => {
    w = await make()
    await addParties(w.store)
    const plan = await publishedPlan(w, ITEMS)
    items = { pipes: plan.items[0]._id, mains: plan.items[1]._id, elevator: plan.items[2]._id }
    await acceptItem(w.store, items.pipes, { warrantyEndsOn: '2027-11-24', contractorPartyId: PARTIES.contractor._id })
    await acceptItem(w.store, items.mains, { warrantyEndsOn: '2026-10-31', contractorPartyId: PARTIES.contractor._id })
  })
  afterEach(() => w.dispose())

  const file = async (openid: string, more: Parameters<typeof reportFields>[0] = {}) => ok<ReportView>(await reports(w, openid, 'create', reportFields(more)))
  const step = (openid: string, r: Pick<ReportView, '_id' | 'version'>, s: ReportStep, extra: Record<string, unknown> = {}) =>
    reports(w, openid, s, { reportId: r._id, version: r.version, ...extra })
  const take = async (openid: string, r: Pick<ReportView, '_id' | 'version'>, s: ReportStep, extra: Record<string, unknown> = {}) => ok<ReportView>(await step(openid, r, s, extra))
  const get = async (openid: string, r: Pick<ReportView, '_id'>) => ok<ReportView>(await reports(w, openid, 'get', { reportId: r._id }))
  const stored = async (r: Pick<ReportView, '_id'>) => (await w.store.get<Report>('reports', r._id))!
  const state = () => snapshot(w.store, ['reports', 'notifications', 'plans', 'parties', 'users'])
  /** Accepted and assigned to `partyId` by the office. */
  const assigned = async (r: ReportView, partyId: string | null) => take(DEMO.office, await take(DEMO.office, r, 'accept'), 'assign', { partyId })

  describe('routing through create', () => {
    test('under warranty → its contractor; the stored report and what the reporter sees', async () => {
      const r = await file(DEMO.resident, { itemId: items.pipes, category: 'drain' })
      expect(r).toMatchObject({
        status: 'submitted',
        communityId: C,
        districtId: DEMO.districtId,
        householdId: WANG_HH,
        itemTitle: '1号楼落水管更换',
        whereLabel: '1号楼1单元',
        routed: { kind: 'contractor', partyId: PARTIES.contractor._id, name: PARTIES.contractor.name },
        assignee: null,
        assigneePartyId: null,
        dueAt: at(72 * HOUR).toISOString(),
        reporterLabel: '我',
        mine: true,
        joined: false,
        meTooCount: 0,
        overdue: false,
        canDo: [],
        rating: null,
        version: 1,
      })
      expect(r.routed.reason).toContain('保修期内（至 2027-11-24）')
      expect(r).not.toHaveProperty('reporterId')
      expect(r).not.toHaveProperty('meToo')
      expect(await stored(r)).toMatchObject({
        reporterId: 'u-res-1',
        meToo: [],
        createdAt: NOW.toISOString(),
        history: [{ at: NOW.toISOString(), what: 'submit', byUserId: 'u-res-1', byLabel: '报修人', from: null, to: 'submitted', note: '' }],
      })
    })

    test('warranty over: a water problem → the water company that owns the line; a drain problem → the property manager', async () => {
      const water = await file(DEMO.resident, { itemId: items.mains, category: 'water', spot: '1单元水表井', text: '水表井里一直冒水。' })
      expect(water.routed).toMatchObject({ kind: 'utility', partyId: PARTIES.water._id, name: PARTIES.water.name })
      expect(water.routed.reason).toContain('已过保修期（2026-10-31）')
      expect(water.dueAt).toBe(at(24 * HOUR).toISOString())

      const drain = await file(DEMO.resident, { itemId: items.mains, category: 'drain' })
      expect(drain.routed).toMatchObject({ kind: 'property', partyId: PARTIES.property._id })
      expect(drain.routed.reason).toContain('已过保修期')

      // Not about an item, a building only: the line rule alone.
      const lamp = await file(DEMO.resident, { category: 'lighting', unitId: null, spot: '1号楼北侧路灯', text: '路灯不亮。' })
      expect(lamp).toMatchObject({ itemTitle: null, whereLabel: '1号楼', routed: { kind: 'property', partyId: PARTIES.property._id } })
    })

    test('a community without a property manager: the office', async () => {
      await w.store.remove('parties', PARTIES.property._id)
      const r = await file(DEMO.resident, { itemId: items.mains, category: 'drain' })
      expect(r.routed).toEqual({ kind: 'office', partyId: null, name: '社区', reason: expect.stringContaining('暂无物业') })
    })

    test('the warranty’s last day counts in China time, by the world’s clock', async () => {
      await acceptItem(w.store, items.pipes, { warrantyEndsOn: '2026-11-25', contractorPartyId: PARTIES.contractor._id })
      w.setNow(new Date('2026-11-25T15:59:00.000Z')) // 23:59 on the 25th in China
      expect((await file(DEMO.resident, { itemId: items.pipes })).routed.kind).toBe('contractor')
      w.setNow(new Date('2026-11-25T16:00:00.000Z')) // 00:00 on the 26th
      expect((await file(DEMO.resident, { itemId: items.pipes })).routed).toMatchObject({ kind: 'property', reason: expect.stringContaining('已过保修期（2026-11-25）') })
    })

    test('a place outside the item’s scope is refused, not routed to its contractor; nothing written', async () => {
      // 王一 lives in building 1, but reports building 3's downpipe as "1号楼落水管更换" (under warranty).
      const before = await state()
      expectFailure(
        await reports(w, DEMO.resident, 'create', reportFields({ itemId: items.pipes, buildingId: building(3), unitId: unit(3, 2) })),
        'INVALID_INPUT',
        /“1号楼落水管更换”只涉及1号楼.*不是改造项目的问题/,
      )
      expect(await state()).toEqual(before)
      // A unit item: another unit of the same building is outside, the building as a whole is not.
      await acceptItem(w.store, items.elevator, { warrantyEndsOn: '2027-11-24', contractorPartyId: PARTIES.contractor._id })
      expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ itemId: items.elevator, category: 'facilities', unitId: unit(1, 2) })), 'INVALID_INPUT', /只涉及1号楼1单元/)
      expect((await file(DEMO.resident, { itemId: items.elevator, category: 'facilities', unitId: null })).routed.kind).toBe('contractor')
      // An item of the whole community covers every building.
      expect((await file(DEMO.resident, { itemId: items.mains, category: 'water', buildingId: building(3), unitId: unit(3, 2) })).itemTitle).toBe('供水管网改造')
    })

    test('photos: the caller’s own image uploads are kept', async () => {
      const photo = upload(w, 'u-res-1', 'downpipe.jpg')
      const r = await file(DEMO.resident, { itemId: items.pipes, photos: [photo] })
      expect(r.photos).toEqual([photo])
    })
  })

  test('the whole machine to confirmed: who may do what at each step, the history, the rating and the notification', async () => {
    const r0 = await file(DEMO.resident, { itemId: items.pipes })
    expect((await get(DEMO.office, r0)).canDo).toEqual(['accept'])
    // Not assigned to the contractor yet: it cannot even see it.
    expectFailure(await reports(w, STAFF.contractor, 'get', { reportId: r0._id }), 'FORBIDDEN')

    const r1 = await take(DEMO.office, r0, 'accept')
    expect(r1).toMatchObject({ status: 'accepted', version: 2, canDo: ['assign'], reporterLabel: '居民 王一（示例）（1号楼1单元302）' })
    const r2 = await take(DEMO.office, r1, 'assign', { partyId: PARTIES.contractor._id })
    expect(r2).toMatchObject({ status: 'assigned', assigneePartyId: 'p-con', assignee: { ...r0.routed }, canDo: ['assign', 'start'] })

    const seen = await get(STAFF.contractor, r2)
    expect(seen).toMatchObject({ canDo: ['start'], reporterLabel: '居民（1号楼1单元）', householdId: '', mine: false })
    expect(seen.history[0].byUserId).toBe('')
    expect((await get(DEMO.resident, r2)).canDo).toEqual([])

    const r3 = await take(STAFF.contractor, r2, 'start')
    expect(r3).toMatchObject({ status: 'inProgress', canDo: ['resolve'] })
    w.setNow(at(2 * HOUR))
    const r4 = await take(STAFF.contractor, r3, 'resolve', { note: '已更换接口密封圈。' })
    expect(r4).toMatchObject({ status: 'resolved', canDo: [] })

    const { notifications } = ok<{ notifications: NotificationView[] }>(await feedback(w, DEMO.resident, 'mine'))
    expect(notifications).toEqual([
      { _id: expect.any(String), title: '您报修的问题已修好，请确认', body: expect.stringContaining('1号楼1单元 1单元门口东侧落水管'), feedbackId: null, reportId: r4._id, at: at(2 * HOUR).toISOString(), read: false },
    ])
    expect(ok<{ notifications: NotificationView[] }>(await feedback(w, DEMO.resident2, 'mine')).notifications).toEqual([])

    expect((await get(DEMO.resident, r4)).canDo).toEqual(['confirm', 'reopen'])
    const r5 = await take(DEMO.resident, r4, 'confirm', { rating: { stars: 5, comment: ' 修得及时 ' } })
    expect(r5).toMatchObject({ status: 'confirmed', rating: { stars: 5, comment: '修得及时' }, version: 6, canDo: [], overdue: false })

    const doc = await stored(r5)
    expect(doc.history.map((e) => [e.what, e.from, e.to, e.byUserId, e.byLabel])).toEqual([
      ['submit', null, 'submitted', 'u-res-1', '报修人'],
      ['accept', 'submitted', 'accepted', 'u-off-1', OFFICE_LABEL],
      ['assign', 'accepted', 'assigned', 'u-off-1', OFFICE_LABEL],
      ['start', 'assigned', 'inProgress', 'u-p-con', PARTIES.contractor.name],
      ['resolve', 'inProgress', 'resolved', 'u-p-con', PARTIES.contractor.name],
      ['confirm', 'resolved', 'confirmed', 'u-res-1', '报修人'],
    ])
    expect(doc.history[4].note).toBe('已更换接口密封圈。')
    expect(doc.history[2].assignee).toMatchObject({ partyId: 'p-con' })

    // Finished: nothing more can happen to it.
    expectFailure(await step(DEMO.resident, r5, 'reopen', { note: '又漏了' }), 'STATUS_JUMP', /已经办结/)
    expectFailure(await step(DEMO.office, r5, 'assign', { partyId: null }), 'STATUS_JUMP')
  })

  test('reopened: a new due time from now, back to the assignee, then confirmed', async () => {
    const r0 = await file(DEMO.resident, { itemId: items.pipes })
    const r1 = await take(STAFF.contractor, await assigned(r0, PARTIES.contractor._id), 'start')
    const r2 = await take(STAFF.contractor, r1, 'resolve')
    w.setNow(at(24 * HOUR))

    const before = await state()
    expectFailure(await step(DEMO.resident, r2, 'reopen'), 'INVALID_INPUT', /没修好/)
    expectFailure(await step(DEMO.resident, r2, 'reopen', { note: '   ' }), 'INVALID_INPUT', /没修好/)
    expect(await state()).toEqual(before)

    const r3 = await take(DEMO.resident, r2, 'reopen', { note: '下雨时接口还是漏水。' })
    expect(r3).toMatchObject({ status: 'reopened', dueAt: at((24 + 72) * HOUR).toISOString(), overdue: false })
    expect((await get(STAFF.contractor, r3)).canDo).toEqual(['start'])
    expect((await get(DEMO.office, r3)).canDo).toEqual(['assign', 'start'])

    const r4 = await take(STAFF.contractor, r3, 'start')
    const r5 = await take(STAFF.contractor, r4, 'resolve', { note: '整根落水管更换。' })
    const r6 = await take(DEMO.resident, r5, 'confirm', { rating: { stars: 4, comment: '' } })
    expect(r6.status).toBe('confirmed')
    expect((await stored(r6)).history.map((e) => e.what)).toEqual(['submit', 'accept', 'assign', 'start', 'resolve', 'reopen', 'start', 'resolve', 'confirm'])
    expect(ok<{ notifications: NotificationView[] }>(await feedback(w, DEMO.resident, 'mine')).notifications).toHaveLength(2)
  })

  test('the office reassigns: the history shows both, the new party can act and the old one cannot', async () => {
    const r0 = await file(DEMO.resident, { itemId: items.mains, category: 'water', text: '水表井里一直冒水。' })
    expect(r0.routed.partyId).toBe(PARTIES.water._id)
    const r1 = await take(STAFF.water, await assigned(r0, PARTIES.water._id), 'start')
    expect(r1.assignee?.reason).toBe(r0.routed.reason)

    const r2 = await take(DEMO.office, r1, 'assign', { partyId: PARTIES.property._id, note: '自来水公司查明是小区内部管道，由物业维修。' })
    expect(r2).toMatchObject({
      status: 'assigned',
      routed: r0.routed,
      assignee: { kind: 'property', partyId: PARTIES.property._id, name: PARTIES.property.name, reason: '社区改派：自来水公司查明是小区内部管道，由物业维修。' },
      assigneePartyId: PARTIES.property._id,
    })
    const assigns = (await stored(r2)).history.filter((e) => e.what === 'assign')
    expect(assigns.map((e) => [e.from, e.assignee?.partyId, e.assignee?.name])).toEqual([
      ['accepted', PARTIES.water._id, PARTIES.water.name],
      ['inProgress', PARTIES.property._id, PARTIES.property.name],
    ])

    // The water company no longer has it.
    const before = await state()
    expectFailure(await step(STAFF.water, r2, 'start'), 'FORBIDDEN', '这张报修单不是派给贵单位的，不能处理。')
    expectFailure(await step(STAFF.water, r2, 'resolve'), 'FORBIDDEN', /不是派给贵单位/)
    expectFailure(await reports(w, STAFF.water, 'get', { reportId: r2._id }), 'FORBIDDEN')
    expect(await state()).toEqual(before)
    expect(ok<Queue>(await reports(w, STAFF.water, 'queue', {})).items).toEqual([])
    expect(ok<Queue>(await reports(w, STAFF.property, 'queue', {})).items.map((i) => i._id)).toEqual([r2._id])

    const r3 = await take(STAFF.property, r2, 'start')
    const r4 = await take(STAFF.property, r3, 'resolve')
    expect(r4.status).toBe('resolved')

    // Back to the rule's choice: its own reason, not a reassignment.
    const other = await file(DEMO.resident, { itemId: items.mains, category: 'water', text: '另一处漏水。' })
    const toOffice = await assigned(other, null)
    expect(toOffice.assignee).toEqual({ kind: 'office', partyId: null, name: '社区', reason: '社区改派。' })
    expect((await get(DEMO.office, toOffice)).canDo).toEqual(['assign', 'start'])
    const back = await take(DEMO.office, toOffice, 'assign', { partyId: PARTIES.water._id })
    expect(back.assignee).toEqual(other.routed)
  })

  test('every refusal of the issue, with nothing written', async () => {
    const mine = await file(DEMO.resident, { itemId: items.pipes })
    const accepted = await take(DEMO.office, await file(DEMO.resident, { category: 'other', text: '单元门禁坏了。' }), 'accept')
    const working = await take(STAFF.contractor, await assigned(await file(DEMO.resident, { itemId: items.pipes, text: '另一根落水管。' }), PARTIES.contractor._id), 'start')
    const resolved = await take(STAFF.contractor, await take(STAFF.contractor, await assigned(await file(DEMO.resident, { itemId: items.pipes, text: '第三根。' }), PARTIES.contractor._id), 'start'), 'resolve')
    upload(w, 'u-res-2', 'li.jpg')
    const notImage = upload(w, 'u-res-1', 'fake.jpg', Buffer.from('this is not a picture at all'))
    const before = await state()

    // Creating: an item not accepted (→ observations), not in the plan; building and unit; household; photos.
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ itemId: items.elevator })), 'ITEM_NOT_ACCEPTED', /还没有验收.*施工监督/)
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ itemId: 'no-such-item' })), 'NOT_FOUND', /方案里没有这个项目/)
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ buildingId: `${DEMO.otherCommunityId}-b1`, unitId: null })), 'INVALID_INPUT', /楼栋不属于本小区/)
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ buildingId: 'no-such-building', unitId: null })), 'INVALID_INPUT', /楼栋不属于本小区/)
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ buildingId: building(1), unitId: unit(2, 1) })), 'INVALID_INPUT', /单元不在1号楼/)
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ householdId: LI_HH })), 'FORBIDDEN')
    expectFailure(await reports(w, DEMO.office, 'create', reportFields()), 'FORBIDDEN')
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ photos: ['local:photos/u-res-2/li.jpg'] })), 'INVALID_INPUT', /照片无效/)
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ photos: [notImage] })), 'FILE_INVALID')
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ photos: Array.from({ length: 10 }, (_, i) => `local:photos/u-res-1/p${i}.jpg`) })), 'INVALID_INPUT', /最多 9 张/)
    expectFailure(await reports(w, DEMO.resident, 'create', reportFields({ spot: '  ' })), 'INVALID_INPUT', /具体位置/)
    expectFailure(await reports(w, DEMO.resident, 'create', { ...reportFields(), requestId: 'short' }), 'INVALID_INPUT', /提交编号/)

    // Status jumps.
    expectFailure(await step(DEMO.office, mine, 'resolve'), 'STATUS_JUMP', /已提交.*现在可以：“受理”/)
    expectFailure(await step(DEMO.office, mine, 'assign', { partyId: PARTIES.contractor._id }), 'STATUS_JUMP')
    expectFailure(await step(DEMO.office, accepted, 'accept'), 'STATUS_JUMP')
    expectFailure(await step(DEMO.office, accepted, 'start'), 'STATUS_JUMP')
    expectFailure(await step(DEMO.resident, working, 'confirm', { rating: { stars: 5, comment: '' } }), 'STATUS_JUMP', /维修中/)

    // Someone else confirming or reopening; residents and the office doing others' steps.
    expectFailure(await step(DEMO.resident2, resolved, 'confirm', { rating: { stars: 1, comment: '' } }), 'FORBIDDEN', '只有报修人本人可以确认维修结果。')
    expectFailure(await step(DEMO.resident3, resolved, 'reopen', { note: '没修好' }), 'FORBIDDEN', /只有报修人本人/)
    expectFailure(await step(DEMO.office, resolved, 'confirm', { rating: { stars: 5, comment: '' } }), 'FORBIDDEN', /只有报修人本人/)
    expectFailure(await step(DEMO.resident, mine, 'accept'), 'FORBIDDEN', /社区的工作人员/)
    expectFailure(await step(DEMO.resident, working, 'resolve'), 'FORBIDDEN', /工作人员或接单的维修单位/)
    expectFailure(await step(DEMO.otherOffice, mine, 'accept'), 'FORBIDDEN')

    // A party closing a report that is not theirs (assigned to the contractor; not assigned at all).
    expectFailure(await step(STAFF.property, working, 'resolve'), 'FORBIDDEN', '这张报修单不是派给贵单位的，不能处理。')
    expectFailure(await step(STAFF.property, accepted, 'start'), 'FORBIDDEN', /不是派给贵单位/)
    expectFailure(await step(STAFF.contractor, accepted, 'assign', { partyId: PARTIES.contractor._id }), 'FORBIDDEN', /不是派给贵单位/)
    // Its own report, but only the office assigns.
    expectFailure(await step(STAFF.contractor, working, 'assign', { partyId: PARTIES.water._id }), 'FORBIDDEN', /只有本社区的工作人员可以受理和派单/)

    // A stale page; a step's own input.
    expectFailure(await step(STAFF.contractor, { ...working, version: working.version - 1 }, 'resolve'), 'CONFLICT', /刚被别人处理过/)
    expectFailure(await step(DEMO.resident, resolved, 'confirm'), 'INVALID_INPUT', /打分/)
    expectFailure(await step(DEMO.resident, resolved, 'confirm', { rating: { stars: 6, comment: '' } }), 'INVALID_INPUT', /1 到 5 颗星/)
    expectFailure(await step(DEMO.office, accepted, 'assign'), 'INVALID_INPUT', /派给哪个单位/)
    expectFailure(await step(DEMO.office, accepted, 'assign', { partyId: PARTIES.supervisor._id }), 'NOT_FOUND')
    expectFailure(await step(DEMO.office, accepted, 'assign', { partyId: PARTIES.otherProperty._id }), 'NOT_FOUND')
    expectFailure(await reports(w, DEMO.office, 'accept', { reportId: 'no-such-report', version: 1 }), 'NOT_FOUND')

    expect(await state()).toEqual(before)
  })

  test('assigning to a party that does not repair (a supervisor) is refused', async () => {
    await addParties(w.store, ['supervisor'])
    const accepted = await take(DEMO.office, await file(DEMO.resident), 'accept')
    const before = await state()
    expectFailure(await step(DEMO.office, accepted, 'assign', { partyId: PARTIES.supervisor._id }), 'INVALID_INPUT', /施工单位、管线单位或物业/)
    expect(await state()).toEqual(before)
  })

  test('idempotent create: a retry returns the stored report; other content under the same request id is refused', async () => {
    const fields = reportFields({ itemId: items.pipes })
    const first = ok<ReportView>(await reports(w, DEMO.resident, 'create', fields))
    const retry = ok<ReportView>(await reports(w, DEMO.resident, 'create', fields))
    expect(retry).toEqual(first)
    expect(await w.store.count('reports', {})).toBe(1)

    const before = await state()
    expectFailure(await reports(w, DEMO.resident, 'create', { ...fields, text: '另一件事。' }), 'REQUEST_REPLAYED', /内容不同/)
    expectFailure(await reports(w, DEMO.resident, 'create', { ...fields, photos: [upload(w, 'u-res-1', 'late.jpg')] }), 'REQUEST_REPLAYED')
    expect(await state()).toEqual(before)

    // After the office took it on, a late retry gets it as it is now.
    const accepted = await take(DEMO.office, first, 'accept')
    expect(ok<ReportView>(await reports(w, DEMO.resident, 'create', fields))).toMatchObject({ _id: first._id, status: 'accepted', version: accepted.version })

    // Another person's request id is their own.
    const chen = ok<ReportView>(await reports(w, DEMO.resident3, 'create', { ...fields, householdId: CHEN_HH, itemId: null, buildingId: building(2), unitId: unit(2, 1) }))
    expect(chen._id).not.toBe(first._id)
    expect(await w.store.count('reports', {})).toBe(2)
  })

  test('similar reports and “me too”: offered, joined once, masked, listed as mine, told when fixed', async () => {
    const li = await file(DEMO.resident2, { householdId: LI_HH, buildingId: building(3), unitId: unit(3, 2), spot: '3号楼2单元门口', text: '下水道堵了，污水漫出来。' })
    const draft = { itemId: null, category: 'drain', buildingId: building(3), unitId: unit(3, 2) }
    const similar = ok<List>(await reports(w, DEMO.resident3, 'similar', draft))
    expect(similar.items).toEqual([expect.objectContaining({ _id: li._id, whereLabel: '3号楼2单元', mine: false, joined: false, meTooCount: 0 })])
    expect(ok<List>(await reports(w, DEMO.resident3, 'similar', { ...draft, unitId: null })).items.map((i) => i._id)).toEqual([li._id])
    expect(ok<List>(await reports(w, DEMO.resident3, 'similar', { ...draft, category: 'water' })).items).toEqual([])
    expect(ok<List>(await reports(w, DEMO.resident3, 'similar', { ...draft, unitId: unit(3, 1) })).items).toEqual([])
    expect(ok<List>(await reports(w, DEMO.resident3, 'similar', { ...draft, buildingId: building(4), unitId: null })).items).toEqual([])
    expectFailure(await reports(w, DEMO.otherOffice, 'similar', draft), 'FORBIDDEN')

    const joined = ok<ReportView>(await reports(w, DEMO.resident3, 'meToo', { reportId: li._id }))
    expect(joined).toMatchObject({ joined: true, mine: false, meTooCount: 1, reporterLabel: '居民', householdId: '', version: 2 })
    expect(joined.history.map((e) => [e.what, e.byUserId, e.byLabel])).toEqual([
      ['submit', '', '报修人'],
      ['meToo', '', '居民'],
    ])
    expect((await stored(li)).meToo).toEqual(['u-res-3'])
    // Twice changes nothing; the reporter is refused.
    const before = await state()
    expect(ok<ReportView>(await reports(w, DEMO.resident3, 'meToo', { reportId: li._id }))).toMatchObject({ version: 2, meTooCount: 1 })
    expectFailure(await reports(w, DEMO.resident2, 'meToo', { reportId: li._id }), 'INVALID_INPUT', /自己报的/)
    expectFailure(await reports(w, DEMO.otherOffice, 'meToo', { reportId: li._id }), 'FORBIDDEN')
    expect(await state()).toEqual(before)

    expect(ok<List>(await reports(w, DEMO.resident3, 'mine')).items).toEqual([expect.objectContaining({ _id: li._id, mine: false, joined: true, meTooCount: 1 })])
    expect(ok<List>(await reports(w, DEMO.resident2, 'mine')).items).toEqual([expect.objectContaining({ _id: li._id, mine: true, joined: false })])
    expect(ok<List>(await reports(w, DEMO.resident4, 'mine')).items).toEqual([])
    expect((await get(DEMO.resident2, li)).reporterLabel).toBe('我')
    expect((await get(DEMO.resident4, li)).reporterLabel).toBe('居民')
    expect((await get(DEMO.district, li)).reporterLabel).toBe('居民（3号楼2单元）')
    const office = await get(DEMO.office, li)
    expect(office).toMatchObject({ reporterLabel: '居民 李二（示例）（3号楼2单元501）', householdId: LI_HH })
    expect(office.history.map((e) => e.byUserId)).toEqual(['u-res-2', 'u-res-3'])

    // Fixed: the reporter and the neighbour who joined are told; it is no longer offered or joinable.
    expect(li.routed.partyId).toBe(PARTIES.property._id)
    const fixed = await take(STAFF.property, await take(STAFF.property, await assigned(await get(DEMO.office, li), li.routed.partyId), 'start'), 'resolve')
    const told = async (openid: string) => ok<{ notifications: NotificationView[] }>(await feedback(w, openid, 'mine')).notifications.map((n) => n.title)
    expect(await told(DEMO.resident2)).toEqual(['您报修的问题已修好，请确认'])
    expect(await told(DEMO.resident3)).toEqual(['您也遇到的问题已修好'])
    expect(await told(DEMO.resident4)).toEqual([])
    expect(ok<List>(await reports(w, DEMO.resident3, 'similar', draft)).items).toEqual([])
    const after = await state()
    expectFailure(await reports(w, DEMO.resident4, 'meToo', { reportId: fixed._id }), 'INVALID_INPUT', /已经办结/)
    expect(await state()).toEqual(after)
  })

  test('overdue first in the office’s queue; parties see only theirs; the district overview counts and lists overdue reports', async () => {
    await addParties(w.store, ['supervisor'])
    await w.store.insert<StoredUser>('users', { _id: 'u-admin', openid: 'wx-admin', name: '管理员', role: 'admin' })
    const gas = await file(DEMO.resident, { category: 'gas', unitId: unit(1, 1), spot: '1单元一楼楼道', text: '楼道里有燃气味。' }) // 4 h
    const road = await file(DEMO.resident3, { householdId: CHEN_HH, buildingId: building(2), unitId: null, category: 'road', spot: '2号楼前', text: '路面塌陷。' }) // a week
    const water = await file(DEMO.resident, { itemId: items.mains, category: 'water', text: '水表井里冒水。' }) // 24 h
    w.setNow(at(5 * HOUR))

    const queue = async (openid: string, filter: Record<string, unknown> = {}) => ok<Queue>(await reports(w, openid, 'queue', filter))
    const open = await queue(DEMO.office, { status: 'open' })
    expect(open.items.map((i) => [i._id, i.overdue])).toEqual([
      [gas._id, true],
      [water._id, false],
      [road._id, false],
    ])
    expect([...open.parties].sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(
      [{ partyId: null, name: '社区' }, ...[PARTIES.contractor, PARTIES.water, PARTIES.property].map((p) => ({ partyId: p._id, name: p.name }))].sort((a, b) => (a.name < b.name ? -1 : 1)),
    )
    expect((await queue(DEMO.office, { overdue: true })).items.map((i) => i._id)).toEqual([gas._id])
    expect((await queue(DEMO.office, { status: 'confirmed' })).items).toEqual([])
    expectFailure(await reports(w, DEMO.otherOffice, 'queue', { communityId: C }), 'FORBIDDEN')
    expectFailure(await reports(w, DEMO.resident, 'queue', {}), 'FORBIDDEN')
    expectFailure(await reports(w, DEMO.district, 'queue', {}), 'FORBIDDEN')

    const gasOffice = await assigned(gas, null)
    const waterAssigned = await assigned(water, PARTIES.water._id)
    expect((await queue(DEMO.office, { partyId: 'office' })).items.map((i) => i._id)).toEqual([gas._id])
    expect((await queue(DEMO.office, { partyId: PARTIES.water._id })).items.map((i) => i._id)).toEqual([water._id])
    const waterQueue = await queue(STAFF.water, { partyId: PARTIES.property._id })
    expect(waterQueue.items.map((i) => i._id)).toEqual([water._id])
    expect(waterQueue.parties).toEqual([{ partyId: PARTIES.water._id, name: PARTIES.water.name }])
    expect((await queue(STAFF.property)).items).toEqual([])

    w.setNow(at(25 * HOUR))
    let overview = ok<ReportsOverview>(await reports(w, DEMO.district, 'overview'))
    expect(overview.communities).toEqual([
      { communityId: C, name: '汴绣里小区', open: 3, overdue: 2, confirmed: 0, averageStars: null },
      { communityId: DEMO.otherCommunityId, name: '梁苑新村', open: 0, overdue: 0, confirmed: 0, averageStars: null },
    ])
    expect(overview.overdue.map((o) => [o._id, o.communityName, o.overdue])).toEqual([
      [gas._id, '汴绣里小区', true],
      [water._id, '汴绣里小区', true],
    ])
    expectFailure(await reports(w, DEMO.office, 'overview'), 'FORBIDDEN')
    expectFailure(await reports(w, DEMO.resident, 'overview'), 'FORBIDDEN')

    // Fixed and rated 5, 5 and 4: the average is 4.7 (one decimal); nothing is overdue any more.
    const done = async (openid: string, r: ReportView, staff: string, stars: number) =>
      take(openid, await take(staff, await take(staff, r, 'start'), 'resolve'), 'confirm', { rating: { stars, comment: '' } })
    w.setNow(at(6 * HOUR))
    await done(DEMO.resident, gasOffice, DEMO.office, 5)
    w.setNow(at(7 * HOUR))
    await done(DEMO.resident3, await assigned(road, PARTIES.property._id), STAFF.property, 4)
    w.setNow(at(8 * HOUR))
    await done(DEMO.resident, waterAssigned, STAFF.water, 5)
    overview = ok<ReportsOverview>(await reports(w, 'wx-admin', 'overview'))
    expect(overview.communities[0]).toEqual({ communityId: C, name: '汴绣里小区', open: 0, overdue: 0, confirmed: 3, averageStars: 4.7 })
    expect(overview.overdue).toEqual([])
    // Finished ones: the most recently confirmed first (so the newest stay in sight in a long history).
    expect((await queue(DEMO.office, { status: 'confirmed' })).items.map((i) => [i._id, i.rating?.stars])).toEqual([
      [water._id, 5],
      [road._id, 4],
      [gas._id, 5],
    ])
    expect((await queue(DEMO.office, {})).items.map((i) => i._id)).toEqual([water._id, road._id, gas._id])
  })
})

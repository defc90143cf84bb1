/**
 * The feedback function (cloudfunctions/feedback) end to end: residents comment on a published
 * plan and its items and lodge objections during the 公示; the office answers (the author is
 * notified) or hides abuse with a logged reason; who sees what.
 *
 * 王一 (DEMO.resident) owns 1-1-302; 李二 (DEMO.resident2) rents 3-2-501 — a tenant may comment.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditEntry } from '../../cloudfunctions/common/audit'
import { DEMO } from '../../server/seed'
import type { Feedback } from '../../src/core/feedback'
import type { Plan } from '../../src/core/plan'
import type { FeedbackView, NotificationView } from '../../src/core/plan-view'
import { membershipId, type StoredUser } from '../../src/core/roles'
import { JPEG } from '../fixtures/photos'
import { C, feedback, itemFields, LI_HH, plans, planAtDesign, planSnapshot, publishedPlan, WANG_HH } from './plans-helpers'
import { cloudbaseWorld, expectFailure, NOW, ok, sqliteWorld, type World } from './worlds'

const AFTER_PERIOD = new Date('2026-12-02T16:00:00.000Z')
type List = { items: FeedbackView[] }
type Mine = { items: FeedbackView[]; notifications: NotificationView[] }

const comment = (householdId: string, text: string, itemId: string | null = null, kind = 'comment') => ({ householdId, kind, itemId, text, photos: [] as string[] })

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('a comment answered on %s', (_name, make) => {
  let w: World
  beforeEach(async () => {
    w = await make()
  })
  afterEach(() => w.dispose())

  test('reply notifies the author; a second reply is an edit; markRead marks them read', async () => {
    const plan = await publishedPlan(w)
    const posted = ok<FeedbackView>(await feedback(w, DEMO.resident2, 'create', comment(LI_HH, '  停车位能不能优先给老人？ ', plan.items[0]._id)))
    expect(posted).toMatchObject({ kind: 'comment', text: '停车位能不能优先给老人？', itemId: plan.items[0]._id, itemTitle: '小区道路修缮', householdLabel: '3号楼2单元501', mine: true, reply: null, hidden: null, version: 1, edition: 1 })
    expect(posted).not.toHaveProperty('authorId')
    const stored = (await w.store.get<Feedback>('feedback', posted._id))!
    expect(stored).toMatchObject({ authorId: 'u-res-2', householdId: LI_HH, planId: plan._id, communityId: C, createdAt: NOW.toISOString() })

    const text = '谢谢建议。车位分配办法将另行征求意见，会优先考虑老年人和残疾人家庭，具体名额在业主大会上确定，届时另行公告，请留意小区公告栏和小程序里的通知。'
    const replied = ok<FeedbackView>(await feedback(w, DEMO.office, 'reply', { id: posted._id, version: 1, text }))
    expect(replied.reply).toEqual({ text, at: NOW.toISOString(), byUserId: 'u-off-1', byName: '社区干事 赵三（示例）' })
    expect(replied.version).toBe(2)

    let mine = ok<Mine>(await feedback(w, DEMO.resident2, 'mine'))
    expect(mine.items.map((f) => [f._id, f.reply?.text])).toEqual([[posted._id, text]])
    expect(mine.notifications).toEqual([
      { _id: expect.any(String), title: '社区回复了您的意见', body: `${Array.from(text).slice(0, 60).join('')}…`, feedbackId: posted._id, reportId: null, at: NOW.toISOString(), read: false },
    ])
    // Nobody else is notified.
    expect(ok<Mine>(await feedback(w, DEMO.resident, 'mine'))).toEqual({ items: [], notifications: [] })

    w.setNow(new Date(NOW.getTime() + 60_000))
    ok(await feedback(w, DEMO.office, 'reply', { id: posted._id, version: 2, text: '更正：名额在居民议事会上确定。' }))
    mine = ok<Mine>(await feedback(w, DEMO.resident2, 'mine'))
    expect(mine.items[0].reply?.text).toBe('更正：名额在居民议事会上确定。')
    expect(mine.notifications.map((n) => [n.title, n.body, n.read])).toEqual([
      ['社区修改了对您意见的回复', '更正：名额在居民议事会上确定。', false],
      ['社区回复了您的意见', mine.notifications[1].body, false],
    ])

    expect(ok(await feedback(w, DEMO.resident2, 'markRead'))).toEqual({ marked: 2 })
    expect(ok<Mine>(await feedback(w, DEMO.resident2, 'mine')).notifications.map((n) => n.read)).toEqual([true, true])
    expect(ok(await feedback(w, DEMO.resident2, 'markRead'))).toEqual({ marked: 0 })
  })
})

describe('feedback on the seeded SQLite store', () => {
  let w: World
  let plan: Plan
  beforeEach(async () => {
    w = await sqliteWorld()
  })
  afterEach(() => w.dispose())

  test('nothing to comment on before a plan is published', async () => {
    expectFailure(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '方案呢？')), 'PLAN_NOT_PUBLISHED')
    await planAtDesign(w)
    expectFailure(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '方案呢？')), 'PLAN_NOT_PUBLISHED')
    expect(ok<List>(await feedback(w, DEMO.resident, 'list'))).toEqual({ items: [] })
    expect(await w.store.count('feedback', {})).toBe(0)
  })

  describe('on a published plan', () => {
    beforeEach(async () => {
      plan = await publishedPlan(w)
    })

    test('objections only while the 公示 runs; comments after it too', async () => {
      ok(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '异议：电梯分摊不公平。', plan.items[1]._id, 'objection')))
      w.setNow(AFTER_PERIOD)
      const before = await planSnapshot(w.store)
      expectFailure(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '又一条异议', null, 'objection')), 'PUBLICITY_CLOSED', /不在公示期内/)
      expect(await planSnapshot(w.store)).toEqual(before)
      expect(ok<FeedbackView>(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '施工时请注意噪音。'))).kind).toBe('comment')
    })

    test('a tenant may comment and object; an item not in the plan is NOT_FOUND; bad input refused', async () => {
      expect(ok<FeedbackView>(await feedback(w, DEMO.resident2, 'create', comment(LI_HH, '租户也关心。', null, 'objection'))).kind).toBe('objection')
      const before = await planSnapshot(w.store)
      expectFailure(await feedback(w, DEMO.resident2, 'create', comment(LI_HH, '这个项目呢？', 'i-nope')), 'NOT_FOUND')
      expectFailure(await feedback(w, DEMO.resident2, 'create', comment(LI_HH, '   ')), 'INVALID_INPUT', '请写下您的意见')
      expectFailure(await feedback(w, DEMO.resident2, 'create', comment(LI_HH, '字'.repeat(501))), 'INVALID_INPUT', '不能超过 500 个字')
      expectFailure(await feedback(w, DEMO.resident2, 'create', { ...comment(LI_HH, '照片'), photos: ['local:photos/u-res-1/a.jpg'] }), 'INVALID_INPUT', '照片')
      expectFailure(await feedback(w, DEMO.resident2, 'create', { ...comment(LI_HH, '照片'), photos: ['local:photos/u-res-2/missing.jpg'] }), 'INVALID_INPUT', '照片')
      expect(await planSnapshot(w.store)).toEqual(before)
    })

    test('a photo the author uploaded is kept', async () => {
      const folder = join(w.deps.uploadsDir as string, 'photos', 'u-res-2')
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, 'road.jpg'), JPEG)
      const posted = ok<FeedbackView>(await feedback(w, DEMO.resident2, 'create', { ...comment(LI_HH, '路面坑洼，见照片。'), photos: ['local:photos/u-res-2/road.jpg'] }))
      expect(posted.photos).toEqual(['local:photos/u-res-2/road.jpg'])
    })

    test('only members of the household post for it; other communities neither read nor post', async () => {
      await w.store.insert<StoredUser>('users', { _id: 'u-far', openid: 'wx-far', name: '外小区居民', role: 'resident', communityId: DEMO.otherCommunityId })
      const farHH = `${DEMO.otherCommunityId}-b1-u1-101`
      await w.store.insert('members', { _id: membershipId(farHH, 'u-far'), householdId: farHH, communityId: DEMO.otherCommunityId, userId: 'u-far', relation: 'owner', via: 'seed', addedBy: 'u-off-2', createdAt: NOW.toISOString() })
      ok(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '本小区的意见')))
      const before = await planSnapshot(w.store)
      const refusals: [string, string, unknown][] = [
        ['wx-far', 'create', comment(WANG_HH, '替别人说')],
        ['wx-far', 'list', { communityId: C }],
        [DEMO.resident, 'create', comment(LI_HH, '冒充邻居')],
        [DEMO.otherOffice, 'list', { communityId: C }],
        [DEMO.office, 'create', comment(WANG_HH, '社区代写')],
        // A household that does not exist looks the same as someone else's (no probing of ids).
        [DEMO.resident, 'create', comment(`${C}-b9-u9-999`, '探测')],
      ]
      for (const [openid, action, data] of refusals) expectFailure(await feedback(w, openid, action, data), 'FORBIDDEN')
      // Their own community has no plan: nothing to post on.
      expect(ok<List>(await feedback(w, 'wx-far', 'list'))).toEqual({ items: [] })
      expectFailure(await feedback(w, 'wx-far', 'create', comment(farHH, '我们小区呢')), 'PLAN_NOT_PUBLISHED')
      expect(await planSnapshot(w.store)).toEqual(before)
    })

    test('who sees what: hidden text only for the office (and its author), households down to the stairwell', async () => {
      const mineA = ok<FeedbackView>(await feedback(w, DEMO.resident, 'create', { ...comment(WANG_HH, '骂人的话', plan.items[1]._id, 'objection') }))
      w.setNow(new Date(NOW.getTime() + 1000))
      const theirs = ok<FeedbackView>(await feedback(w, DEMO.resident2, 'create', comment(LI_HH, '路灯太暗。')))
      const hidden = ok<FeedbackView>(await feedback(w, DEMO.office, 'hide', { id: mineA._id, version: 1, reason: '含有辱骂内容' }))
      expect(hidden.hidden).toEqual({ reason: '含有辱骂内容', at: expect.any(String), byUserId: 'u-off-1' })

      const asLi = ok<List>(await feedback(w, DEMO.resident2, 'list')).items
      expect(asLi.map((f) => [f._id, f.text, f.photos, f.householdLabel, f.mine, f.hidden?.reason ?? null, f.itemTitle])).toEqual([
        [theirs._id, '路灯太暗。', [], '3号楼2单元501', true, null, null],
        [mineA._id, '', [], '1号楼1单元', false, '含有辱骂内容', '1号楼1单元加装电梯'],
      ])
      const asWang = ok<List>(await feedback(w, DEMO.resident, 'list')).items
      expect(asWang.map((f) => [f.text, f.householdLabel, f.mine])).toEqual([
        ['路灯太暗。', '3号楼2单元', false],
        ['骂人的话', '1号楼1单元302', true],
      ])
      const asOffice = ok<List>(await feedback(w, DEMO.office, 'list')).items
      expect(asOffice.map((f) => [f.text, f.householdLabel, f.mine])).toEqual([
        ['路灯太暗。', '3号楼2单元501', false],
        ['骂人的话', '1号楼1单元302', false],
      ])
      const asDistrict = ok<List>(await feedback(w, DEMO.district, 'list', { communityId: C })).items
      expect(asDistrict.map((f) => [f.text, f.householdLabel])).toEqual([
        ['路灯太暗。', '3号楼2单元'],
        ['', '1号楼1单元'],
      ])
      for (const f of [...asLi, ...asOffice, ...asDistrict]) {
        expect(f).not.toHaveProperty('authorId')
        expect(f).not.toHaveProperty('householdId')
      }

      // Filters.
      const ids = async (filter: object) => ok<List>(await feedback(w, DEMO.office, 'list', filter)).items.map((f) => f._id)
      expect(await ids({ kind: 'objection' })).toEqual([mineA._id])
      expect(await ids({ itemId: plan.items[1]._id })).toEqual([mineA._id])
      // The hidden objection is still open: it needs an answer all the same.
      expect(await ids({ open: true })).toEqual([theirs._id, mineA._id])
      expect(await ids({ open: true, kind: 'objection' })).toEqual([mineA._id])
    })

    test('hiding is logged with its reason; a hidden entry takes no reply and is not hidden twice; stale versions refused', async () => {
      const f = ok<FeedbackView>(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '广告：专业疏通下水道')))
      expectFailure(await feedback(w, DEMO.office, 'hide', { id: f._id, version: 1, reason: '  ' }), 'INVALID_INPUT', '请填写隐藏的原因')
      ok(await feedback(w, DEMO.office, 'hide', { id: f._id, version: 1, reason: '广告' }))
      const log = await w.store.find<AuditEntry>('audit', { action: 'feedback.hide' })
      expect(log).toEqual([expect.objectContaining({ entityId: f._id, byName: '社区干事 赵三（示例）', before: { text: '广告：专业疏通下水道', hidden: null }, after: { text: '广告：专业疏通下水道', hidden: '广告' } })])

      const before = await planSnapshot(w.store)
      expectFailure(await feedback(w, DEMO.office, 'reply', { id: f._id, version: 2, text: '答复' }), 'INVALID_INPUT', '已被隐藏')
      expectFailure(await feedback(w, DEMO.office, 'hide', { id: f._id, version: 2, reason: '再藏' }), 'INVALID_INPUT', '已经隐藏')
      expectFailure(await feedback(w, DEMO.office, 'reply', { id: f._id, version: 1, text: '答复' }), 'CONFLICT')
      expectFailure(await feedback(w, DEMO.office, 'reply', { id: 'f-nope', version: 1, text: '答复' }), 'NOT_FOUND')
      expectFailure(await feedback(w, DEMO.otherOffice, 'hide', { id: f._id, version: 2, reason: '越权' }), 'FORBIDDEN')
      expectFailure(await feedback(w, DEMO.resident, 'reply', { id: f._id, version: 2, text: '自己答复' }), 'FORBIDDEN')
      expect(await planSnapshot(w.store)).toEqual(before)
    })

    test('a reply and its notification stand or fall together', async () => {
      const f = ok<FeedbackView>(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '请问什么时候开工？')))
      const [a, b] = await Promise.all([
        feedback(w, DEMO.office, 'reply', { id: f._id, version: 1, text: '甲的答复' }),
        feedback(w, DEMO.office, 'reply', { id: f._id, version: 1, text: '乙的答复' }),
      ])
      expect([a, b].filter((r) => r.ok)).toHaveLength(1)
      expect(await w.store.count('notifications', {})).toBe(1)
    })

    test('at most 20 a day per person (China days)', async () => {
      for (let i = 1; i <= 20; i++) ok(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, `第${i}条`, null, i % 2 ? 'comment' : 'objection')))
      const before = await planSnapshot(w.store)
      expectFailure(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '第21条')), 'INVALID_INPUT', '今天已经提交了 20 条')
      expect(await planSnapshot(w.store)).toEqual(before)
      // Someone else is not held back.
      ok(await feedback(w, DEMO.resident2, 'create', comment(LI_HH, '我的第1条')))
      // 23:59 China the same day: still refused; 00:00 the next day: fine.
      w.setNow(new Date('2026-11-25T15:59:59.000Z'))
      expectFailure(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '第21条')), 'INVALID_INPUT')
      w.setNow(new Date('2026-11-25T16:00:00.000Z'))
      ok(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '第二天第1条')))
    })

    test('the daily limit holds when many are posted at once (the store\'s unique key, not the count)', async () => {
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => feedback(w, DEMO.resident, 'create', comment(WANG_HH, `同时第${i + 1}条`))))
      expect(results.filter((r) => r.ok)).toHaveLength(20)
      for (const r of results.filter((x) => !x.ok)) expectFailure(r, 'INVALID_INPUT', '今天已经提交了 20 条')
      expect(await w.store.count('feedback', { authorId: 'u-res-1' })).toBe(20)
    })

    test('mine lists my own with full text even when hidden, newest first; visitors are not registered', async () => {
      const first = ok<FeedbackView>(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '第一条', plan.items[0]._id)))
      w.setNow(new Date(NOW.getTime() + 1000))
      const second = ok<FeedbackView>(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '第二条')))
      ok(await feedback(w, DEMO.office, 'hide', { id: first._id, version: 1, reason: '重复' }))
      const mine = ok<Mine>(await feedback(w, DEMO.resident, 'mine'))
      expect(mine.items.map((f) => [f._id, f.text, f.hidden?.reason ?? null, f.itemTitle, f.householdLabel, f.mine])).toEqual([
        [second._id, '第二条', null, null, '1号楼1单元302', true],
        [first._id, '第一条', '重复', '小区道路修缮', '1号楼1单元302', true],
      ])
      expectFailure(await feedback(w, 'wx-nobody', 'mine'), 'NOT_REGISTERED')
      expectFailure(await feedback(w, 'wx-nobody', 'markRead'), 'NOT_REGISTERED')
    })

    test('comments on a revised plan name the items of the newest edition', async () => {
      let p = ok<Plan>(await plans(w, DEMO.office, 'revise', { version: plan.version }))
      p = ok<Plan>(await plans(w, DEMO.office, 'saveItem', { version: p.version, itemId: p.items[0]._id, item: itemFields({ title: '道路及路沿石修缮' }) }))
      // The draft is not out yet: comments go on edition 1 and read its titles.
      const f1 = ok<FeedbackView>(await feedback(w, DEMO.resident, 'create', comment(WANG_HH, '路', p.items[0]._id)))
      expect(f1).toMatchObject({ edition: 1, itemTitle: '小区道路修缮' })
      ok(await plans(w, DEMO.office, 'publish', { version: p.version }))
      const listed = ok<List>(await feedback(w, DEMO.resident, 'list')).items
      expect(listed.map((f) => [f.edition, f.itemTitle])).toEqual([[1, '道路及路沿石修缮']])
    })
  })
})

/**
 * The notices cloud function (cloudfunctions/notices/handler.ts) end to end on a real store
 * seeded with the demo data (server/seed.ts): who may do what, the draft → published → withdrawn
 * life of a notice, and that every refusal is a code from src/core/errors.ts with a Chinese
 * message and writes nothing.
 *
 * Seeded at NOW (server/seed.ts demoNotices): in DEMO.communityId, n-survey (published 12 days
 * ago), n-ledger (公示 published 3 days ago, ending 2026-11-29), n-water (published 1 day ago),
 * all at version 2, and n-draft (a draft at version 1). The other community has no notices.
 */
import type { Store } from '../../cloudfunctions/common/store'
import { handleNotices } from '../../cloudfunctions/notices/handler'
import { DEMO } from '../../server/seed'
import { ERROR_MESSAGES, type ErrorCode, type Result } from '../../src/core/errors'
import type { Notice } from '../../src/core/notice'
import { cloudbaseWorld, expectFailure, NOW, ok, sqliteWorld, type World } from './worlds'

const HOUR = 3600 * 1000

const FIELDS = { title: '加装电梯意见征询会', body: '定于本周六上午9点在社区活动室召开。', kind: 'notice' }
const SEEDED_PUBLISHED = ['n-water', 'n-ledger', 'n-survey'] // newest first

function call(w: World, openid: string | null | undefined, action: unknown, data?: unknown): Promise<Result<unknown>> {
  return handleNotices(w.deps, { openid }, { action, data })
}

/** Every notice as stored, to prove a refused call wrote nothing. */
async function allNotices(store: Store) {
  return store.find<Notice>('notices', {}, { orderBy: [{ field: '_id', direction: 'asc' }] })
}

type ListResult = { items: Notice[]; total: number; community: { _id: string; name: string } }
type GetResult = { notice: Notice; canEdit: boolean }
const idsOf = (l: ListResult) => l.items.map((n) => n._id)

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('a notice from draft to residents on %s', (_name, make) => {
  let w: World
  beforeEach(async () => {
    w = await make()
  })
  afterEach(() => w.dispose())

  test('office creates, edits, publishes; residents then list and read it', async () => {
    const created = ok<Notice>(await call(w, DEMO.office, 'create', FIELDS))
    expect(created).toMatchObject({
      _id: 'id-1',
      communityId: DEMO.communityId,
      status: 'draft',
      version: 1,
      createdBy: 'u-off-1',
      createdAt: NOW.toISOString(),
      ...FIELDS,
    })
    expect(await w.store.get('notices', 'id-1')).toEqual(created)

    // A draft is nobody's business but the office's.
    expect(idsOf(ok<ListResult>(await call(w, DEMO.resident, 'list')))).toEqual(SEEDED_PUBLISHED)
    expectFailure(await call(w, DEMO.resident, 'get', { id: 'id-1' }), 'NOT_FOUND')

    const edited = ok<Notice>(await call(w, DEMO.office, 'update', { id: 'id-1', version: 1, ...FIELDS, title: '加装电梯意见征询会（改期）' }))
    expect(edited).toMatchObject({ version: 2, title: '加装电梯意见征询会（改期）', status: 'draft' })
    expect(idsOf(ok<ListResult>(await call(w, DEMO.office, 'list', { status: 'draft' })))).toEqual(['id-1', 'n-draft'])

    const publishAt = new Date(NOW.getTime() + HOUR)
    w.setNow(publishAt)
    const published = ok<Notice>(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 2 }))
    expect(published).toMatchObject({ status: 'published', version: 3, publishAt: publishAt.toISOString(), publishedBy: 'u-off-1' })
    expect(await w.store.get('notices', 'id-1')).toEqual(published)

    for (const resident of [DEMO.resident, DEMO.resident2]) {
      const list = ok<ListResult>(await call(w, resident, 'list'))
      expect(idsOf(list)).toEqual(['id-1', ...SEEDED_PUBLISHED])
      expect(list.total).toBe(4)
      expect(list.community).toEqual({ _id: DEMO.communityId, name: '汴绣里小区' })
      expect(ok<GetResult>(await call(w, resident, 'get', { id: 'id-1' }))).toEqual({ notice: published, canEdit: false })
    }
    expect(ok<GetResult>(await call(w, DEMO.office, 'get', { id: 'id-1' })).canEdit).toBe(true)
    expect(idsOf(ok<ListResult>(await call(w, DEMO.office, 'list', { status: 'draft' })))).toEqual(['n-draft'])
  })

  test('withdrawing: residents can still open it with the reason, but it leaves the list', async () => {
    const withdrawn = ok<Notice>(await call(w, DEMO.office, 'withdraw', { id: 'n-water', version: 2, reason: '  停水时间改了  ' }))
    expect(withdrawn).toMatchObject({ status: 'withdrawn', version: 3, withdrawReason: '停水时间改了', withdrawnBy: 'u-off-1', withdrawnAt: NOW.toISOString() })
    const seen = ok<GetResult>(await call(w, DEMO.resident, 'get', { id: 'n-water' }))
    expect(seen.notice).toMatchObject({ status: 'withdrawn', withdrawReason: '停水时间改了' })
    const list = ok<ListResult>(await call(w, DEMO.resident, 'list'))
    expect(idsOf(list)).toEqual(['n-ledger', 'n-survey'])
    expect(list.total).toBe(2)
    expect(idsOf(ok<ListResult>(await call(w, DEMO.office, 'list', { status: 'withdrawn' })))).toEqual(['n-water'])
  })
})

describe('notices on the seeded SQLite store', () => {
  let w: World
  beforeEach(async () => {
    w = await sqliteWorld()
  })
  afterEach(() => w.dispose())

  describe('refusals by role and community (src/core/permissions.ts) write nothing', () => {
    const N = FIELDS
    const cases: [string, string, string, unknown, ErrorCode][] = [
      ['resident creates', DEMO.resident, 'create', N, 'FORBIDDEN'],
      ['resident creates for the other community', DEMO.resident, 'create', { ...N, communityId: DEMO.otherCommunityId }, 'FORBIDDEN'],
      ['resident edits a draft', DEMO.resident, 'update', { ...N, id: 'n-draft', version: 1 }, 'FORBIDDEN'],
      ['resident publishes a draft', DEMO.resident, 'publish', { id: 'n-draft', version: 1 }, 'FORBIDDEN'],
      ['resident withdraws a notice', DEMO.resident, 'withdraw', { id: 'n-water', version: 2, reason: '不想看' }, 'FORBIDDEN'],
      ['resident lists drafts', DEMO.resident, 'list', { status: 'draft' }, 'FORBIDDEN'],
      ['resident lists withdrawn ones', DEMO.resident, 'list', { status: 'withdrawn' }, 'FORBIDDEN'],
      ['resident lists the other community', DEMO.resident, 'list', { communityId: DEMO.otherCommunityId }, 'FORBIDDEN'],
      ['resident opens a draft (hidden, not forbidden)', DEMO.resident, 'get', { id: 'n-draft' }, 'NOT_FOUND'],
      ['other office creates in this community', DEMO.otherOffice, 'create', { ...N, communityId: DEMO.communityId }, 'FORBIDDEN'],
      ['other office edits a draft here', DEMO.otherOffice, 'update', { ...N, id: 'n-draft', version: 1 }, 'FORBIDDEN'],
      ['other office publishes a draft here', DEMO.otherOffice, 'publish', { id: 'n-draft', version: 1 }, 'FORBIDDEN'],
      ['other office withdraws a notice here', DEMO.otherOffice, 'withdraw', { id: 'n-water', version: 2, reason: '撤回' }, 'FORBIDDEN'],
      ['other office lists drafts here', DEMO.otherOffice, 'list', { communityId: DEMO.communityId, status: 'draft' }, 'FORBIDDEN'],
      ['other office lists published notices here', DEMO.otherOffice, 'list', { communityId: DEMO.communityId }, 'FORBIDDEN'],
      ['other office opens a published notice here', DEMO.otherOffice, 'get', { id: 'n-water' }, 'FORBIDDEN'],
      ['other office opens a draft here', DEMO.otherOffice, 'get', { id: 'n-draft' }, 'NOT_FOUND'],
      ['district officer creates', DEMO.district, 'create', { ...N, communityId: DEMO.communityId }, 'FORBIDDEN'],
      ['district officer publishes', DEMO.district, 'publish', { id: 'n-draft', version: 1 }, 'FORBIDDEN'],
      ['district officer lists drafts', DEMO.district, 'list', { communityId: DEMO.communityId, status: 'draft' }, 'FORBIDDEN'],
      ['district officer opens a draft', DEMO.district, 'get', { id: 'n-draft' }, 'NOT_FOUND'],
      ['district officer lists without naming a community', DEMO.district, 'list', {}, 'INVALID_INPUT'],
      ['office creates in a community that does not exist', DEMO.office, 'create', { ...N, communityId: 'c-nowhere' }, 'NOT_FOUND'],
      ['office opens a notice that does not exist', DEMO.office, 'get', { id: 'n-nope' }, 'NOT_FOUND'],
      ['office publishes a notice that does not exist', DEMO.office, 'publish', { id: 'n-nope', version: 1 }, 'NOT_FOUND'],
    ]
    test.each(cases)('%s → %s', async (_case, openid, action, data, code) => {
      const before = await allNotices(w.store)
      expectFailure(await call(w, openid, action, data), code)
      expect(await allNotices(w.store)).toEqual(before)
    })
  })

  describe('district officer', () => {
    test('lists and reads any community of its district by communityId, without edit rights', async () => {
      const list = ok<ListResult>(await call(w, DEMO.district, 'list', { communityId: DEMO.communityId }))
      expect(idsOf(list)).toEqual(SEEDED_PUBLISHED)
      expect(ok<ListResult>(await call(w, DEMO.district, 'list', { communityId: DEMO.otherCommunityId })).items).toEqual([])
      expect(ok<GetResult>(await call(w, DEMO.district, 'get', { id: 'n-water' })).canEdit).toBe(false)
    })

    test('is refused a community of another district', async () => {
      await w.store.insert('districts', { _id: 'd-far', name: '鼓楼区', city: '开封市' })
      await w.store.insert('communities', { _id: 'c-far', name: '远方小区', districtId: 'd-far', street: '某街道', yearBuilt: 1990, buildingCount: 1, householdCount: 10 })
      expectFailure(await call(w, DEMO.district, 'list', { communityId: 'c-far' }), 'FORBIDDEN')
    })
  })

  test('the other community office works in its own community only', async () => {
    const created = ok<Notice>(await call(w, DEMO.otherOffice, 'create', FIELDS))
    expect(created.communityId).toBe(DEMO.otherCommunityId)
    expect(idsOf(ok<ListResult>(await call(w, DEMO.otherOffice, 'list', { status: 'draft' })))).toEqual(['id-1'])
    expectFailure(await call(w, DEMO.office, 'get', { id: 'id-1' }), 'NOT_FOUND')
    expectFailure(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 1 }), 'FORBIDDEN')
  })

  test('list pages with limit and offset and reports the total', async () => {
    const page = ok<ListResult>(await call(w, DEMO.resident, 'list', { limit: 2, offset: 1 }))
    expect(idsOf(page)).toEqual(['n-ledger', 'n-survey'])
    expect(page.total).toBe(3)
  })

  describe('scheduled publication', () => {
    const at = new Date(NOW.getTime() + 2 * HOUR) // 12:00 China

    async function schedule() {
      ok(await call(w, DEMO.office, 'create', FIELDS))
      return ok<Notice>(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 1, publishAt: '2026-11-25T12:00:00+08:00' }))
    }

    test('is stored with its time and hidden from residents until then', async () => {
      expect((await schedule()).publishAt).toBe(at.toISOString())
      expect(idsOf(ok<ListResult>(await call(w, DEMO.resident, 'list')))).toEqual(SEEDED_PUBLISHED)
      expectFailure(await call(w, DEMO.resident, 'get', { id: 'id-1' }), 'NOT_FOUND')
      expect(ok<GetResult>(await call(w, DEMO.office, 'get', { id: 'id-1' })).canEdit).toBe(true)

      w.setNow(new Date(at.getTime() - 1))
      expectFailure(await call(w, DEMO.resident, 'get', { id: 'id-1' }), 'NOT_FOUND')

      w.setNow(at)
      expect(idsOf(ok<ListResult>(await call(w, DEMO.resident, 'list')))).toEqual(['id-1', ...SEEDED_PUBLISHED])
      expect(ok<GetResult>(await call(w, DEMO.resident, 'get', { id: 'id-1' })).notice.status).toBe('published')
    })

    test('a time in the past means now', async () => {
      ok(await call(w, DEMO.office, 'create', FIELDS))
      const p = ok<Notice>(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 1, publishAt: '2026-11-01T08:00:00Z' }))
      expect(p.publishAt).toBe(NOW.toISOString())
    })
  })

  describe('state and version rules', () => {
    test('a published notice cannot be edited or published again (NOTICE_NOT_DRAFT)', async () => {
      const before = await allNotices(w.store)
      expectFailure(await call(w, DEMO.office, 'update', { ...FIELDS, id: 'n-water', version: 2 }), 'NOTICE_NOT_DRAFT', ERROR_MESSAGES.NOTICE_NOT_DRAFT)
      expectFailure(await call(w, DEMO.office, 'publish', { id: 'n-water', version: 2 }), 'NOTICE_NOT_DRAFT')
      expect(await allNotices(w.store)).toEqual(before)
    })

    test('only a published notice can be withdrawn (NOTICE_NOT_PUBLISHED)', async () => {
      expectFailure(await call(w, DEMO.office, 'withdraw', { id: 'n-draft', version: 1, reason: '不要了' }), 'NOTICE_NOT_PUBLISHED')
      ok(await call(w, DEMO.office, 'withdraw', { id: 'n-water', version: 2, reason: '改期' }))
      const before = await allNotices(w.store)
      expectFailure(await call(w, DEMO.office, 'withdraw', { id: 'n-water', version: 3, reason: '再撤一次' }), 'NOTICE_NOT_PUBLISHED')
      expect(await allNotices(w.store)).toEqual(before)
    })

    test.each([
      ['update', { ...FIELDS, title: '晚到的修改' }],
      ['publish', {}],
    ])('a stale version is refused with CONFLICT (%s)', async (action, extra) => {
      ok(await call(w, DEMO.office, 'update', { ...FIELDS, id: 'n-draft', version: 1 }))
      const before = await allNotices(w.store)
      for (const version of [1, 3]) {
        expectFailure(await call(w, DEMO.office, action, { id: 'n-draft', version, ...extra }), 'CONFLICT', ERROR_MESSAGES.CONFLICT)
      }
      expect(await allNotices(w.store)).toEqual(before)
    })

    test('of two edits made on the same version, one wins and the other gets CONFLICT', async () => {
      const [a, b] = await Promise.all([
        call(w, DEMO.office, 'update', { ...FIELDS, id: 'n-draft', version: 1, title: '甲的修改' }),
        call(w, DEMO.office, 'update', { ...FIELDS, id: 'n-draft', version: 1, title: '乙的修改' }),
      ])
      const results = [a, b]
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expectFailure(results.find((r) => !r.ok)!, 'CONFLICT')
      const winner = ok<Notice>(results.find((r) => r.ok)!)
      expect(await w.store.get('notices', 'n-draft')).toEqual(winner)
      expect(winner.version).toBe(2)
    })
  })

  describe('withdraw needs a reason', () => {
    test.each([
      ['missing', undefined, undefined],
      ['blank', '   ', '请填写撤回原因'],
      ['over REASON_MAX (200)', '因'.repeat(201), '撤回原因不能超过 200 个字'],
    ])('%s reason → INVALID_INPUT', async (_case, reason, message) => {
      const before = await allNotices(w.store)
      expectFailure(await call(w, DEMO.office, 'withdraw', { id: 'n-water', version: 2, reason }), 'INVALID_INPUT', message)
      expect(await allNotices(w.store)).toEqual(before)
    })
  })

  describe('公示 (publicity) needs a valid period to be published', () => {
    const PUB = { ...FIELDS, kind: 'publicity', title: '改造方案公示' }

    test('saved as a draft without an end date; publishing it is refused in Chinese', async () => {
      const draft = ok<Notice>(await call(w, DEMO.office, 'create', PUB))
      expect(draft).toMatchObject({ kind: 'publicity', publicityEndsOn: null, status: 'draft' })
      const before = await allNotices(w.store)
      expectFailure(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 1 }), 'INVALID_INPUT', '公示需要填写公示截止日期。')
      expect(await allNotices(w.store)).toEqual(before)
    })

    test('the end date must be after the publish day (China date), at most 90 days on', async () => {
      ok(await call(w, DEMO.office, 'create', { ...PUB, publicityEndsOn: '2026-11-25' }))
      expectFailure(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 1 }), 'INVALID_INPUT', '公示截止日期要晚于发布日期。')
      ok(await call(w, DEMO.office, 'update', { ...PUB, id: 'id-1', version: 1, publicityEndsOn: '2027-02-24' }))
      expectFailure(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 2 }), 'INVALID_INPUT', '公示期不能超过 90 天')
      ok(await call(w, DEMO.office, 'update', { ...PUB, id: 'id-1', version: 2, publicityEndsOn: '2026-11-26' }))
      expect(ok<Notice>(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 3 })).status).toBe('published')
    })

    test('at 00:00 China time (16:00Z) the publish day is already the next date', async () => {
      w.setNow(new Date('2026-11-25T16:00:00.000Z'))
      ok(await call(w, DEMO.office, 'create', { ...PUB, publicityEndsOn: '2026-11-26' }))
      expectFailure(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 1 }), 'INVALID_INPUT', '公示截止日期要晚于发布日期。')
    })
  })

  test('markup in a notice is stored and returned verbatim as text (the UI escapes it)', async () => {
    const body = '<script>alert(1)</script>\n<img src=x onerror=alert(2)> & &amp;'
    const title = '<b>标题</b>'
    ok(await call(w, DEMO.office, 'create', { ...FIELDS, title, body }))
    ok(await call(w, DEMO.office, 'publish', { id: 'id-1', version: 1 }))
    expect(await w.store.get('notices', 'id-1')).toMatchObject({ title, body })
    expect(ok<GetResult>(await call(w, DEMO.resident, 'get', { id: 'id-1' })).notice).toMatchObject({ title, body })
  })

  test('title and body are stored trimmed', async () => {
    const created = ok<Notice>(await call(w, DEMO.office, 'create', { ...FIELDS, title: '  标题  ', body: '\n 正文 \n' }))
    expect(created).toMatchObject({ title: '标题', body: '正文' })
    expect(await w.store.get('notices', 'id-1')).toMatchObject({ title: '标题', body: '正文' })
  })

  test.each([
    ['a 60-character title (TITLE_MAX)', { title: '标'.repeat(60) }],
    ['a 5000-character body (BODY_MAX)', { body: '字'.repeat(5000) }],
    ['an explicit own communityId', { communityId: DEMO.communityId }],
    ['a null end date', { publicityEndsOn: null }],
  ])('accepted at the limit: %s', async (_case, extra) => {
    expect(ok<Notice>(await call(w, DEMO.office, 'create', { ...FIELDS, ...extra })).status).toBe('draft')
  })

  describe('bad input → INVALID_INPUT with a Chinese message, nothing written', () => {
    const invalid = ERROR_MESSAGES.INVALID_INPUT
    const cases: [string, string, unknown, string | RegExp][] = [
      ['empty title', 'create', { ...FIELDS, title: '' }, '请填写标题'],
      ['whitespace-only title', 'create', { ...FIELDS, title: ' \u3000\t ' }, '请填写标题'],
      ['61-character title', 'create', { ...FIELDS, title: '标'.repeat(61) }, '标题不能超过 60 个字'],
      ['whitespace-only body', 'create', { ...FIELDS, body: '  \n\t ' }, '请填写正文'],
      ['body over 5000 characters', 'create', { ...FIELDS, body: '字'.repeat(5001) }, '正文不能超过 5000 个字'],
      ['title is a number', 'create', { ...FIELDS, title: 5 }, `${invalid}（title）`],
      ['body is an array', 'create', { ...FIELDS, body: ['正文'] }, `${invalid}（body）`],
      ['kind missing', 'create', { title: '标题', body: '正文' }, '请选择公告类型'],
      ['unknown kind', 'create', { ...FIELDS, kind: 'urgent' }, '请选择公告类型'],
      ['end date 2026-02-30', 'create', { ...FIELDS, publicityEndsOn: '2026-02-30' }, '日期格式应为'],
      ['end date in month 13 (was INTERNAL)', 'create', { ...FIELDS, publicityEndsOn: '2026-13-01' }, '日期格式应为'],
      ['end date as a timestamp', 'create', { ...FIELDS, publicityEndsOn: 1767225600000 }, invalid],
      ['empty communityId', 'create', { ...FIELDS, communityId: '' }, '缺少编号'],
      ['no data at all', 'create', undefined, invalid],
      ['data is a string', 'create', '标题', invalid],
      ['data is an array', 'create', [FIELDS], invalid],
      ['version 0', 'update', { ...FIELDS, id: 'n-draft', version: 0 }, invalid],
      ['fractional version', 'update', { ...FIELDS, id: 'n-draft', version: 1.5 }, invalid],
      ['version as a string', 'update', { ...FIELDS, id: 'n-draft', version: '1' }, invalid],
      ['update without id', 'update', { ...FIELDS, version: 1 }, invalid],
      ['publish time not a date', 'publish', { id: 'n-draft', version: 1, publishAt: '明天' }, '发布时间格式不对'],
      ['publish time without a time zone', 'publish', { id: 'n-draft', version: 1, publishAt: '2026-11-26T10:00:00' }, '发布时间格式不对'],
      ['empty id', 'get', { id: '' }, '缺少编号'],
      ['65-character id', 'get', { id: 'x'.repeat(65) }, invalid],
      ['list limit over 50', 'list', { limit: 51 }, invalid],
      ['list limit 0', 'list', { limit: 0 }, invalid],
      ['negative offset', 'list', { offset: -1 }, invalid],
      ['unknown status', 'list', { status: 'deleted' }, invalid],
    ]
    test.each(cases)('%s', async (_case, action, data, message) => {
      const before = await allNotices(w.store)
      expectFailure(await call(w, DEMO.office, action, data), 'INVALID_INPUT', message)
      expect(await allNotices(w.store)).toEqual(before)
    })
  })

  describe('the event and the caller', () => {
    const events: [string, unknown, ErrorCode][] = [
      ['unknown action', { action: 'delete', data: { id: 'n-water' } }, 'UNKNOWN_ACTION'],
      ['action in the wrong case', { action: 'CREATE', data: FIELDS }, 'UNKNOWN_ACTION'],
      ['inherited key __proto__', { action: '__proto__' }, 'UNKNOWN_ACTION'],
      ['inherited key constructor', { action: 'constructor' }, 'UNKNOWN_ACTION'],
      ['inherited key toString', { action: 'toString' }, 'UNKNOWN_ACTION'],
      ['inherited key hasOwnProperty', { action: 'hasOwnProperty' }, 'UNKNOWN_ACTION'],
      ['missing action', { data: FIELDS }, 'INVALID_INPUT'],
      ['empty action', { action: '', data: FIELDS }, 'INVALID_INPUT'],
      ['action is a number', { action: 5 }, 'INVALID_INPUT'],
      ['action over 64 characters', { action: 'a'.repeat(65) }, 'INVALID_INPUT'],
      ['missing event', undefined, 'INVALID_INPUT'],
      ['null event', null, 'INVALID_INPUT'],
      ['event is a string', 'create', 'INVALID_INPUT'],
      ['event is an array', [{ action: 'create' }], 'INVALID_INPUT'],
    ]
    test.each(events)('%s → %s', async (_case, event, code) => {
      const before = await allNotices(w.store)
      expectFailure(await handleNotices(w.deps, { openid: DEMO.office }, event), code)
      expect(await allNotices(w.store)).toEqual(before)
    })

    test.each([
      ['undefined', undefined, 'UNAUTHENTICATED'],
      ['null', null, 'UNAUTHENTICATED'],
      ['empty', '', 'UNAUTHENTICATED'],
      ['not registered', 'o-stranger', 'NOT_REGISTERED'],
    ] as [string, string | null | undefined, ErrorCode][])('openid %s → %s, nothing written', async (_case, openid, code) => {
      const before = await allNotices(w.store)
      expectFailure(await call(w, openid, 'create', FIELDS), code, ERROR_MESSAGES[code])
      expect(await allNotices(w.store)).toEqual(before)
    })

    test('an unexpected store failure becomes INTERNAL with a Chinese message and a log line, never a throw', async () => {
      const broken: Store = { ...w.store, find: () => Promise.reject(new Error('disk on fire')) }
      const r = await handleNotices({ ...w.deps, store: broken }, { openid: DEMO.resident }, { action: 'list' })
      expect(r).toEqual({ ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL })
      expect(w.logs.join('\n')).toContain('disk on fire')
    })
  })
})

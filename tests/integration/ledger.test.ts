/**
 * The ledger cloud function (cloudfunctions/ledger/handler.ts) end to end on a real store seeded
 * with the demo data (server/seed.ts: district d-longting with 汴绣里小区 c-bianxiuli, built 1993,
 * and 梁苑新村 c-liangyuan, built 1988; both 单位房改房, 无物业, batch 2019, no version field).
 * Each test adds, in its own setup, a second district (鼓楼区) with its officer and one community,
 * and an admin. Expected eligibility follows seed 四 as coded in src/core/ledger.ts: built before
 * 2000, and none of 棚户区 / 自建房 / 城中村 / 三供一业.
 */
import type { AuditEntry } from '../../cloudfunctions/common/audit'
import { readSheet, writeSheet } from '../../cloudfunctions/common/excel'
import type { Deps } from '../../cloudfunctions/common/router'
import type { Store } from '../../cloudfunctions/common/store'
import { handleLedger } from '../../cloudfunctions/ledger/handler'
import { DEMO } from '../../server/seed'
import type { Building, Community, District } from '../../src/core/community'
import { ERROR_MESSAGES, type ErrorCode, type Result } from '../../src/core/errors'
import type { Eligibility, LedgerFields } from '../../src/core/ledger'
import { LEDGER_COLUMNS, LEDGER_EXPORT_HEADERS, ledgerEntryId } from '../../src/core/ledger-sheet'
import type { StoredUser } from '../../src/core/roles'
import * as worlds from './worlds'
import { CHINESE, expectFailure, NOW, ok, type World } from './worlds'


const FAR = { districtId: 'd-gulou', communityId: 'c-far', officer: 'other-district-officer', admin: 'admin-1' }

/** A second district (鼓楼区) with a community, its officer and an admin, on top of the demo seed. */
async function setUp(store: Store): Promise<void> {
  const far: Community = {
    _id: FAR.communityId,
    districtId: FAR.districtId,
    name: '鼓楼小区',
    street: '鼓楼区相国寺街道',
    yearBuilt: 1985,
    buildingCount: 2,
    householdCount: 40,
    floorAreaCentiM2: 300000,
    ownershipType: 'public',
    management: 'self',
    exclusions: [],
    batchYear: 2020,
  }
  const users: StoredUser[] = [
    { _id: 'u-dis-2', openid: FAR.officer, name: '鼓楼区住建（测试）', role: 'district', districtId: FAR.districtId },
    { _id: 'u-adm', openid: FAR.admin, name: '管理员（测试）', role: 'admin' },
  ]
  await store.transaction(async (tx) => {
    await tx.insert<District>('districts', { _id: FAR.districtId, name: '鼓楼区', city: '开封市' })
    await tx.insert('communities', far)
    for (const u of users) await tx.insert('users', u)
  })
}

const sqliteWorld = () => worlds.sqliteWorld({ setup: setUp })
const cloudbaseWorld = () => worlds.cloudbaseWorld({ setup: setUp })

function call(w: World, openid: string, action: string, data?: unknown): Promise<Result<unknown>> {
  return handleLedger(w.deps, { openid }, { action, data })
}

type Row = Partial<Record<(typeof LEDGER_COLUMNS)[number], unknown>>
const BASE: Row = {
  小区名称: '甲小区',
  所在街道: '龙亭区北书店街街道',
  建成年份: 1995,
  楼栋数: 3,
  户数: 72,
  '总建筑面积(㎡)': 5432.1,
  产权性质: '直管公房',
  物业管理: '物业公司',
  原产权单位: '开封市房管局（示例）',
  排除情形: '',
  改造批次年份: 2020,
}
const toRow = (r: Row) => LEDGER_COLUMNS.map((c) => (c in r ? r[c] : BASE[c]) ?? null)

/** 甲 eligible; 乙 built 2001; 丙 an urban village (the two ineligible ones of the brief). */
const GOOD: Row[] = [
  { ...BASE },
  { ...BASE, 小区名称: '乙小区', 建成年份: 2001, 楼栋数: 1, 户数: 24, '总建筑面积(㎡)': '1800', 产权性质: '商品房', 改造批次年份: '' },
  { ...BASE, 小区名称: '丙小区', 建成年份: 1990, 楼栋数: 2, 排除情形: '城中村', 物业管理: '无物业', 原产权单位: '' },
]

async function xlsx(rows: Row[], headers: string[] = [...LEDGER_COLUMNS]): Promise<string> {
  return (await writeSheet(headers, rows.map(toRow))).toString('base64')
}

type Item = Community & { version: number; eligibility: Eligibility; counts: { buildings: number; households: number } }
type ListResult = { items: Item[]; total: number; summary: { eligible: number; ineligible: number; householdCount: number; floorAreaCentiM2: number } }
type GetResult = { community: Community & { version: number; eligibility: Eligibility }; counts: { buildings: number; households: number }; district: { _id: string; name: string } | null }
type Counts = { created: number; updated: number; unchanged: number }

/** The district's ledger after importing GOOD, in ledger order (street, then name, pinyin order). */
const ORDER = ['汴绣里小区', '丙小区', '甲小区', '乙小区', '梁苑新村']

const idOf = (name: string) => ledgerEntryId(DEMO.districtId, name)

/** Everything the ledger writes, to prove a refused call wrote nothing. */
const snapshot = (store: Store) => worlds.snapshot(store, ['communities', 'buildings', 'audit'])

/** The ledger's audit entries (the seed logs its roster import too). */
const audits = async (store: Store) =>
  (await store.find<AuditEntry>('audit', {}, { orderBy: [{ field: '_id', direction: 'asc' }] })).filter((a) => a.action.startsWith('ledger.'))

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('ledger import and update on %s', (_name, make) => {
  let w: World
  beforeEach(async () => {
    w = await make()
  })
  afterEach(() => w.dispose())

  test('a good file creates communities with buildings and audit entries; eligibility with reasons; re-import is unchanged', async () => {
    const file = await xlsx(GOOD)
    expect(ok<Counts>(await call(w, DEMO.district, 'import', { fileBase64: file }))).toEqual({ created: 3, updated: 0, unchanged: 0 })

    const jia = await w.store.get<Community & { version: number }>('communities', idOf('甲小区'))
    expect(jia).toEqual({
      _id: idOf('甲小区'),
      districtId: DEMO.districtId,
      name: '甲小区',
      street: '龙亭区北书店街街道',
      yearBuilt: 1995,
      buildingCount: 3,
      householdCount: 72,
      floorAreaCentiM2: 543210,
      ownershipType: 'public',
      management: 'company',
      originalPropertyUnit: '开封市房管局（示例）',
      exclusions: [],
      batchYear: 2020,
      version: 1,
      updatedAt: NOW.toISOString(),
    })
    const buildings = await w.store.find<Building>('buildings', { communityId: idOf('甲小区') }, { orderBy: [{ field: 'number', direction: 'asc' }] })
    expect(buildings).toEqual([1, 2, 3].map((n) => ({ _id: `${idOf('甲小区')}-b${n}`, communityId: idOf('甲小区'), number: n, floors: null })))

    const log = await audits(w.store)
    expect(log).toHaveLength(3)
    expect(log.map((a) => [a.action, a.communityId, a.byUserId, a.before])).toEqual(
      expect.arrayContaining(['甲小区', '乙小区', '丙小区'].map((n) => ['ledger.import', idOf(n), 'u-dis-1', null])),
    )

    const ineligible = ok<ListResult>(await call(w, DEMO.district, 'list', { eligible: false }))
    // Same street; names in pinyin order: 丙 bǐng before 乙 yǐ.
    expect(ineligible.items.map((i) => [i.name, i.eligibility])).toEqual([
      ['丙小区', { eligible: false, reasons: ['城中村'] }],
      ['乙小区', { eligible: false, reasons: ['建成于 2001 年，不早于 2000 年'] }],
    ])
    const all = ok<ListResult>(await call(w, DEMO.district, 'list', {}))
    expect(all.total).toBe(5)
    expect(all.summary).toEqual({
      eligible: 3,
      ineligible: 2,
      // seed: 汴绣里 120, 梁苑新村 2 buildings × 2 units × 6 floors × 2 = 48; GOOD: 甲 72, 乙 24, 丙 72
      householdCount: 120 + 48 + 72 + 24 + 72,
      floorAreaCentiM2: all.items.reduce((s, i) => s + i.floorAreaCentiM2, 0),
    })
    expect(all.items.find((i) => i.name === '甲小区')!.counts).toEqual({ buildings: 3, households: 0 })
    expect(all.items.find((i) => i._id === DEMO.communityId)!.counts).toEqual({ buildings: 5, households: 120 })

    // The same file again: nothing changes, nothing is logged.
    const before = await snapshot(w.store)
    expect(ok<Counts>(await call(w, DEMO.district, 'import', { fileBase64: file }))).toEqual({ created: 0, updated: 0, unchanged: 3 })
    expect(await snapshot(w.store)).toEqual(before)
  })

  test('a row naming a seeded community updates it in place (version 1 → 2), keeps its buildings, logs before/after', async () => {
    const file = await xlsx([{ ...BASE, 小区名称: '汴绣里小区', 所在街道: '龙亭区北道门街道', 建成年份: 1993, 楼栋数: 6, 户数: 120, 产权性质: '单位房改房', 物业管理: '无物业', 改造批次年份: 2021 }])
    expect(ok<Counts>(await call(w, DEMO.district, 'import', { fileBase64: file }))).toEqual({ created: 0, updated: 1, unchanged: 0 })
    const stored = await w.store.get<Community & { version: number }>('communities', DEMO.communityId)
    expect(stored).toMatchObject({ _id: DEMO.communityId, buildingCount: 6, batchYear: 2021, management: 'none', version: 2, floorAreaCentiM2: 543210 })
    expect(await w.store.count('buildings', { communityId: DEMO.communityId })).toBe(5)
    const [entry] = await audits(w.store)
    expect(entry).toMatchObject({ action: 'ledger.import', communityId: DEMO.communityId, entity: 'community', entityId: DEMO.communityId, byName: '区住建 孙五（示例）' })
    expect(entry.before).toMatchObject({ buildingCount: 5, batchYear: 2019 })
    expect(entry.after).toMatchObject({ buildingCount: 6, batchYear: 2021 })
  })

  test('update: a seeded entry without version counts as 1; stale versions conflict; every change is audited', async () => {
    const seeded = ok<GetResult>(await call(w, DEMO.district, 'get', { id: DEMO.communityId })).community
    expect(seeded.version).toBe(1)
    const { _id, districtId: _d, version: _v, eligibility: _e, ...fields } = seeded
    const changed: LedgerFields = { ...fields, exclusions: ['threeSupplies'], householdCount: 118 }

    const updated = ok<GetResult['community']>(await call(w, DEMO.district, 'update', { id: _id, version: 1, ...changed }))
    expect(updated).toMatchObject({ version: 2, householdCount: 118, exclusions: ['threeSupplies'], eligibility: { eligible: false, reasons: ['已实施“三供一业”改造'] } })
    expect(await w.store.get('communities', _id)).toMatchObject({ version: 2, householdCount: 118, updatedAt: NOW.toISOString() })
    const [entry] = await audits(w.store)
    expect(entry).toMatchObject({ action: 'ledger.update', communityId: _id, byUserId: 'u-dis-1', at: NOW.toISOString() })
    expect(entry.before).toMatchObject({ householdCount: 120, exclusions: [] })
    expect(entry.after).toMatchObject({ householdCount: 118, exclusions: ['threeSupplies'] })

    const before = await snapshot(w.store)
    expectFailure(await call(w, DEMO.district, 'update', { id: _id, version: 1, ...changed, householdCount: 100 }), 'CONFLICT')
    // Renaming it to its neighbour's name would make two entries one.
    expectFailure(await call(w, DEMO.district, 'update', { id: _id, version: 2, ...changed, name: '梁苑 新村' }), 'INVALID_INPUT')
    // The same fields again: no new version, no audit entry.
    expect(ok<GetResult['community']>(await call(w, DEMO.district, 'update', { id: _id, version: 2, ...changed })).version).toBe(2)
    expect(await snapshot(w.store)).toEqual(before)

    // Clearing the original property unit removes it.
    const { originalPropertyUnit: _o, ...withoutUnit } = changed
    ok(await call(w, DEMO.district, 'update', { id: _id, ...withoutUnit }))
    expect(await w.store.get('communities', _id)).not.toHaveProperty('originalPropertyUnit')
  })
})

describe('the ledger on the seeded SQLite store', () => {
  let w: World
  beforeEach(async () => {
    w = await sqliteWorld()
  })
  afterEach(() => w.dispose())

  test('bad rows are reported by row and column, and nothing is stored', async () => {
    const before = await snapshot(w.store)
    const file = await xlsx([
      GOOD[0],
      { ...BASE, 小区名称: '乙小区', 建成年份: '九十年代' },
      { ...BASE, 小区名称: '甲小区' },
      { ...BASE, 小区名称: '丁小区', '总建筑面积(㎡)': 0, 产权性质: '私房' },
      GOOD[2],
    ])
    const errors = expectFailure(await call(w, DEMO.district, 'import', { fileBase64: file }), 'IMPORT_REJECTED')
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, '建成年份'],
      [4, '小区名称'],
      [5, '总建筑面积(㎡)'],
      [5, '产权性质'],
    ])
    errors.forEach((e) => expect(e.message).toMatch(CHINESE))
    expect(errors[1].message).toMatch(/第 2 行重复/)
    expect(errors[3].message).toMatch(/直管公房、单位房改房、商品房、混合、其他/)
    expect(await snapshot(w.store)).toEqual(before)
  })

  test.each([
    ['text, not a workbook', () => Buffer.from('小区名称,所在街道\n甲,乙').toString('base64'), 'FILE_INVALID'],
    ['random bytes', () => Buffer.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3]).toString('base64'), 'FILE_INVALID'],
    ['a truncated .xlsx', async () => (await writeSheet([...LEDGER_COLUMNS], [toRow(BASE)])).subarray(0, 400).toString('base64'), 'FILE_INVALID'],
    ['an empty upload', () => '', 'INVALID_INPUT'],
  ] as [string, () => string | Promise<string>, ErrorCode][])('a malformed file (%s) → %s, nothing stored', async (_case, make, code) => {
    const before = await snapshot(w.store)
    expectFailure(await call(w, DEMO.district, 'import', { fileBase64: await make() }), code)
    expect(await snapshot(w.store)).toEqual(before)
  })

  test('wrong columns (a roster sheet) → IMPORT_REJECTED with one error naming the missing columns', async () => {
    const fileBase64 = (await writeSheet(['楼号', '单元', '房号', '专有面积'], [[1, 1, '101', 58.36]])).toString('base64')
    const before = await snapshot(w.store)
    const errors = expectFailure(await call(w, DEMO.district, 'import', { fileBase64 }), 'IMPORT_REJECTED')
    expect(errors).toEqual([{ row: 1, column: LEDGER_COLUMNS.join('、'), message: expect.stringMatching(/缺少这些列：小区名称、所在街道/) }])
    expect(await snapshot(w.store)).toEqual(before)
  })

  test('a 50,000-row file is refused as a whole with one clear error', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => toRow({ ...BASE, 小区名称: `小区${i}` }))
    const buffer = await writeSheet([...LEDGER_COLUMNS], rows)
    expect(buffer.length).toBeLessThan(5 * 1024 * 1024) // so it is the row limit that refuses it, not the size limit
    const r = await call(w, DEMO.district, 'import', { fileBase64: buffer.toString('base64') })
    expect(expectFailure(r, 'IMPORT_REJECTED')).toEqual([{ row: 2002, column: '', message: expect.stringMatching(/最多 2000 行/) }])
    expect(await w.store.count('communities', {})).toBe(3)
  }, 60_000)

  test('more than 5 MB → FILE_TOO_LARGE', async () => {
    const fileBase64 = Buffer.alloc(5 * 1024 * 1024 + 10, 0x50).toString('base64')
    expectFailure(await call(w, DEMO.district, 'import', { fileBase64 }), 'FILE_TOO_LARGE')
  })

  test('a file from cloud storage (weapp) is fetched by fileID, only from imports/<districtId>/', async () => {
    const buffer = await writeSheet([...LEDGER_COLUMNS], GOOD.map(toRow))
    const mine = `cloud://env/imports/${DEMO.districtId}/a.xlsx`
    const asked: string[] = []
    const download = async (id: string) => {
      asked.push(id)
      return id === mine ? buffer : Promise.reject(new Error('no such file'))
    }
    const deps: Deps = { ...w.deps, files: { download } }
    const before = await snapshot(w.store)
    for (const fileID of [
      'cloud://env/imports/a.xlsx',
      `cloud://env/imports/${DEMO.communityId}/a.xlsx`,
      'cloud://env/imports/d-elsewhere/a.xlsx',
      `cloud://env/imports/${DEMO.districtId}/../d-elsewhere/a.xlsx`,
      `cloud://env/imports/${DEMO.districtId}/sub/a.xlsx`,
    ]) {
      expectFailure(await handleLedger(deps, { openid: DEMO.district }, { action: 'import', data: { fileID } }), 'FORBIDDEN')
    }
    expect(asked).toEqual([])
    expect(await snapshot(w.store)).toEqual(before)
    const r = await handleLedger(deps, { openid: DEMO.district }, { action: 'import', data: { fileID: mine } })
    expect(ok<Counts>(r)).toEqual({ created: 3, updated: 0, unchanged: 0 })
    expectFailure(await handleLedger(deps, { openid: DEMO.district }, { action: 'import', data: { fileID: `cloud://env/imports/${DEMO.districtId}/gone.xlsx` } }), 'FILE_INVALID')
  })

  test('export round-trips: the file reads back as the same ledger, and importing it changes nothing', async () => {
    ok(await call(w, DEMO.district, 'import', { fileBase64: await xlsx(GOOD) }))
    const { fileBase64, fileName } = ok<{ fileBase64: string; fileName: string }>(await call(w, DEMO.district, 'export', {}))
    expect(fileName).toBe('老旧小区改造台账-龙亭区-20261125.xlsx')
    const matrix = await readSheet(Buffer.from(fileBase64, 'base64'))
    expect(matrix[0]).toEqual(LEDGER_EXPORT_HEADERS)
    // Ordered by street, then name, in pinyin order (北道门 < 北书店街 < 大兴; 丙 < 甲 < 乙);
    // the other district's community is not in it.
    expect(matrix.slice(1).map((r) => r[0])).toEqual(ORDER)
    expect(matrix.find((r) => r[0] === '乙小区')![11]).toBe('不符合：建成于 2001 年，不早于 2000 年')
    expect(matrix.find((r) => r[0] === '甲小区')![5]).toBe(5432.1)

    const before = await snapshot(w.store)
    expect(ok<Counts>(await call(w, DEMO.district, 'import', { fileBase64 }))).toEqual({ created: 0, updated: 0, unchanged: 5 })
    expect(await snapshot(w.store)).toEqual(before)
  })

  test('list filters, search and paging', async () => {
    ok(await call(w, DEMO.district, 'import', { fileBase64: await xlsx(GOOD) }))
    const names = async (data: unknown) => ok<ListResult>(await call(w, DEMO.district, 'list', data)).items.map((i) => i.name)
    expect(await names({ ownershipType: 'reform' })).toEqual(['汴绣里小区', '梁苑新村'])
    expect(await names({ management: 'none' })).toEqual(['汴绣里小区', '丙小区', '梁苑新村'])
    expect(await names({ batchYear: 2020 })).toEqual(['丙小区', '甲小区'])
    expect(await names({ eligible: true, q: '北道门' })).toEqual(['汴绣里小区'])
    expect(await names({ q: '房管局' })).toEqual(['甲小区', '乙小区'])
    const page = ok<ListResult>(await call(w, DEMO.district, 'list', { limit: 2, offset: 1 }))
    expect([page.items.map((i) => i.name), page.total]).toEqual([ORDER.slice(1, 3), 5])
    expectFailure(await call(w, DEMO.district, 'list', { limit: 201 }), 'INVALID_INPUT')
    expectFailure(await call(w, DEMO.district, 'list', { ownershipType: '私房' }), 'INVALID_INPUT')
  })

  test('the community’s own office reads its entry; the district sees the roster counts and district', async () => {
    const mine = ok<GetResult>(await call(w, DEMO.office, 'get', { id: DEMO.communityId }))
    expect(mine.community).toMatchObject({ _id: DEMO.communityId, name: '汴绣里小区', yearBuilt: 1993, version: 1, eligibility: { eligible: true, reasons: [] } })
    expect(mine.counts).toEqual({ buildings: 5, households: 120 })
    expect(mine.district).toEqual({ _id: DEMO.districtId, name: '龙亭区' })
    expect(ok<GetResult>(await call(w, DEMO.district, 'get', { id: DEMO.otherCommunityId })).community.name).toBe('梁苑新村')
  })

  describe('refusals by role and district (src/core/permissions.ts) write nothing', () => {
    let file = ''
    beforeAll(async () => {
      file = await xlsx(GOOD)
    })
    const seededFields = { name: '汴绣里小区', street: '龙亭区北道门街道', yearBuilt: 1993, buildingCount: 5, householdCount: 100, floorAreaCentiM2: 1, ownershipType: 'reform', management: 'none', exclusions: [] }
    const cases: [string, string, string, () => unknown, ErrorCode][] = [
      ['other district lists ours by naming it', FAR.officer, 'list', () => ({ districtId: DEMO.districtId }), 'FORBIDDEN'],
      ['other district opens our community', FAR.officer, 'get', () => ({ id: DEMO.communityId }), 'FORBIDDEN'],
      ['other district edits our community', FAR.officer, 'update', () => ({ id: DEMO.communityId, ...seededFields }), 'FORBIDDEN'],
      ['other district imports into our district', FAR.officer, 'import', () => ({ districtId: DEMO.districtId, fileBase64: file }), 'FORBIDDEN'],
      ['other district exports ours', FAR.officer, 'export', () => ({ districtId: DEMO.districtId }), 'FORBIDDEN'],
      ['our district opens theirs', DEMO.district, 'get', () => ({ id: FAR.communityId }), 'FORBIDDEN'],
      ['office imports', DEMO.office, 'import', () => ({ fileBase64: file }), 'FORBIDDEN'],
      ['office imports naming its district', DEMO.office, 'import', () => ({ districtId: DEMO.districtId, fileBase64: file }), 'FORBIDDEN'],
      ['office lists the ledger', DEMO.office, 'list', () => ({}), 'FORBIDDEN'],
      ['office edits its own entry', DEMO.office, 'update', () => ({ id: DEMO.communityId, ...seededFields }), 'FORBIDDEN'],
      ['office exports', DEMO.office, 'export', () => ({}), 'FORBIDDEN'],
      ['office opens the other community', DEMO.otherOffice, 'get', () => ({ id: DEMO.communityId }), 'FORBIDDEN'],
      ['resident opens its community’s entry', DEMO.resident, 'get', () => ({ id: DEMO.communityId }), 'FORBIDDEN'],
      ['resident lists', DEMO.resident, 'list', () => ({}), 'FORBIDDEN'],
      ['resident imports', DEMO.resident, 'import', () => ({ fileBase64: file }), 'FORBIDDEN'],
      ['unregistered WeChat user lists', 'stranger', 'list', () => ({}), 'NOT_REGISTERED'],
      ['admin imports without naming a district', FAR.admin, 'import', () => ({ fileBase64: file }), 'INVALID_INPUT'],
      ['admin imports into a district that does not exist', FAR.admin, 'import', () => ({ districtId: 'd-nowhere', fileBase64: file }), 'NOT_FOUND'],
      ['district opens a community that does not exist', DEMO.district, 'get', () => ({ id: 'c-nowhere' }), 'NOT_FOUND'],
      ['district edits a community that does not exist', DEMO.district, 'update', () => ({ id: 'c-nowhere', ...seededFields }), 'NOT_FOUND'],
      ['district sends neither file nor fileID', DEMO.district, 'import', () => ({}), 'INVALID_INPUT'],
    ]
    test.each(cases)('%s → %s', async (_case, openid, action, data, code) => {
      const before = await snapshot(w.store)
      expectFailure(await call(w, openid, action, data()), code)
      expect(await snapshot(w.store)).toEqual(before)
    })
    test('every refusal message is the table’s', async () => {
      const r = await call(w, DEMO.office, 'import', { fileBase64: file })
      expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN })
    })
  })

  test('the other district sees and imports only its own ledger; ours is untouched', async () => {
    const theirs = ok<ListResult>(await call(w, FAR.officer, 'list', {}))
    expect(theirs.items.map((i) => i._id)).toEqual([FAR.communityId])
    const before = await w.store.find('communities', { districtId: DEMO.districtId })
    // A community of the same name in their district is a different entry.
    const file = await xlsx([{ ...BASE, 小区名称: '汴绣里小区', 所在街道: '鼓楼区某街道' }])
    expect(ok<Counts>(await call(w, FAR.officer, 'import', { fileBase64: file }))).toEqual({ created: 1, updated: 0, unchanged: 0 })
    expect(await w.store.get('communities', ledgerEntryId(FAR.districtId, '汴绣里小区'))).toMatchObject({ districtId: FAR.districtId, street: '鼓楼区某街道' })
    expect(await w.store.find('communities', { districtId: DEMO.districtId })).toEqual(before)
  })

  test('admin lists every district, or one by name', async () => {
    expect(ok<ListResult>(await call(w, FAR.admin, 'list', {})).total).toBe(3)
    expect(ok<ListResult>(await call(w, FAR.admin, 'list', { districtId: FAR.districtId })).items.map((i) => i._id)).toEqual([FAR.communityId])
    expect(ok<Counts>(await call(w, FAR.admin, 'import', { districtId: FAR.districtId, fileBase64: await xlsx(GOOD) })).created).toBe(3)
  })
})

/**
 * Importing and exporting the roster (cloudfunctions/households import/export) end to end on a
 * demo-seeded store, with real .xlsx files written in the test (writeSheet / exceljs): a good
 * file, a re-import, every kind of bad row, bad files, huge files and other people's communities.
 * Every refusal leaves households, units, communities and the audit log exactly as they were.
 *
 * The demo community (server/seed.ts) has 5 buildings × 2 units × 12 flats = 120 households,
 * the neighbour 2 buildings (48 households); all buildings have 6 floors.
 */
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { readSheet, writeSheet } from '../../cloudfunctions/common/excel'
import { DEMO } from '../../server/seed'
import type { Household, Unit } from '../../src/core/community'
import { ROSTER_COLUMNS, type RosterColumn } from '../../src/core/roster'
import type { AuditEntry } from '../../cloudfunctions/common/audit'
import { call, cloudbaseWorld, expectFailure, NOW, ok, snapshot, sqliteWorld, type World } from './households-helpers'

type ImportResult = { created: number; updated: number; unchanged: number; notInFile: string[] }
type ExportResult = { fileBase64: string; fileName: string; rows: number }

const b64 = (b: Buffer) => b.toString('base64')
const col = (c: RosterColumn) => ROSTER_COLUMNS.indexOf(c)

/** The demo community's roster as an office would export it: header + 120 rows, sheet row n = index n - 1. */
async function exportedMatrix(w: World): Promise<unknown[][]> {
  const out = ok<ExportResult>(await call(w, DEMO.office, 'export'))
  return readSheet(Buffer.from(out.fileBase64, 'base64'))
}

async function xlsx(matrix: unknown[][]): Promise<string> {
  return b64(await writeSheet(matrix[0] as string[], matrix.slice(1)))
}

/** The sheet row (1-based) holding a flat. */
const rowOf = (m: unknown[][], b: number, u: number, room: string) =>
  m.findIndex((r) => r[col('楼栋号')] === b && r[col('单元号')] === u && String(r[col('房号')]) === room) + 1

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('roster import on %s', (_name, make) => {
  let w: World
  beforeEach(async () => {
    w = await make()
  })
  afterEach(() => w.dispose())

  test('export: the same 11 columns, 120 rows in roster order, unmasked, named after the community', async () => {
    const out = ok<ExportResult>(await call(w, DEMO.office, 'export'))
    expect(out.fileName).toBe('汴绣里小区住户名册-20261125.xlsx')
    expect(out.rows).toBe(120)
    const m = await readSheet(Buffer.from(out.fileBase64, 'base64'))
    expect(m[0]).toEqual([...ROSTER_COLUMNS])
    expect(m).toHaveLength(121)
    // 1-1-302 (seed: co-owned by two; the second has no phone); areas stay numbers.
    const r302 = m[rowOf(m, 1, 1, '302') - 1]
    expect(r302[col('共有')]).toBe('是')
    expect(String(r302[col('业主姓名')]).split('、')).toHaveLength(2)
    expect(String(r302[col('身份证后四位')])).toMatch(/^\d{4}、0302$/)
    expect(typeof r302[col('专有面积(㎡)')]).toBe('number')
    // 2-2-601 was never sold: no owner.
    const r601 = m[rowOf(m, 2, 2, '601') - 1]
    expect([r601[col('业主姓名')], r601[col('开发商未售')]]).toEqual(['', '是'])
  })

  test('export then import changes nothing (all 120 unchanged, no version moves)', async () => {
    const before = await snapshot(w.store)
    const out = ok<ExportResult>(await call(w, DEMO.office, 'export'))
    const r = ok<ImportResult>(await call(w, DEMO.office, 'import', { fileBase64: out.fileBase64 }))
    expect(r).toEqual({ created: 0, updated: 0, unchanged: 120, notInFile: [] })
    const after = await snapshot(w.store)
    expect(after.households).toEqual(before.households)
    expect(after.units).toEqual(before.units)
    expect(after.communities).toEqual(before.communities)
    // Only the import's summary entry is logged.
    expect(after.audit).toEqual([expect.objectContaining({ action: 'households.import', entity: 'roster', entityId: DEMO.communityId, byUserId: 'u-off-1' })])
  })

  test('a good file: one flat changed, one new flat in a new unit, one flat left out → stored, counted, audited', async () => {
    const m = await exportedMatrix(w)
    const changed = rowOf(m, 3, 1, '201')
    m[changed - 1][col('专有面积(㎡)')] = 60.05
    m[changed - 1][col('出租')] = '是'
    const left = rowOf(m, 4, 2, '102')
    m.splice(left - 1, 1)
    m.push([5, 3, '101', 1, '88.8', '新业主', '12X4'.replace('X', '3'), '13800000000', '否', '否', '否'])
    const before = await snapshot(w.store)
    const r = ok<ImportResult>(await call(w, DEMO.office, 'import', { fileBase64: await xlsx(m) }))
    expect(r).toEqual({ created: 1, updated: 1, unchanged: 118, notInFile: ['4号楼2单元102'] })

    const oldChanged = before.households.find((h) => (h as Household)._id === `${DEMO.communityId}-b3-u1-201`) as Household
    const nowChanged = await w.store.get<Household>('households', `${DEMO.communityId}-b3-u1-201`)
    expect(nowChanged).toEqual({ ...oldChanged, areaCentiM2: 6005, tenantOccupied: true, version: 2, updatedAt: NOW.toISOString() })
    expect(await w.store.get<Household>('households', `${DEMO.communityId}-b5-u3-101`)).toMatchObject({
      unitId: `${DEMO.communityId}-b5-u3`,
      areaCentiM2: 8880,
      owners: [{ name: '新业主', idTail: '1234', phone: '13800000000' }],
      version: 1,
    })
    // Left out = kept, not deleted.
    expect(await w.store.get('households', `${DEMO.communityId}-b4-u2-102`)).not.toBeNull()
    expect(await w.store.get<Unit>('units', `${DEMO.communityId}-b5-u3`)).toEqual({ _id: `${DEMO.communityId}-b5-u3`, communityId: DEMO.communityId, buildingId: `${DEMO.communityId}-b5`, number: 3 })
    expect(await w.store.get('communities', DEMO.communityId)).toMatchObject({ householdCount: 121 })

    const audit = await w.store.find<AuditEntry>('audit', { communityId: DEMO.communityId }, { orderBy: [{ field: '_id', direction: 'asc' }] })
    expect(audit.map((a) => [a.entity, a.entityId, a.before === null ? 'created' : 'changed'])).toEqual([
      ['household', `${DEMO.communityId}-b3-u1-201`, 'changed'],
      ['unit', `${DEMO.communityId}-b5-u3`, 'created'],
      ['household', `${DEMO.communityId}-b5-u3-101`, 'created'],
      ['roster', DEMO.communityId, 'changed'],
    ])
    expect(audit[0]).toMatchObject({ action: 'households.import', byUserId: 'u-off-1', byName: '社区干事 赵三（示例）', at: NOW.toISOString(), before: oldChanged, after: nowChanged })
    expect(audit[3]).toMatchObject({ before: { householdCount: 120 }, after: { householdCount: 121, created: 1, updated: 1, unchanged: 118, notInFile: ['4号楼2单元102'] } })

    // The same file again: nothing changes any more.
    const again = ok<ImportResult>(await call(w, DEMO.office, 'import', { fileBase64: await xlsx(m) }))
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 120, notInFile: ['4号楼2单元102'] })
    expect(await w.store.get<Household>('households', `${DEMO.communityId}-b3-u1-201`)).toEqual(nowChanged)
  })

  test('a stairwell unit created meanwhile (its id taken) → CONFLICT, not INTERNAL; nothing stored', async () => {
    const m = await exportedMatrix(w)
    m[rowOf(m, 3, 1, '201') - 1][col('专有面积(㎡)')] = 60.05
    m.push([5, 3, '101', 1, '88.8', '新业主', '1234', '', '否', '否', '否'])
    // The unit's deterministic id is taken by a document the import's own read of units does not see.
    await w.store.insert<Unit>('units', { _id: `${DEMO.communityId}-b5-u3`, communityId: 'c-elsewhere', buildingId: 'c-elsewhere-b5', number: 3 })
    const before = await snapshot(w.store)
    expectFailure(await call(w, DEMO.office, 'import', { fileBase64: await xlsx(m) }), 'CONFLICT')
    expect(await snapshot(w.store)).toEqual(before)
  })

  describe('bad rows: the import is refused with the row and column, and nothing is stored', () => {
    // Each case also changes a good row (3-1-201's area) so that a partial write would show.
    test.each([
      ['duplicate room', (m: unknown[][]) => { m[rowOf(m, 1, 2, '102') - 1][col('房号')] = '101' }, [[rowOf, 1, 2, '101', '房号'], [rowOf, 1, 2, '102', '房号']]],
      ['area 0', (m: unknown[][]) => { m[rowOf(m, 2, 1, '301') - 1][col('专有面积(㎡)')] = 0 }, [[rowOf, 2, 1, '301', '专有面积(㎡)']]],
      ['absurd area (7124 for 71.24)', (m: unknown[][]) => { m[rowOf(m, 2, 1, '302') - 1][col('专有面积(㎡)')] = 7124 }, [[rowOf, 2, 1, '302', '专有面积(㎡)']]],
      ['unknown building', (m: unknown[][]) => { m[rowOf(m, 5, 2, '601') - 1][col('楼栋号')] = 7 }, [[rowOf, 5, 2, '601', '楼栋号']]],
      ['floor 7 in a 6-floor building', (m: unknown[][]) => { m[rowOf(m, 4, 1, '602') - 1][col('楼层')] = 7 }, [[rowOf, 4, 1, '602', '楼层']]],
      ['co-owned flag with one owner', (m: unknown[][]) => { m[rowOf(m, 1, 1, '301') - 1][col('共有')] = '是' }, [[rowOf, 1, 1, '301', '共有']]],
      ['a phone of 10 digits', (m: unknown[][]) => { m[rowOf(m, 1, 1, '301') - 1][col('联系电话')] = '1391234567' }, [[rowOf, 1, 1, '301', '联系电话']]],
    ] as [string, (m: unknown[][]) => void, [typeof rowOf, number, number, string, RosterColumn][]][])('%s', async (_what, spoil, expected) => {
      const m = await exportedMatrix(w)
      m[rowOf(m, 3, 1, '201') - 1][col('专有面积(㎡)')] = 60.05
      // Where the bad rows are, found before spoiling (a spoiled room no longer identifies its row).
      const want = expected.map(([find, b, u, room, column]) => ({ row: find(m, b, u, room), column }))
      spoil(m)
      const before = await snapshot(w.store)
      const r = await call(w, DEMO.office, 'import', { fileBase64: await xlsx(m) })
      expectFailure(r, 'IMPORT_REJECTED', '没有导入任何数据')
      if (r.ok) return
      expect(r.errors?.map((e) => ({ row: e.row, column: e.column }))).toEqual(want)
      for (const e of r.errors ?? []) expect(e.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(await snapshot(w.store)).toEqual(before)
    })
  })

  test('wrong columns → IMPORT_REJECTED naming the missing and unknown ones', async () => {
    const m = await exportedMatrix(w)
    m[0][col('专有面积(㎡)')] = '建筑面积'
    const before = await snapshot(w.store)
    const r = await call(w, DEMO.office, 'import', { fileBase64: await xlsx(m) })
    expectFailure(r, 'IMPORT_REJECTED')
    if (r.ok) return
    expect(r.errors).toEqual([{ row: 1, column: '专有面积(㎡)、建筑面积', message: expect.stringContaining('缺少列：专有面积(㎡)；无法识别的列：建筑面积') }])
    expect(await snapshot(w.store)).toEqual(before)
  })
})

describe('files that are not a roster (SQLite store)', () => {
  let w: World
  beforeEach(async () => {
    w = await sqliteWorld()
  })
  afterEach(() => w.dispose())

  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')
  test.each([
    ['a PNG image', PNG],
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
    ['a zip that is not a workbook', null],
    ['an old .xls (OLE header)', Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex')],
    ['a truncated xlsx', 'truncated'],
  ] as [string, Buffer | null | 'truncated'][])('%s → FILE_INVALID, nothing stored', async (_what, bytes) => {
    let file: Buffer
    if (bytes === null) {
      const zip = new JSZip()
      zip.file('hello.txt', '不是表格')
      file = await zip.generateAsync({ type: 'nodebuffer' })
    } else if (bytes === 'truncated') {
      const good = await writeSheet([...ROSTER_COLUMNS], [[1, 1, '101', 1, 58.36, '王建国', '1234', '', '否', '否', '否']])
      file = good.subarray(0, Math.floor(good.length / 2))
    } else file = bytes
    const before = await snapshot(w.store)
    expectFailure(await call(w, DEMO.office, 'import', { fileBase64: b64(file) }), 'FILE_INVALID', '不是 Excel 表格')
    expect(await snapshot(w.store)).toEqual(before)
  })

  test('a file over 5 MB → FILE_TOO_LARGE (judged on the base64 length, before decoding)', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 1)
    expectFailure(await call(w, DEMO.office, 'import', { fileBase64: b64(big) }), 'FILE_TOO_LARGE', '5 MB')
    // Just under the limit is read (and refused as not an Excel file).
    expectFailure(await call(w, DEMO.office, 'import', { fileBase64: b64(Buffer.alloc(5 * 1024 * 1024, 1)) }), 'FILE_INVALID')
  })

  test('no file, an empty file → INVALID_INPUT', async () => {
    expectFailure(await call(w, DEMO.office, 'import', {}), 'INVALID_INPUT', '请选择要导入的 Excel 文件')
    expectFailure(await call(w, DEMO.office, 'import', { fileBase64: '' }), 'INVALID_INPUT')
  })

  const MINE = `cloud://env-1a2b.7072-env-1a2b-1300000000/imports/${DEMO.communityId}/1764036000000-k3x9.xlsx`

  test('a fileID (weapp) under imports/<communityId>/ is fetched through deps.files; without cloud storage it is refused', async () => {
    const out = ok<ExportResult>(await call(w, DEMO.office, 'export'))
    expectFailure(await call(w, DEMO.office, 'import', { fileID: MINE }), 'INVALID_INPUT', '本地模式')
    const asked: string[] = []
    w.deps.files = {
      download: async (id) => {
        asked.push(id)
        return Buffer.from(out.fileBase64, 'base64')
      },
    }
    expect(ok<ImportResult>(await call(w, DEMO.office, 'import', { fileID: MINE }))).toMatchObject({ unchanged: 120 })
    expect(asked).toEqual([MINE])
  })

  test.each([
    ['not in any community’s folder', 'cloud://env/imports/a.xlsx'],
    ['the other community’s folder', `cloud://env/imports/${DEMO.otherCommunityId}/a.xlsx`],
    ['the district’s folder', `cloud://env/imports/${DEMO.districtId}/a.xlsx`],
    ['a folder that only starts like ours', `cloud://env/imports/${DEMO.communityId}x/a.xlsx`],
    ['climbing out with ..', `cloud://env/imports/${DEMO.communityId}/../${DEMO.otherCommunityId}/a.xlsx`],
    ['an escaped ..', `cloud://env/imports/${DEMO.communityId}/%2e%2e%2fa.xlsx`],
    ['a sub-folder', `cloud://env/imports/${DEMO.communityId}/x/a.xlsx`],
    ['the folder itself', `cloud://env/imports/${DEMO.communityId}/`],
    ['our folder deeper in another path', `cloud://env/other/imports/${DEMO.communityId}/a.xlsx`],
    ['not a cloud:// file', `https://example.com/imports/${DEMO.communityId}/a.xlsx`],
  ])('a fileID %s → FORBIDDEN, never downloaded, nothing stored', async (_what, fileID) => {
    const asked: string[] = []
    w.deps.files = {
      download: async (id) => {
        asked.push(id)
        return Buffer.alloc(0)
      },
    }
    const before = await snapshot(w.store)
    expectFailure(await call(w, DEMO.office, 'import', { fileID }), 'FORBIDDEN')
    expect(asked).toEqual([])
    expect(await snapshot(w.store)).toEqual(before)
  })

  test('a 50,000-row file is refused with the row-limit message, quickly, and nothing is stored', async () => {
    const rows = Array.from({ length: 50000 }, (_, i) => [1 + (i % 5), 1 + (i % 2), String(1000 + i), 1, 58.36, '王建国', '1234', '', '否', '否', '否'])
    const file = b64(await writeSheet([...ROSTER_COLUMNS], rows))
    const before = await snapshot(w.store)
    const started = Date.now()
    const r = await call(w, DEMO.office, 'import', { fileBase64: file })
    const ms = Date.now() - started
    expectFailure(r, 'IMPORT_REJECTED')
    if (!r.ok) expect(r.errors).toEqual([{ row: 1, column: '', message: '表格有 50000 行，超过单个小区上限 5000 户' }])
    // Counted from the sheet's XML without reading cells (reading them all takes seconds).
    expect(ms).toBeLessThan(1500)
    expect(await snapshot(w.store)).toEqual(before)
  }, 60_000)

  test('rich text, formulas and styled blank rows are read as their values', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('名册')
    ws.addRow([...ROSTER_COLUMNS])
    ws.addRow([1, 1, { richText: [{ text: '1' }, { text: '01', font: { bold: true } }] }, 1, { formula: '50+8.36', result: 58.36 }, '王建国', '1234', '', '否', '否', '否'])
    for (let i = 0; i < 20; i++) ws.getRow(10 + i).getCell(1).style = { font: { bold: true } }
    const file = b64(Buffer.from(await wb.xlsx.writeBuffer()))
    const r = ok<ImportResult>(await call(w, DEMO.office, 'import', { fileBase64: file }))
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 0 })
    expect(await w.store.get('households', `${DEMO.communityId}-b1-u1-101`)).toMatchObject({ areaCentiM2: 5836, owners: [{ name: '王建国', idTail: '1234' }], version: 2 })
  })
})

describe('who may import and export (SQLite store)', () => {
  let w: World
  beforeAll(async () => {
    w = await sqliteWorld()
  })
  afterAll(() => w.dispose())

  test.each([
    ['the other community’s office naming ours', DEMO.otherOffice, 'FORBIDDEN'],
    ['a resident', DEMO.resident, 'FORBIDDEN'],
    ['the district officer', DEMO.district, 'FORBIDDEN'],
    ['a WeChat user not registered', 'o-stranger', 'NOT_REGISTERED'],
    ['no identity', null, 'UNAUTHENTICATED'],
  ] as const)('%s → %s, for import and export, nothing stored', async (_who, openid, code) => {
    const out = ok<ExportResult>(await call(w, DEMO.office, 'export'))
    const before = await snapshot(w.store)
    expectFailure(await call(w, openid, 'import', { fileBase64: out.fileBase64, communityId: DEMO.communityId }), code)
    expectFailure(await call(w, openid, 'export', { communityId: DEMO.communityId }), code)
    expect(await snapshot(w.store)).toEqual(before)
  })

  test('our file imported by the other office lands in their own community, where our buildings 3–5 are unknown', async () => {
    const out = ok<ExportResult>(await call(w, DEMO.office, 'export'))
    const before = await snapshot(w.store)
    const r = await call(w, DEMO.otherOffice, 'import', { fileBase64: out.fileBase64 })
    expectFailure(r, 'IMPORT_REJECTED')
    if (!r.ok) expect(r.errors).toContainEqual(expect.objectContaining({ column: '楼栋号', message: '未知楼栋 3 号楼' }))
    expect(await snapshot(w.store)).toEqual(before)
  })
})

/**
 * Reading and writing the district ledger sheet (src/core/ledger-sheet.ts): one test per rule
 * of the brief for issue 3 (header complete, ≤ 2000 rows, name required and unique, years,
 * counts, exact area, enum labels from src/core/ledger.ts, optional batch year), and that an
 * exported row reads back as the same entry.
 */
import {
  ELIGIBILITY_COLUMN,
  LEDGER_COLUMNS,
  LEDGER_EXPORT_HEADERS,
  ledgerEntryId,
  ledgerRows,
  MAX_LEDGER_ROWS,
  parseCentiM2,
  parseLedger,
  sameLedgerFields,
} from '@/core/ledger-sheet'
import { eligibility, type LedgerFields } from '@/core/ledger'

const CTX = { districtId: 'd-1', existing: [] }
const HEADER = [...LEDGER_COLUMNS]

/** A good row in LEDGER_COLUMNS order, with some cells replaced. */
function row(over: Partial<Record<(typeof LEDGER_COLUMNS)[number], unknown>> = {}): unknown[] {
  const base: Record<string, unknown> = {
    小区名称: '汴绣里小区',
    所在街道: '北道门街道',
    建成年份: 1993,
    楼栋数: 5,
    户数: 120,
    '总建筑面积(㎡)': 9876.54,
    产权性质: '单位房改房',
    物业管理: '无物业',
    原产权单位: '开封市某纺织厂',
    排除情形: '',
    改造批次年份: 2019,
  }
  return LEDGER_COLUMNS.map((c) => (c in over ? over[c] : base[c]))
}

const parse = (...rows: unknown[][]) => parseLedger([HEADER, ...rows], CTX)

describe('a good sheet', () => {
  test('gives one entry per row with exact fields and a deterministic id', () => {
    const { entries, errors } = parse(row(), row({ 小区名称: '梁苑新村', 原产权单位: '', 改造批次年份: '' }))
    expect(errors).toEqual([])
    expect(entries).toEqual([
      {
        _id: ledgerEntryId('d-1', '汴绣里小区'),
        name: '汴绣里小区',
        street: '北道门街道',
        yearBuilt: 1993,
        buildingCount: 5,
        householdCount: 120,
        floorAreaCentiM2: 987654,
        ownershipType: 'reform',
        management: 'none',
        originalPropertyUnit: '开封市某纺织厂',
        exclusions: [],
        batchYear: 2019,
      },
      expect.objectContaining({ name: '梁苑新村', batchYear: null, _id: ledgerEntryId('d-1', '梁苑新村') }),
    ])
    expect(entries[1]).not.toHaveProperty('originalPropertyUnit')
  })

  test('ids depend on district and name only (spaces ignored), and differ otherwise', () => {
    expect(ledgerEntryId('d-1', '汴绣里小区')).toBe(ledgerEntryId('d-1', ' 汴绣里 小区'))
    expect(ledgerEntryId('d-1', '汴绣里小区')).toMatch(/^c-[0-9a-f]{16}$/)
    expect(ledgerEntryId('d-1', '汴绣里小区')).not.toBe(ledgerEntryId('d-2', '汴绣里小区'))
    expect(ledgerEntryId('d-1', '汴绣里小区')).not.toBe(ledgerEntryId('d-1', '汴绣里新区'))
  })

  test('a row naming a stored community keeps that community’s id', () => {
    const { entries } = parseLedger([HEADER, row()], { districtId: 'd-1', existing: [{ _id: 'c-bianxiuli', name: '汴绣里小区' }] })
    expect(entries[0]._id).toBe('c-bianxiuli')
  })

  test('columns may come in any order, headers with full-width brackets; empty rows are skipped', () => {
    const order = [...LEDGER_COLUMNS].reverse()
    const header = order.map((c) => (c === '总建筑面积(㎡)' ? '总建筑面积（平方米）' : c))
    const good = row()
    const reordered = order.map((c) => good[LEDGER_COLUMNS.indexOf(c)])
    const { entries, errors } = parseLedger([header, [], reordered, [null, '', '  ']], CTX)
    expect(errors).toEqual([])
    expect(entries).toHaveLength(1)
    expect(entries[0].floorAreaCentiM2).toBe(987654)
  })

  test('text cells are accepted for numbers (what people type), incl. full-width digits and thousands commas', () => {
    const { entries, errors } = parse(row({ 建成年份: '１９８８', 户数: '1,200', '总建筑面积(㎡)': '12,345.6' }))
    expect(errors).toEqual([])
    expect(entries[0]).toMatchObject({ yearBuilt: 1988, householdCount: 1200, floorAreaCentiM2: 1234560 })
  })

  test('exclusions: labels of src/core/ledger.ts or their short forms, separated by 、; eligibility follows', () => {
    const { entries, errors } = parse(row({ 排除情形: '城中村、已实施“三供一业”改造' }), row({ 小区名称: '乙', 排除情形: '棚户区，自建房' }), row({ 小区名称: '丙', 排除情形: '无' }))
    expect(errors).toEqual([])
    expect(entries.map((e) => e.exclusions)).toEqual([['urbanVillage', 'threeSupplies'], ['shantytown', 'selfBuilt'], []])
    expect(eligibility(entries[0])).toEqual({ eligible: false, reasons: ['城中村', '已实施“三供一业”改造'] })
    expect(eligibility(entries[2]).eligible).toBe(true)
  })
})

describe('parseCentiM2: exact hundredths of m², never a float in between', () => {
  test.each([
    [9876.54, 987654],
    ['9876.54', 987654],
    ['9876.5', 987650],
    ['9876', 987600],
    [1234.1, 123410],
    ['1234.500', 123450],
    ['1 234.56㎡', 123456],
    ['0', 0],
  ])('%p → %p', (cell, centi) => {
    expect(parseCentiM2(cell)).toBe(centi)
  })
  test.each([['12.345'], ['-5'], ['abc'], ['1e5'], [Number.NaN], [''], ['12..3']])('%p is refused', (cell) => {
    expect(parseCentiM2(cell)).toBeNull()
  })
})

describe('each rule reports its row and column, and no entry is given for a bad row', () => {
  const cases: [string, unknown[], string, RegExp][] = [
    ['name missing', row({ 小区名称: '' }), '小区名称', /请填写小区名称/],
    ['name too long', row({ 小区名称: '长'.repeat(41) }), '小区名称', /40/],
    ['street missing', row({ 所在街道: null }), '所在街道', /请填写所在街道/],
    ['year not a number', row({ 建成年份: '九三年' }), '建成年份', /整数.*九三年/],
    ['year with a fraction', row({ 建成年份: 1993.5 }), '建成年份', /整数/],
    ['year out of range', row({ 建成年份: 1850 }), '建成年份', /1900 到 2100/],
    ['year missing', row({ 建成年份: '' }), '建成年份', /请填写建成年份/],
    ['no buildings', row({ 楼栋数: 0 }), '楼栋数', /1 到 500/],
    ['negative households', row({ 户数: -3 }), '户数', /1 到 20000/],
    ['too many households', row({ 户数: 50000 }), '户数', /1 到 20000/],
    ['area zero', row({ '总建筑面积(㎡)': 0 }), '总建筑面积(㎡)', /大于 0/],
    ['area negative', row({ '总建筑面积(㎡)': -100 }), '总建筑面积(㎡)', /最多两位小数/],
    ['area with three decimals', row({ '总建筑面积(㎡)': '100.125' }), '总建筑面积(㎡)', /最多两位小数/],
    ['area absurd (6 million m²)', row({ '总建筑面积(㎡)': 6_000_000 }), '总建筑面积(㎡)', /过大/],
    ['area missing', row({ '总建筑面积(㎡)': null }), '总建筑面积(㎡)', /请填写总建筑面积/],
    ['unknown ownership label', row({ 产权性质: '私房' }), '产权性质', /私房.*直管公房、单位房改房、商品房、混合、其他/],
    ['unknown management label', row({ 物业管理: '业委会' }), '物业管理', /业委会.*物业公司、单位自管、无物业/],
    ['management missing', row({ 物业管理: '' }), '物业管理', /请填写物业管理/],
    ['unknown exclusion', row({ 排除情形: '城中村、危房' }), '排除情形', /危房.*已纳入棚户区改造计划/],
    ['batch year not a year', row({ 改造批次年份: '明年' }), '改造批次年份', /整数/],
    ['batch year before 2000', row({ 改造批次年份: 1999 }), '改造批次年份', /2000 到 2100/],
    ['original unit too long', row({ 原产权单位: '单'.repeat(61) }), '原产权单位', /60/],
  ]
  test.each(cases)('%s', (_case, bad, column, message) => {
    const { entries, errors } = parse(row({ 小区名称: '好小区' }), bad)
    expect(errors).toEqual([{ row: 3, column, message: expect.stringMatching(message) }])
    expect(entries.map((e) => e.name)).toEqual(['好小区'])
  })

  test('several problems in one row are all reported', () => {
    const { errors } = parse(row({ 建成年份: 'x', 产权性质: 'y', 改造批次年份: 'z' }))
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, '建成年份'],
      [2, '产权性质'],
      [2, '改造批次年份'],
    ])
  })

  test('a name twice in the file (spaces aside) is reported at the second row, naming the first', () => {
    const { errors } = parse(row(), row({ 小区名称: '梁苑新村' }), row({ 小区名称: '汴绣里 小区' }))
    expect(errors).toEqual([{ row: 4, column: '小区名称', message: expect.stringMatching(/第 2 行重复/) }])
  })
})

describe('file-level problems are one error at row 1 and no entries', () => {
  test('missing columns are listed in one error', () => {
    const header = HEADER.filter((c) => c !== '户数' && c !== '产权性质')
    const { entries, errors } = parseLedger([header, row()], CTX)
    expect(entries).toEqual([])
    expect(errors).toEqual([{ row: 1, column: '户数、产权性质', message: expect.stringMatching(/缺少这些列：户数、产权性质/) }])
  })

  test('a roster sheet (wrong columns) is refused the same way', () => {
    const { errors } = parseLedger([['楼号', '单元', '房号', '面积'], [1, 1, '101', 58.36]], CTX)
    expect(errors).toHaveLength(1)
    expect(errors[0].message).toMatch(/缺少这些列：小区名称、所在街道/)
  })

  test('an empty sheet', () => {
    expect(parseLedger([], CTX).errors).toEqual([{ row: 1, column: LEDGER_COLUMNS.join('、'), message: expect.any(String) }])
  })

  test('a header and no data', () => {
    expect(parseLedger([HEADER], CTX).errors).toEqual([{ row: 2, column: '', message: '表格里没有数据行。' }])
  })

  test('a column twice in the header', () => {
    expect(parseLedger([[...HEADER, '户数'], row()], CTX).errors).toEqual([{ row: 1, column: '户数', message: expect.stringMatching(/不止一次/) }])
  })

  test(`more than ${MAX_LEDGER_ROWS} rows (here 50,000) are refused as a whole, without checking each row`, () => {
    const many = Array.from({ length: 50_000 }, (_, i) => row({ 小区名称: `小区${i}` }))
    const started = Date.now()
    const { entries, errors } = parse(...many)
    expect(entries).toEqual([])
    expect(errors).toEqual([{ row: MAX_LEDGER_ROWS + 2, column: '', message: expect.stringMatching(/最多 2000 行/) }])
    expect(Date.now() - started).toBeLessThan(1000)
  })

  test(`exactly ${MAX_LEDGER_ROWS} rows are fine`, () => {
    const many = Array.from({ length: MAX_LEDGER_ROWS }, (_, i) => row({ 小区名称: `小区${i}` }))
    const { entries, errors } = parse(...many)
    expect(errors).toEqual([])
    expect(entries).toHaveLength(MAX_LEDGER_ROWS)
  })
})

describe('export rows read back as the same entries', () => {
  const fields: LedgerFields[] = [
    { name: '甲小区', street: '甲街道', yearBuilt: 1990, buildingCount: 3, householdCount: 72, floorAreaCentiM2: 700001, ownershipType: 'public', management: 'company', exclusions: [], batchYear: 2020 },
    { name: '乙小区', street: '乙街道', yearBuilt: 2001, buildingCount: 1, householdCount: 10, floorAreaCentiM2: 99, ownershipType: 'mixed', management: 'self', originalPropertyUnit: '某厂', exclusions: ['urbanVillage', 'shantytown'], batchYear: null },
  ]
  test('the header is the columns plus the computed eligibility, which import ignores', () => {
    expect(LEDGER_EXPORT_HEADERS).toEqual([...LEDGER_COLUMNS, ELIGIBILITY_COLUMN])
    const rows = ledgerRows(fields)
    expect(rows[0][11]).toBe('符合')
    expect(rows[1][11]).toBe('不符合：建成于 2001 年，不早于 2000 年；已纳入棚户区改造计划；城中村')
    expect(rows[1][9]).toBe('已纳入棚户区改造计划、城中村')
  })
  test('round trip', () => {
    const { entries, errors } = parseLedger([LEDGER_EXPORT_HEADERS, ...ledgerRows(fields)], CTX)
    expect(errors).toEqual([])
    expect(entries).toHaveLength(2)
    entries.forEach((e, i) => expect(sameLedgerFields(e, fields[i])).toBe(true))
    expect(entries[1].exclusions).toEqual(['shantytown', 'urbanVillage'])
  })
  test('sameLedgerFields notices a one-hundredth change', () => {
    expect(sameLedgerFields(fields[0], { ...fields[0], floorAreaCentiM2: 700002 })).toBe(false)
  })
})

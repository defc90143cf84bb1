/**
 * The roster sheet (src/core/roster.ts): one test per rule, each naming the sheet row and column
 * the office will see. Rows are sheet rows: the header is row 1, the first flat row 2.
 */
import {
  formatArea,
  householdToRow,
  parseAreaCenti,
  parseRoster,
  parseYesNo,
  ROSTER_COLUMNS,
  rosterContent,
  type RosterColumn,
} from '@/core/roster'

const NOW = new Date('2026-11-25T02:00:00.000Z')
const CTX = { communityId: 'c1', buildings: [{ number: 1, floors: 6 }, { number: 2, floors: null }], now: NOW }

type Row = Partial<Record<RosterColumn, unknown>>
const GOOD: Row = { 楼栋号: 1, 单元号: 1, 房号: '302', 楼层: 3, '专有面积(㎡)': 58.36, 业主姓名: '王建国', 身份证后四位: '1234', 联系电话: '13912345678', 共有: '否', 开发商未售: '否', 出租: '否' }
const row = (over: Row = {}): unknown[] => ROSTER_COLUMNS.map((c) => ({ ...GOOD, ...over })[c] ?? null)
const sheet = (...rows: unknown[][]) => [[...ROSTER_COLUMNS], ...rows]

test('a good row becomes a household with deterministic ids, exact area, version 1', () => {
  const r = parseRoster(sheet(row()), CTX)
  expect(r.errors).toEqual([])
  expect(r.households).toEqual([
    {
      _id: 'c1-b1-u1-302',
      communityId: 'c1',
      buildingId: 'c1-b1',
      unitId: 'c1-b1-u1',
      buildingNumber: 1,
      unitNumber: 1,
      room: '302',
      floor: 3,
      areaCentiM2: 5836,
      owners: [{ name: '王建国', idTail: '1234', phone: '13912345678' }],
      coOwned: false,
      developerUnsold: false,
      tenantOccupied: false,
      version: 1,
      updatedAt: NOW.toISOString(),
    },
  ])
})

test('co-owners: names, ID tails and phones matched by position; any of 、，, separates', () => {
  const r = parseRoster(sheet(row({ 业主姓名: '王建国，李秀兰', 身份证后四位: '1234,567x', 联系电话: '、13900000001', 共有: '是' })), CTX)
  expect(r.errors).toEqual([])
  expect(r.households[0].owners).toEqual([
    { name: '王建国', idTail: '1234' },
    { name: '李秀兰', idTail: '567X', phone: '13900000001' },
  ])
  expect(r.households[0].coOwned).toBe(true)
})

test('cells as people type them: "3号楼", "2单元", room as a number, 是/Y, an ID tail that lost its leading zero', () => {
  const r = parseRoster(sheet(row({ 楼栋号: '1号楼', 单元号: '2单元', 房号: 501, 楼层: '5', '专有面积(㎡)': '71.2', 身份证后四位: 302, 出租: 'Y' })), CTX)
  expect(r.errors).toEqual([])
  expect(r.households[0]).toMatchObject({ _id: 'c1-b1-u2-501', room: '501', floor: 5, areaCentiM2: 7120, tenantOccupied: true, owners: [{ idTail: '0302' }] })
})

test('a developer-unsold flat has no owners', () => {
  const r = parseRoster(sheet(row({ 业主姓名: '', 身份证后四位: '', 联系电话: '', 开发商未售: '是' })), CTX)
  expect(r.errors).toEqual([])
  expect(r.households[0]).toMatchObject({ owners: [], developerUnsold: true, coOwned: false })
})

test('headers in another order, with full-width brackets and spaces, are understood', () => {
  const headers = [...ROSTER_COLUMNS].reverse().map((h) => (h === '专有面积(㎡)' ? ' 专有面积（㎡） ' : h))
  const cells = [...ROSTER_COLUMNS].reverse().map((c) => GOOD[c])
  const r = parseRoster([headers, cells], CTX)
  expect(r.errors).toEqual([])
  expect(r.households[0].areaCentiM2).toBe(5836)
})

describe('each bad cell is reported with its sheet row and column', () => {
  test.each([
    ['unknown building', { 楼栋号: 7 }, '楼栋号', '未知楼栋 7 号楼'],
    ['building not a number', { 楼栋号: '七' }, '楼栋号', '楼栋号应为数字，如 3 或“3号楼”'],
    ['unit 0', { 单元号: 0 }, '单元号', '单元号应为 1 到 20 的整数'],
    ['unit 21', { 单元号: 21 }, '单元号', '单元号应为 1 到 20 的整数'],
    ['unit 1.5', { 单元号: 1.5 }, '单元号', '单元号应为 1 到 20 的整数'],
    ['room empty', { 房号: '' }, '房号', '请填写房号'],
    ['room too long', { 房号: '12345678901' }, '房号', '房号不能超过 10 个字符'],
    ['room with a slash', { 房号: '3/01' }, '房号', '房号只能包含数字、字母、汉字和“-”'],
    ['floor above the building (6 floors)', { 楼层: 7 }, '楼层', '楼层应为 1 到 6 的整数（1号楼共 6 层）'],
    ['floor 0', { 楼层: 0 }, '楼层', '楼层应为 1 到 6 的整数（1号楼共 6 层）'],
    ['floor not whole', { 楼层: 2.5 }, '楼层', '楼层应为 1 到 6 的整数（1号楼共 6 层）'],
    ['floor above 60 where floors are unknown', { 楼栋号: 2, 楼层: 61 }, '楼层', '楼层应为 1 到 60 的整数'],
    ['area 0', { '专有面积(㎡)': 0 }, '专有面积(㎡)', '专有面积应大于 0'],
    ['area negative', { '专有面积(㎡)': -58.36 }, '专有面积(㎡)', '专有面积应大于 0'],
    ['area absurd (5836 for 58.36)', { '专有面积(㎡)': 5836 }, '专有面积(㎡)', '专有面积超过 500 ㎡，请核对'],
    ['area with 3 decimals', { '专有面积(㎡)': '58.365' }, '专有面积(㎡)', '专有面积最多保留两位小数'],
    ['area not a number', { '专有面积(㎡)': '约60' }, '专有面积(㎡)', '专有面积应为数字（平方米），如 58.36，现为“约60”'],
    ['area empty', { '专有面积(㎡)': null }, '专有面积(㎡)', '请填写专有面积'],
    ['no owner on a sold flat', { 业主姓名: '', 身份证后四位: '', 联系电话: '' }, '业主姓名', '请填写业主姓名（开发商未售的房屋请在“开发商未售”填“是”）'],
    ['owners on an unsold flat', { 开发商未售: '是' }, '业主姓名', '开发商未售的房屋不填业主姓名、身份证后四位和联系电话'],
    ['共有=是 with one owner', { 共有: '是' }, '共有', '共有房屋至少要有两位业主'],
    ['共有=否 with two owners', { 业主姓名: '王建国、李秀兰', 身份证后四位: '1234、5678' }, '共有', '有 2 位业主时“共有”应填“是”'],
    ['flag not 是/否', { 出租: '可能' }, '出租', '“出租”应填“是”或“否”（空白视为“否”）'],
    ['ID tail with a letter other than X', { 身份证后四位: '12a4' }, '身份证后四位', '身份证后四位应为 4 位数字或 X'],
    ['ID tails fewer than owners', { 业主姓名: '王建国、李秀兰', 身份证后四位: '1234', 共有: '是' }, '身份证后四位', '身份证后四位应与业主一一对应：业主 2 位，后四位 1 个'],
    ['phone of 10 digits', { 联系电话: '1391234567' }, '联系电话', '联系电话应为 11 位手机号'],
    ['more phones than owners', { 联系电话: '13912345678、13912345679' }, '联系电话', '联系电话比业主多：业主 1 位，电话 2 个'],
    ['the same owner twice', { 业主姓名: '王建国、王建国', 身份证后四位: '1234、1234', 共有: '是' }, '业主姓名', '同一位业主在这一户里填了两次'],
  ] as [string, Row, RosterColumn, string][])('%s', (_what, over, column, message) => {
    // Row 3 is bad; rows 2 and 4 are good flats around it.
    const r = parseRoster(sheet(row({ 房号: '101', 楼层: 1 }), row(over), row({ 房号: '102', 楼层: 1 })), CTX)
    expect(r.errors).toEqual([{ row: 3, column, message }])
    expect(r.households).toEqual([])
  })
})

test('a duplicate flat names both rows; several problems in one row are all listed', () => {
  const r = parseRoster(sheet(row(), row({ 房号: '101', 楼层: 1 }), row({ 楼层: 9, 出租: '?' })), CTX)
  expect(r.errors).toEqual([
    { row: 2, column: '房号', message: '与第 4 行重复（同一楼栋、单元、房号）' },
    { row: 4, column: '房号', message: '与第 2 行重复（同一楼栋、单元、房号）' },
    { row: 4, column: '楼层', message: '楼层应为 1 到 6 的整数（1号楼共 6 层）' },
    { row: 4, column: '出租', message: '“出租”应填“是”或“否”（空白视为“否”）' },
  ])
})

test('blank rows are skipped but row numbers stay those of the sheet', () => {
  const r = parseRoster([[], [...ROSTER_COLUMNS], [], row({ 楼栋号: 9 }), [null, '', '  ']], CTX)
  expect(r.errors).toEqual([{ row: 4, column: '楼栋号', message: '未知楼栋 9 号楼' }])
})

describe('the header row', () => {
  test('missing and unknown columns → one error naming them, no row parsed', () => {
    const headers: string[] = [...ROSTER_COLUMNS.filter((c) => c !== '楼层' && c !== '出租'), '备注']
    const r = parseRoster([headers, ['garbage']], CTX)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ row: 1, column: '楼层、出租、备注' })
    expect(r.errors[0].message).toContain('缺少列：楼层、出租')
    expect(r.errors[0].message).toContain('无法识别的列：备注')
  })
  test('a repeated column is refused', () => {
    const r = parseRoster([[...ROSTER_COLUMNS, '房号'], row()], CTX)
    expect(r.errors).toEqual([expect.objectContaining({ row: 1, column: '房号', message: expect.stringContaining('重复的列：房号') })])
  })
  test('an empty sheet, and a header without rows', () => {
    expect(parseRoster([], CTX).errors).toEqual([expect.objectContaining({ row: 1, message: expect.stringContaining('表格是空的') })])
    expect(parseRoster(sheet(), CTX).errors).toEqual([{ row: 2, column: '', message: '表格里没有住户数据' }])
  })
})

test('more than 5000 flats → one error with the count, before any row is checked', () => {
  // 5001 rows of garbage: were rows checked, there would be thousands of errors.
  const rows = Array.from({ length: 5001 }, () => ['x'])
  const r = parseRoster(sheet(...rows), CTX)
  expect(r.errors).toEqual([{ row: 1, column: '', message: '表格有 5001 行，超过单个小区上限 5000 户' }])
  // Exactly 5000 is allowed (and then the rows are checked).
  expect(parseRoster(sheet(...rows.slice(1)), CTX).errors.length).toBeGreaterThan(1)
})

describe('areas are parsed exactly', () => {
  test.each([
    ['58.36', 5836],
    [58.36, 5836],
    [0.29, 29], // 0.29 * 100 = 28.999999999999996 in floats
    ['1.1', 110],
    ['58.360', 5836],
    ['500', 50000],
    [500.01, '专有面积超过 500 ㎡，请核对'],
    ['1e2', '专有面积应为数字（平方米），如 58.36，现为“1e2”'],
    ['58.36㎡', 5836],
  ] as [unknown, number | string][])('%j → %j', (input, expected) => {
    expect(parseAreaCenti(input)).toBe(expected)
  })
  test.each([[5836, '58.36'], [5830, '58.3'], [5800, '58'], [1, '0.01'], [50000, '500']])('formatArea(%d) = %s', (centi, text) => {
    expect(formatArea(centi)).toBe(text)
  })
})

test.each([
  ['是', true], ['否', false], ['Y', true], ['n', false], ['', false], [null, false], [true, true], ['对', null],
] as [unknown, boolean | null][])('parseYesNo(%j) = %j', (v, expected) => {
  expect(parseYesNo(v)).toBe(expected)
})

test('a household written as a row and parsed again is the same household', () => {
  const r = parseRoster(sheet(row({ 业主姓名: '王建国、李秀兰', 身份证后四位: '1234、0302', 联系电话: '13912345678', 共有: '是', 出租: '是' }), row({ 房号: '101', 楼层: 1, 业主姓名: '', 身份证后四位: '', 联系电话: '', 开发商未售: '是' })), CTX)
  expect(r.errors).toEqual([])
  const again = parseRoster(sheet(...r.households.map((h) => ROSTER_COLUMNS.map((c) => householdToRow(h)[c]))), CTX)
  expect(again.errors).toEqual([])
  expect(again.households.map(rosterContent)).toEqual(r.households.map(rosterContent))
  expect(again.households).toEqual(r.households)
})

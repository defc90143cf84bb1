import { ids, type Household, type Owner } from './community'
import { ownerKey } from './electorate'
import type { RowError } from './errors'

/**
 * The household roster sheet (住户名册) that community offices import and export: one row per
 * flat, the columns below in this order. Several owners go in one cell separated by 、，or ,
 * and their 身份证后四位 and 联系电话 are matched to them by position.
 *
 * `parseRoster` checks the whole sheet and returns every problem with its sheet row and column;
 * the import stores nothing unless there are none.
 */
export const ROSTER_COLUMNS = ['楼栋号', '单元号', '房号', '楼层', '专有面积(㎡)', '业主姓名', '身份证后四位', '联系电话', '共有', '开发商未售', '出租'] as const
export type RosterColumn = (typeof ROSTER_COLUMNS)[number]

/** One community's roster holds at most this many flats (checked before any row is parsed). */
export const ROSTER_MAX_ROWS = 5000
export const UNIT_MAX = 20
export const ROOM_MAX_CHARS = 10
/** Highest floor accepted when the building's floor count is not known. */
export const FLOORS_FALLBACK = 60
/** 500 m² in centi-m²: a larger flat is almost certainly a typo (5836 for 58.36). */
export const AREA_MAX_CENTI = 50000
export const NAME_MAX_CHARS = 20

export interface RosterContext {
  communityId: string
  /** The community's buildings; a row naming any other building is refused. */
  buildings: readonly { _id?: string; number: number; floors: number | null }[]
  now: Date
}

export interface RosterResult {
  households: Household[]
  errors: RowError[]
}

export type RosterRow = Partial<Record<RosterColumn, unknown>>

const SEPARATORS = /[、，,]/

/** Header text as people type it: spaces dropped, full-width brackets and m2 accepted. */
function normaliseHeader(v: unknown): string {
  return cellText(v)
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/m2|m²|平方米/gi, '㎡')
}
const HEADER_INDEX = new Map<string, RosterColumn>(ROSTER_COLUMNS.map((c) => [normaliseHeader(c), c]))

/** A cell as text: numbers without float noise, booleans as 是/否, dates as ISO, blanks as ''. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.trim()
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString()
  return String(v).trim()
}

function isBlankRow(row: readonly unknown[] | undefined): boolean {
  return !row || row.every((c) => cellText(c) === '')
}

/** 是/否 (also Y/N, a ticked boolean cell); blank is 否. Null = not understood. */
export function parseYesNo(v: unknown): boolean | null {
  const t = cellText(v).toUpperCase()
  if (t === '' || t === '否' || t === 'N' || t === 'NO') return false
  if (t === '是' || t === 'Y' || t === 'YES') return true
  return null
}

/**
 * "58.36" m² → 5836 centi-m², exactly (digits are split, never multiplied as floats).
 * Returns a Chinese message when the text is not an area we accept.
 */
export function parseAreaCenti(v: unknown): number | string {
  const t = cellText(v).replace(/㎡$/, '').trim()
  if (t === '') return '请填写专有面积'
  if (/^-\d/.test(t)) return '专有面积应大于 0'
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t)
  if (!m) return `专有面积应为数字（平方米），如 58.36，现为“${t}”`
  const frac = (m[2] ?? '').replace(/0+$/, '')
  if (frac.length > 2) return '专有面积最多保留两位小数'
  if (m[1].length > 6) return `专有面积超过 ${AREA_MAX_CENTI / 100} ㎡，请核对`
  const centi = Number(m[1]) * 100 + Number(frac.padEnd(2, '0'))
  if (centi <= 0) return '专有面积应大于 0'
  if (centi > AREA_MAX_CENTI) return `专有面积超过 ${AREA_MAX_CENTI / 100} ㎡，请核对`
  return centi
}

/** 5836 → "58.36" (exact, for sheets and labels). */
export function formatArea(centi: number): string {
  const whole = Math.trunc(centi / 100)
  const frac = centi % 100
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`
}

function parseWholeNumber(v: unknown, suffix: RegExp): number | null {
  const t = cellText(v).replace(suffix, '')
  return /^\d{1,6}$/.test(t) ? Number(t) : null
}

/** Splits a multi-owner cell; keeps empty slots so that positions still line up. */
function splitCell(v: unknown): string[] {
  const t = cellText(v)
  if (t === '') return []
  const parts = t.split(SEPARATORS).map((s) => s.trim())
  while (parts.length && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** An ID tail typed as a number loses its leading zeros in Excel: 302 was 0302. */
function idTailText(v: unknown): string {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10000) return String(v).padStart(4, '0')
  return cellText(v)
}

/**
 * One roster row → a household, or the row's problems. `row` is the 1-based sheet row used in
 * the messages. Also used to validate a single edited household exactly like an imported row.
 */
export function parseRosterRow(cells: RosterRow, ctx: RosterContext, row: number): { household?: Household; errors: RowError[] } {
  const errors: RowError[] = []
  const err = (column: RosterColumn, message: string) => errors.push({ row, column, message })

  const buildingNumber = parseWholeNumber(cells['楼栋号'], /(号楼|号|栋|幢)$/)
  const building = buildingNumber === null ? undefined : ctx.buildings.find((b) => b.number === buildingNumber)
  if (buildingNumber === null) err('楼栋号', cellText(cells['楼栋号']) === '' ? '请填写楼栋号' : '楼栋号应为数字，如 3 或“3号楼”')
  else if (!building) err('楼栋号', `未知楼栋 ${buildingNumber} 号楼`)

  const unitNumber = parseWholeNumber(cells['单元号'], /单元$/)
  if (unitNumber === null || unitNumber < 1 || unitNumber > UNIT_MAX) err('单元号', `单元号应为 1 到 ${UNIT_MAX} 的整数`)

  const room = cellText(cells['房号'])
  if (room === '') err('房号', '请填写房号')
  else if (Array.from(room).length > ROOM_MAX_CHARS) err('房号', `房号不能超过 ${ROOM_MAX_CHARS} 个字符`)
  else if (!/^[0-9A-Za-z\u4e00-\u9fa5-]+$/.test(room)) err('房号', '房号只能包含数字、字母、汉字和“-”')

  const maxFloor = building?.floors ?? FLOORS_FALLBACK
  const floor = parseWholeNumber(cells['楼层'], /层$/)
  if (floor === null || floor < 1 || floor > maxFloor) {
    err('楼层', building?.floors ? `楼层应为 1 到 ${maxFloor} 的整数（${building.number}号楼共 ${maxFloor} 层）` : `楼层应为 1 到 ${maxFloor} 的整数`)
  }

  const area = parseAreaCenti(cells['专有面积(㎡)'])
  if (typeof area === 'string') err('专有面积(㎡)', area)

  const coOwned = parseYesNo(cells['共有'])
  const developerUnsold = parseYesNo(cells['开发商未售'])
  const tenantOccupied = parseYesNo(cells['出租'])
  for (const [column, value] of [['共有', coOwned], ['开发商未售', developerUnsold], ['出租', tenantOccupied]] as const) {
    if (value === null) err(column, `“${column}”应填“是”或“否”（空白视为“否”）`)
  }

  const names = splitCell(cells['业主姓名'])
  const tails = splitCell(cells['身份证后四位'] === undefined ? '' : idTailText(cells['身份证后四位']))
  const phones = splitCell(cells['联系电话'])
  const owners: Owner[] = []
  if (developerUnsold === true) {
    if (names.length || tails.length || phones.length) err('业主姓名', '开发商未售的房屋不填业主姓名、身份证后四位和联系电话')
    if (coOwned === true) err('共有', '开发商未售的房屋不能是共有')
  } else if (developerUnsold === false) {
    if (names.length === 0) err('业主姓名', '请填写业主姓名（开发商未售的房屋请在“开发商未售”填“是”）')
    else if (names.some((n) => n === '')) err('业主姓名', '业主姓名之间有多余的分隔符')
    else if (names.some((n) => Array.from(n).length > NAME_MAX_CHARS)) err('业主姓名', `业主姓名不能超过 ${NAME_MAX_CHARS} 个字`)
    else {
      if (coOwned === true && names.length < 2) err('共有', '共有房屋至少要有两位业主')
      if (coOwned === false && names.length > 1) err('共有', `有 ${names.length} 位业主时“共有”应填“是”`)
      if (tails.length !== names.length) err('身份证后四位', `身份证后四位应与业主一一对应：业主 ${names.length} 位，后四位 ${tails.length} 个`)
      else if (tails.some((t) => !/^[0-9Xx]{4}$/.test(t))) err('身份证后四位', '身份证后四位应为 4 位数字或 X')
      if (phones.length > names.length) err('联系电话', `联系电话比业主多：业主 ${names.length} 位，电话 ${phones.length} 个`)
      else if (phones.some((p) => p !== '' && !/^\d{11}$/.test(p))) err('联系电话', '联系电话应为 11 位手机号')
      names.forEach((name, i) => {
        const o: Owner = { name, idTail: (tails[i] ?? '').toUpperCase() }
        if (phones[i]) o.phone = phones[i]
        owners.push(o)
      })
      const keys = owners.map(ownerKey)
      if (new Set(keys).size !== keys.length) err('业主姓名', '同一位业主在这一户里填了两次')
    }
  }

  if (errors.length || !building || buildingNumber === null || unitNumber === null || floor === null || typeof area === 'string') return { errors }
  return {
    errors,
    household: {
      _id: ids.household(ctx.communityId, buildingNumber, unitNumber, room),
      communityId: ctx.communityId,
      buildingId: building._id ?? ids.building(ctx.communityId, buildingNumber),
      unitId: ids.unit(ctx.communityId, buildingNumber, unitNumber),
      buildingNumber,
      unitNumber,
      room,
      floor,
      areaCentiM2: area,
      owners: developerUnsold ? [] : owners,
      coOwned: coOwned === true,
      developerUnsold: developerUnsold === true,
      tenantOccupied: tenantOccupied === true,
      version: 1,
      updatedAt: ctx.now.toISOString(),
    },
  }
}

/** The one error of a sheet with more than ROSTER_MAX_ROWS data rows. */
export function rowLimitError(dataRows: number, headerRow = 1): RowError {
  return { row: headerRow, column: '', message: `表格有 ${dataRows} 行，超过单个小区上限 ${ROSTER_MAX_ROWS} 户` }
}

/**
 * The whole sheet (rows of cells, row 1 first). The header row is the first non-blank row and
 * must hold exactly the roster columns (in any order); blank rows are skipped. A sheet with more
 * than ROSTER_MAX_ROWS rows is refused before any row is read.
 */
export function parseRoster(matrix: readonly (readonly unknown[] | undefined)[], ctx: RosterContext): RosterResult {
  const headerAt = matrix.findIndex((r) => !isBlankRow(r))
  if (headerAt < 0) return { households: [], errors: [{ row: 1, column: '', message: `表格是空的：第一行应为表头（${ROSTER_COLUMNS.join('、')}）` }] }
  const headerRow = headerAt + 1
  const header = matrix[headerAt] ?? []
  const columnAt = new Map<RosterColumn, number>()
  const unknown: string[] = []
  const repeated: string[] = []
  header.forEach((cell, i) => {
    const text = cellText(cell)
    if (text === '') return
    const column = HEADER_INDEX.get(normaliseHeader(cell))
    if (!column) unknown.push(text)
    else if (columnAt.has(column)) repeated.push(column)
    else columnAt.set(column, i)
  })
  const missing = ROSTER_COLUMNS.filter((c) => !columnAt.has(c))
  if (missing.length || unknown.length || repeated.length) {
    const parts = [
      missing.length ? `缺少列：${missing.join('、')}` : '',
      unknown.length ? `无法识别的列：${unknown.join('、')}` : '',
      repeated.length ? `重复的列：${repeated.join('、')}` : '',
    ].filter(Boolean)
    return {
      households: [],
      errors: [{ row: headerRow, column: [...missing, ...unknown, ...repeated].join('、'), message: `表头不对：${parts.join('；')}。表头应为：${ROSTER_COLUMNS.join('、')}` }],
    }
  }

  let dataRows = 0
  for (let i = headerAt + 1; i < matrix.length; i++) if (!isBlankRow(matrix[i])) dataRows++
  if (dataRows > ROSTER_MAX_ROWS) return { households: [], errors: [rowLimitError(dataRows, headerRow)] }
  if (dataRows === 0) return { households: [], errors: [{ row: headerRow + 1, column: '', message: '表格里没有住户数据' }] }

  const households: Household[] = []
  const errors: RowError[] = []
  const rowsByKey = new Map<string, number[]>()
  for (let i = headerAt + 1; i < matrix.length; i++) {
    const raw = matrix[i]
    if (!raw || isBlankRow(raw)) continue
    const cells: RosterRow = {}
    for (const [column, at] of columnAt) cells[column] = raw[at]
    const parsed = parseRosterRow(cells, ctx, i + 1)
    errors.push(...parsed.errors)
    if (parsed.household) households.push(parsed.household)
    const b = parseWholeNumber(cells['楼栋号'], /(号楼|号|栋|幢)$/)
    const u = parseWholeNumber(cells['单元号'], /单元$/)
    const room = cellText(cells['房号'])
    if (b !== null && u !== null && room !== '') {
      const key = `${b}|${u}|${room}`
      rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), i + 1])
    }
  }
  for (const rows of rowsByKey.values()) {
    if (rows.length < 2) continue
    for (const row of rows) {
      const others = rows.filter((r) => r !== row).map((r) => `第 ${r} 行`).join('、')
      errors.push({ row, column: '房号', message: `与${others}重复（同一楼栋、单元、房号）` })
    }
  }
  errors.sort((a, b) => a.row - b.row || ROSTER_COLUMNS.indexOf(a.column as RosterColumn) - ROSTER_COLUMNS.indexOf(b.column as RosterColumn))
  return { households: errors.length ? [] : households, errors }
}

/** A household as a roster row (export, and the starting point of a single edit). */
export function householdToRow(h: Household): Record<RosterColumn, string | number> {
  const tails = h.owners.map((o) => o.idTail ?? '')
  const phones = h.owners.map((o) => o.phone ?? '')
  while (phones.length && phones[phones.length - 1] === '') phones.pop()
  return {
    楼栋号: h.buildingNumber,
    单元号: h.unitNumber,
    房号: h.room,
    楼层: h.floor,
    '专有面积(㎡)': Number(formatArea(h.areaCentiM2)),
    业主姓名: h.owners.map((o) => o.name).join('、'),
    身份证后四位: tails.join('、'),
    联系电话: phones.join('、'),
    共有: h.coOwned ? '是' : '否',
    开发商未售: h.developerUnsold ? '是' : '否',
    出租: h.tenantOccupied ? '是' : '否',
  }
}

/** The roster's content of a household (what an import may change), comparable with `===`. */
export function rosterContent(h: Household): string {
  return JSON.stringify([
    h.buildingId,
    h.unitId,
    h.buildingNumber,
    h.unitNumber,
    h.room,
    h.floor,
    h.areaCentiM2,
    h.owners.map((o) => [o.name, o.idTail ?? '', o.phone ?? '']),
    h.coOwned,
    h.developerUnsold,
    h.tenantOccupied,
  ])
}

/** A roster row as lists show it: owners' names and phones masked (王*国, 139****5678). */
export interface RosterListItem {
  _id: string
  label: string
  buildingNumber: number
  unitNumber: number
  room: string
  floor: number
  areaCentiM2: number
  owners: { name: string; phone?: string }[]
  coOwned: boolean
  developerUnsold: boolean
  tenantOccupied: boolean
  version: number
  /** People bound to the household in the app. */
  memberCount: number
}

import * as z from 'zod/mini'
import type { Community } from './community'
import type { RowError } from './errors'
import {
  eligibility,
  EXCLUSION_LABELS,
  EXCLUSIONS,
  ledgerFieldsSchema,
  MANAGEMENT_LABELS,
  MANAGEMENT_TYPES,
  OWNERSHIP_LABELS,
  OWNERSHIP_TYPES,
  type Exclusion,
  type LedgerFields,
  type ManagementType,
  type OwnershipType,
} from './ledger'

/**
 * The district ledger as a spreadsheet (项目库/台账, seed 六(一)): its columns, reading a sheet
 * into ledger entries with a row-by-row error report, and writing entries back as rows.
 * Pure: the cells come in as a matrix (row 0 = spreadsheet row 1, the header row).
 * Eligibility is never a column that is read: it follows from the year and the exclusions.
 */
export const LEDGER_COLUMNS = [
  '小区名称',
  '所在街道',
  '建成年份',
  '楼栋数',
  '户数',
  '总建筑面积(㎡)',
  '产权性质',
  '物业管理',
  '原产权单位',
  '排除情形',
  '改造批次年份',
] as const
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]

/** Written on export for people to read; ignored on import (it is computed, never trusted). */
export const ELIGIBILITY_COLUMN = '是否符合改造条件'

/** More data rows than this are refused as a whole (a district has a few hundred communities). */
export const MAX_LEDGER_ROWS = 2000
/** Total floor area above this (5 million m²) is surely a typo. */
export const MAX_FLOOR_AREA_CENTI_M2 = 5_000_000 * 100

/** One problem: spreadsheet row (1 = the header row), the column's header ('' = the row or file), message. */
export type SheetError = RowError

export type LedgerEntry = LedgerFields & { _id: string }

export interface ParsedLedger {
  entries: LedgerEntry[]
  errors: SheetError[]
}

/** Two FNV-1a 32-bit hashes with different seeds, as 16 hex digits (ids only, not security). */
function hash64(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x5bd1e995
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15)
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
}

/** Names compare without spaces of any width. */
export function normalizeName(name: string): string {
  return name.replace(/[\s\u3000]+/g, '')
}

/**
 * The deterministic id of a ledger entry: the same district and name give the same id, so that
 * re-importing the ledger updates the same communities.
 */
export function ledgerEntryId(districtId: string, name: string): string {
  return `c-${hash64(`${districtId}\u0000${normalizeName(name)}`)}`
}

/** Cell values as exceljs (normalised) hands them over: text, numbers, dates, booleans, empty. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.replace(/\u3000/g, ' ').trim()
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) return String(v.getFullYear())
  return String(v).trim()
}

const FULL_WIDTH_DIGITS = /[０-９．]/g
function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH_DIGITS, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
}

/** Header text compared without spaces, brackets of either width, or the unit in them. */
function headerKey(v: unknown): string {
  return cellText(v)
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(][^）)]*[）)]/g, '')
}

/** An integer cell ("1993", 1993, "１９９３"); null if it is not a whole number. */
function parseInteger(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null
  const s = halfWidth(cellText(v)).replace(/[,，]/g, '')
  return /^\d{1,9}$/.test(s) ? Number(s) : null
}

/**
 * A decimal number of m² to exact hundredths: "12345.6" → 1234560. A number cell is read through
 * its shortest decimal form (String(12345.67) === "12345.67"), so no float ever enters a sum.
 * Null if not a plain decimal with at most two places.
 */
export function parseCentiM2(v: unknown): number | null {
  const s = halfWidth(typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : cellText(v))
    .replace(/[,，\s]/g, '')
    .replace(/(㎡|m²|m2|平方米)$/i, '')
  const m = /^(\d{1,12})(?:\.(\d{1,2})0*)?$/.exec(s)
  if (!m) return null
  const centi = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return Number.isSafeInteger(centi) ? centi : null
}

/** "12345.6" for 1234560: the inverse of parseCentiM2, as a number for the spreadsheet. */
export function centiM2ToNumber(centi: number): number {
  return centi / 100
}

function invert<K extends string>(labels: Record<K, string>): Map<string, K> {
  return new Map((Object.entries(labels) as [K, string][]).map(([k, label]) => [label, k]))
}
const OWNERSHIP_BY_LABEL = invert(OWNERSHIP_LABELS)
const MANAGEMENT_BY_LABEL = invert(MANAGEMENT_LABELS)

/** Exclusions by label, and by the short words people actually type. */
const EXCLUSION_BY_LABEL = new Map<string, Exclusion>([
  ...(Object.entries(EXCLUSION_LABELS) as [Exclusion, string][]).map(([k, label]) => [quoteless(label), k] as [string, Exclusion]),
  ['棚户区', 'shantytown'],
  ['棚户区改造', 'shantytown'],
  ['自建房', 'selfBuilt'],
  ['居民自建住房', 'selfBuilt'],
  ['三供一业', 'threeSupplies'],
])
function quoteless(s: string): string {
  return s.replace(/[“”"'‘’\s]/g, '')
}

const OWNERSHIP_CHOICES = OWNERSHIP_TYPES.map((k) => OWNERSHIP_LABELS[k]).join('、')
const MANAGEMENT_CHOICES = MANAGEMENT_TYPES.map((k) => MANAGEMENT_LABELS[k]).join('、')
const EXCLUSION_CHOICES = EXCLUSIONS.map((k) => EXCLUSION_LABELS[k]).join('、')

/** Separators people use between exclusions: 、 (asked for), and commas or semicolons of either width. */
const LIST_SEPARATOR = /[、,，;；\n]+/

export interface ParseContext {
  districtId: string
  /** The district's communities as stored: a row whose name matches one updates it (keeps its id). */
  existing: Pick<Community, '_id' | 'name'>[]
}

function isEmptyRow(row: unknown[] | undefined): boolean {
  return !row || row.every((v) => cellText(v) === '')
}

/**
 * Reads a ledger sheet. Every row is checked and every problem reported with its row and
 * column; entries are only meant to be stored when `errors` is empty.
 * File-level problems (missing columns, too many rows) are one error each, at row 1.
 */
export function parseLedger(matrix: unknown[][], ctx: ParseContext): ParsedLedger {
  const errors: SheetError[] = []
  const header = matrix[0] ?? []
  const keys = header.map(headerKey)
  const col = new Map<LedgerColumn, number>()
  const missing: string[] = []
  for (const name of LEDGER_COLUMNS) {
    const i = keys.indexOf(headerKey(name))
    if (i < 0) missing.push(name)
    else col.set(name, i)
  }
  if (missing.length) {
    errors.push({
      row: 1,
      column: missing.join('、'),
      message: `第一行应为表头，缺少这些列：${missing.join('、')}。请使用导出的台账表格作为模板。`,
    })
    return { entries: [], errors }
  }
  const dupHeaders = LEDGER_COLUMNS.filter((name) => keys.filter((k) => k === headerKey(name)).length > 1)
  if (dupHeaders.length) {
    errors.push({ row: 1, column: dupHeaders.join('、'), message: `表头里这些列出现了不止一次：${dupHeaders.join('、')}。` })
    return { entries: [], errors }
  }

  const dataRows: { row: number; cells: unknown[] }[] = []
  for (let i = 1; i < matrix.length; i++) {
    if (isEmptyRow(matrix[i])) continue
    dataRows.push({ row: i + 1, cells: matrix[i] })
    if (dataRows.length > MAX_LEDGER_ROWS) {
      errors.push({ row: i + 1, column: '', message: `台账最多 ${MAX_LEDGER_ROWS} 行，这个表格更多。请按街道拆分后分别导入。` })
      return { entries: [], errors }
    }
  }
  if (!dataRows.length) {
    errors.push({ row: 2, column: '', message: '表格里没有数据行。' })
    return { entries: [], errors }
  }

  const existingByName = new Map(ctx.existing.map((c) => [normalizeName(c.name), c._id]))
  const firstRowOfName = new Map<string, number>()
  const entries: LedgerEntry[] = []

  for (const { row, cells } of dataRows) {
    const before = errors.length
    const cell = (c: LedgerColumn) => cells[col.get(c)!]
    const err = (column: LedgerColumn, message: string) => errors.push({ row, column, message })

    const name = cellText(cell('小区名称'))
    if (!name) err('小区名称', '请填写小区名称。')
    else if (name.length > 40) err('小区名称', '小区名称不能超过 40 个字。')
    else {
      const key = normalizeName(name)
      const first = firstRowOfName.get(key)
      if (first !== undefined) err('小区名称', `小区“${name}”与第 ${first} 行重复，同一个小区只能出现一次。`)
      else firstRowOfName.set(key, row)
    }

    const street = cellText(cell('所在街道'))
    if (!street) err('所在街道', '请填写所在街道。')
    else if (street.length > 40) err('所在街道', '街道名称不能超过 40 个字。')

    const integer = (column: LedgerColumn, min: number, max: number, what: string): number | null => {
      const raw = cell(column)
      if (cellText(raw) === '') {
        err(column, `请填写${what}。`)
        return null
      }
      const n = parseInteger(raw)
      if (n === null) err(column, `${what}应为整数，这里是“${cellText(raw)}”。`)
      else if (n < min || n > max) err(column, `${what}应在 ${min} 到 ${max} 之间，这里是 ${n}。`)
      else return n
      return null
    }
    const yearBuilt = integer('建成年份', 1900, 2100, '建成年份')
    const buildingCount = integer('楼栋数', 1, 500, '楼栋数')
    const householdCount = integer('户数', 1, 20000, '户数')

    let floorAreaCentiM2: number | null = null
    const areaRaw = cell('总建筑面积(㎡)')
    if (cellText(areaRaw) === '') err('总建筑面积(㎡)', '请填写总建筑面积（平方米）。')
    else {
      const a = parseCentiM2(areaRaw)
      if (a === null) err('总建筑面积(㎡)', `总建筑面积应为平方米数，最多两位小数，这里是“${cellText(areaRaw)}”。`)
      else if (a <= 0) err('总建筑面积(㎡)', '总建筑面积应大于 0。')
      else if (a > MAX_FLOOR_AREA_CENTI_M2) err('总建筑面积(㎡)', `总建筑面积 ${cellText(areaRaw)} 平方米过大，请核对单位（应为平方米）。`)
      else floorAreaCentiM2 = a
    }

    const ownershipText = cellText(cell('产权性质'))
    const ownershipType: OwnershipType | undefined = OWNERSHIP_BY_LABEL.get(ownershipText)
    if (!ownershipText) err('产权性质', `请填写产权性质（${OWNERSHIP_CHOICES}）。`)
    else if (!ownershipType) err('产权性质', `产权性质“${ownershipText}”不对，应为：${OWNERSHIP_CHOICES}。`)

    const managementText = cellText(cell('物业管理'))
    const management: ManagementType | undefined = MANAGEMENT_BY_LABEL.get(managementText)
    if (!managementText) err('物业管理', `请填写物业管理方式（${MANAGEMENT_CHOICES}）。`)
    else if (!management) err('物业管理', `物业管理“${managementText}”不对，应为：${MANAGEMENT_CHOICES}。`)

    const originalPropertyUnit = cellText(cell('原产权单位'))
    if (originalPropertyUnit.length > 60) err('原产权单位', '原产权单位不能超过 60 个字。')

    const exclusions: Exclusion[] = []
    for (const part of cellText(cell('排除情形')).split(LIST_SEPARATOR)) {
      const label = quoteless(part)
      if (!label || label === '无') continue
      const e = EXCLUSION_BY_LABEL.get(label)
      if (!e) err('排除情形', `排除情形“${part.trim()}”不对，应为以下几项（多项用“、”隔开，没有则留空）：${EXCLUSION_CHOICES}。`)
      else if (!exclusions.includes(e)) exclusions.push(e)
    }

    let batchYear: number | null = null
    if (cellText(cell('改造批次年份')) !== '') batchYear = integer('改造批次年份', 2000, 2100, '改造批次年份')

    if (errors.length > before) continue
    const fields: LedgerFields = {
      name,
      street,
      yearBuilt: yearBuilt!,
      buildingCount: buildingCount!,
      householdCount: householdCount!,
      floorAreaCentiM2: floorAreaCentiM2!,
      ownershipType: ownershipType!,
      management: management!,
      ...(originalPropertyUnit ? { originalPropertyUnit } : {}),
      exclusions: EXCLUSIONS.filter((e) => exclusions.includes(e)),
      batchYear,
    }
    // The core schema is the last word on a valid entry (it is what update accepts too).
    const checked = z.safeParse(ledgerFieldsSchema, fields)
    if (!checked.success) {
      errors.push({ row, column: '', message: checked.error.issues.map((i) => i.message).join('；') })
      continue
    }
    entries.push({ ...fields, _id: existingByName.get(normalizeName(name)) ?? ledgerEntryId(ctx.districtId, name) })
  }
  return { entries, errors }
}

/** The ledger fields of a stored community, in a fixed shape (to tell a real change from none). */
export function ledgerFieldsOf(c: LedgerFields): LedgerFields {
  return {
    name: c.name,
    street: c.street,
    yearBuilt: c.yearBuilt,
    buildingCount: c.buildingCount,
    householdCount: c.householdCount,
    floorAreaCentiM2: c.floorAreaCentiM2,
    ownershipType: c.ownershipType,
    management: c.management,
    ...(c.originalPropertyUnit ? { originalPropertyUnit: c.originalPropertyUnit } : {}),
    exclusions: EXCLUSIONS.filter((e) => c.exclusions.includes(e)),
    batchYear: c.batchYear ?? null,
  }
}

export function sameLedgerFields(a: LedgerFields, b: LedgerFields): boolean {
  return JSON.stringify(ledgerFieldsOf(a)) === JSON.stringify(ledgerFieldsOf(b))
}

/** The header row of an exported ledger: the columns, then eligibility for people to read. */
export const LEDGER_EXPORT_HEADERS: string[] = [...LEDGER_COLUMNS, ELIGIBILITY_COLUMN]

/** One exported row per entry, in LEDGER_EXPORT_HEADERS order; parseLedger reads it back unchanged. */
export function ledgerRows(entries: LedgerFields[]): unknown[][] {
  return entries.map((c) => {
    const exclusions = EXCLUSIONS.filter((x) => c.exclusions.includes(x))
    const e = eligibility({ yearBuilt: c.yearBuilt, exclusions })
    return [
      c.name,
      c.street,
      c.yearBuilt,
      c.buildingCount,
      c.householdCount,
      centiM2ToNumber(c.floorAreaCentiM2),
      OWNERSHIP_LABELS[c.ownershipType],
      MANAGEMENT_LABELS[c.management],
      c.originalPropertyUnit ?? '',
      exclusions.map((x) => EXCLUSION_LABELS[x]).join('、'),
      c.batchYear ?? '',
      e.eligible ? '符合' : `不符合：${e.reasons.join('；')}`,
    ]
  })
}

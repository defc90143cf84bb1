import ExcelJS from 'exceljs'
// exceljs's own zip library (a dependency of exceljs), used to count rows without parsing cells.
import JSZip from 'jszip'
import * as z from 'zod/mini'
import { AppError } from '../../src/core/errors'
import type { Deps } from './router'

/**
 * Excel (.xlsx) in and out for imports and exports (exceljs). Reading turns the first worksheet
 * into rows of plain values (row 1 first, blank rows kept as empty arrays so row numbers match
 * the sheet); refusals are FILE_TOO_LARGE and FILE_INVALID, never an exception from the parser.
 */
export const MAX_FILE_BYTES = 5 * 1024 * 1024
/** Base64 of MAX_FILE_BYTES, checked before decoding anything. */
const MAX_BASE64_CHARS = Math.ceil(MAX_FILE_BYTES / 3) * 4

/** The upload of an import: inline base64 (local server / H5) or a cloud-storage fileID (weapp). */
export const fileInput = z.object({
  fileBase64: z.optional(z.string().check(z.minLength(1, '文件是空的'))),
  fileID: z.optional(z.string().check(z.minLength(1), z.maxLength(512, '文件编号不对'))),
  /** Only for messages. */
  fileName: z.optional(z.string().check(z.maxLength(255))),
})
export type FileInput = z.infer<typeof fileInput>

function tooLarge(bytes: number): AppError {
  return new AppError('FILE_TOO_LARGE', `${bytes} bytes > ${MAX_FILE_BYTES}`, `文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB，请拆分后再导入。`)
}

/**
 * The cloud-storage folder the mini-program uploads an import to: `imports/<owner>/`, the owner
 * being the community (roster) or district (ledger) the file is for (src/services/files.ts).
 */
export function uploadFolder(owner: string): string {
  return `imports/${owner}/`
}

/**
 * Whether a CloudBase fileID (`cloud://<env>.<bucket>/<cloudPath>`) names a file directly in
 * `folder` (from uploadFolder): one plain file name after the folder, no sub-folders, no `.`/`..`,
 * no escapes, query or fragment.
 */
export function fileIdInFolder(fileID: string, folder: string): boolean {
  const m = /^cloud:\/\/[^/\\?#]+\/(.*)$/.exec(fileID)
  if (!m || !m[1].startsWith(folder)) return false
  const name = m[1].slice(folder.length)
  return /^[^/\\?#%]+$/.test(name) && name !== '.' && name !== '..'
}

/**
 * The uploaded bytes, whichever way they came. `folder` (uploadFolder of the community or district
 * being imported) is where a fileID must point: the function downloads with full storage access,
 * so a file uploaded for someone else is refused (FORBIDDEN) before it is fetched.
 */
export async function loadUpload(deps: Pick<Deps, 'files'>, input: FileInput, folder: string): Promise<Buffer> {
  if (input.fileBase64 !== undefined) {
    const b64 = input.fileBase64.replace(/^data:[^,]*,/, '')
    if (b64.length > MAX_BASE64_CHARS) throw tooLarge(Math.floor((b64.length * 3) / 4))
    return Buffer.from(b64, 'base64')
  }
  if (input.fileID !== undefined) {
    if (!fileIdInFolder(input.fileID, folder)) {
      throw new AppError('FORBIDDEN', `fileID ${input.fileID} is not directly under ${folder}`, '这个文件不是为这里上传的，请重新选择文件导入。')
    }
    if (!deps.files) throw new AppError('INVALID_INPUT', 'fileID given but this deployment has no cloud storage; send fileBase64', '本地模式请直接上传文件内容。')
    let buffer: Buffer
    try {
      buffer = await deps.files.download(input.fileID)
    } catch (e) {
      throw new AppError('FILE_INVALID', `download ${input.fileID} failed: ${e instanceof Error ? e.message : String(e)}`, '文件下载失败，请重新选择文件上传。')
    }
    if (buffer.length > MAX_FILE_BYTES) throw tooLarge(buffer.length)
    return buffer
  }
  throw new AppError('INVALID_INPUT', 'fileBase64 or fileID is required', '请选择要导入的 Excel 文件。')
}

/** A cell value as plain data: rich text → text, formula → its result, date → ISO string. */
export function cellValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString()
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('')
    if ('formula' in o || 'sharedFormula' in o) return cellValue(o.result)
    if ('text' in o) return cellValue(o.text)
    if ('error' in o) return String(o.error)
  }
  return String(v)
}

function assertXlsxBytes(buffer: Buffer): void {
  if (buffer.length > MAX_FILE_BYTES) throw tooLarge(buffer.length)
  // An .xlsx is a zip: anything else (a PNG, an old .xls, random bytes) is refused before parsing.
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) {
    throw new AppError('FILE_INVALID', `not a zip/xlsx (starts with ${buffer.subarray(0, 4).toString('hex')})`)
  }
}

/**
 * How many rows of the first worksheet hold a value (header included), counted from its XML
 * without parsing any cell: about ten times faster than `readSheet`, so a 50,000-row file can be
 * refused before it is read. Null when the layout is unusual (then read the sheet and count).
 */
export async function countSheetRows(buffer: Buffer): Promise<number | null> {
  assertXlsxBytes(buffer)
  try {
    const zip = await JSZip.loadAsync(buffer)
    const workbook = await zip.file('xl/workbook.xml')?.async('string')
    const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string')
    const rid = workbook && /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1]
    const rel = rels && rid ? new RegExp(`<Relationship\\b[^>]*\\bId="${rid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`).exec(rels)?.[0] : undefined
    const target = rel && /\bTarget="([^"]+)"/.exec(rel)?.[1]
    if (!target) return null
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`
    const xml = await zip.file(path)?.async('string')
    if (xml === undefined) return null
    // Rows that hold at least one value (<v> or inline <is>); styled but empty rows do not count.
    const chunks = xml.split(/<(?:\w+:)?row[\s>]/)
    let rows = 0
    for (let i = 1; i < chunks.length; i++) if (/<(?:\w+:)?(?:v|is)[\s>]/.test(chunks[i])) rows++
    return rows
  } catch (e) {
    throw new AppError('FILE_INVALID', `zip: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** The first worksheet as rows of plain values (sheet row n is index n - 1). */
export async function readSheet(buffer: Buffer): Promise<unknown[][]> {
  assertXlsxBytes(buffer)
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  } catch (e) {
    throw new AppError('FILE_INVALID', `exceljs: ${e instanceof Error ? e.message : String(e)}`)
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw new AppError('FILE_INVALID', 'the workbook has no worksheet')
  const rows: unknown[][] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[]
    const out: unknown[] = []
    for (let c = 1; c < values.length; c++) out[c - 1] = cellValue(values[c])
    for (let c = 0; c < out.length; c++) if (out[c] === undefined) out[c] = null
    while (rows.length < rowNumber - 1) rows.push([])
    rows[rowNumber - 1] = out
  })
  return rows
}

/** A one-sheet workbook: a bold header row, then the rows; strings stay text (leading zeros kept). */
export async function writeSheet(headers: readonly string[], rows: readonly (readonly unknown[])[], sheetName = 'Sheet1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.created = new Date(0)
  const sheet = workbook.addWorksheet(sheetName)
  sheet.addRow([...headers]).font = { bold: true }
  for (const r of rows) sheet.addRow([...r])
  sheet.columns.forEach((col, i) => {
    col.width = Math.max(8, Array.from(headers[i] ?? '').length * 2 + 2)
    col.numFmt = '@'
  })
  // Numbers keep the General format so that areas and floors stay numbers in Excel.
  rows.forEach((r, ri) =>
    r.forEach((v, ci) => {
      if (typeof v === 'number') sheet.getRow(ri + 2).getCell(ci + 1).numFmt = 'General'
    }),
  )
  const data = await workbook.xlsx.writeBuffer()
  return Buffer.from(data as ArrayBuffer)
}

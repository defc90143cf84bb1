import { AppError } from '../../src/core/errors'

/**
 * Pure byte-level checks for uploaded photos: the type from the magic bytes (never the name or a
 * header), a size limit, and removal of metadata that can hold a location (GPS in Exif, XMP,
 * IPTC, text chunks). Pixels are never decoded or re-encoded: only whole metadata segments/chunks
 * are dropped, so the image data stays byte-for-byte what the phone produced.
 */

export type ImageType = 'jpeg' | 'png' | 'webp'

/** 5 MB, the same limit the client checks before uploading (src/services/photos.ts). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024

export const IMAGE_TYPES: Record<ImageType, { ext: 'jpg' | 'png' | 'webp'; contentType: string }> = {
  jpeg: { ext: 'jpg', contentType: 'image/jpeg' },
  png: { ext: 'png', contentType: 'image/png' },
  webp: { ext: 'webp', contentType: 'image/webp' },
}

export const PHOTO_MESSAGES = {
  notImage: '只能上传照片（JPG、PNG 或 WebP 格式的图片），这个文件不是照片或已损坏。',
  tooLarge: '照片太大了（超过 5 MB），请换一张或压缩后再上传。',
  empty: '没有收到照片内容，请重新选择照片。',
} as const

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function ascii(b: Uint8Array, at: number, len: number): string {
  let s = ''
  for (let i = 0; i < len && at + i < b.length; i++) s += String.fromCharCode(b[at + i])
  return s
}

const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1]
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3])
const u32le = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + ((b[at + 3] << 24) >>> 0)

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** The image type from the first bytes; null for anything else (text, HEIC, GIF, PDF, …). */
export function detectImageType(b: Uint8Array): ImageType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'png'
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp'
  return null
}

/** Thrown by the parsers below for bytes that only look like an image. */
export class BadImage extends Error {}

export interface Stripped {
  bytes: Uint8Array
  /** What was removed, for logs and tests (e.g. `APP1 Exif`, `tEXt`, `XMP `). Empty: bytes unchanged. */
  removed: string[]
}

// ---------------------------------------------------------------------------------------------
// JPEG: a sequence of marker segments; entropy-coded data follows each SOS until the next marker.

const SOI = 0xd8
const EOI = 0xd9
const SOS = 0xda
const COM = 0xfe
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7)
const isSOF = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc

/** Kept APPn segments: JFIF/JFXX (APP0), ICC colour profile (APP2), Adobe colour transform (APP14). */
function keepApp(marker: number, b: Uint8Array, dataAt: number): boolean {
  if (marker === 0xe0) return true
  if (marker === 0xe2) return ascii(b, dataAt, 12) === 'ICC_PROFILE\0'
  if (marker === 0xee) return ascii(b, dataAt, 5) === 'Adobe'
  return false
}

function appLabel(marker: number, b: Uint8Array, dataAt: number, len: number): string {
  if (marker === COM) return 'COM'
  const id = ascii(b, dataAt, Math.min(len, 30)).split('\0')[0].replace(/[^\x20-\x7e]/g, '')
  return `APP${marker - 0xe0}${id ? ` ${id}` : ''}`
}

/** Reads the Exif orientation (1–8) from an APP1 Exif payload, or null. */
export function exifOrientation(b: Uint8Array, at: number, end: number): number | null {
  if (ascii(b, at, 6) !== 'Exif\0\0') return null
  const tiff = at + 6
  if (tiff + 8 > end) return null
  const order = ascii(b, tiff, 2)
  if (order !== 'II' && order !== 'MM') return null
  const le = order === 'II'
  const r16 = (p: number) => (le ? b[p] | (b[p + 1] << 8) : u16be(b, p))
  const r32 = (p: number) => (le ? u32le(b, p) : u32be(b, p))
  const ifd = tiff + r32(tiff + 4)
  if (ifd + 2 > end) return null
  const count = r16(ifd)
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12
    if (e + 12 > end) return null
    if (r16(e) === 0x0112 && r16(e + 2) === 3) {
      const v = r16(e + 8)
      return v >= 1 && v <= 8 ? v : null
    }
  }
  return null
}

/** A minimal APP1 Exif segment holding only the orientation (so phone photos stay upright). */
export function orientationSegment(orientation: number): Uint8Array {
  const payload = [
    ...[0x45, 0x78, 0x69, 0x66, 0, 0], // "Exif\0\0"
    ...[0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8], // TIFF, big-endian, IFD0 at 8
    ...[0, 1], // one entry
    ...[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0], // Orientation, SHORT, 1 value
    ...[0, 0, 0, 0], // no next IFD
  ]
  const len = payload.length + 2
  return Uint8Array.from([0xff, 0xe1, len >> 8, len & 0xff, ...payload])
}

/**
 * Drops APP1 (Exif, XMP), APP13 (IPTC), COM and every other APPn except JFIF, ICC and Adobe,
 * and anything after EOI (e.g. the extra pictures of MPF, each with its own Exif). If the Exif
 * said how to turn the picture, a minimal Exif with only that orientation is put back.
 */
export function stripJpeg(b: Uint8Array): Stripped {
  if (b[0] !== 0xff || b[1] !== SOI) throw new BadImage('no SOI')
  const kept: Uint8Array[] = [b.subarray(0, 2)]
  const removed: string[] = []
  let orientation: number | null = null
  let sawFrame = false
  let sawScan = false
  let at = 2
  let insertAt = -1 // index in `kept` after which the orientation segment goes (after APP0)
  for (;;) {
    if (at >= b.length) throw new BadImage('no EOI')
    if (b[at] !== 0xff) throw new BadImage(`expected a marker at ${at}`)
    let m = b[at + 1]
    let markerAt = at
    while (m === 0xff) {
      markerAt++
      m = b[markerAt + 1]
    }
    if (m === undefined) throw new BadImage('truncated marker')
    if (m === EOI) {
      if (!sawFrame || !sawScan) throw new BadImage('EOI before a frame and a scan')
      kept.push(b.subarray(markerAt, markerAt + 2))
      if (markerAt + 2 < b.length) removed.push('data after EOI')
      break
    }
    if (m === SOI || m === 0x00) throw new BadImage(`unexpected marker ${m.toString(16)} at ${markerAt}`)
    if (isStandalone(m)) {
      kept.push(b.subarray(markerAt, markerAt + 2))
      at = markerAt + 2
      continue
    }
    if (markerAt + 4 > b.length) throw new BadImage('truncated segment header')
    const len = u16be(b, markerAt + 2)
    const end = markerAt + 2 + len
    if (len < 2 || end > b.length) throw new BadImage(`segment ${m.toString(16)} runs past the end`)
    const dataAt = markerAt + 4
    if ((m >= 0xe0 && m <= 0xef) || m === COM) {
      if (m !== COM && keepApp(m, b, dataAt)) {
        kept.push(b.subarray(markerAt, end))
        if (m === 0xe0 && insertAt < 0) insertAt = kept.length
      } else {
        if (m === 0xe1) orientation ??= exifOrientation(b, dataAt, end)
        removed.push(appLabel(m, b, dataAt, len - 2))
      }
      at = end
      continue
    }
    if (isSOF(m)) sawFrame = true
    if (m !== SOS) {
      kept.push(b.subarray(markerAt, end))
      at = end
      continue
    }
    // SOS: its header, then entropy-coded data up to the next real marker (not 0xFF00 stuffing,
    // not RSTn, not fill bytes).
    if (!sawFrame) throw new BadImage('scan before a frame')
    sawScan = true
    let p = end
    for (;;) {
      if (p + 1 >= b.length) throw new BadImage('scan runs past the end')
      if (b[p] === 0xff) {
        const n = b[p + 1]
        if (n === 0x00 || (n >= 0xd0 && n <= 0xd7) || n === 0xff) {
          p += n === 0xff ? 1 : 2
          continue
        }
        break
      }
      p++
    }
    kept.push(b.subarray(markerAt, p))
    at = p
  }
  if (removed.length === 0) return { bytes: b, removed }
  if (orientation !== null && orientation !== 1) {
    kept.splice(insertAt < 0 ? 1 : insertAt, 0, orientationSegment(orientation))
  }
  return { bytes: concat(kept), removed }
}

// ---------------------------------------------------------------------------------------------
// PNG: signature, then chunks (length, type, data, CRC) from IHDR to IEND.

/** Text and Exif chunks: tEXt/zTXt/iTXt (may hold XMP or a comment with a place) and eXIf. */
const PNG_DROP = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt'])

export function stripPng(b: Uint8Array): Stripped {
  if (!PNG_SIGNATURE.every((v, i) => b[i] === v)) throw new BadImage('no PNG signature')
  const kept: Uint8Array[] = [b.subarray(0, 8)]
  const removed: string[] = []
  let at = 8
  let first = true
  let sawData = false
  for (;;) {
    if (at + 12 > b.length) throw new BadImage('no IEND')
    const len = u32be(b, at)
    const type = ascii(b, at + 4, 4)
    const end = at + 12 + len
    if (!/^[A-Za-z]{4}$/.test(type) || end > b.length) throw new BadImage(`bad chunk at ${at}`)
    if (first && type !== 'IHDR') throw new BadImage('IHDR is not first')
    first = false
    if (type === 'IDAT') sawData = true
    if (PNG_DROP.has(type)) removed.push(type)
    else kept.push(b.subarray(at, end))
    at = end
    if (type === 'IEND') break
  }
  if (!sawData) throw new BadImage('no IDAT')
  if (at < b.length) removed.push('data after IEND')
  return removed.length === 0 ? { bytes: b, removed } : { bytes: concat(kept), removed }
}

// ---------------------------------------------------------------------------------------------
// WebP: RIFF container; chunks (FourCC, little-endian size, data, pad to even).

const VP8X_EXIF = 0x08
const VP8X_XMP = 0x04

export function stripWebp(b: Uint8Array): Stripped {
  if (ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') throw new BadImage('not RIFF/WEBP')
  const riffEnd = 8 + u32le(b, 4)
  if (riffEnd > b.length || riffEnd < 12) throw new BadImage('RIFF size past the end')
  const kept: Uint8Array[] = []
  const removed: string[] = []
  let at = 12
  let sawImage = false
  let vp8x: Uint8Array | null = null
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw new BadImage(`truncated chunk at ${at}`)
    const type = ascii(b, at, 4)
    const size = u32le(b, at + 4)
    const end = at + 8 + size + (size % 2)
    if (end > riffEnd) throw new BadImage(`chunk ${type} runs past the end`)
    if (type === 'VP8 ' || type === 'VP8L' || type === 'ANIM') sawImage = true
    if (type === 'EXIF' || type === 'XMP ') {
      removed.push(type)
    } else if (type === 'VP8X') {
      if (size < 10) throw new BadImage('short VP8X')
      vp8x = b.slice(at, end)
      kept.push(vp8x)
    } else {
      kept.push(b.subarray(at, end))
    }
    at = end
  }
  if (!sawImage) throw new BadImage('no image data')
  if (riffEnd < b.length) removed.push('data after RIFF')
  if (vp8x && vp8x[8] & (VP8X_EXIF | VP8X_XMP)) {
    vp8x[8] &= ~(VP8X_EXIF | VP8X_XMP) & 0xff
    if (removed.length === 0) removed.push('VP8X metadata flags')
  }
  if (removed.length === 0) return { bytes: b, removed }
  const body = concat(kept)
  const header = new Uint8Array(12)
  header.set(b.subarray(0, 12))
  const riffSize = body.length + 4
  header[4] = riffSize & 0xff
  header[5] = (riffSize >>> 8) & 0xff
  header[6] = (riffSize >>> 16) & 0xff
  header[7] = (riffSize >>> 24) & 0xff
  return { bytes: concat([header, body]), removed }
}

// ---------------------------------------------------------------------------------------------

export interface CleanPhoto {
  type: ImageType
  ext: 'jpg' | 'png' | 'webp'
  contentType: string
  bytes: Uint8Array
  removed: string[]
}

/**
 * The one check every uploaded photo goes through: not empty, at most PHOTO_MAX_BYTES, a JPEG,
 * PNG or WebP by its bytes, well-formed enough to walk, and without location-bearing metadata.
 * Throws AppError FILE_TOO_LARGE or FILE_INVALID with a Chinese message.
 */
export function cleanPhoto(bytes: Uint8Array): CleanPhoto {
  if (bytes.length === 0) throw new AppError('FILE_INVALID', 'empty upload', PHOTO_MESSAGES.empty)
  if (bytes.length > PHOTO_MAX_BYTES) throw new AppError('FILE_TOO_LARGE', `${bytes.length} bytes > ${PHOTO_MAX_BYTES}`, PHOTO_MESSAGES.tooLarge)
  const type = detectImageType(bytes)
  if (!type) throw new AppError('FILE_INVALID', `not JPEG/PNG/WebP (starts ${Buffer.from(bytes.subarray(0, 8)).toString('hex')})`, PHOTO_MESSAGES.notImage)
  let out: Stripped
  try {
    out = type === 'jpeg' ? stripJpeg(bytes) : type === 'png' ? stripPng(bytes) : stripWebp(bytes)
  } catch (e) {
    if (!(e instanceof BadImage)) throw e
    throw new AppError('FILE_INVALID', `malformed ${type}: ${e.message}`, PHOTO_MESSAGES.notImage)
  }
  return { type, ...IMAGE_TYPES[type], bytes: out.bytes, removed: out.removed }
}

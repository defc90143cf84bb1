import { AppError } from '../../src/core/errors'
import {
  cleanPhoto,
  detectImageType,
  exifOrientation,
  orientationSegment,
  PHOTO_MAX_BYTES,
  stripJpeg,
  stripPng,
  stripWebp,
} from '../../cloudfunctions/common/images'
import { parsePhotoId } from '../../cloudfunctions/common/photos'
import { contains, exifSegment, JPEG, jpegWith, jpegWithLocation, PLACE, PNG, pngChunk, pngWithLocation, WEBP, webpWithLocation } from '../fixtures/photos'

/** The JPEG's markers in order, up to and including the first SOS (an independent, simple walk). */
function markers(b: Uint8Array): string[] {
  const out = ['d8']
  let at = 2
  while (at < b.length) {
    const m = b[at + 1]
    out.push(m.toString(16))
    if (m === 0xda) break
    at += 2 + ((b[at + 2] << 8) | b[at + 3])
  }
  return out
}

function refusal(f: () => unknown): AppError {
  try {
    f()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('the type comes from the bytes', () => {
  test.each([
    ['a JPEG', JPEG, 'jpeg'],
    ['a PNG', PNG, 'png'],
    ['a WebP', WEBP, 'webp'],
    ['text renamed .jpg', Buffer.from('这不是照片，只是一段文字。'), null],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), null],
    ['a PDF', Buffer.from('%PDF-1.7\n', 'latin1'), null],
    ['a WAV (RIFF but not WEBP)', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), null],
    ['HEIC from an iPhone', Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1'), null],
    ['SVG (could carry script)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    ['two bytes of a JPEG', Buffer.from([0xff, 0xd8]), null],
    ['nothing', Buffer.alloc(0), null],
  ])('%s', (_what, bytes, type) => {
    expect(detectImageType(bytes)).toBe(type)
  })
})

describe('JPEG: location metadata is dropped, the picture is not touched', () => {
  test('the fixture itself (JFIF + ICC, no metadata) comes back unchanged, same bytes', () => {
    const out = stripJpeg(JPEG)
    expect(out.removed).toEqual([])
    expect(Buffer.from(out.bytes).equals(JPEG)).toBe(true)
  })

  test('Exif GPS, XMP, IPTC, MPF, a comment and a second picture after EOI all go; only the orientation is put back', () => {
    const phone = jpegWithLocation({ orientation: 6 })
    expect(contains(phone, PLACE)).toBe(true)
    const out = stripJpeg(phone)
    expect(out.removed).toEqual(['APP1 Exif', 'APP1 http://ns.adobe.com/xap/1.0/', 'APP13 Photoshop 3.0', 'APP2 MPF', 'COM', 'data after EOI'])
    expect(contains(out.bytes, PLACE)).toBe(false)
    expect(contains(out.bytes, 'GPS')).toBe(false)
    // Exactly the original image with a 32-byte orientation-only Exif after APP0: quantisation and
    // Huffman tables, frame, scan data and EOI are byte-for-byte the decodable original.
    expect(Buffer.from(out.bytes).equals(jpegWith(JPEG, [Buffer.from(orientationSegment(6))]))).toBe(true)
    expect(markers(out.bytes)).toEqual(['d8', 'e0', 'e1', 'e2', 'db', 'db', 'c0', 'c4', 'c4', 'c4', 'c4', 'da'])
    expect(out.bytes[out.bytes.length - 2]).toBe(0xff)
    expect(out.bytes[out.bytes.length - 1]).toBe(0xd9)
  })

  test.each([
    ['little-endian (II)', true],
    ['big-endian (MM)', false],
  ])('the orientation is read from %s Exif', (_what, littleEndian) => {
    const seg = exifSegment({ littleEndian, orientation: 8 })
    expect(exifOrientation(seg, 4, seg.length)).toBe(8)
    const out = stripJpeg(jpegWith(JPEG, [seg]))
    expect(exifOrientation(out.bytes, 24, out.bytes.length)).toBe(8)
  })

  test('upright (1) or no orientation at all: no Exif is put back', () => {
    for (const orientation of [1, null]) {
      const out = stripJpeg(jpegWith(JPEG, [exifSegment({ orientation })]))
      expect(out.removed).toEqual(['APP1 Exif'])
      expect(Buffer.from(out.bytes).equals(JPEG)).toBe(true)
    }
  })

  test('metadata after the first scan (progressive files) is dropped too; 0xFF00 stuffing and RST markers in the scan are kept', () => {
    const eoi = JPEG.length - 2
    // Append a second "scan" after the first: DHT-free SOS header, data with stuffing and RST0.
    const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00])
    const scan = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56])
    const late = exifSegment({ orientation: 3 })
    const input = Buffer.concat([JPEG.subarray(0, eoi), late, sos, scan, Buffer.from([0xff, 0xd9])])
    const out = stripJpeg(input)
    expect(out.removed).toEqual(['APP1 Exif'])
    expect(contains(out.bytes, PLACE)).toBe(false)
    expect(Buffer.from(out.bytes).includes(Buffer.concat([sos, scan, Buffer.from([0xff, 0xd9])]))).toBe(true)
  })

  test.each([
    ['cut off in the middle of the scan', () => JPEG.subarray(0, JPEG.length - 40)],
    ['a segment length running past the end', () => Buffer.concat([JPEG.subarray(0, 2), Buffer.from([0xff, 0xe1, 0xff, 0xff, 0x00])])],
    ['SOI then EOI, no picture', () => Buffer.from([0xff, 0xd8, 0xff, 0xd9])],
    ['SOI then garbage', () => Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x12])],
  ])('a broken JPEG (%s) is refused as FILE_INVALID', (_what, make) => {
    const e = refusal(() => cleanPhoto(make()))
    expect(e.code).toBe('FILE_INVALID')
    expect(e.message).toMatch(/只能上传照片/)
  })
})

describe('PNG', () => {
  test('the fixture comes back unchanged', () => {
    const out = stripPng(PNG)
    expect(out.removed).toEqual([])
    expect(Buffer.from(out.bytes).equals(PNG)).toBe(true)
  })

  test('eXIf, tEXt, zTXt and iTXt (XMP) chunks go; the rest is the original, byte for byte', () => {
    const out = stripPng(pngWithLocation())
    expect(out.removed).toEqual(['eXIf', 'tEXt', 'zTXt', 'iTXt'])
    expect(contains(out.bytes, PLACE)).toBe(false)
    expect(Buffer.from(out.bytes).equals(PNG)).toBe(true)
  })

  test('data after IEND is dropped', () => {
    const out = stripPng(Buffer.concat([PNG, Buffer.from(PLACE)]))
    expect(out.removed).toEqual(['data after IEND'])
    expect(Buffer.from(out.bytes).equals(PNG)).toBe(true)
  })

  test.each([
    ['no IEND', () => PNG.subarray(0, PNG.length - 12)],
    ['a chunk before IHDR', () => Buffer.concat([PNG.subarray(0, 8), pngChunk('tEXt', Buffer.from('a\0b')), PNG.subarray(8)])],
    ['no image data', () => Buffer.concat([PNG.subarray(0, 33), PNG.subarray(PNG.length - 12)])],
  ])('a broken PNG (%s) is refused', (_what, make) => {
    expect(refusal(() => cleanPhoto(make())).code).toBe('FILE_INVALID')
  })
})

describe('WebP', () => {
  test('the fixture comes back unchanged', () => {
    const out = stripWebp(WEBP)
    expect(out.removed).toEqual([])
    expect(Buffer.from(out.bytes).equals(WEBP)).toBe(true)
  })

  test('EXIF (odd size, padded) and XMP chunks go, the VP8X EXIF/XMP flags are cleared (ICC kept) and the RIFF size fixed', () => {
    const input = webpWithLocation()
    expect(input[20]).toBe(0x20 | 0x08 | 0x04)
    const out = stripWebp(input)
    expect(out.removed).toEqual(['EXIF', 'XMP '])
    expect(contains(out.bytes, PLACE)).toBe(false)
    expect(out.bytes[20]).toBe(0x20)
    expect(Buffer.from(out.bytes).readUInt32LE(4)).toBe(out.bytes.length - 8)
    expect(Buffer.from(out.bytes).equals(WEBP)).toBe(true)
  })

  test('a RIFF size past the end is refused', () => {
    const bad = Buffer.from(WEBP)
    bad.writeUInt32LE(WEBP.length + 100, 4)
    expect(refusal(() => cleanPhoto(bad)).code).toBe('FILE_INVALID')
  })
})

describe('cleanPhoto: the one gate for every upload', () => {
  test.each([
    ['JPEG', JPEG, 'jpg', 'image/jpeg'],
    ['PNG', PNG, 'png', 'image/png'],
    ['WebP', WEBP, 'webp', 'image/webp'],
  ])('%s is accepted with its extension and content type', (_what, bytes, ext, contentType) => {
    expect(cleanPhoto(bytes)).toMatchObject({ ext, contentType, removed: [] })
  })

  test('text named .jpg: FILE_INVALID in Chinese', () => {
    const e = refusal(() => cleanPhoto(Buffer.from('hello, this is not a photo')))
    expect(e.code).toBe('FILE_INVALID')
    expect(e.message).toBe('只能上传照片（JPG、PNG 或 WebP 格式的图片），这个文件不是照片或已损坏。')
  })

  test('one byte over 5 MB: FILE_TOO_LARGE; exactly 5 MB passes the size check', () => {
    const over = Buffer.alloc(PHOTO_MAX_BYTES + 1)
    JPEG.copy(over)
    const e = refusal(() => cleanPhoto(over))
    expect(e.code).toBe('FILE_TOO_LARGE')
    expect(e.message).toMatch(/5 MB/)
    // 5 MB of padding after EOI: within the limit, and the padding is cut off.
    const atLimit = Buffer.alloc(PHOTO_MAX_BYTES)
    JPEG.copy(atLimit)
    expect(Buffer.from(cleanPhoto(atLimit).bytes).equals(JPEG)).toBe(true)
  })

  test('an empty body is refused', () => {
    expect(refusal(() => cleanPhoto(Buffer.alloc(0))).code).toBe('FILE_INVALID')
  })
})

describe('photo fileIDs', () => {
  test.each([
    ['local', 'local:photos/u-res-1/0b6c3f0e-3c1d-4a57-9d9e-2f3c4b5a6d7e.jpg', { where: 'local', userId: 'u-res-1', path: 'photos/u-res-1/0b6c3f0e-3c1d-4a57-9d9e-2f3c4b5a6d7e.jpg' }],
    ['cloud', 'cloud://env-1a2b.7072-env-1a2b-1300000000/photos/u-res-1/mbx1k2abcd.png', { where: 'cloud', userId: 'u-res-1', path: 'photos/u-res-1/mbx1k2abcd.png' }],
  ])('a %s photo is parsed', (_what, id, expected) => {
    expect(parsePhotoId(id)).toMatchObject(expected)
  })

  test.each([
    'local:photos/u-res-1/../u-res-2/a.jpg',
    'local:photos/u-res-1/%2e%2e/a.jpg',
    'local:photos/u-res-1/sub/a.jpg',
    'local:photos/u-res-1/a.jpg.exe',
    'local:photos/u-res-1/a.svg',
    'local:photos/u-res-1/.jpg',
    'local:imports/c-1/a.jpg',
    'local:/etc/passwd',
    'cloud://env/other/photos/u-res-1/a.jpg',
    'cloud://env/photos/u-res-1/a.jpg?x=1',
    'https://example.com/photos/u-res-1/a.jpg',
    'photos/u-res-1/a.jpg',
  ])('%s is not a photo fileID', (id) => {
    expect(parsePhotoId(id)).toBeNull()
  })
})

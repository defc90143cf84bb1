/**
 * Photos end to end on the server side: the local upload route (POST /api/upload), the file route
 * (GET /files/photos/…), and checkPhotos as use cases call it, locally over the uploads folder and
 * in CloudBase over a fake cloud storage.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanPhoto, PHOTO_MAX_BYTES } from '../../cloudfunctions/common/images'
import { checkPhotos } from '../../cloudfunctions/common/photos'
import { loadActor, type Deps } from '../../cloudfunctions/common/router'
import { startServer, type RunningServer } from '../../server/app'
import { DEMO } from '../../server/seed'
import { issueToken, loadSecret } from '../../server/session'
import { AppError } from '../../src/core/errors'
import type { User } from '../../src/core/roles'
import { contains, JPEG, jpegWithLocation, PLACE, PNG, pngWithLocation, WEBP, webpWithLocation } from '../fixtures/photos'
import { CHINESE, cloudbaseWorld, sqliteWorld, type World } from './worlds'

const NOW = new Date('2026-11-25T02:00:00.000Z')

describe('the local upload and file routes', () => {
  let dir: string
  let running: RunningServer
  let resident: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gj-photos-'))
    running = await startServer({ dataDir: dir, port: 0, quiet: true, now: () => NOW })
    resident = issueToken(loadSecret(dir), DEMO.resident)
  })
  afterAll(async () => {
    await running?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const stored = () => {
    const folder = join(dir, 'uploads', 'photos')
    return existsSync(folder) ? readdirSync(folder, { recursive: true }).map(String).filter((f) => /\.\w+$/.test(f)).sort() : []
  }

  async function upload(body: Uint8Array, token: string | null = resident, contentType = 'application/octet-stream') {
    const res = await fetch(`${running.url}/api/upload`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: new Uint8Array(body),
    })
    return { status: res.status, json: (await res.json()) as Record<string, any> }
  }

  /** A raw GET (fetch would resolve `..` before sending). */
  function rawGet(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
    const { hostname, port } = new URL(running.url)
    return new Promise((resolve, reject) => {
      const req = request({ hostname, port, path, method: 'GET' }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      req.on('error', reject)
      req.end()
    })
  }

  test('a phone JPEG with GPS is stored without it, under the resident’s folder, and served back as image/jpeg', async () => {
    const { status, json } = await upload(jpegWithLocation({ orientation: 6 }))
    expect(status).toBe(200)
    expect(json).toEqual({ ok: true, data: { fileID: expect.stringMatching(/^local:photos\/u-res-1\/[0-9a-f-]{36}\.jpg$/) } })
    const rel = (json.data.fileID as string).slice('local:'.length)
    const onDisk = readFileSync(join(dir, 'uploads', rel))
    expect(contains(onDisk, PLACE)).toBe(false)
    expect(onDisk.equals(Buffer.from(cleanPhoto(jpegWithLocation({ orientation: 6 })).bytes))).toBe(true)

    const got = await rawGet(`/files/${rel}`)
    expect(got.status).toBe(200)
    expect(got.headers['content-type']).toBe('image/jpeg')
    expect(got.headers['x-content-type-options']).toBe('nosniff')
    expect(got.body.equals(onDisk)).toBe(true)
  })

  test.each([
    ['PNG', 'png', 'image/png', () => pngWithLocation(), PNG],
    ['WebP', 'webp', 'image/webp', () => webpWithLocation(), WEBP],
  ])('a %s is stored as .%s without its text/Exif/XMP and served as %s', async (_what, ext, type, make, clean) => {
    const { status, json } = await upload(make())
    expect(status).toBe(200)
    expect(json.data.fileID).toMatch(new RegExp(`^local:photos/u-res-1/[0-9a-f-]{36}\\.${ext}$`))
    const got = await rawGet(`/files/${(json.data.fileID as string).slice('local:'.length)}`)
    expect(got.headers['content-type']).toBe(type)
    expect(got.body.equals(clean)).toBe(true)
  })

  test('a text file sent as image/jpeg is refused by its bytes: FILE_INVALID in Chinese, nothing stored', async () => {
    const before = stored()
    const { status, json } = await upload(Buffer.from('我不是照片，我是一个改了扩展名的文本文件。'), resident, 'image/jpeg')
    expect(status).toBe(415)
    expect(json).toMatchObject({ ok: false, code: 'FILE_INVALID', message: expect.stringMatching(/只能上传照片/) })
    expect(stored()).toEqual(before)
  })

  test('6 MB is refused: FILE_TOO_LARGE naming the 5 MB limit, nothing stored', async () => {
    const before = stored()
    const big = Buffer.alloc(6 * 1024 * 1024)
    JPEG.copy(big)
    const { status, json } = await upload(big)
    expect(status).toBe(413)
    expect(json).toMatchObject({ ok: false, code: 'FILE_TOO_LARGE', message: expect.stringMatching(/5 MB/) })
    expect(stored()).toEqual(before)
    // One byte under the limit still goes through (the padding after EOI is cut off).
    const atLimit = Buffer.alloc(PHOTO_MAX_BYTES)
    JPEG.copy(atLimit)
    expect((await upload(atLimit)).json).toMatchObject({ ok: true })
  })

  test.each([
    ['no session', null, 401, 'UNAUTHENTICATED'],
    ['a forged token', 'eyJvcGVuaWQiOiJkZW1vLXJlc2lkZW50LTEifQ.forged', 401, 'UNAUTHENTICATED'],
    ['a WeChat user not bound yet', 'visitor', 403, 'NOT_REGISTERED'],
  ])('%s: refused, nothing stored', async (_what, token, status, code) => {
    const before = stored()
    const t = token === 'visitor' ? issueToken(loadSecret(dir), 'demo-visitor-1') : token
    const r = await upload(JPEG, t)
    expect(r.status).toBe(status)
    expect(r.json).toMatchObject({ ok: false, code })
    expect(r.json.message).toMatch(CHINESE)
    expect(stored()).toEqual(before)
  })

  test.each([
    '/files/photos/u-res-1/../../gongjian.sqlite',
    '/files/photos/../session-secret',
    '/files/photos/u-res-1/%2e%2e/%2e%2e/session-secret',
    '/files/photos/u-res-1/..%2f..%2fsession-secret',
    '/files/photos/u-res-1%2f..%2f..%2fsession-secret',
    '/files/%2e%2e/session-secret',
    '/files/photos/u-res-1/..%5c..%5csession-secret',
    '/files/session-secret',
    '/files/photos/u-res-1/missing.jpg',
    '/files/photos/u-res-1/a.sqlite',
  ])('GET %s is 404 and never the file', async (path) => {
    const got = await rawGet(path)
    expect(got.status).toBe(404)
    expect(got.body.includes(readFileSync(join(dir, 'session-secret')))).toBe(false)
    expect(got.headers['content-type']).toMatch(/application\/json/)
  })

  test('an upload passes checkPhotos for its owner only (the route and the use cases agree on the layout)', async () => {
    const { json } = await upload(JPEG)
    const deps: Deps = { store: running.store, now: () => NOW, newId: () => 'x', uploadsDir: join(dir, 'uploads') }
    const owner = (await loadActor(running.store, DEMO.resident)) as User
    const other = (await loadActor(running.store, DEMO.resident2)) as User
    await expect(checkPhotos(deps, owner, [json.data.fileID])).resolves.toBeUndefined()
    await expect(checkPhotos(deps, other, [json.data.fileID])).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('checkPhotos locally (uploads folder)', () => {
  let w: World
  let me: User
  let neighbour: User
  const put = (userId: string, name: string, bytes: Buffer) => {
    const folder = join(w.deps.uploadsDir as string, 'photos', userId)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, name), bytes)
    return `local:photos/${userId}/${name}`
  }

  beforeEach(async () => {
    w = await sqliteWorld()
    me = (await loadActor(w.store, DEMO.resident)) as User
    neighbour = (await loadActor(w.store, DEMO.resident2)) as User
  })
  afterEach(() => w.dispose())

  test('my own uploads are accepted; none at all is fine too', async () => {
    const a = put(me._id, 'a1.jpg', JPEG)
    const b = put(me._id, 'b2.png', PNG)
    await expect(checkPhotos(w.deps, me, [a, b])).resolves.toBeUndefined()
    await expect(checkPhotos(w.deps, me, [])).resolves.toBeUndefined()
  })

  test('someone else’s upload is refused (INVALID_INPUT, Chinese)', async () => {
    const theirs = put(neighbour._id, 'n1.jpg', JPEG)
    const e = await refusal(checkPhotos(w.deps, me, [theirs]))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toMatch(CHINESE)
  })

  test('a photo in my folder that is not there is refused', async () => {
    const e = await refusal(checkPhotos(w.deps, me, [`local:photos/${me._id}/never-uploaded.jpg`]))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toMatch(/找不到/)
  })

  test('a cloud:// fileID made up for local mode is refused', async () => {
    expect((await refusal(checkPhotos(w.deps, me, [`cloud://env-1.bucket/photos/${me._id}/a1.jpg`]))).code).toBe('INVALID_INPUT')
  })

  test('the same photo twice is refused', async () => {
    const a = put(me._id, 'a1.jpg', JPEG)
    const e = await refusal(checkPhotos(w.deps, me, [a, a]))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toMatch(/两次/)
  })

  test.each([
    ['climbing out of my folder', (id: string) => `local:photos/${id}/../u-res-2/n1.jpg`],
    ['an escaped climb', (id: string) => `local:photos/${id}/%2e%2e%2fu-res-2%2fn1.jpg`],
    ['a folder that only starts like mine', (id: string) => `local:photos/${id}x/a1.jpg`],
    ['not under photos/', (id: string) => `local:imports/${id}/a1.jpg`],
  ])('%s is refused before anything is read', async (_what, make) => {
    put(neighbour._id, 'n1.jpg', JPEG)
    expect((await refusal(checkPhotos(w.deps, me, [make(me._id)]))).code).toBe('INVALID_INPUT')
  })

  test('a file in my folder that is not an image is FILE_INVALID; one with GPS is cleaned in place', async () => {
    const txt = put(me._id, 'fake.jpg', Buffer.from('not an image'))
    expect((await refusal(checkPhotos(w.deps, me, [txt]))).code).toBe('FILE_INVALID')
    const gps = put(me._id, 'gps.jpg', jpegWithLocation({ orientation: 1 }))
    await checkPhotos(w.deps, me, [gps])
    const after = readFileSync(join(w.deps.uploadsDir as string, 'photos', me._id, 'gps.jpg'))
    expect(contains(after, PLACE)).toBe(false)
    expect(after.equals(JPEG)).toBe(true)
  })
})

describe('checkPhotos in CloudBase (cloud storage through deps.files)', () => {
  const ENV = 'cloud://env-1a2b.7072-env-1a2b-1300000000/'
  let w: World
  let me: User
  let bucket: Map<string, Buffer>
  let downloads: string[]
  let uploads: string[]

  beforeEach(async () => {
    w = await cloudbaseWorld()
    me = (await loadActor(w.store, DEMO.resident)) as User
    bucket = new Map()
    downloads = []
    uploads = []
    w.deps.files = {
      download: async (fileID) => {
        downloads.push(fileID)
        const bytes = bucket.get(fileID.slice(ENV.length))
        if (!bytes) throw new Error('STORAGE_FILE_NONEXIST')
        return bytes
      },
      upload: async (cloudPath, bytes) => {
        uploads.push(cloudPath)
        bucket.set(cloudPath, bytes)
      },
    }
  })
  afterEach(() => w.dispose())

  test('my photo is downloaded and checked; a clean one is not written back', async () => {
    bucket.set(`photos/${me._id}/k1.jpg`, JPEG)
    await checkPhotos(w.deps, me, [`${ENV}photos/${me._id}/k1.jpg`])
    expect(downloads).toEqual([`${ENV}photos/${me._id}/k1.jpg`])
    expect(uploads).toEqual([])
  })

  test('a phone photo with GPS is cleaned and uploaded back to the same path', async () => {
    bucket.set(`photos/${me._id}/k2.jpg`, jpegWithLocation({ orientation: 6 }))
    await checkPhotos(w.deps, me, [`${ENV}photos/${me._id}/k2.jpg`])
    expect(uploads).toEqual([`photos/${me._id}/k2.jpg`])
    expect(contains(bucket.get(`photos/${me._id}/k2.jpg`) as Buffer, PLACE)).toBe(false)
  })

  test('someone else’s folder is refused without downloading; a missing file, a local: id, too large and not an image are refused', async () => {
    bucket.set('photos/u-res-2/n1.jpg', JPEG)
    expect((await refusal(checkPhotos(w.deps, me, [`${ENV}photos/u-res-2/n1.jpg`]))).code).toBe('INVALID_INPUT')
    expect(downloads).toEqual([])
    expect((await refusal(checkPhotos(w.deps, me, [`${ENV}photos/${me._id}/gone.jpg`]))).code).toBe('INVALID_INPUT')
    expect((await refusal(checkPhotos(w.deps, me, [`local:photos/${me._id}/a.jpg`]))).code).toBe('INVALID_INPUT')
    const big = Buffer.alloc(PHOTO_MAX_BYTES + 1)
    JPEG.copy(big)
    bucket.set(`photos/${me._id}/big.jpg`, big)
    expect((await refusal(checkPhotos(w.deps, me, [`${ENV}photos/${me._id}/big.jpg`]))).code).toBe('FILE_TOO_LARGE')
    bucket.set(`photos/${me._id}/t.jpg`, Buffer.from('hello'))
    expect((await refusal(checkPhotos(w.deps, me, [`${ENV}photos/${me._id}/t.jpg`]))).code).toBe('FILE_INVALID')
    expect(uploads).toEqual([])
  })
})

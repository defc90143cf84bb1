import { randomUUID } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import * as z from 'zod/mini'
import { AppError, ERROR_MESSAGES, type Failure } from '../src/core/errors'
import type { User } from '../src/core/roles'
import { openEmbeddedStore, type GroupCommitStats } from '../cloudfunctions/common/embedded-store'
import { cleanPhoto, IMAGE_TYPES, PHOTO_MAX_BYTES, PHOTO_MESSAGES } from '../cloudfunctions/common/images'
import { parsePhotoId } from '../cloudfunctions/common/photos'
import { loadActor, type Deps } from '../cloudfunctions/common/router'
import type { Store } from '../cloudfunctions/common/store'
import { FUNCTIONS } from '../cloudfunctions/registry'
import { callFunction } from './function-call'
import { startFunctionsThread, type FunctionsThread } from './functions-thread'
import { demoIdentities, seedDemo } from './seed'
import { issueToken, loadSecret, tokenVerifier } from './session'

/**
 * The local server: the H5 build as static files, and the very same cloud-function handlers
 * over HTTP (`POST /api/fn/<name>` with `{ action, data }`) on the embedded SQLite store.
 * Identity comes from a signed dev session (`Authorization: Bearer …`), never from the body.
 */
export interface ServerOptions {
  port?: number
  host?: string
  dataDir: string
  /** The H5 build to serve; omitted = API only. */
  staticDir?: string
  seed?: boolean
  /** A fake clock (tests); it needs `inline`. */
  now?: () => Date
  quiet?: boolean
  /**
   * Run the handlers on the main thread instead of the functions thread (functions-thread.ts).
   * Default: only when a fake clock is given (a function cannot be sent to a thread).
   */
  inline?: boolean
  /**
   * The functions thread died (e.g. its store could not fsync): every function call fails from then
   * on. `npm start` exits, so that a restart recovers from what is on disk; default: only logged.
   */
  onFatal?: (error: Error) => void
}

export interface RunningServer {
  url: string
  server: Server
  /** The main thread's connection (seeding, tests' set-up); the handlers use the functions thread's own. */
  store: Store
  /** Group-commit figures of the store the handlers write through. */
  storeStats(): Promise<GroupCommitStats>
  close(): Promise<void>
}

/** 8 MB: a 5 MB .xlsx travels inline as base64 (≈ 6.7 MB) in local/H5 mode. */
const MAX_BODY = 8 * 1024 * 1024
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  sendJsonText(res, status, JSON.stringify(body))
}

function sendJsonText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

function failure(code: Failure['code'], detail: string): Failure {
  return { ok: false, code, message: ERROR_MESSAGES[code], detail }
}

/** Past this much an upload is not drained politely but cut off. */
const UPLOAD_DRAIN_LIMIT = 32 * 1024 * 1024

/**
 * Reads a raw body, keeping at most `keep` bytes; a larger body is still read to its end (so the
 * client gets the refusal, not a reset) unless it passes UPLOAD_DRAIN_LIMIT. null = over `keep`.
 */
async function readRaw(req: IncomingMessage, keep: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > UPLOAD_DRAIN_LIMIT) {
      req.destroy()
      return null
    }
    if (size <= keep) chunks.push(chunk as Buffer)
  }
  return size > keep ? null : Buffer.concat(chunks)
}

/** GET /files/photos/<userId>/<name>: exactly the names uploads get; anything else (.., %2e, /) is 404. */
const UPLOADED_FILE = /^\/files\/(photos\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,100}\.(jpg|png|webp))$/
const EXT_TYPE: Record<string, string> = Object.fromEntries(Object.values(IMAGE_TYPES).map((t) => [t.ext, t.contentType]))

/** The body as text (null: over MAX_BODY). */
async function readText(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Demo WeChat users who are not bound to any household yet (visitors): they can sign in and
 * bind with a code. Each sign-in as one of them is the same WeChat user until they bind.
 */
const DEMO_VISITORS = [
  { openid: 'demo-visitor-1', name: '新用户 周六（示例，未绑定）', description: '还没有绑定房屋的微信用户，可以用社区发的绑定码绑定' },
]

function allDemoIdentities() {
  return [...demoIdentities(), ...DEMO_VISITORS]
}

const sessionInput = z.object({ openid: z.string().check(z.minLength(1), z.maxLength(128)) })
/** Local demo only: move the server's clock forward by whole days (e.g. to the end of a 公示). */
const clockInput = z.object({ days: z.number().check(z.int(), z.minimum(0), z.maximum(60)) })

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const inline = opts.inline ?? opts.now !== undefined
  if (!inline && opts.now) throw new Error('startServer: a fake clock (now) needs inline: true')
  const store = openEmbeddedStore(join(opts.dataDir, 'gongjian.sqlite'))
  // The demo clock: local mode can move "now" forward (POST /api/dev/clock) to see a 公示 period end.
  const baseNow = opts.now ?? (() => new Date())
  let clockOffsetMs = 0
  const now = () => new Date(baseNow().getTime() + clockOffsetMs)
  if (opts.seed !== false) await seedDemo(store, now(), { plan: true })
  const secret = loadSecret(opts.dataDir)
  const verifyToken = tokenVerifier(secret)
  const log = opts.quiet ? () => {} : (line: string) => console.error(line)
  // Photos uploaded in local mode (POST /api/upload), read back by checkPhotos and GET /files/.
  const uploadsDir = join(opts.dataDir, 'uploads')
  const deps: Deps = { store, now, newId: () => randomUUID(), log, uploadsDir }
  const staticRoot = opts.staticDir ? resolve(opts.staticDir) : null
  let thread: FunctionsThread | null = null
  if (!inline) {
    const threadDied = (e: Error) => {
      log(`the functions thread died: ${e.message}`)
      opts.onFatal?.(e)
    }
    try {
      thread = await startFunctionsThread({ dataFile: join(opts.dataDir, 'gongjian.sqlite'), uploadsDir, clockOffsetMs, quiet: !!opts.quiet }, log, threadDied)
    } catch (e) {
      await store.close()
      throw e
    }
  }

  function callerOpenid(req: IncomingMessage): string | null {
    const auth = req.headers.authorization ?? ''
    const m = /^Bearer (.+)$/.exec(auth)
    return m ? verifyToken(m[1]) : null
  }

  /**
   * POST /api/upload: one photo as the raw body, signed session required. The type comes from the
   * bytes (JPEG, PNG, WebP), at most 5 MB, location metadata stripped, stored as
   * uploads/photos/<userId>/<uuid>.<ext>; replies { ok, data: { fileID: 'local:photos/…' } }.
   */
  async function upload(req: IncomingMessage, res: ServerResponse) {
    const refuse = (status: number, f: Failure) => {
      res.setHeader('connection', 'close')
      sendJson(res, status, f)
    }
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > UPLOAD_DRAIN_LIMIT) {
      refuse(413, { ok: false, code: 'FILE_TOO_LARGE', message: PHOTO_MESSAGES.tooLarge, detail: `content-length ${declared}` })
      req.destroy()
      return
    }
    const openid = callerOpenid(req)
    const user = openid ? await loadActor(store, openid) : null
    const bytes = await readRaw(req, user ? PHOTO_MAX_BYTES : 0)
    if (!openid) return refuse(401, failure('UNAUTHENTICATED', 'upload without a valid signed session'))
    if (!user) return refuse(403, failure('NOT_REGISTERED', `no user for openid ${openid}`))
    if (!bytes) return refuse(413, { ok: false, code: 'FILE_TOO_LARGE', message: PHOTO_MESSAGES.tooLarge, detail: `body over ${PHOTO_MAX_BYTES} bytes` })
    let photo: ReturnType<typeof cleanPhoto>
    try {
      photo = cleanPhoto(bytes)
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      return refuse(e.code === 'FILE_TOO_LARGE' ? 413 : 415, { ok: false, code: e.code, message: e.message, detail: e.detail })
    }
    const fileID = `local:photos/${user._id}/${randomUUID()}.${photo.ext}`
    const ref = parsePhotoId(fileID)
    if (!ref) return refuse(500, failure('INTERNAL', `user id ${user._id} cannot name a photo folder`))
    await mkdir(join(uploadsDir, 'photos', ref.userId), { recursive: true })
    await writeFile(join(uploadsDir, ref.path), photo.bytes, { flag: 'wx' })
    if (photo.removed.length > 0) log(`upload ${fileID}: removed ${photo.removed.join(', ')}`)
    sendJson(res, 200, { ok: true, data: { fileID } })
  }

  function serveUpload(req: IncomingMessage, res: ServerResponse, path: string) {
    const rel = UPLOADED_FILE.exec(path)?.[1]
    const file = rel ? join(uploadsDir, rel) : null
    if (!file || !existsSync(file) || !statSync(file).isFile()) return sendJson(res, 404, failure('NOT_FOUND', `no uploaded file at ${path}`))
    res.writeHead(200, {
      'content-type': EXT_TYPE[extname(file).slice(1)],
      'content-length': statSync(file).size,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=86400',
    })
    if (req.method === 'HEAD') return res.end()
    createReadStream(file).pipe(res)
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === '/api/health') {
      if (thread?.dead) return sendJson(res, 503, failure('INTERNAL', `the functions thread died: ${thread.dead.message}`))
      return sendJson(res, 200, { ok: true, data: { mode: 'local' } })
    }
    if (path === '/api/upload' && req.method === 'POST') return upload(req, res)
    if (path === '/api/dev/identities' && req.method === 'GET') return sendJson(res, 200, { ok: true, data: allDemoIdentities() })
    if (req.method !== 'POST') return sendJson(res, 405, failure('UNKNOWN_ACTION', `${req.method} ${path}: use POST`))
    const text = await readText(req)
    if (text === null) return sendJson(res, 413, failure('INVALID_INPUT', `body over ${MAX_BODY} bytes`))
    const fn = /^\/api\/fn\/([a-z-]+)$/.exec(path)?.[1]
    if (fn !== undefined) {
      // Own keys only: /api/fn/constructor must not reach Object.prototype.constructor.
      const handle = Object.prototype.hasOwnProperty.call(FUNCTIONS, fn) ? FUNCTIONS[fn] : undefined
      if (!handle) return sendJson(res, 404, failure('UNKNOWN_ACTION', `no function at ${path}`))
      const openid = callerOpenid(req)
      const reply = thread ? await thread.call(fn, openid, text) : await callFunction(handle, deps, openid, text)
      return sendJsonText(res, reply.status, reply.text)
    }
    let body: unknown
    try {
      body = text ? JSON.parse(text) : {}
    } catch {
      return sendJson(res, 400, failure('INVALID_INPUT', 'body is not JSON'))
    }
    if (path === '/api/noop') return sendJson(res, 200, { ok: true, data: null })
    if (path === '/api/dev/clock') {
      if (!callerOpenid(req)) return sendJson(res, 401, failure('UNAUTHENTICATED', 'the demo clock needs a signed-in demo session'))
      const input = z.safeParse(clockInput, body)
      if (!input.success) return sendJson(res, 400, failure('INVALID_INPUT', 'expected { days: 0..60 }'))
      clockOffsetMs += input.data.days * 24 * 3600 * 1000
      thread?.setClockOffset(clockOffsetMs)
      return sendJson(res, 200, { ok: true, data: { now: now().toISOString() } })
    }
    if (path === '/api/dev/session') {
      const input = z.safeParse(sessionInput, body)
      if (!input.success) return sendJson(res, 400, failure('INVALID_INPUT', 'expected { openid }'))
      const openid = input.data.openid
      const [user] = await store.find<User>('users', { openid }, { limit: 1 })
      const visitor = DEMO_VISITORS.some((v) => v.openid === openid)
      if (!user && !visitor) return sendJson(res, 200, failure('NOT_REGISTERED', `no demo user ${openid}`))
      return sendJson(res, 200, { ok: true, data: { token: issueToken(secret, openid) } })
    }
    return sendJson(res, 404, failure('UNKNOWN_ACTION', `no function at ${path}`))
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, path: string) {
    if (!staticRoot) return sendJson(res, 404, failure('NOT_FOUND', 'no H5 build served'))
    let file = normalize(join(staticRoot, decodeURIComponent(path)))
    if (!file.startsWith(staticRoot)) return sendJson(res, 403, failure('FORBIDDEN', 'path outside the build'))
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html')
    if (!existsSync(file)) return sendJson(res, 404, failure('NOT_FOUND', 'H5 build missing: run npm run build:h5'))
    const type = TYPES[extname(file)] ?? 'application/octet-stream'
    const immutable = /\.[0-9a-f]{8}\./.test(file)
    res.writeHead(200, { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' })
    createReadStream(file).pipe(res)
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname
    const work = path.startsWith('/api/')
      ? api(req, res, path)
      : path.startsWith('/files/')
        ? Promise.resolve(serveUpload(req, res, path))
        : Promise.resolve(serveStatic(req, res, path))
    work.catch((e) => {
      log(`request ${path} failed: ${e instanceof Error ? e.stack : String(e)}`)
      if (!res.headersSent) sendJson(res, 500, failure('INTERNAL', 'unexpected server error'))
      else res.end()
    })
  })
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    server,
    store,
    storeStats: () => (thread ? thread.stats() : Promise.resolve(store.stats())),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
      await thread?.close()
      await store.close()
    },
  }
}

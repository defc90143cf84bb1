/**
 * The local server as `npm start` runs it: the handlers in the functions thread (server/functions-
 * thread.ts, functions-worker.ts) on its own connection to the store's file, the main thread
 * speaking HTTP. Requests reach the very same handlers with the caller from the signed session;
 * what a handler wrote is in the file by the time its reply arrives (the main thread's connection
 * reads it); the HTTP edges answer as inline; the demo clock moves the thread's clock; close()
 * ends the thread and leaves a complete file.
 */
import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '../../server/app'
import { startFunctionsThread } from '../../server/functions-thread'
import { DEMO } from '../../server/seed'
import { ERROR_MESSAGES } from '../../src/core/errors'
import type { Notice } from '../../src/core/notice'

const DAY = 24 * 3600 * 1000
let dir: string
let running: RunningServer | null = null

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gj-thread-'))
  running = await startServer({ dataDir: dir, quiet: true })
}, 60_000)
afterAll(async () => {
  await running?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function post(path: string, body: unknown, token?: string, raw = false) {
  const res = await fetch(`${running!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ? (body as string) : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, any> }
}

async function signIn(openid: string): Promise<string> {
  return (await post('/api/dev/session', { openid })).json.data.token
}

test('a fake clock cannot be sent to the thread: startServer says so', async () => {
  await expect(startServer({ dataDir: join(dir, 'other'), quiet: true, now: () => new Date(), inline: false })).rejects.toThrow(/needs inline/)
})

test('a function answers in the thread with the signed-in caller, never one named in the body', async () => {
  const token = await signIn(DEMO.office)
  const me = await post('/api/fn/account', { action: 'me', data: {}, openid: DEMO.resident }, token)
  expect(me.status).toBe(200)
  expect(me.json).toMatchObject({ ok: true, data: { user: { role: 'office' } } })
  const anonymous = await post('/api/fn/account', { action: 'me', data: {} })
  expect(anonymous.json).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
})

test('what a handler wrote is in the file when its reply arrives: the main thread reads it', async () => {
  const token = await signIn(DEMO.office)
  const created = await post('/api/fn/notices', { action: 'create', data: { title: '线程测试通知', body: '正文', kind: 'notice' } }, token)
  expect(created.json).toMatchObject({ ok: true, data: { status: 'draft', title: '线程测试通知' } })
  const id = (created.json.data as Notice)._id
  expect(await running!.store.get<Notice>('notices', id)).toMatchObject({ _id: id, title: '线程测试通知', status: 'draft' })
  // And the other way: what the main thread's connection writes, the thread's handlers read.
  await running!.store.replaceIfVersion('notices', { ...(created.json.data as Notice), title: '主线程改过', version: 2 }, 1)
  const got = await post('/api/fn/notices', { action: 'get', data: { id } }, token)
  expect(got.json).toMatchObject({ ok: true, data: { notice: { _id: id, title: '主线程改过', version: 2 } } })
})

test('the HTTP edges answer as they do inline', async () => {
  const token = await signIn(DEMO.resident)
  expect((await post('/api/fn/payments', { action: 'list' }, token)).status).toBe(404)
  expect((await post('/api/fn/constructor', { action: 'list' }, token)).json).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' })
  const notJson = await post('/api/fn/notices', '{"action": "list"', token, true)
  expect(notJson.status).toBe(400)
  expect(notJson.json).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: ERROR_MESSAGES.INVALID_INPUT })
  const empty = await post('/api/fn/notices', '', token, true)
  expect(empty.status).toBe(200)
  expect(empty.json).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  expect((await post('/api/noop', { action: 'cast' })).json).toEqual({ ok: true, data: null })
})

test('many calls at once each get their own answer', async () => {
  const tokens = await Promise.all([DEMO.office, DEMO.resident, DEMO.resident2].map(signIn))
  const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => post('/api/fn/account', { action: 'me', data: {} }, tokens[i % 3])))
  const roles = replies.map((r) => r.json.data.user.role)
  expect(roles).toEqual(Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 'office' : 'resident')))
})

test('the demo clock moves the clock the handlers see', async () => {
  const token = await signIn(DEMO.office)
  const draft = async () => {
    const r = await post('/api/fn/notices', { action: 'create', data: { title: '时钟', body: '正文', kind: 'notice' } }, token)
    return Date.parse((r.json.data as Notice).createdAt)
  }
  const before = await draft()
  expect((await post('/api/dev/clock', { days: 3 }, token)).status).toBe(200)
  const after = await draft()
  expect(after - before).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000)
  expect(after - before).toBeLessThan(3 * 24 * 3600 * 1000 + 60_000)
})

test('a clock change does not overtake calls made before it (calls wait for the end of the turn, the clock not)', async () => {
  // A second thread on the same file, driven directly: both calls and the change in one turn.
  const thread = await startFunctionsThread({ dataFile: join(dir, 'gongjian.sqlite'), uploadsDir: join(dir, 'uploads'), clockOffsetMs: 0, quiet: true }, () => {})
  try {
    const body = (title: string) => JSON.stringify({ action: 'create', data: { title, body: '正文', kind: 'notice' } })
    const before = thread.call('notices', DEMO.office, body('之前'))
    thread.setClockOffset(3 * DAY)
    const after = thread.call('notices', DEMO.office, body('之后'))
    const [b, a] = (await Promise.all([before, after])).map((r) => Date.parse((JSON.parse(r.text).data as Notice).createdAt))
    expect(b).toBeLessThan(Date.now() + 60_000)
    expect(a - b).toBeGreaterThanOrEqual(3 * DAY - 60_000)
    expect(thread.dead).toBeNull()
  } finally {
    await thread.close()
  }
  await expect(thread.call('account', DEMO.office, '{"action":"me"}')).rejects.toThrow(/closed/)
})

test('close() ends the thread after its calls and leaves a complete file without a WAL', async () => {
  const token = await signIn(DEMO.office)
  const pending = post('/api/fn/notices', { action: 'create', data: { title: '关闭前', body: '正文', kind: 'notice' } }, token)
  const created = await pending
  await running!.close()
  running = null
  expect(existsSync(join(dir, 'gongjian.sqlite-wal'))).toBe(false)
  const db = new Database(join(dir, 'gongjian.sqlite'), { readonly: true })
  try {
    expect(db.prepare(`SELECT count(*) AS n FROM docs WHERE coll = 'notices' AND id = ?`).get((created.json.data as Notice)._id)).toEqual({ n: 1 })
  } finally {
    db.close()
  }
})

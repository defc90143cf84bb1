/**
 * The local HTTP server (server/app.ts): demo sign-in, the same cloud-function handlers over
 * `POST /api/fn/<name>`, identity only from the signed session (never from the body), and the
 * edges of the HTTP layer (unknown function, bad JSON, oversized body).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '../../server/app'
import { DEMO } from '../../server/seed'
import { issueToken, loadSecret } from '../../server/session'
import { ERROR_MESSAGES } from '../../src/core/errors'

const NOW = new Date('2026-11-25T02:00:00.000Z')
const CHINESE = /[\u4e00-\u9fa5]/
let dir: string
let running: RunningServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gj-server-'))
  running = await startServer({ dataDir: dir, port: 0, quiet: true, now: () => NOW })
})
afterAll(async () => {
  await running?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function post(path: string, body: unknown, token?: string, raw = false) {
  const res = await fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ? (body as string) : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, any> }
}

async function signIn(openid: string): Promise<string> {
  const { status, json } = await post('/api/dev/session', { openid })
  expect(status).toBe(200)
  expect(json).toMatchObject({ ok: true, data: { token: expect.any(String) } })
  return json.data.token
}

describe('demo sign-in', () => {
  test('GET /api/dev/identities lists every demo identity with a Chinese description', async () => {
    const res = await fetch(`${running.url}/api/dev/identities`)
    expect(res.status).toBe(200)
    const json = (await res.json()) as { ok: boolean; data: { openid: string; name: string; description: string }[] }
    expect(json.ok).toBe(true)
    expect(json.data.map((i) => i.openid).sort()).toEqual(
      // The ten demo users, plus a WeChat user not bound to any flat yet (a visitor).
      [DEMO.resident, DEMO.resident2, DEMO.resident3, DEMO.resident4, DEMO.office, DEMO.office2, DEMO.otherOffice, DEMO.otherResident, DEMO.contractor, DEMO.district, 'demo-visitor-1'].sort(),
    )
    for (const i of json.data) expect(i.description).toMatch(CHINESE)
  })

  test('POST /api/dev/session with a demo openid returns a token', async () => {
    expect(await signIn(DEMO.resident)).toMatch(/^[\w-]+\.[\w-]+$/)
  })

  test.each([
    ['an unknown openid', { openid: 'o-stranger' }, 200, 'NOT_REGISTERED'],
    ['no openid', {}, 400, 'INVALID_INPUT'],
    ['an empty openid', { openid: '' }, 400, 'INVALID_INPUT'],
    ['a numeric openid', { openid: 5 }, 400, 'INVALID_INPUT'],
  ])('a session for %s is refused', async (_case, body, status, code) => {
    const r = await post('/api/dev/session', body)
    expect(r.status).toBe(status)
    expect(r.json).toMatchObject({ ok: false, code, message: expect.stringMatching(CHINESE) })
  })
})

describe('POST /api/fn/<name>', () => {
  test('with a valid token the function runs as that identity', async () => {
    const token = await signIn(DEMO.resident)
    const list = await post('/api/fn/notices', { action: 'list' }, token)
    expect(list.status).toBe(200)
    // Three seeded notices and the 公示 the demo plan's publication put out.
    expect(list.json).toMatchObject({ ok: true, data: { total: 4, community: { _id: DEMO.communityId } } })
    const me = await post('/api/fn/account', { action: 'me' }, await signIn(DEMO.office))
    expect(me.json).toMatchObject({ ok: true, data: { user: { role: 'office', roleLabel: '社区工作人员' } } })
  })

  test('the office can create a notice through HTTP', async () => {
    const token = await signIn(DEMO.office)
    const r = await post('/api/fn/notices', { action: 'create', data: { title: '通过接口创建', body: '正文', kind: 'notice' } }, token)
    expect(r.json).toMatchObject({ ok: true, data: { status: 'draft', createdBy: 'u-off-1', communityId: DEMO.communityId } })
  })

  /** Each case builds its token from the server's real secret (read once the server has started). */
  const FORGED: [string, (secret: Buffer) => string | undefined][] = [
    ['no token', () => undefined],
    ['a token signed with another secret', () => issueToken(Buffer.alloc(32, 1), DEMO.office, NOW.getTime())],
    [
      'a payload swapped for the office, with the resident signature',
      (secret) => {
        const [, sig] = issueToken(secret, DEMO.resident, NOW.getTime()).split('.')
        return `${Buffer.from(JSON.stringify({ o: DEMO.office, t: NOW.getTime() })).toString('base64url')}.${sig}`
      },
    ],
    ['a truncated signature', (secret) => issueToken(secret, DEMO.resident, NOW.getTime()).slice(0, -2)],
    ['an expired token (31 days old)', (secret) => issueToken(secret, DEMO.resident, Date.now() - 31 * 24 * 3600 * 1000)],
    ['garbage', () => 'not-a-token'],
  ]
  test.each(FORGED)('%s → UNAUTHENTICATED', async (_case, make) => {
    const r = await post('/api/fn/account', { action: 'me' }, make(loadSecret(dir)))
    expect(r.status).toBe(200)
    expect(r.json).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: ERROR_MESSAGES.UNAUTHENTICATED, detail: expect.any(String) })
  })

  test('the same secret does sign valid tokens (so the cases above fail for the reason named)', async () => {
    const r = await post('/api/fn/account', { action: 'me' }, issueToken(loadSecret(dir), DEMO.office))
    expect(r.json).toMatchObject({ ok: true, data: { user: { role: 'office' } } })
  })

  test('a non-Bearer Authorization header is not a session', async () => {
    const token = await signIn(DEMO.resident)
    const res = await fetch(`${running.url}/api/fn/account`, {
      method: 'POST',
      headers: { authorization: `Basic ${token}` },
      body: JSON.stringify({ action: 'me' }),
    })
    expect(await res.json()).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })

  test('an identity in the payload is ignored (design/cloudbase.md pitfall 7)', async () => {
    const resident = await signIn(DEMO.resident)
    const asOffice = { openid: DEMO.office, OPENID: DEMO.office }
    const me = await post('/api/fn/account', { action: 'me', ...asOffice, data: asOffice }, resident)
    expect(me.json).toMatchObject({ ok: true, data: { user: { _id: 'u-res-1', role: 'resident' } } })
    const create = await post(
      '/api/fn/notices',
      { action: 'create', ...asOffice, data: { title: '冒充', body: '冒充', kind: 'notice', ...asOffice } },
      resident,
    )
    expect(create.json).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const anonymous = await post('/api/fn/notices', { action: 'create', ...asOffice, data: { title: '冒充', body: '冒充', kind: 'notice', ...asOffice } })
    expect(anonymous.json).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
    expect(await running.store.count('notices', { title: '冒充' })).toBe(0)
  })

  test.each(['payments', 'Notices', 'constructor', 'notices/list', '__proto__'])('unknown function %j → 404 UNKNOWN_ACTION', async (name) => {
    const r = await post(`/api/fn/${name}`, { action: 'list' }, await signIn(DEMO.resident))
    expect(r.status).toBe(404)
    expect(r.json).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION', message: ERROR_MESSAGES.UNKNOWN_ACTION })
  })

  test('GET on a function → 405', async () => {
    const res = await fetch(`${running.url}/api/fn/notices`)
    expect(res.status).toBe(405)
    expect(await res.json()).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' })
  })

  test.each([
    ['not JSON', '{"action": "list"'],
    ['plain text', 'list'],
  ])('a body that is %s → 400 INVALID_INPUT', async (_case, body) => {
    const r = await post('/api/fn/notices', body, await signIn(DEMO.resident), true)
    expect(r.status).toBe(400)
    expect(r.json).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: ERROR_MESSAGES.INVALID_INPUT })
  })

  test('an empty body reaches the router as {} and is refused there', async () => {
    const r = await post('/api/fn/notices', '', await signIn(DEMO.resident), true)
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })

  test('a body over 8 MB (server/app.ts MAX_BODY) → 413, and the server keeps serving', async () => {
    const token = await signIn(DEMO.office)
    const huge = JSON.stringify({ action: 'create', data: { title: 't', body: 'x'.repeat(8 * 1024 * 1024), kind: 'notice' } })
    const r = await post('/api/fn/notices', huge, token, true)
    expect(r.status).toBe(413)
    expect(r.json).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect((await post('/api/fn/notices', { action: 'list' }, token)).json).toMatchObject({ ok: true })
  })

  test('a body just under 8 MB (a 5 MB Excel file as base64 fits) is read, and refused by the notice rules, not the server', async () => {
    const token = await signIn(DEMO.office)
    const body = JSON.stringify({ action: 'create', data: { title: 't', body: 'x'.repeat(8 * 1024 * 1024 - 200), kind: 'notice' } })
    const r = await post('/api/fn/notices', body, token, true)
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '正文不能超过 5000 个字' })
  })
})

describe('other routes', () => {
  test('GET /api/health', async () => {
    expect(await (await fetch(`${running.url}/api/health`)).json()).toEqual({ ok: true, data: { mode: 'local' } })
  })

  test('the demo clock moves forward only for a signed-in demo session, by 0–60 whole days', async () => {
    expect((await post('/api/dev/clock', { days: 8 })).status).toBe(401)
    const token = await signIn(DEMO.office)
    expect((await post('/api/dev/clock', { days: -1 }, token)).status).toBe(400)
    expect((await post('/api/dev/clock', { days: 61 }, token)).status).toBe(400)
    const before = (await post('/api/dev/clock', { days: 0 }, token)).json.data.now as string
    const after = (await post('/api/dev/clock', { days: 2 }, token)).json.data.now as string
    const moved = new Date(after).getTime() - new Date(before).getTime()
    expect(moved).toBeGreaterThanOrEqual(2 * 24 * 3600 * 1000)
    expect(moved).toBeLessThan(2 * 24 * 3600 * 1000 + 60_000)
  })

  test('without a staticDir, pages are 404 NOT_FOUND', async () => {
    const res = await fetch(`${running.url}/index.html`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})

/**
 * Signed dev sessions (server/session.ts): a token names an openid, is valid for 30 days
 * (MAX_AGE_MS), and anything forged, tampered with, malformed or expired names nobody.
 */
import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { issueToken, loadSecret, tokenVerifier, verifyToken } from '../../../server/session'

const DAY = 24 * 3600 * 1000
const MAX_AGE = 30 * DAY
const T0 = Date.parse('2026-11-25T02:00:00.000Z')
const SECRET = Buffer.alloc(32, 7)
const OTHER_SECRET = Buffer.alloc(32, 8)

const b64 = (s: string) => Buffer.from(s).toString('base64url')
const mac = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url')
/** A token signed correctly over an arbitrary payload text. */
const signed = (payloadText: string, secret = SECRET) => `${b64(payloadText)}.${mac(secret, b64(payloadText))}`

describe('issueToken / verifyToken', () => {
  test('a fresh token names its openid', () => {
    expect(verifyToken(SECRET, issueToken(SECRET, 'demo-resident-1', T0), T0)).toBe('demo-resident-1')
  })

  test.each([
    ['right away', 0, 'demo-resident-1'],
    ['after 29 days', 29 * DAY, 'demo-resident-1'],
    ['at exactly 30 days', MAX_AGE, 'demo-resident-1'],
    ['1 ms after 30 days (expired)', MAX_AGE + 1, null],
    ['a year later (expired)', 365 * DAY, null],
    ['issued 60 s in the future (clock skew allowed)', -60_000, 'demo-resident-1'],
    ['issued more than 60 s in the future', -60_001, null],
  ])('checked %s', (_case, elapsed, expected) => {
    const token = issueToken(SECRET, 'demo-resident-1', T0)
    expect(verifyToken(SECRET, token, T0 + elapsed)).toBe(expected)
  })

  test('a token signed with another secret is refused', () => {
    expect(verifyToken(SECRET, issueToken(OTHER_SECRET, 'demo-office-1', T0), T0)).toBeNull()
  })

  test('a tampered payload (another openid, the original signature) is refused', () => {
    const [, sig] = issueToken(SECRET, 'demo-resident-1', T0).split('.')
    const forged = `${b64(JSON.stringify({ o: 'demo-office-1', t: T0 }))}.${sig}`
    expect(verifyToken(SECRET, forged, T0)).toBeNull()
  })

  test('a tampered time (making an old token young) is refused', () => {
    const [, sig] = issueToken(SECRET, 'demo-resident-1', T0 - 60 * DAY).split('.')
    const forged = `${b64(JSON.stringify({ o: 'demo-resident-1', t: T0 }))}.${sig}`
    expect(verifyToken(SECRET, forged, T0)).toBeNull()
  })

  test('a tampered signature is refused', () => {
    const token = issueToken(SECRET, 'demo-resident-1', T0)
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    expect(verifyToken(SECRET, flipped, T0)).toBeNull()
  })

  test.each([
    ['empty', ''],
    ['no dot', 'abc'],
    ['just a dot', '.'],
    ['no signature', `${b64('{"o":"x","t":1}')}.`],
    ['no payload', `.${mac(SECRET, '')}`],
    ['an extra segment after a valid token', () => `${issueToken(SECRET, 'demo-resident-1', T0)}.extra`],
    ['signed but not JSON', () => signed('not json')],
    ['signed but openid not a string', () => signed(JSON.stringify({ o: 5, t: T0 }))],
    ['signed but no time', () => signed(JSON.stringify({ o: 'demo-resident-1' }))],
    ['signed but time is a string', () => signed(JSON.stringify({ o: 'demo-resident-1', t: String(T0) }))],
    ['signed JSON null', () => signed('null')],
  ])('malformed: %s → nobody', (_case, token) => {
    expect(verifyToken(SECRET, typeof token === 'function' ? token() : token, T0)).toBeNull()
  })
})

describe('tokenVerifier (the server remembers signatures it found good)', () => {
  test.each([
    ['at exactly 30 days', MAX_AGE, 'demo-resident-1'],
    ['1 ms after 30 days (expired)', MAX_AGE + 1, null],
    ['issued more than 60 s in the future', -60_001, null],
  ])('a remembered token is still checked for age: %s', (_case, elapsed, expected) => {
    const verify = tokenVerifier(SECRET)
    const token = issueToken(SECRET, 'demo-resident-1', T0)
    expect(verify(token, T0)).toBe('demo-resident-1')
    expect(verify(token, T0 + elapsed)).toBe(expected)
  })

  test('once a token is remembered, forged and tampered ones are still refused', () => {
    const verify = tokenVerifier(SECRET)
    const token = issueToken(SECRET, 'demo-resident-1', T0)
    expect(verify(token, T0)).toBe('demo-resident-1')
    const [, sig] = token.split('.')
    expect(verify(`${b64(JSON.stringify({ o: 'demo-office-1', t: T0 }))}.${sig}`, T0)).toBeNull()
    expect(verify(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), T0)).toBeNull()
    expect(verify(issueToken(OTHER_SECRET, 'demo-office-1', T0), T0)).toBeNull()
    expect(verify(`${token}.extra`, T0)).toBeNull()
    expect(verify(token, T0)).toBe('demo-resident-1')
  })

  test('a token refused once is refused again (refusals are not remembered as anything)', () => {
    const verify = tokenVerifier(SECRET)
    const forged = issueToken(OTHER_SECRET, 'demo-office-1', T0)
    expect(verify(forged, T0)).toBeNull()
    expect(verify(forged, T0)).toBeNull()
  })

  test('past its bound it starts afresh and still answers rightly', () => {
    const verify = tokenVerifier(SECRET, 2)
    const tokens = ['a', 'b', 'c', 'd', 'e'].map((o) => issueToken(SECRET, o, T0))
    for (let round = 0; round < 2; round++) tokens.forEach((t, i) => expect(verify(t, T0)).toBe('abcde'[i]))
  })
})

describe('loadSecret', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gj-secret-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('creates a 32-byte secret readable only by the owner, and keeps it', () => {
    const data = join(dir, 'nested', 'data')
    const first = loadSecret(data)
    expect(first).toHaveLength(32)
    expect(readFileSync(join(data, 'session-secret'), 'utf8')).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(join(data, 'session-secret')).mode & 0o777).toBe(0o600)
    expect(loadSecret(data).equals(first)).toBe(true)
  })

  test('different data folders get different secrets', () => {
    expect(loadSecret(join(dir, 'a')).equals(loadSecret(join(dir, 'b')))).toBe(false)
  })
})

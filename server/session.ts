import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Signed dev sessions for local mode only: H5 has no WeChat login, so the demo sign-in page
 * issues a token naming a demo identity's openid, signed with a secret kept in the data folder.
 */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000

export function loadSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'session-secret')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex')
}

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url')
}

export function issueToken(secret: Buffer, openid: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ o: openid, t: now })).toString('base64url')
  return `${payload}.${sign(secret, payload)}`
}

/** The openid a token names, or null if it is forged, malformed or expired. */
export function verifyToken(secret: Buffer, token: string, now = Date.now()): string | null {
  const parts = token.split('.')
  if (parts.length !== 2) return null
  const [payload, mac] = parts
  if (!payload || !mac) return null
  const expected = Buffer.from(sign(secret, payload))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const { o, t } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o: unknown; t: unknown }
    if (typeof o !== 'string' || typeof t !== 'number' || now - t > MAX_AGE_MS || t > now + 60_000) return null
    return o
  } catch {
    return null
  }
}

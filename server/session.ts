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
  const claims = signedClaims(secret, token)
  return claims && fresh(claims.t, now) ? claims.o : null
}

/** What a correctly signed, well-formed token says (null: forged, tampered with or malformed). */
function signedClaims(secret: Buffer, token: string): { o: string; t: number } | null {
  const parts = token.split('.')
  if (parts.length !== 2) return null
  const [payload, mac] = parts
  if (!payload || !mac) return null
  const expected = Buffer.from(sign(secret, payload))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const { o, t } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o: unknown; t: unknown }
    return typeof o === 'string' && typeof t === 'number' ? { o, t } : null
  } catch {
    return null
  }
}

/** Issued at most 30 days ago, and not in the future (a minute's clock difference allowed). */
const fresh = (t: number, now: number) => !(now - t > MAX_AGE_MS || t > now + 60_000)

/**
 * verifyToken for a server: a signed-in user sends the same token with every request, so the
 * signature of a token once found good is not checked again (an HMAC per request was a tenth of
 * the main thread's work per vote). Only good tokens are remembered (at most `max`, then it starts
 * afresh), with their issue time: expiry is checked on every use, as verifyToken does.
 */
export function tokenVerifier(secret: Buffer, max = 10_000): (token: string, now?: number) => string | null {
  const good = new Map<string, { o: string; t: number }>()
  return (token, now = Date.now()) => {
    let claims = good.get(token) ?? null
    if (!claims) {
      claims = signedClaims(secret, token)
      if (!claims) return null
      if (good.size >= max) good.clear()
      good.set(token, claims)
    }
    return fresh(claims.t, now) ? claims.o : null
  }
}

import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'

/**
 * Browser tests run Debian's Chromium against the real `npm start` on a free port with a
 * fresh data folder. With CI=true a missing browser fails the run; otherwise it skips.
 */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(
  (p): p is string => !!p,
)

export const chromiumPath = CANDIDATES.find((p) => existsSync(p)) ?? null
export const browserRequired = process.env.CI === 'true' || process.env.CI === '1'

if (!chromiumPath && browserRequired) {
  throw new Error(`CI=true but no Chromium found (looked in ${CANDIDATES.join(', ')}): install it with apt-get install chromium`)
}
if (!chromiumPath) console.warn('No Chromium found: browser tests are skipped (they are mandatory when CI=true).')

/** `describe` when a browser is available, `describe.skip` otherwise (never under CI). */
export const describeBrowser = (chromiumPath || typeof describe === "undefined" ? globalThis.describe : describe.skip) as jest.Describe

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export interface App {
  url: string
  dataDir: string
  stop(): Promise<void>
}

/** Starts `npm start` and waits until it says it is listening. */
export async function startApp(): Promise<App> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'gongjian-e2e-'))
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: join(__dirname, '../..'),
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in 120 s:\n${output}`)), 120_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('已启动')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`npm start exited with ${code}:\n${output}`))
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {
        /* already gone */
      }
      await exited
    },
  }
}

/** Starts `npm start` and Chromium once for the enclosing describe block, and stops both after it. */
export function appAndBrowser(): { app: App; browser: Browser } {
  const env = {} as { app: App; browser: Browser }
  beforeAll(async () => {
    env.app = await startApp()
    env.browser = await launchBrowser()
  })
  afterAll(async () => {
    await env.browser?.close()
    await env.app?.stop()
  })
  return env
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Opens the app as a demo identity, through the sign-in page as a person would. */
export async function signIn(browser: Browser, app: App, name: RegExp): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(app.url)
  await page.getByRole('button', { name }).click()
  // Home shows who you are once the session works.
  await page.locator('.gj-card-title:visible').first().waitFor()
  return page
}

/** Calls a cloud function from inside the page with the page's own demo session, as the app does. */
export async function callFromPage(page: Page, fn: string, event: unknown): Promise<any> {
  return page.evaluate(
    async ({ fn, event }) => {
      const raw = localStorage.getItem('gj.session')
      const token = raw ? ((JSON.parse(raw) as { data?: string }).data ?? raw) : ''
      const res = await fetch(`/api/fn/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(event),
      })
      return res.json()
    },
    { fn, event },
  )
}

/** The text box of the form field labelled `label` (TextField renders a .gj-field with its label). */
export async function field(page: Page | Locator, label: string) {
  return page.locator('.gj-field:visible', { hasText: label }).locator('input, textarea').first()
}

/** Waits for a page title (.gj-title) with this text. */
export async function title(page: Page, text: string) {
  await page.locator('.gj-title:visible', { hasText: text }).first().waitFor()
}

/** A tiny valid PNG (1×1) written to a temp file named `name`: a photo to attach. */
export function pngFile(name: string): string {
  const crc = (buf: Buffer) => {
    let c = ~0
    for (const b of buf) {
      c ^= b
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
    }
    return ~c >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, sum])
  }
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
  const file = join(mkdtempSync(join(tmpdir(), 'gj-photo-')), name)
  writeFileSync(file, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))), chunk('IEND', Buffer.alloc(0))]))
  return file
}

/**
 * axe on pages that need an id to open (the notices test's page list has none): each path opened in a
 * new tab of the given user's browser context; the serious and critical violations as "path rule: html".
 */
export async function axeProblems(appUrl: string, pages: readonly (readonly [Page, string])[]): Promise<string[]> {
  const bad: string[] = []
  for (const [as, path] of pages) {
    const view = await as.context().newPage()
    await view.goto(`${appUrl}${path}`)
    await view.locator('.gj-title').first().waitFor()
    await view.waitForLoadState('networkidle')
    const result = await new AxeBuilder({ page: view }).analyze()
    await view.close()
    bad.push(...result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path} ${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`))
  }
  return bad
}

import type { Metafile } from 'esbuild'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { functionNames, META, OUT, ownBytes } from '../scripts/build-functions'

/**
 * `npm run bench:size`: the three size budgets.
 *  (a) weapp main package: every file the mini-program ships from dist/weapp, outside any subpackage root
 *      (DevTools' own project files and source maps excluded) ≤ 600 KB.
 *  (b) H5 first load: the JS of dist/h5/index.html's <script>s (inline ones too) plus the chunks the first
 *      page's route loads, gzip level 9 ≤ 150 KB. Page chunks carry webpack's numeric ids, so the route's
 *      `load` is read from the built entry to find them.
 *  (c) each cloud function's own code (esbuild metafile: bytes from inputs outside node_modules) ≤ 400 KB;
 *      the whole bundle is shown for information.
 * Exit 1 if a budget is exceeded, 2 if something could not be measured (missing build output).
 */

const ROOT = resolve(__dirname, '..')
const WEAPP = join(ROOT, 'dist', 'weapp')
const H5 = join(ROOT, 'dist', 'h5')
const KB = 1024
const BUDGET = { weapp: 600 * KB, h5: 150 * KB, fnOwn: 400 * KB }

/** DevTools' project files and source maps are not part of the uploaded code package. */
const NOT_SHIPPED = [/^project\.config\.json$/, /^project\.private\.config\.json$/, /\.map$/]

interface Verdict {
  name: string
  size: number
  budget: number
}
const verdicts: Verdict[] = []
const missing: string[] = []

const fmt = (n: number) => `${n.toLocaleString('en-US')} B`
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`
const gzip = (buf: Buffer | string) => gzipSync(buf, { level: 9 }).length
const rel = (p: string) => relative(ROOT, p) || '.'

function walk(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p))
    else if (e.isFile()) out.push(p)
  }
  return out
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0
  return Math.max(0, ...walk(dir).map((f) => statSync(f).mtimeMs))
}

function warnIfStale(output: string, sources: string[], script: string): void {
  const built = newestMtime(output)
  const src = Math.max(...sources.map((s) => newestMtime(join(ROOT, s))))
  if (built && src > built) console.log(`  note: sources changed after ${rel(output)} was built; \`npm run ${script}\` for current figures`)
}

function table(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  for (const r of rows) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ')}`)
}

// (a) weapp main package --------------------------------------------------------------------------

function weapp(): void {
  console.log('\n(a) weapp main package (dist/weapp)')
  const appJson = join(WEAPP, 'app.json')
  if (!existsSync(appJson)) {
    missing.push('dist/weapp is missing: run `npm run build:weapp`')
    console.log('  missing: run `npm run build:weapp`')
    return
  }
  warnIfStale(WEAPP, ['src', 'config'], 'build:weapp')
  const app = JSON.parse(readFileSync(appJson, 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
  const subRoots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => s.root.replace(/^\/+|\/+$/g, '') + '/')
  const packages = new Map<string, { bytes: number; files: number }>([['main', { bytes: 0, files: 0 }]])
  const mainFiles: [string, number][] = []
  for (const file of walk(WEAPP)) {
    const r = relative(WEAPP, file).split('\\').join('/')
    if (NOT_SHIPPED.some((re) => re.test(r))) continue
    const size = statSync(file).size
    const pkg = subRoots.find((root) => r.startsWith(root)) ?? 'main'
    const entry = packages.get(pkg) ?? { bytes: 0, files: 0 }
    entry.bytes += size
    entry.files += 1
    packages.set(pkg, entry)
    if (pkg === 'main') mainFiles.push([r, size])
  }
  const byType = new Map<string, number>()
  for (const [r, size] of mainFiles) {
    const ext = /\.([a-z0-9]+)$/i.exec(r)?.[1]?.toLowerCase() ?? '(none)'
    byType.set(ext, (byType.get(ext) ?? 0) + size)
  }
  table([
    ['package', 'files', 'bytes'],
    ...[...packages].map(([name, p]) => [name === 'main' ? 'main' : `subpackage ${name}`, String(p.files), fmt(p.bytes)]),
  ])
  console.log(`  main by type: ${[...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${kb(n)}`).join(', ')}`)
  console.log(`  largest: ${mainFiles.sort((a, b) => b[1] - a[1]).slice(0, 6).map(([r, n]) => `${r} ${kb(n)}`).join(', ')}`)
  verdicts.push({ name: 'weapp main package', size: packages.get('main')!.bytes, budget: BUDGET.weapp })
}

// (b) H5 first-load JS ----------------------------------------------------------------------------

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The first page as the built app knows it (entryPagePath, else pages[0]); src/app.config.ts as fallback. */
function firstPage(entryCode: string): string | null {
  const entry = /["']?entryPagePath["']?\s*:\s*["']([^"']+)["']/.exec(entryCode)
  if (entry) return entry[1].replace(/^\//, '')
  const pages = /["']?pages["']?\s*:\s*\[\s*["']([^"']+)["']/.exec(entryCode)
  if (pages) return pages[1].replace(/^\//, '')
  const cfg = join(ROOT, 'src', 'app.config.ts')
  if (existsSync(cfg)) {
    const m = /pages\s*:\s*\[\s*['"`]([^'"`]+)['"`]/.exec(readFileSync(cfg, 'utf8'))
    if (m) return m[1]
  }
  return null
}

/** Chunk ids the route's `load` requests before `.then(…)`: `x.e(111)` or `Promise.all([x.e(36), x.e(111)])`. */
function routeChunkIds(entryCode: string, page: string): string[] | null {
  const re = new RegExp(`["']?path["']?\\s*:\\s*["']/?${escapeRe(page)}["']\\s*,\\s*["']?load["']?`)
  const m = re.exec(entryCode)
  if (!m) return null
  const rest = entryCode.slice(m.index + m[0].length)
  const end = rest.indexOf('.then(')
  const load = rest.slice(0, end === -1 ? 600 : Math.min(end, 2000))
  return [...load.matchAll(/\.e\(\s*(?:"([^"]+)"|'([^']+)'|(\d+))\s*\)/g)].map((x) => x[1] ?? x[2] ?? x[3])
}

function chunkFiles(all: string[], id: string, ext: 'js' | 'css'): string[] {
  const re = new RegExp(`(^|/)${escapeRe(id)}(\\.[0-9a-f]{4,})?\\.${ext}$`)
  return all.filter((f) => re.test(relative(H5, f).split('\\').join('/')))
}

function h5(): void {
  console.log('\n(b) H5 first load (dist/h5, gzip -9)')
  const indexHtml = join(H5, 'index.html')
  if (!existsSync(indexHtml)) {
    missing.push('dist/h5 is missing: run `npm run build:h5`')
    console.log('  missing: run `npm run build:h5`')
    return
  }
  warnIfStale(H5, ['src', 'config'], 'build:h5')
  const html = readFileSync(indexHtml, 'utf8')
  const all = walk(H5)
  const rows: string[][] = [['file', 'raw', 'gzip']]
  let jsGzip = 0
  const counted = new Set<string>()
  const entryCode: string[] = []

  const countJs = (label: string, content: Buffer | string) => {
    const g = gzip(content)
    jsGzip += g
    rows.push([label, fmt(Buffer.byteLength(content)), fmt(g)])
  }

  for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attrs, body] = tag
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]
    if (!src) {
      if (body.trim()) countJs('(inline script in index.html)', body)
      continue
    }
    if (/^(https?:)?\/\//i.test(src)) {
      console.log(`  note: external script not counted: ${src}`)
      continue
    }
    const file = join(H5, src.replace(/^\.?\//, '').split(/[?#]/)[0])
    if (!existsSync(file)) {
      missing.push(`dist/h5/index.html references ${src}, which is missing: run \`npm run build:h5\``)
      continue
    }
    counted.add(file)
    const code = readFileSync(file)
    entryCode.push(code.toString('utf8'))
    countJs(relative(H5, file), code)
  }
  if (!entryCode.length) {
    missing.push('dist/h5/index.html has no local <script src>: run `npm run build:h5`')
    return
  }

  const joined = entryCode.join('\n')
  const page = firstPage(joined)
  const ids = page ? routeChunkIds(joined, page) : null
  if (!page || !ids) {
    missing.push(`could not find the first page's route${page ? ` (${page})` : ''} in the H5 entry scripts; is dist/h5 a Taro build? run \`npm run build:h5\``)
    table(rows)
    return
  }
  const cssFiles = all.filter((f) => html.includes(relative(H5, f).split('\\').join('/')) && f.endsWith('.css'))
  for (const id of ids) {
    const js = chunkFiles(all, id, 'js')
    if (!js.length) {
      missing.push(`chunk ${id} of the first page (${page}) has no file in dist/h5: run \`npm run build:h5\``)
      continue
    }
    for (const f of js) {
      if (counted.has(f)) continue
      counted.add(f)
      countJs(`${relative(H5, f)} (chunk of ${page})`, readFileSync(f))
    }
    cssFiles.push(...chunkFiles(all, id, 'css'))
  }
  table(rows)
  const cssGzip = [...new Set(cssFiles)].reduce((n, f) => n + gzip(readFileSync(f)), 0)
  console.log(`  first page: ${page}${ids.length ? ` (chunks ${ids.join(', ')})` : ' (in the entry bundle)'}; first-load CSS ${kb(cssGzip)} gzip (not budgeted)`)
  verdicts.push({ name: 'h5 first-load JS (gzip)', size: jsGzip, budget: BUDGET.h5 })
}

// (c) cloud functions -----------------------------------------------------------------------------

function functions(): void {
  console.log('\n(c) cloud functions (build/cloudfunctions)')
  const rows: string[][] = [['function', 'own code', 'bundle index.js', 'largest dependencies']]
  for (const name of functionNames()) {
    const metaFile = join(META, `${name}.json`)
    const bundle = join(OUT, name, 'index.js')
    if (!existsSync(metaFile) || !existsSync(bundle)) {
      missing.push(`function ${name} is not built: run \`npm run build:functions\``)
      continue
    }
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Metafile
    const deps = new Map<string, number>()
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]
        if (pkg) deps.set(pkg, (deps.get(pkg) ?? 0) + bytesInOutput)
      }
    }
    const top = [...deps].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([p, n]) => `${p} ${kb(n)}`).join(', ')
    const own = ownBytes(meta)
    rows.push([name, fmt(own), fmt(statSync(bundle).size), top])
    verdicts.push({ name: `function ${name} own code`, size: own, budget: BUDGET.fnOwn })
  }
  table(rows)
}

weapp()
h5()
functions()

console.log('')
for (const m of missing) console.log(`MISSING ${m}`)
for (const v of verdicts) {
  const pct = ((v.size / v.budget) * 100).toFixed(0)
  console.log(`${v.size <= v.budget ? 'PASS' : 'FAIL'} ${v.name}: ${fmt(v.size)} (${kb(v.size)}) of ${fmt(v.budget)} (${kb(v.budget)}), ${pct}%`)
}
const over = verdicts.filter((v) => v.size > v.budget)
process.exit(over.length ? 1 : missing.length ? 2 : 0)

import { build, type Metafile } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, resolve } from 'node:path'

/**
 * `npm run build:functions`: bundles every cloud function into a self-contained folder under
 * build/cloudfunctions/<name>/ (index.js + package.json without dependencies + config.json),
 * ready for `tcb fn deploy` with `installDependency: false` (design/cloudbase.md §3, pitfall 10).
 *
 * - A function is a folder of cloudfunctions/ with an index.ts, except common/.
 * - Everything is bundled, @cloudbase/node-sdk included; the bundle may import only Node built-ins.
 * - The esbuild target follows the function's runtime in cloudbaserc.json (Nodejs18.15 → node18.15),
 *   so the two cannot drift apart (a runtime cannot be changed after creation: pitfall 11).
 * - better-sqlite3 / the embedded store must never be pulled in (native module, local runs only).
 * - The esbuild metafile goes to build/cloudfunctions-meta/<name>.json, outside functionRoot, so
 *   neither the CLI nor WeChat DevTools uploads it; bench/size.ts reads it.
 */

const ROOT = resolve(__dirname, '..')
const SRC = join(ROOT, 'cloudfunctions')
export const OUT = join(ROOT, 'build', 'cloudfunctions')
export const META = join(ROOT, 'build', 'cloudfunctions-meta')

/** Inputs that must never end up in a function bundle. */
const FORBIDDEN = [/(^|\/)node_modules\/better-sqlite3\//, /(^|\/)node_modules\/bindings\//, /cloudfunctions\/common\/embedded-store\.ts$/]

interface RcFunction {
  name: string
  runtime?: string
}

export function functionNames(): string[] {
  return readdirSync(SRC)
    .filter((name) => name !== 'common' && statSync(join(SRC, name)).isDirectory() && existsSync(join(SRC, name, 'index.ts')))
    .sort()
}

function nodeTarget(runtime: string | undefined, name: string): string {
  const m = /^Nodejs(\d+)(?:\.(\d+))?/.exec(runtime ?? '')
  if (!m) throw new Error(`cloudbaserc.json: function "${name}" needs an explicit Node runtime such as "Nodejs18.15" (got ${JSON.stringify(runtime)})`)
  return m[2] ? `node${m[1]}.${m[2]}` : `node${m[1]}`
}

function isBuiltin(path: string): boolean {
  return path.startsWith('node:') || builtinModules.includes(path) || builtinModules.includes(path.split('/')[0])
}

/** Bytes of the function's own code in the bundle (everything not from node_modules). */
export function ownBytes(meta: Metafile): number {
  let bytes = 0
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (!/(^|\/)node_modules\//.test(input)) bytes += bytesInOutput
    }
  }
  return bytes
}

function checkMeta(name: string, meta: Metafile): void {
  const bad = Object.keys(meta.inputs).filter((input) => FORBIDDEN.some((re) => re.test(input)))
  if (bad.length) throw new Error(`${name}: the bundle pulls in local-only code: ${bad.join(', ')}`)
  const externals = new Set<string>()
  for (const output of Object.values(meta.outputs)) {
    for (const imp of output.imports) if (imp.external && !isBuiltin(imp.path)) externals.add(imp.path)
  }
  if (externals.size) throw new Error(`${name}: the bundle is not self-contained, it still requires: ${[...externals].join(', ')}`)
}

/** Loads the bundle in a fresh Node process: it must evaluate and export `main`. */
function smokeLoad(name: string, file: string): void {
  const env = { ...process.env }
  for (const key of Object.keys(env)) if (/^(TCB_|SCF_|WX_|TENCENTCLOUD_)/.test(key)) delete env[key]
  const code = `const m = require(${JSON.stringify(file)}); if (typeof m.main !== 'function') { console.error('no main export'); process.exit(3) } process.exit(0)`
  try {
    execFileSync(process.execPath, ['-e', code], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 })
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string }
    throw new Error(`${name}: the bundle does not load: ${err.stderr?.toString().trim() || err.message}`)
  }
}

async function buildOne(name: string, runtime: string | undefined): Promise<{ name: string; total: number; own: number; target: string }> {
  const dir = join(OUT, name)
  const outfile = join(dir, 'index.js')
  const target = nodeTarget(runtime, name)
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(SRC, name, 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target,
    format: 'cjs',
    tsconfig: join(ROOT, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  })
  for (const w of result.warnings) console.warn(`[${name}] warning: ${w.text}${w.location ? ` (${w.location.file}:${w.location.line})` : ''}`)
  const meta = result.metafile
  checkMeta(name, meta)
  writeFileSync(join(META, `${name}.json`), JSON.stringify(meta))
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, description: `共建 Gongjian cloud function "${name}" (bundled by scripts/build-functions.ts)`, main: 'index.js' }, null, 2)}\n`,
  )
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify({ permissions: { openapi: [] } }, null, 2)}\n`)
  smokeLoad(name, outfile)
  return { name, total: statSync(outfile).size, own: ownBytes(meta), target }
}

async function main(): Promise<void> {
  const names = functionNames()
  if (!names.length) throw new Error('no cloud functions found (cloudfunctions/<name>/index.ts)')
  const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')) as { functions?: RcFunction[] }
  const runtimes = new Map((rc.functions ?? []).map((f) => [f.name, f.runtime]))
  const missing = names.filter((n) => !runtimes.has(n))
  if (missing.length) throw new Error(`cloudbaserc.json has no entry for: ${missing.join(', ')} (add one per function folder)`)

  // Start clean so a removed function or file can never be deployed from a stale build.
  rmSync(OUT, { recursive: true, force: true })
  rmSync(META, { recursive: true, force: true })
  mkdirSync(META, { recursive: true })
  for (const name of names) mkdirSync(join(OUT, name), { recursive: true })

  const results = await Promise.all(names.map((name) => buildOne(name, runtimes.get(name))))
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  for (const r of results) {
    console.log(`build:functions ${r.name.padEnd(12)} index.js ${kb(r.total).padStart(10)} (own code ${kb(r.own)}, ${r.target}) → build/cloudfunctions/${r.name}/`)
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    const err = e as { errors?: { text: string; location?: { file: string; line: number } | null }[]; message?: string }
    if (err.errors?.length) {
      for (const m of err.errors) console.error(`build:functions error: ${m.text}${m.location ? ` (${m.location.file}:${m.location.line})` : ''}`)
    } else {
      console.error(`build:functions failed: ${err.message ?? String(e)}`)
    }
    process.exit(1)
  })
}

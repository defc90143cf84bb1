/**
 * WeChat DevTools cannot run here, so the whole weapp build output is compiled with WeChat's
 * own wxml (wcc) and wxss (wcsc) compilers from miniprogram-compiler: a broken template or
 * style fails CI. Also checks the app's pages and the native component are wired as intended.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiler = require('miniprogram-compiler') as { wxmlToJs(dir: string): string }
const WCSC = join(__dirname, '../../node_modules/miniprogram-compiler/bin/linux/wcsc')

const OUT = join(__dirname, '../../dist/weapp')

beforeAll(() => {
  if (!existsSync(join(OUT, 'app.json'))) throw new Error('dist/weapp is missing: run npm run build:weapp first')
})

/** Compiles the templates and returns WeChat's $gwx page generator. */
function compileWxml(dir: string): (path: string) => unknown {
  const code = compiler.wxmlToJs(dir)
  return new Function(code)() as (path: string) => unknown
}

type SubPackage = { root: string; pages: string[] }
type AppJson = { pages: string[]; subPackages?: SubPackage[]; subpackages?: SubPackage[]; tabBar: { list: { text: string }[] } }
/** Every page of the main package and of the subpackages, as paths from the output root. */
function allPages(app: AppJson): string[] {
  return [...app.pages, ...(app.subPackages ?? app.subpackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
}

test('every page template compiles with wcc and yields a render function', () => {
  const gwx = compileWxml(OUT)
  const app = JSON.parse(readFileSync(join(OUT, 'app.json'), 'utf8')) as AppJson
  for (const page of allPages(app)) {
    expect(typeof gwx(`${page}.wxml`)).toBe('function')
  }
  expect(typeof gwx('components/period-meter/index.wxml')).toBe('function')
})

function wxssFiles(dir: string, sub = ''): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? wxssFiles(dir, join(sub, e.name)) : e.name.endsWith('.wxss') ? [join(sub, e.name)] : [],
  )
}

/**
 * Runs WeChat's wcsc on every stylesheet (components first, as DevTools does; miniprogram-compiler's
 * own wrapper mis-splits CSS containing '=', so it is called directly). Returns its exit and errors.
 */
function compileWxss(dir: string): { status: number | null; stderr: string } {
  const isComponent = (f: string) => {
    const json = join(dir, f.replace(/\.wxss$/, '.json'))
    return existsSync(json) && JSON.parse(readFileSync(json, 'utf8')).component === true
  }
  const files = wxssFiles(dir)
  const components = files.filter(isComponent)
  const others = files.filter((f) => !isComponent(f))
  // npm installs the binary without its execute bit; miniprogram-compiler sets it the same way.
  chmodSync(WCSC, 0o755)
  const res = spawnSync(WCSC, ['-db', '-pc', String(components.length), ...components, ...others], { cwd: dir, maxBuffer: 64 * 1024 * 1024 })
  if (res.error) throw res.error
  return { status: res.status, stderr: res.stderr.toString() }
}

test('every stylesheet compiles with wcsc', () => {
  const files = wxssFiles(OUT)
  expect(files).toEqual(expect.arrayContaining(['app.wxss', 'components/period-meter/index.wxss']))
  expect(compileWxss(OUT)).toEqual({ status: 0, stderr: '' })
})

test('a broken stylesheet is caught (the check can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gj-wxss-'))
  try {
    cpSync(join(OUT, 'components'), join(dir, 'components'), { recursive: true })
    writeFileSync(join(dir, 'components/period-meter/index.wxss'), '.meter { color: red; ')
    expect(compileWxss(dir).status).not.toBe(0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a broken template is caught (the check can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gj-wxml-'))
  try {
    cpSync(join(OUT, 'components'), join(dir, 'components'), { recursive: true })
    writeFileSync(join(dir, 'components/period-meter/index.wxml'), '<view class="meter"><text>{{label</text>')
    expect(() => compileWxml(dir)).toThrow()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the mini-program ships the pages, no demo sign-in, and the native meter on the detail page', () => {
  const app = JSON.parse(readFileSync(join(OUT, 'app.json'), 'utf8')) as AppJson
  // Issue 5 onwards: new pages go into subpackages (the main package is near our 600 KB budget).
  expect(app.subPackages ?? app.subpackages).toEqual([
    { root: 'packageVote', pages: ['ballots/index', 'ballot/index', 'ballot-result/index'] },
    { root: 'packageOffice', pages: ['ballot-edit/index', 'ballot-office/index', 'paper-ballots/index', 'report-queue/index', 'acceptance/index', 'parties/index', 'district-reports/index'] },
    { root: 'packageWorks', pages: ['works/index', 'works-item/index', 'report-new/index', 'my-reports/index', 'report-detail/index'] },
  ])
  for (const page of allPages(app).filter((p) => p.startsWith('package'))) {
    expect(existsSync(join(OUT, `${page}.js`))).toBe(true)
  }
  // Issue 6's pages and their shared parts (ReportParts) ship in the subpackages only, not in the main package.
  // (The minifier may write Chinese as \uXXXX escapes: each character matches either way.)
  const shipped = (text: string) =>
    new RegExp([...text].map((c) => `(?:${c}|\\\\u${c.charCodeAt(0).toString(16).padStart(4, '0')})`).join(''), 'i')
  const issue6 = ['不是同一个问题，继续提交', '提交验收记录', '只看已超时的', '已超时']
  for (const f of readdirSync(OUT).filter((x) => x.endsWith('.js'))) {
    const code = readFileSync(join(OUT, f), 'utf8')
    for (const text of issue6) expect(shipped(text).test(code) ? `${f}: ${text}` : null).toBeNull()
  }
  expect(readFileSync(join(OUT, 'packageWorks/report-new/index.js'), 'utf8')).toMatch(shipped('不是同一个问题，继续提交'))
  expect(app.pages).toEqual([
    'pages/home/index',
    'pages/notices/index',
    'pages/mine/index',
    'pages/notice-detail/index',
    'pages/notice-edit/index',
    'pages/bind/index',
    'pages/household/index',
    'pages/roster/index',
    'pages/household-edit/index',
    'pages/print-codes/index',
    'pages/bind-requests/index',
    'pages/ledger/index',
    'pages/audit/index',
    'pages/plan/index',
    'pages/plan-item/index',
    'pages/feedback-new/index',
    'pages/my-door/index',
    'pages/timeline/index',
    'pages/my-feedback/index',
    'pages/plan-edit/index',
    'pages/plan-item-edit/index',
    'pages/stage-advance/index',
    'pages/feedback-queue/index',
    'pages/item-progress/index',
  ])
  expect(app.tabBar.list.map((t) => t.text)).toEqual(['首页', '公告', '我的'])
  const detail = JSON.parse(readFileSync(join(OUT, 'pages/notice-detail/index.json'), 'utf8')) as { usingComponents: Record<string, string> }
  expect(detail.usingComponents['period-meter']).toBe('../../components/period-meter/index')
  const plan = JSON.parse(readFileSync(join(OUT, 'pages/plan/index.json'), 'utf8')) as { usingComponents: Record<string, string> }
  expect(plan.usingComponents['period-meter']).toBe('../../components/period-meter/index')
  // Taro's generic template binds the component's props by name.
  expect(readFileSync(join(OUT, 'base.wxml'), 'utf8')).toMatch(/<period-meter[^>]*percent="\{\{i\.percent\}\}"[^>]*label="\{\{i\.label\}\}"/)
})

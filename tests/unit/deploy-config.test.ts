import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { COLLECTIONS } from '../../cloudfunctions/common/store'

/**
 * Deploy configuration stays in step with the code (design/cloudbase.md §3, §4, pitfalls 10, 11):
 * cloudbaserc.json, database/security-rules.json, database/indexes.json, project.config.json.
 */
const ROOT = resolve(__dirname, '../..')
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T
const samePath = (a: string, b: string) => resolve(ROOT, a) === resolve(ROOT, b)

interface RcFunction {
  name: string
  runtime?: unknown
  handler?: unknown
  timeout?: unknown
  memorySize?: unknown
  installDependency?: unknown
  ignore?: unknown
  envVariables?: unknown
}
interface Rc {
  version: string
  envId: string
  functionRoot: string
  functions: RcFunction[]
}
interface ProjectConfig {
  appid: string
  compileType: string
  miniprogramRoot: string
  cloudfunctionRoot: string
  setting: Record<string, unknown>
}
interface Index {
  name: string
  unique: boolean
  keys: { field: string; direction: 1 | -1 }[]
}

const rc = readJson<Rc>('cloudbaserc.json')
const project = readJson<ProjectConfig>('project.config.json')

const functionFolders = readdirSync(join(ROOT, 'cloudfunctions'))
  .filter((n) => n !== 'common' && statSync(join(ROOT, 'cloudfunctions', n)).isDirectory())
  .filter((n) => existsSync(join(ROOT, 'cloudfunctions', n, 'index.ts')))
  .sort()

/** Evaluates config/index.ts the way the Taro CLI does, for one platform. */
async function taroOutputRoot(platform: 'weapp' | 'h5'): Promise<string> {
  const saved = process.env.TARO_ENV
  process.env.TARO_ENV = platform
  try {
    let exported: unknown
    jest.isolateModules(() => {
      exported = (require('../../config/index') as { default: unknown }).default
    })
    const merge = (...parts: Record<string, unknown>[]) => Object.assign({}, ...parts)
    const config = (typeof exported === 'function' ? await exported(merge, { command: 'build', mode: 'production' }) : exported) as { outputRoot?: string }
    return config.outputRoot ?? 'dist'
  } finally {
    if (saved === undefined) Reflect.deleteProperty(process.env, 'TARO_ENV')
    else process.env.TARO_ENV = saved
  }
}

describe('deploy config: cloudbaserc.json', () => {
  it('is a v2 config bound to an env given at deploy time', () => {
    expect(rc.version).toBe('2.0')
    expect(rc.envId).toBe('{{env.ENV_ID}}')
  })

  it('lists exactly the function folders (cloudfunctions/<name>/index.ts)', () => {
    expect(functionFolders.length).toBeGreaterThan(0)
    expect(rc.functions.map((f) => f.name).sort()).toEqual(functionFolders)
  })

  it('matches the registry the local server routes with', () => {
    const { FUNCTIONS } = require('../../cloudfunctions/registry') as { FUNCTIONS: Record<string, unknown> }
    expect(Object.keys(FUNCTIONS).sort()).toEqual(functionFolders)
  })

  it.each(rc.functions.map((f) => [f.name, f] as const))('%s: bundled deploy with explicit settings', (_name, f) => {
    // Omitted, the CLI defaults installDependency to TRUE and drops the bundle's folder contents.
    expect(f.installDependency).toBe(false)
    // A runtime cannot be changed after creation; scripts/build-functions.ts derives its target from it.
    expect(f.runtime).toEqual(expect.stringMatching(/^Nodejs\d+\.\d+$/))
    expect(f.handler).toBe('index.main')
    expect(typeof f.timeout).toBe('number')
    expect(f.timeout).toBeGreaterThanOrEqual(1)
    expect(f.timeout).toBeLessThanOrEqual(60)
    expect([128, 256, 512, 1024, 2048]).toContain(f.memorySize)
    expect(f.ignore).toEqual(expect.arrayContaining(['meta.json', '*.map']))
    // envVariables would replace the whole cloud-side set on every deploy.
    expect(f.envVariables).toBeUndefined()
  })

  it('deploys the bundles written by scripts/build-functions.ts', () => {
    expect(samePath(rc.functionRoot, 'build/cloudfunctions')).toBe(true)
  })
})

describe('deploy config: project.config.json (WeChat DevTools, opened at the repo root)', () => {
  it('points at the Taro weapp output and the bundled functions', async () => {
    expect(samePath(project.miniprogramRoot, await taroOutputRoot('weapp'))).toBe(true)
    expect(samePath(project.miniprogramRoot, 'dist/weapp')).toBe(true)
    expect(samePath(project.cloudfunctionRoot, rc.functionRoot)).toBe(true)
  })

  it('keeps the H5 output apart from the mini-program root', async () => {
    expect(samePath(await taroOutputRoot('h5'), project.miniprogramRoot)).toBe(false)
  })

  it('is a mini-program project that DevTools does not transpile again', () => {
    expect(project.compileType).toBe('miniprogram')
    expect(typeof project.appid).toBe('string')
    expect(project.setting.es6).toBe(false)
  })
})

describe('deploy config: database', () => {
  const rules = readJson<Record<string, unknown>>('database/security-rules.json')
  const ruleCollections = Object.keys(rules).filter((k) => !k.startsWith('_'))

  it('has a security rule for exactly the collections the store uses', () => {
    expect([...ruleCollections].sort()).toEqual([...COLLECTIONS].sort())
  })

  it('denies direct client access to every collection (functions bypass the rules)', () => {
    for (const name of COLLECTIONS) {
      const rule = rules[name] as Record<string, unknown>
      expect({ name, read: rule.read, write: rule.write }).toEqual({ name, read: false, write: false })
      for (const op of ['create', 'update', 'delete']) expect(rule[op] ?? false).toBe(false)
    }
  })

  it('lists indexes only for known collections, with a unique users.openid', () => {
    const indexes = readJson<Record<string, unknown>>('database/indexes.json')
    const collections = Object.keys(indexes).filter((k) => !k.startsWith('_'))
    for (const c of collections) expect(COLLECTIONS as readonly string[]).toContain(c)
    const users = indexes.users as Index[]
    expect(users).toEqual(
      expect.arrayContaining([expect.objectContaining({ unique: true, keys: [{ field: 'openid', direction: 1 }] })]),
    )
    for (const c of collections) {
      const list = indexes[c] as Index[]
      const names = list.map((i) => i.name)
      expect(new Set(names).size).toBe(names.length)
      for (const i of list) {
        expect(i.keys.length).toBeGreaterThan(0)
        for (const k of i.keys) expect([1, -1]).toContain(k.direction)
      }
    }
  })
})

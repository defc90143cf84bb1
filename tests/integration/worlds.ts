/**
 * Shared set-up for the integration tests: a demo-seeded store (SQLite in a temp folder, or the
 * fake CloudBase db), deps with a settable clock and predictable ids, result helpers, and
 * snapshots proving a refused call wrote nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cloudbaseStore } from '../../cloudfunctions/common/cloudbase-store'
import { openEmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import type { Deps } from '../../cloudfunctions/common/router'
import { COLLECTIONS, type Store } from '../../cloudfunctions/common/store'
import { seedDemo } from '../../server/seed'
import type { ErrorCode, Result, RowError } from '../../src/core/errors'
import { createFakeCloudbaseDb } from './fake-cloudbase-db'

/** 10:00 on 2026-11-25 in China. */
export const NOW = new Date('2026-11-25T02:00:00.000Z')
export const CHINESE = /[\u4e00-\u9fa5]/

export interface World {
  store: Store
  deps: Deps
  setNow(d: Date): void
  /** Lines the handlers logged (internal errors). */
  logs: string[]
  dispose(): Promise<void>
}

export interface WorldOptions {
  /** The clock at the start (default NOW); the demo is seeded at this time. */
  now?: Date
  /** Ids handed out by deps.newId, from 1 (default `id-1`, `id-2`, …). */
  idFormat?: (n: number) => string
  /** Extra data after the demo seed. */
  setup?: (store: Store) => Promise<void>
}

/** A world on a store you made (e.g. a wrapped fake db); seeds it with the demo data. */
export async function worldOn(store: Store, dispose: () => Promise<void>, opts: WorldOptions = {}): Promise<World> {
  let now = opts.now ?? NOW
  let seq = 0
  const logs: string[] = []
  const format = opts.idFormat ?? ((n) => `id-${n}`)
  await seedDemo(store, now)
  await opts.setup?.(store)
  return {
    store,
    deps: { store, now: () => now, newId: () => format(++seq), log: (line) => logs.push(line) },
    setNow: (d) => {
      now = d
    },
    logs,
    dispose,
  }
}

/** SQLite in a temp folder, like local mode: photos live in `<that folder>/uploads` (deps.uploadsDir). */
export async function sqliteWorld(opts: WorldOptions = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'gj-it-'))
  const store = openEmbeddedStore(join(dir, 'store.sqlite'))
  const world = await worldOn(
    store,
    async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
    opts,
  )
  world.deps.uploadsDir = join(dir, 'uploads')
  return world
}

export async function cloudbaseWorld(opts: WorldOptions = {}): Promise<World> {
  const store = cloudbaseStore(createFakeCloudbaseDb({ collections: COLLECTIONS }))
  return worldOn(store, () => store.close(), opts)
}

export function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message} (${r.detail ?? ''}) ${JSON.stringify(r.errors?.slice(0, 3) ?? '')}`)
  return r.data as T
}

/** Asserts a refusal with `code` and a Chinese message; returns its row-by-row errors, if any. */
export function expectFailure(r: Result<unknown>, code: ErrorCode, message?: string | RegExp): RowError[] {
  expect(r).toMatchObject({ ok: false, code })
  if (r.ok) return []
  expect(r.message).toMatch(CHINESE)
  if (message !== undefined) expect(r.message).toMatch(message)
  return r.errors ?? []
}

/** The named collections (default: all), sorted by _id, to prove a refused call wrote nothing. */
export async function snapshot(store: Store, collections: readonly string[] = COLLECTIONS) {
  const out: Record<string, unknown[]> = {}
  for (const c of collections) out[c] = await store.find(c, {}, { orderBy: [{ field: '_id', direction: 'asc' }] })
  return out
}

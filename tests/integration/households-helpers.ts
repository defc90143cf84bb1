/**
 * Shared set-up for the households integration tests: a demo-seeded store (SQLite or the fake
 * CloudBase db), a caller of the households function, and snapshots proving a refusal wrote nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cloudbaseStore } from '../../cloudfunctions/common/cloudbase-store'
import { openEmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import type { Deps } from '../../cloudfunctions/common/router'
import { COLLECTIONS, type Store } from '../../cloudfunctions/common/store'
import { handleHouseholds } from '../../cloudfunctions/households/handler'
import { seedDemo } from '../../server/seed'
import type { ErrorCode, Result } from '../../src/core/errors'
import { createFakeCloudbaseDb } from './fake-cloudbase-db'

/** 10:00 on 2026-11-25 in China. */
export const NOW = new Date('2026-11-25T02:00:00.000Z')
export const CHINESE = /[\u4e00-\u9fa5]/

export interface World {
  store: Store
  deps: Deps
  dispose(): Promise<void>
}

function world(store: Store, dispose: () => Promise<void>): World {
  let seq = 0
  return { store, deps: { store, now: () => NOW, newId: () => `id-${String(++seq).padStart(4, '0')}`, log: () => undefined }, dispose }
}

export async function sqliteWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'gj-households-'))
  const store = openEmbeddedStore(join(dir, 'store.sqlite'))
  await seedDemo(store, NOW)
  return world(store, async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
}

export async function cloudbaseWorld(): Promise<World> {
  const store = cloudbaseStore(createFakeCloudbaseDb({ collections: COLLECTIONS }))
  await seedDemo(store, NOW)
  return world(store, () => store.close())
}

export function call(w: World, openid: string | null | undefined, action: string, data?: unknown): Promise<Result<unknown>> {
  return handleHouseholds(w.deps, { openid }, { action, data })
}

export function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message} (${r.detail ?? ''}) ${JSON.stringify(r.errors?.slice(0, 3) ?? '')}`)
  return r.data as T
}

export function expectFailure(r: Result<unknown>, code: ErrorCode, message?: string | RegExp) {
  expect(r).toMatchObject({ ok: false, code })
  if (r.ok) return
  expect(r.message).toMatch(CHINESE)
  if (message !== undefined) expect(r.message).toMatch(message)
}

/** Everything the roster functions may write, to prove a refused call wrote nothing. */
export async function snapshot(store: Store) {
  const all = (c: string) => store.find(c, {}, { orderBy: [{ field: '_id', direction: 'asc' }] })
  return { households: await all('households'), units: await all('units'), communities: await all('communities'), audit: await all('audit') }
}

/**
 * The embedded store keeps the results of finds on `users` and `members` (every request reads its
 * caller through them: router.loadActor). A cached result must always be what the query returns at
 * that moment on the store's connection:
 * - a write to the collection (outside or inside a transaction) is seen by the next find;
 * - writes of a transaction that is rolled back (alone in its batch) are not, even if a find inside
 *   it saw them;
 * - a commit by another connection to the file (another process) is seen too;
 * - a removed membership is never served; what a find returns is a copy;
 * - a find the cache answers does not wait for a running batch unless that batch wrote its collection.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedStore, type EmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import { loadActor } from '../../cloudfunctions/common/router'
import type { Doc } from '../../cloudfunctions/common/store'

let dir: string
let file: string
let store: EmbeddedStore

const user = { _id: 'u1', openid: 'o1', name: '王一', role: 'resident', communityId: 'c1' }
const member = (household: string, relation = 'owner') => ({ _id: `${household}:u1`, userId: 'u1', householdId: household, communityId: 'c1', relation })

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gj-cache-'))
  file = join(dir, 'store.sqlite')
  store = openEmbeddedStore(file)
  await store.insert('users', user)
  await store.insert('members', member('h1'))
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const households = async () => (await store.find<Doc & { householdId: string }>('members', { userId: 'u1' })).map((m) => m.householdId)

test('writes outside transactions are seen by the next find (insert, replace, remove)', async () => {
  expect(await households()).toEqual(['h1'])
  await store.insert('members', { ...member('h2'), version: 1 })
  expect(await households()).toEqual(['h1', 'h2'])
  await store.replaceIfVersion('members', { ...member('h2'), userId: 'u9', version: 2 }, 1)
  expect(await households()).toEqual(['h1'])
  await store.remove('members', member('h1')._id)
  expect(await households()).toEqual([])
  expect((await loadActor(store, 'o1'))?.memberships).toEqual([])
})

test('a removed membership is never served to the caller, whichever way it went', async () => {
  expect((await loadActor(store, 'o1'))?.memberships?.map((m) => m.householdId)).toEqual(['h1'])
  await store.transaction(async (tx) => {
    expect(await tx.remove('members', member('h1')._id)).toBe(true)
  })
  expect((await loadActor(store, 'o1'))?.memberships).toEqual([])
  // The user themself removed: no actor.
  await store.remove('users', 'u1')
  expect(await loadActor(store, 'o1')).toBeNull()
})

test('inside a transaction a find sees its own writes; once rolled back, nobody does', async () => {
  await expect(
    store.transaction(async (tx) => {
      await tx.insert('members', member('h2'))
      expect((await tx.find<Doc>('members', { userId: 'u1' })).map((m) => m._id)).toEqual(['h1:u1', 'h2:u1'])
      throw new Error('undo')
    }),
  ).rejects.toThrow('undo')
  expect(await households()).toEqual(['h1'])
})

test('in one batch: a failed transaction\'s writes, seen by its own find, are not served to the next one', async () => {
  const seen: string[][] = []
  const results = await Promise.allSettled([
    store.transaction(async (tx) => {
      await tx.insert('members', member('h2'))
      seen.push((await tx.find<Doc & { householdId: string }>('members', { userId: 'u1' })).map((m) => m.householdId))
      throw new Error('undo')
    }),
    store.transaction(async (tx) => {
      seen.push((await tx.find<Doc & { householdId: string }>('members', { userId: 'u1' })).map((m) => m.householdId))
      await tx.insert('members', member('h3'))
      seen.push((await tx.find<Doc & { householdId: string }>('members', { userId: 'u1' })).map((m) => m.householdId))
    }),
  ])
  expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled'])
  expect(store.stats().largestBatch).toBe(2)
  expect(seen).toEqual([
    ['h1', 'h2'],
    ['h1'],
    ['h1', 'h3'],
  ])
  expect(await households()).toEqual(['h1', 'h3'])
})

test('a commit by another connection (another process) is seen by the next find', async () => {
  expect(await households()).toEqual(['h1'])
  const other = new Database(file)
  try {
    other.prepare('DELETE FROM docs WHERE coll = ? AND id = ?').run('members', member('h1')._id)
  } finally {
    other.close()
  }
  expect(await households()).toEqual([])
  expect((await loadActor(store, 'o1'))?.memberships).toEqual([])
})

test('a commit by another connection is seen by a find inside the next transaction too', async () => {
  expect(await households()).toEqual(['h1'])
  const other = new Database(file)
  try {
    other.prepare('INSERT INTO docs (coll, id, body, user_id) VALUES (?, ?, ?, ?)').run('members', 'h2:u1', JSON.stringify(member('h2')), 'u1')
  } finally {
    other.close()
  }
  const inside = await store.transaction(async (tx) => (await tx.find<Doc & { householdId: string }>('members', { userId: 'u1' })).map((m) => m.householdId))
  expect(inside).toEqual(['h1', 'h2'])
})

const tick = (ms = 20) => new Promise((ok) => setTimeout(ok, ms))

test('a find the cache answers does not wait for a running batch that has not written its collection', async () => {
  expect(await households()).toEqual(['h1']) // cached
  const order: string[] = []
  const batch = store.transaction(async (tx) => {
    await tx.insert('householdVotes', { _id: 'v1', ballotId: 'b1', version: 1 })
    await tick()
    order.push('batch done')
  })
  await tick(1) // the batch is running
  const found = store.find<Doc & { householdId: string }>('members', { userId: 'u1' }).then((ms) => {
    order.push('find done')
    return ms.map((m) => m.householdId)
  })
  expect(await found).toEqual(['h1'])
  await batch
  expect(order).toEqual(['find done', 'batch done'])
})

test('while a running batch has written the collection, a find waits for it and sees its outcome', async () => {
  expect(await households()).toEqual(['h1']) // cached
  const order: string[] = []
  const batch = store.transaction(async (tx) => {
    await tx.insert('members', member('h2'))
    await tx.find('members', { userId: 'u1' }) // cached again, with the uncommitted insert
    await tick()
    order.push('batch done')
  })
  await tick(1)
  const found = store.find<Doc & { householdId: string }>('members', { userId: 'u1' }).then((ms) => {
    order.push('find done')
    return ms.map((m) => m.householdId)
  })
  expect(await found).toEqual(['h1', 'h2'])
  await batch
  expect(order).toEqual(['batch done', 'find done'])

  // A batch that fails after writing: the waiting find sees nothing of it.
  const failing = store.transaction(async (tx) => {
    await tx.remove('members', member('h1')._id)
    await tx.find('members', { userId: 'u1' })
    await tick()
    throw new Error('undo')
  })
  await tick(1)
  const after = store.find<Doc & { householdId: string }>('members', { userId: 'u1' })
  await expect(failing).rejects.toThrow('undo')
  expect((await after).map((m) => m.householdId)).toEqual(['h1', 'h2'])
})

test('what a find returns is a copy: changing it changes nothing cached', async () => {
  const [m] = await store.find<Doc & { relation: string }>('members', { userId: 'u1' })
  m.relation = 'changed'
  const [again] = await store.find<Doc & { relation: string }>('members', { userId: 'u1' })
  expect(again.relation).toBe('owner')
})

test('limit and skip are part of the query', async () => {
  await store.insert('members', member('h2'))
  await store.insert('members', member('h3'))
  const page = async (limit: number, skip: number) => (await store.find<Doc>('members', { userId: 'u1' }, { limit, skip })).map((m) => m._id)
  expect(await page(1, 0)).toEqual(['h1:u1'])
  expect(await page(1, 1)).toEqual(['h2:u1'])
  expect(await page(2, 1)).toEqual(['h2:u1', 'h3:u1'])
  expect(await page(50, 0)).toEqual(['h1:u1', 'h2:u1', 'h3:u1'])
})

/**
 * What the embedded store (cloudfunctions/common/embedded-store.ts) adds beyond the store contract:
 * - group commit: transactions that arrive together share one SQLite transaction and one COMMIT
 *   (one fsync), each in its own savepoint, run one after another; each caller hears back only
 *   after the COMMIT;
 * - finds and counts on the indexed fields (openid, userId, ballotId, communityId) read through
 *   their index and give exactly the rows a scan would (an existing file's upgrade to the indexed
 *   columns: embedded-store-migration.test.ts; the WAL checkpointer: embedded-store-checkpointer.test.ts).
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_BATCH, openEmbeddedStore, type EmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import { DuplicateKeyError, type Doc } from '../../cloudfunctions/common/store'

const C = 'householdVotes'
interface Counter extends Doc {
  n: number
  version: number
}

let dir: string
let file: string
let store: EmbeddedStore
/** A second connection: it sees only what the store has committed. */
let other: Database.Database

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gj-gc-'))
  file = join(dir, 'store.sqlite')
  store = openEmbeddedStore(file)
  other = new Database(file, { readonly: true })
})
afterEach(async () => {
  other.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const committed = (id: string) => other.prepare('SELECT body FROM docs WHERE coll = ? AND id = ?').get(C, id) !== undefined
const tick = () => new Promise((ok) => setTimeout(ok, 5))

test('transactions started together commit once (up to MAX_BATCH a commit); awaited one by one, once each', async () => {
  const before = store.stats()
  await Promise.all(Array.from({ length: MAX_BATCH }, (_, i) => store.transaction((tx) => tx.insert(C, { _id: `t${i}`, n: i }))))
  const grouped = store.stats()
  expect(grouped.transactions - before.transactions).toBe(MAX_BATCH)
  expect(grouped.commits - before.commits).toBe(1)
  expect(grouped.largestBatch).toBe(MAX_BATCH)
  for (let i = 0; i < 5; i++) await store.transaction((tx) => tx.insert(C, { _id: `s${i}`, n: i }))
  expect(store.stats().commits - grouped.commits).toBe(5)
  for (let i = 0; i < MAX_BATCH; i++) expect(committed(`t${i}`)).toBe(true)
  // More at once than one batch takes: the rest go in the next ones.
  const more = store.stats()
  await Promise.all(Array.from({ length: 2 * MAX_BATCH + 1 }, (_, i) => store.transaction((tx) => tx.insert(C, { _id: `m${i}`, n: i }))))
  expect(store.stats().commits - more.commits).toBe(3)
  expect(store.stats().largestBatch).toBe(MAX_BATCH)
  for (let i = 0; i < 2 * MAX_BATCH + 1; i++) expect(committed(`m${i}`)).toBe(true)
})

test('a failing transaction in a batch is undone alone: the others of the batch are committed', async () => {
  await store.insert(C, { _id: 'taken', n: 0 })
  const boom = new Error('boom')
  const results = await Promise.allSettled([
    store.transaction(async (tx) => {
      await tx.insert(C, { _id: 'a', n: 1 })
      return 'a'
    }),
    store.transaction(async (tx) => {
      await tx.insert(C, { _id: 'b1', n: 2 })
      await tx.insert(C, { _id: 'b2', n: 2 })
      throw boom
    }),
    store.transaction(async (tx) => {
      await tx.insert(C, { _id: 'c', n: 3 })
      await tx.insert(C, { _id: 'taken', n: 3 }) // duplicate: fails this one as a whole
    }),
    store.transaction(async (tx) => {
      await tx.insert(C, { _id: 'd', n: 4 })
      return 'd'
    }),
  ])
  expect(store.stats().commits).toBe(1)
  expect(results[0]).toEqual({ status: 'fulfilled', value: 'a' })
  expect(results[1]).toEqual({ status: 'rejected', reason: boom })
  expect(results[2].status).toBe('rejected')
  expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateKeyError)
  expect(results[3]).toEqual({ status: 'fulfilled', value: 'd' })
  expect(['a', 'd', 'taken'].map(committed)).toEqual([true, true, true])
  expect(['b1', 'b2', 'c'].map(committed)).toEqual([false, false, false])
  expect(await store.get(C, 'taken')).toEqual({ _id: 'taken', n: 0 })
})

test('each caller hears back only after the COMMIT: before it, no other connection sees the write', async () => {
  const seenInside: boolean[] = []
  const seenAfter: boolean[] = []
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      store
        .transaction(async (tx) => {
          await tx.insert(C, { _id: `r${i}`, n: i })
          seenInside.push(committed(`r${i}`))
        })
        .then(() => seenAfter.push(committed(`r${i}`))),
    ),
  )
  expect(seenInside).toEqual(Array(10).fill(false))
  expect(seenAfter).toEqual(Array(10).fill(true))
})

test('transactions of one batch never interleave: 30 read-modify-writes with awaits in between all succeed', async () => {
  await store.insert(C, { _id: 'counter', n: 0, version: 1 })
  const order: string[] = []
  const oks = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      store.transaction(async (tx) => {
        order.push(`start ${i}`)
        const c = (await tx.get<Counter>(C, 'counter'))!
        await tick() // a real wait: another transaction must not run meanwhile
        const ok = await tx.replaceIfVersion(C, { ...c, n: c.n + 1, version: c.version + 1 }, c.version)
        order.push(`end ${i}`)
        return ok
      }),
    ),
  )
  expect(oks).toEqual(Array(30).fill(true))
  expect(await store.get(C, 'counter')).toEqual({ _id: 'counter', n: 30, version: 31 })
  expect(order).toEqual(Array.from({ length: 30 }, (_, i) => [`start ${i}`, `end ${i}`]).flat())
  expect(store.stats().commits).toBeLessThan(30)
})

test('a read outside transactions never sees a running batch: it waits for it, and sees nothing of a failed one', async () => {
  let read: Promise<unknown> | null = null
  const tx = store.transaction(async (t) => {
    await t.insert(C, { _id: 'half', n: 1 })
    read = store.get(C, 'half')
    await tick()
    throw new Error('undo')
  })
  await expect(tx).rejects.toThrow('undo')
  expect(read).not.toBeNull()
  expect(await read).toBeNull()

  let read2: Promise<unknown> | null = null
  await store.transaction(async (t) => {
    await t.insert(C, { _id: 'whole', n: 2 })
    read2 = store.get(C, 'whole')
    await tick()
  })
  expect(await read2).toEqual({ _id: 'whole', n: 2 })
})

test('a transaction that arrives while a batch runs joins it or the next one, and is committed', async () => {
  let late: Promise<unknown> | null = null
  await store.transaction(async (t) => {
    await t.insert(C, { _id: 'first', n: 1 })
    late = store.transaction((t2) => t2.insert(C, { _id: 'late', n: 2 }))
    await tick()
  })
  await late
  expect(committed('first')).toBe(true)
  expect(committed('late')).toBe(true)
})

test('close() commits transactions still waiting for their batch', async () => {
  const waiting = store.transaction((tx) => tx.insert(C, { _id: 'pending', n: 1 }))
  await store.close()
  await waiting
  expect(committed('pending')).toBe(true)
  await expect(store.transaction((tx) => tx.insert(C, { _id: 'after', n: 1 }))).rejects.toThrow(/closed/)
  store = openEmbeddedStore(file) // for afterEach
})

describe('finds and counts through the field indexes', () => {
  const M = 'members'
  const docs = [
    { _id: 'm1', userId: 'u1', communityId: 'c1', ballotId: 'b1', n: 1 },
    { _id: 'm2', userId: 'u1', communityId: 'c2', ballotId: 'b1', n: 2 },
    { _id: 'm3', userId: 'u2', communityId: 'c1', ballotId: 'b2', n: 3 },
    { _id: 'm0', userId: 'u1', communityId: 'c1', n: 4 },
    { _id: 'm4', userId: null, communityId: 7, openid: 'o1', n: 5 },
    { _id: 'm5', communityId: 'c1', openid: 'o2', n: 6 },
  ]
  beforeEach(async () => {
    for (const d of docs) await store.insert(M, d)
    for (let i = 0; i < 50; i++) await store.insert(M, { _id: `x${i}`, userId: `other${i}`, communityId: 'c9', n: 100 + i })
  })
  const ids = (xs: Doc[]) => xs.map((d) => d._id)

  test.each([
    ['userId', { userId: 'u1' }, ['m0', 'm1', 'm2']],
    ['userId and communityId', { userId: 'u1', communityId: 'c1' }, ['m0', 'm1']],
    ['ballotId', { ballotId: 'b1' }, ['m1', 'm2']],
    ['communityId (a number)', { communityId: 7 }, ['m4']],
    ['openid', { openid: 'o2' }, ['m5']],
    ['openid and a non-indexed field', { openid: 'o1', n: 5 }, ['m4']],
    ['communityId and $in on userId', { communityId: 'c1', userId: { $in: ['u2', null] } }, ['m3', 'm5']],
    ['userId null (missing or null; not through an index)', { userId: null, communityId: { $in: ['c1', 7] } }, ['m4', 'm5']],
    ['an indexed field nobody has', { ballotId: 'nope' }, []],
  ] as [string, Record<string, unknown>, string[]][])('%s', async (_name, where, expected) => {
    expect(ids(await store.find(M, where as never))).toEqual(expected)
    expect(await store.count(M, where as never)).toBe(expected.length)
  })

  test('order, limit and skip apply as without the index', async () => {
    const byN = await store.find<Doc & { n: number }>(M, { communityId: 'c1' }, { orderBy: [{ field: 'n', direction: 'desc' }], skip: 1, limit: 2 })
    expect(byN.map((d) => d.n)).toEqual([4, 3])
  })
})

/**
 * When the embedded store tells anyone of a write (cloudfunctions/common/wal-sync.ts): its
 * connection runs synchronous=NORMAL (COMMIT writes the WAL without fsyncing it) and the store
 * fsyncs the WAL itself, off the event loop, before any caller hears of the commit:
 * - a transaction, a write outside one, and a read that may have seen an unsynced commit all
 *   answer only after an fsync of the WAL that began after that COMMIT;
 * - one fsync at a time: commits made while it runs share the next one;
 * - a failed fsync fails everyone waiting on it, the owner is told (onFailure), and the store refuses
 *   writes from then on;
 * - close() waits for the fsync under way.
 * Tests hold the fsync (options.fsync) to see who is waiting for it.
 */
import Database from 'better-sqlite3'
import { fstatSync, fsync as realFsync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedStore, type EmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import { DuplicateKeyError } from '../../cloudfunctions/common/store'
import type { FsyncFn } from '../../cloudfunctions/common/wal-sync'

const C = 'householdVotes'
let dir: string
let file: string
let store: EmbeddedStore | null = null
let other: Database.Database | null = null

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gj-durable-'))
  file = join(dir, 'store.sqlite')
})
afterEach(async () => {
  other?.close()
  other = null
  held.release()
  await store?.close()
  store = null
  rmSync(dir, { recursive: true, force: true })
})

/** An fsync that waits until released (then really fsyncs), or fails when told to. */
function holdingFsync() {
  const waiting: { fd: number; done: (e: NodeJS.ErrnoException | null) => void }[] = []
  const fsync: FsyncFn = (fd, done) => {
    waiting.push({ fd, done })
  }
  return {
    fsync,
    waiting,
    release() {
      for (const w of waiting.splice(0)) realFsync(w.fd, w.done)
    },
    fail() {
      for (const w of waiting.splice(0)) w.done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }))
    },
  }
}
let held = holdingFsync()

let failures: Error[] = []

function open(): EmbeddedStore {
  held = holdingFsync()
  failures = []
  store = openEmbeddedStore(file, { fsync: held.fsync, onFailure: (e) => failures.push(e) })
  other = new Database(file, { readonly: true })
  return store
}

const committed = (id: string) => other!.prepare('SELECT 1 FROM docs WHERE coll = ? AND id = ?').get(C, id) !== undefined
/** Lets the event loop run (a few turns), so anything not waiting for the fsync would settle. */
const turns = () => new Promise((ok) => setTimeout(ok, 20))

/** Whether a promise has settled by now. */
function watch<T>(p: Promise<T>) {
  const state = { settled: false, value: undefined as T | undefined, error: undefined as unknown }
  p.then(
    (v) => Object.assign(state, { settled: true, value: v }),
    (e) => Object.assign(state, { settled: true, error: e }),
  )
  return state
}

test('the connection does not fsync in COMMIT (synchronous=NORMAL): the store does, on the WAL file', async () => {
  const s = open()
  const db = new Database(file, { readonly: true })
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
  db.close()
  const tx = watch(s.transaction((t) => t.insert(C, { _id: 'a', n: 1 })))
  await turns()
  expect(held.waiting).toHaveLength(1)
  expect(fstatSync(held.waiting[0].fd).ino).toBe(statSync(`${file}-wal`).ino)
  expect(tx.settled).toBe(false)
  held.release()
  await turns()
  expect(tx.settled).toBe(true)
  expect(s.stats()).toMatchObject({ fsyncs: 1, commits: 1 })
})

test('a transaction is committed (others can read it) but its caller hears of it only after the fsync', async () => {
  const s = open()
  const tx = watch(s.transaction((t) => t.insert(C, { _id: 'a', n: 1 }).then(() => 'done')))
  await turns()
  expect(committed('a')).toBe(true)
  expect(tx.settled).toBe(false)
  held.release()
  await turns()
  expect(tx).toMatchObject({ settled: true, value: 'done' })
})

test('so is a refusal: a transaction that failed in a batch hears of it after the batch is durable', async () => {
  const s = open()
  const ok = watch(s.transaction((t) => t.insert(C, { _id: 'a', n: 1 })))
  const refused = watch(s.transaction(() => Promise.reject(new Error('refused'))))
  await turns()
  expect(ok.settled || refused.settled).toBe(false)
  held.release()
  await turns()
  expect(ok.settled).toBe(true)
  expect((refused.error as Error).message).toBe('refused')
})

test('a write outside a transaction (autocommit) is told after its fsync too', async () => {
  const s = open()
  const insert = watch(s.insert(C, { _id: 'a', n: 1, version: 1 }))
  await turns()
  expect(committed('a')).toBe(true)
  expect(insert.settled).toBe(false)
  held.release()
  await turns()
  expect(insert.settled).toBe(true)
  const replace = watch(s.replaceIfVersion(C, { _id: 'a', n: 2, version: 2 }, 1))
  await turns()
  expect(replace.settled).toBe(false)
  held.release()
  await turns()
  expect(replace).toMatchObject({ settled: true, value: true })
  // A write that changed nothing commits nothing: nothing to wait for.
  const stale = watch(s.replaceIfVersion(C, { _id: 'a', n: 3, version: 2 }, 1))
  await turns()
  expect(stale).toMatchObject({ settled: true, value: false })
})

test('a read answers only once what it may have seen is durable; with nothing waiting, at once', async () => {
  const s = open()
  const old = s.insert(C, { _id: 'old', n: 0 })
  await turns()
  held.release()
  await old
  // Nothing waits for an fsync now: a read answers without one.
  expect(await s.get(C, 'old')).toMatchObject({ n: 0 })
  expect(held.waiting).toHaveLength(0)
  const tx = watch(s.transaction((t) => t.insert(C, { _id: 'new', n: 1 })))
  await turns()
  const get = watch(s.get(C, 'new'))
  const find = watch(s.find(C, {}))
  const count = watch(s.count(C, {}))
  await turns()
  expect([tx.settled, get.settled, find.settled, count.settled]).toEqual([false, false, false, false])
  held.release()
  await turns()
  expect(get.value).toMatchObject({ n: 1 })
  expect(count.value).toBe(2)
  expect(find.settled && tx.settled).toBe(true)
})

test('one fsync at a time: commits made while it runs share the next one', async () => {
  const s = open()
  const first = watch(s.transaction((t) => t.insert(C, { _id: 'a', n: 1 })))
  await turns()
  expect(held.waiting).toHaveLength(1)
  const second = watch(s.transaction((t) => t.insert(C, { _id: 'b', n: 2 })))
  await turns()
  const third = watch(s.insert(C, { _id: 'c', n: 3 }))
  await turns()
  // No second fsync while the first runs (Linux would report a write-back error to only one of two).
  expect(held.waiting).toHaveLength(1)
  expect(['a', 'b', 'c'].map(committed)).toEqual([true, true, true])
  held.release()
  await turns()
  expect([first.settled, second.settled, third.settled]).toEqual([true, false, false])
  // The next one, begun when the first ended, covers both later commits.
  expect(held.waiting).toHaveLength(1)
  held.release()
  await turns()
  expect([second.settled, third.settled]).toEqual([true, true])
  expect(s.stats().fsyncs).toBe(2)
})

test('a refusal of a write outside a transaction waits too (it may rest on a commit not yet durable)', async () => {
  const s = open()
  const first = watch(s.insert(C, { _id: 'a', n: 1 }))
  await turns()
  const duplicate = watch(s.insert(C, { _id: 'a', n: 2 }))
  await turns()
  expect([first.settled, duplicate.settled]).toEqual([false, false])
  held.release()
  await turns()
  expect(first.settled).toBe(true)
  expect(duplicate.error).toBeInstanceOf(DuplicateKeyError)
})

test('a failed fsync fails everyone waiting on it, and the store refuses writes from then on', async () => {
  const s = open()
  const a = watch(s.transaction((t) => t.insert(C, { _id: 'a', n: 1 })))
  await turns()
  const read = watch(s.get(C, 'a'))
  await turns()
  held.fail()
  await turns()
  expect((a.error as Error).message).toMatch(/fsync of .*-wal failed: EIO/)
  expect(failures.map((e) => e.message)).toEqual([(a.error as Error).message])
  expect((read.error as Error).message).toMatch(/fsync/)
  await expect(s.transaction((t) => t.insert(C, { _id: 'b', n: 2 }))).rejects.toThrow(/fsync/)
  await expect(s.insert(C, { _id: 'c', n: 3 })).rejects.toThrow(/fsync/)
  expect(committed('b') || committed('c')).toBe(false)
})

test('close() waits for the fsync under way, then leaves no WAL behind', async () => {
  const s = open()
  const tx = watch(s.transaction((t) => t.insert(C, { _id: 'a', n: 1 })))
  await turns()
  const closing = watch(s.close())
  await turns()
  expect(closing.settled).toBe(false)
  held.release()
  await turns()
  expect([tx.settled, closing.settled]).toEqual([true, true])
  store = null
  other!.close()
  other = null
  const again = openEmbeddedStore(file)
  expect(await again.get(C, 'a')).toMatchObject({ n: 1 })
  await again.close()
})

test('an in-memory store has no WAL: nothing to fsync, nothing to wait for', async () => {
  const calls: number[] = []
  const s = openEmbeddedStore(':memory:', { fsync: (fd, done) => (calls.push(fd), done(null)) })
  await s.transaction((t) => t.insert(C, { _id: 'a', n: 1 }))
  await s.insert(C, { _id: 'b', n: 2 })
  expect(await s.count(C, {})).toBe(2)
  expect(calls).toEqual([])
  await s.close()
})

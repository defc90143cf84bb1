/**
 * The embedded store's WAL checkpointer (cloudfunctions/common/wal-checkpointer.ts): a worker
 * thread with its own connection checkpoints the WAL after commits, so that COMMIT on the main
 * thread no longer does (wal_autocheckpoint = 0 there once it runs).
 * - a store that writes little never starts the thread;
 * - once started, the WAL is checkpointed into the database file by it, and reused (it stays small);
 * - close() stops it and leaves a database file that holds everything, without a WAL;
 * - if the thread cannot work, the store goes on and SQLite checkpoints in COMMIT again.
 */
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from '../../cloudfunctions/common/embedded-store'
import { startCheckpointer } from '../../cloudfunctions/common/wal-checkpointer'

const C = 'householdVotes'
let dir: string
let file: string
let store: EmbeddedStore | null = null

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gj-ckpt-'))
  file = join(dir, 'store.sqlite')
})
afterEach(async () => {
  await store?.close()
  store = null
  rmSync(dir, { recursive: true, force: true })
})

function open(options: EmbeddedStoreOptions = {}): EmbeddedStore {
  store = openEmbeddedStore(file, options)
  return store
}

/** About 2 KB of JSON, like a household's votes document. */
const doc = (id: string) => ({ _id: id, ballotId: 'b1', communityId: 'c1', version: 1, answers: { q: '同意'.repeat(300) } })

/** One group-committed batch of `n` inserts. */
async function batch(s: EmbeddedStore, from: number, n: number) {
  await Promise.all(Array.from({ length: n }, (_, i) => s.transaction((tx) => tx.insert(C, doc(`d${from + i}`)))))
}

async function until(what: string, ok: () => boolean, ms = 10_000) {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** The rows the database file holds by itself, as a copy of it without its WAL sees them. */
function rowsInMainFile(): number {
  const copy = join(dir, 'copy.sqlite')
  copyFileSync(file, copy)
  const db = new Database(copy, { readonly: true })
  try {
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'docs'`).get()) return 0 // not even the schema yet
    return (db.prepare('SELECT count(*) AS n FROM docs WHERE coll = ?').get(C) as { n: number }).n
  } finally {
    db.close()
    rmSync(copy, { force: true })
  }
}

const walBytes = () => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0

test('a store that writes little never starts the thread', async () => {
  const s = open()
  await batch(s, 0, 50)
  expect(s.stats()).toMatchObject({ checkpointer: 'waiting', checkpoints: 0 })
})

test('it starts once the WAL reaches its threshold; then it checkpoints the WAL into the database file', async () => {
  const s = open({ checkpointerAfterWalBytes: 256 * 1024 })
  await batch(s, 0, 20)
  expect(s.stats().checkpointer).toBe('waiting')
  await batch(s, 20, 200) // ≈ 400 KB of WAL
  expect(s.stats().checkpointer).toBe('running')
  await until('a checkpoint', () => s.stats().checkpoints > 0)
  expect(rowsInMainFile()).toBe(220)
  // Later commits are checkpointed too.
  const done = s.stats().checkpoints
  await batch(s, 220, 30)
  await until('another checkpoint', () => s.stats().checkpoints > done)
  expect(rowsInMainFile()).toBe(250)
})

test('with the thread the WAL is reused once checkpointed: it stays small however much is written', async () => {
  const s = open({ checkpointerAfterWalBytes: 0, checkpointIntervalMs: 20 })
  let written = 0
  for (let b = 0; b < 30; b++) {
    const done = s.stats().checkpoints
    await batch(s, b * 100, 100) // ≈ 200 KB
    written += 100
    await until('the batch checkpointed', () => s.stats().checkpoints > done)
  }
  expect(rowsInMainFile()).toBe(written)
  // ≈ 6 MB went through the WAL; reused after each checkpoint, it holds about one batch.
  expect(walBytes()).toBeLessThan(1024 * 1024)
  expect(s.stats().checkpointer).toBe('running')
})

test('close() stops the thread and leaves a database file that holds everything, without a WAL', async () => {
  const s = open({ checkpointerAfterWalBytes: 0 })
  await batch(s, 0, 100)
  expect(s.stats().checkpointer).toBe('running')
  // Commits right before closing, not yet checkpointed by the thread.
  await batch(s, 100, 100)
  await s.close()
  store = null
  expect(s.stats().checkpointer).toBe('stopped')
  expect(existsSync(`${file}-wal`)).toBe(false)
  expect(rowsInMainFile()).toBe(200)
  // And the file opens again as a store with every row.
  const again = open()
  expect(await again.count(C, { ballotId: 'b1' })).toBe(200)
})

test('close() completes in a process that has nothing else to do (the thread does not keep it alive, nor let it quit early)', () => {
  const script = `
    const { openEmbeddedStore } = require('./cloudfunctions/common/embedded-store')
    const store = openEmbeddedStore(process.argv[1], { checkpointerAfterWalBytes: 0 })
    const doc = (i) => ({ _id: 'd' + i, ballotId: 'b1', version: 1, answers: { q: 'x'.repeat(2000) } })
    Promise.all(Array.from({ length: 200 }, (_, i) => store.transaction((tx) => tx.insert('householdVotes', doc(i)))))
      .then(() => store.close())
      .then(() => console.log('closed ' + store.stats().checkpointer))`
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, file], { cwd: join(__dirname, '../..'), encoding: 'utf8', timeout: 30_000 })
  expect(run.stderr).toBe('')
  expect(run.stdout.trim()).toBe('closed stopped')
  expect(run.status).toBe(0)
  expect(existsSync(`${file}-wal`)).toBe(false)
  expect(rowsInMainFile()).toBe(200)
})

test('transactions committed while checkpoints run are all there after a reopen', async () => {
  const s = open({ checkpointerAfterWalBytes: 0, checkpointIntervalMs: 0 })
  const batches = Array.from({ length: 20 }, (_, b) => batch(s, b * 50, 50))
  await Promise.all(batches)
  await s.close()
  const again = open()
  expect(await again.count(C, {})).toBe(1000)
  expect(await again.get(C, 'd999')).toEqual(doc('d999'))
})

test('a checkpointer that cannot open its file reports the failure and ends', async () => {
  const failures: Error[] = []
  const cp = startCheckpointer(join(dir, 'no-such-folder', 'x.sqlite'), { intervalMs: 0, onFailure: (e) => failures.push(e) })
  await until('the failure', () => failures.length > 0)
  expect(cp.state).toBe('failed')
  await cp.stop() // the thread has ended
  expect(cp.state).toBe('failed')
})

test('the store goes on when its checkpointer fails, and SQLite checkpoints in COMMIT again', async () => {
  // A checkpointer whose thread fails (it cannot open its file), standing for one that dies.
  const s = open({ checkpointerAfterWalBytes: 0, startCheckpointer: (_file, o) => startCheckpointer(join(dir, 'no-such-folder', 'x.sqlite'), o) })
  await batch(s, 0, 10)
  await until('the failure', () => s.stats().checkpointer === 'failed')
  expect(rowsInMainFile()).toBe(0) // nothing checkpointed yet
  await batch(s, 10, 2500) // ≈ 5 MB of WAL: past SQLite's own 1000-page threshold
  // The COMMIT that crossed it checkpointed: the database file has the rows before any close.
  expect(rowsInMainFile()).toBeGreaterThanOrEqual(10)
  expect(await s.count(C, {})).toBe(2510)
})

import { Worker } from 'node:worker_threads'

/**
 * Checkpointing the embedded store's WAL off the main thread. SQLite's automatic checkpoint runs
 * inside the COMMIT that crosses its threshold, so every few batches one COMMIT also copied the WAL
 * into the database file and fsynced it, blocking the event loop. Here a worker thread with its
 * own connection to the same file runs `PRAGMA wal_checkpoint(PASSIVE)` shortly after commits
 * (at most once per interval), while the store's connection has `wal_autocheckpoint = 0`.
 *
 * Durability is unchanged: no commit is acknowledged before the WAL holding it is fsynced (the
 * store does that, wal-sync.ts); a checkpoint only copies committed pages into the database file
 * (and fsyncs it, synchronous=FULL on this connection) before SQLite may reuse the WAL. PASSIVE never waits for or blocks the writer or readers.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
let db
try {
  db = new Database(workerData.file)
  db.pragma('synchronous = FULL')
} catch (e) {
  parentPort.postMessage({ error: String((e && e.message) || e) })
  parentPort.close()
}
let timer = null
function checkpoint() {
  timer = null
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed })
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) })
    db.close()
    parentPort.close()
  }
}
parentPort.on('message', (m) => {
  if (m === 'stop') {
    if (timer) clearTimeout(timer)
    if (db && db.open) db.close()
    parentPort.close()
  } else if (db && db.open && !timer) {
    timer = setTimeout(checkpoint, workerData.intervalMs)
  }
})
`

export interface CheckpointerOptions {
  /** How long after a commit the checkpoint runs (and so at most one per this many ms). */
  intervalMs: number
  /** The worker could not open the file, a checkpoint failed, or the thread died: the store must checkpoint itself again. */
  onFailure: (error: Error) => void
}

export interface Checkpointer {
  /** Tells the worker that a COMMIT added to the WAL (cheap: at most one message in flight). */
  committed(): void
  /** Ends the worker after any checkpoint under way; resolves once its connection is closed and the thread is gone. */
  stop(): Promise<void>
  /** Checkpoints run so far. */
  readonly checkpoints: number
  /** WAL frames in the log and frames checkpointed, as the last checkpoint reported. */
  readonly last: { log: number; checkpointed: number } | null
  readonly state: 'running' | 'stopped' | 'failed'
}

export function startCheckpointer(file: string, opts: CheckpointerOptions): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3'), intervalMs: opts.intervalMs } })
  // A store that is never closed must not keep the process alive (an unfinished PASSIVE checkpoint
  // is harmless: the WAL stays authoritative until a checkpoint completes).
  worker.unref()
  let state: Checkpointer['state'] = 'running'
  let requested = false
  let checkpoints = 0
  let last: Checkpointer['last'] = null
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))

  function fail(error: Error) {
    if (state !== 'running') return
    state = 'failed'
    opts.onFailure(error)
  }
  worker.on('message', (m: { error?: string; log?: number; checkpointed?: number }) => {
    requested = false
    if (m.error !== undefined) return fail(new Error(`WAL checkpointer: ${m.error}`))
    checkpoints += 1
    last = { log: m.log ?? 0, checkpointed: m.checkpointed ?? 0 }
  })
  worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))))
  void exited.then(() => fail(new Error('WAL checkpointer thread ended')))

  return {
    committed() {
      if (state !== 'running' || requested) return
      requested = true
      worker.postMessage(1)
    },
    async stop() {
      // Referenced again: a process with nothing else to do must wait for the thread to end
      // (awaiting an unreferenced worker's exit would let it quit before close() finishes).
      worker.ref()
      if (state === 'running') {
        state = 'stopped'
        worker.postMessage('stop')
      }
      await exited
    },
    get checkpoints() {
      return checkpoints
    },
    get last() {
      return last
    },
    get state() {
      return state
    },
  }
}

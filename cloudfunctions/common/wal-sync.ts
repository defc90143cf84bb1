import { closeSync, fsync as fsyncFile, fsyncSync, openSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Making the embedded store's commits durable without blocking the event loop.
 *
 * With synchronous=FULL SQLite fsyncs the WAL inside COMMIT, and better-sqlite3 runs COMMIT on the
 * calling thread: every group commit stopped all other work (HTTP, the next batch) for the whole
 * fsync, several ms on this machine's disk. The store now runs its connection with
 * synchronous=NORMAL, under which a WAL-mode COMMIT writes its frames to the WAL file but does not
 * fsync it (SQLite still syncs the WAL before each checkpoint and its header when the WAL is reused,
 * so the file stays consistent), and fsyncs the WAL itself here, on libuv's thread pool. A commit
 * counts as durable, and its callers hear of it, only once an fsync that began after its COMMIT has
 * completed: the same guarantee as synchronous=FULL (the frames are in the file before the fsync
 * starts, since COMMIT has returned). One fsync runs at a time; commits made while it runs share the
 * next one, begun as soon as it ends. (Overlapping fsyncs on one descriptor are not safe: Linux reports
 * a write-back error to only one of them, so an earlier one could succeed for pages a later one
 * fails.)
 *
 * If an fsync fails, nothing after it can be promised durable (the kernel may have dropped the dirty
 * pages): every waiting and later `durable()` rejects with that error, and the store refuses writes.
 */
export interface WalSync {
  /** Call right after each COMMIT: resolves once that commit is on disk. */
  committed(): Promise<void>
  /** Resolves once every commit so far is on disk (at once if none is waiting). */
  durable(): Promise<void>
  /** The failed fsync's error, once one failed. */
  readonly failure: Error | null
  /** fsyncs run, and their total time in ms. */
  readonly fsyncs: number
  readonly fsyncMs: number
  /** Waits for the fsyncs under way and closes the WAL file descriptor (after the database is closed). */
  close(): Promise<void>
}

export type FsyncFn = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void

/**
 * `walFile`: the WAL to fsync (null: an in-memory database, nothing to sync). `onFailure` is called
 * once, when an fsync fails (the owner should stop: see above).
 */
export function createWalSync(walFile: string | null, fsync: FsyncFn = fsyncFile, onFailure?: (error: Error) => void): WalSync {
  let fd: number | null = null
  let committedSeq = 0
  let syncedSeq = 0
  /** The fsync under way (at most one), settled when it ends. */
  let inFlight: Promise<void> | null = null
  let failure: Error | null = null
  let fsyncs = 0
  let fsyncMs = 0
  let waiters: { upTo: number; resolve: () => void; reject: (e: Error) => void }[] = []

  /** The WAL's descriptor, opened once (and never closed while the store is open: see close()). */
  function walFd(): number {
    if (fd === null) {
      fd = openSync(walFile!, 'r')
      // As SQLite does for a journal it created: the directory entry of the WAL is made durable too.
      const dir = openSync(dirname(walFile!), 'r')
      try {
        fsyncSync(dir)
      } finally {
        closeSync(dir)
      }
    }
    return fd
  }

  function fail(e: Error) {
    if (!failure) {
      failure = e
      onFailure?.(e)
    }
    const all = waiters
    waiters = []
    for (const w of all) w.reject(failure)
  }

  function kick() {
    if (inFlight || failure || syncedSeq >= committedSeq) return
    const upTo = committedSeq
    const t0 = performance.now()
    let descriptor: number
    try {
      descriptor = walFd()
    } catch (e) {
      return fail(e as Error)
    }
    inFlight = new Promise((ended) =>
      fsync(descriptor, (error) => {
        inFlight = null
        ended()
        fsyncs += 1
        fsyncMs += performance.now() - t0
        if (error) return fail(new Error(`fsync of ${walFile} failed: ${error.message}`))
        syncedSeq = upTo
        const done = waiters.filter((w) => w.upTo <= syncedSeq)
        waiters = waiters.filter((w) => w.upTo > syncedSeq)
        for (const w of done) w.resolve()
        kick()
      }),
    )
  }

  function durable(): Promise<void> {
    if (failure) return Promise.reject(failure)
    if (syncedSeq >= committedSeq) return Promise.resolve()
    return new Promise((resolve, reject) => {
      waiters.push({ upTo: committedSeq, resolve, reject })
      kick()
    })
  }

  return {
    committed() {
      // An in-memory database has no WAL: its commits are as durable as they will ever be.
      if (walFile === null) return Promise.resolve()
      committedSeq += 1
      return durable()
    },
    durable,
    get failure() {
      return failure
    },
    get fsyncs() {
      return fsyncs
    },
    get fsyncMs() {
      return fsyncMs
    },
    async close() {
      await durable().catch(() => undefined)
      await inFlight
      if (fd !== null) closeSync(fd)
      fd = null
    },
  }
}

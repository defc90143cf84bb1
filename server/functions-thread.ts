import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { GroupCommitStats } from '../cloudfunctions/common/embedded-store'
import type { FunctionReply } from './function-call'

/**
 * The local server runs the cloud-function handlers in a thread of their own: the main thread
 * speaks HTTP (parsing requests, checking sessions, writing replies) while this thread runs the
 * handlers on its own connection to the same SQLite file, so a busy server uses both of a
 * machine's cores instead of one. The handlers, the store and group commit are the same as in
 * one thread: a reply still leaves only after its transaction's COMMIT (fsynced).
 *
 * The thread loads the TypeScript sources through tsx (a dev dependency, like the server itself).
 */
export interface WorkerConfig {
  dataFile: string
  uploadsDir: string
  clockOffsetMs: number
  quiet: boolean
}

export interface Call {
  id: number
  fn: string
  openid: string | null
  /** The request body as it came (the thread parses it: see function-call.ts). */
  bodyText: string
}

export type ToWorker =
  | { t: 'calls'; calls: Call[] }
  | { t: 'clock'; offsetMs: number }
  | { t: 'stats'; id: number }
  | { t: 'close' }

/** What a call gave: its HTTP answer (or a stats request its figures), or the error it threw (handlers never throw: a bug). */
export type Reply = { id: number; result: unknown } | { id: number; error: string }

export type FromWorker =
  | { t: 'ready' }
  | { t: 'replies'; replies: Reply[] }
  | { t: 'log'; line: string }
  | { t: 'closed' }

export interface FunctionsThread {
  /** Runs FUNCTIONS[fn] on the request body with the caller's openid (callFunction, in the thread). */
  call(fn: string, openid: string | null, bodyText: string): Promise<FunctionReply>
  /** The group-commit figures of the thread's store (bench:ballots prints them). */
  stats(): Promise<GroupCommitStats>
  /** Moves the handlers' clock (the local demo clock). Calls made after this see it. */
  setClockOffset(offsetMs: number): void
  /** Closes the thread's store (after the calls under way) and ends the thread. */
  close(): Promise<void>
  /** Why the thread is gone (it died, or was closed): then every call fails. Null while it runs. */
  readonly dead: Error | null
}

const WORKER_FILE = join(__dirname, 'functions-worker.ts')
const BOOT = `require('tsx/cjs'); require(${JSON.stringify(WORKER_FILE)})`

/** `onDeath`: the thread ended other than by close() (e.g. its store failed); every call fails from then on. */
export function startFunctionsThread(config: WorkerConfig, log: (line: string) => void, onDeath?: (error: Error) => void): Promise<FunctionsThread> {
  const worker = new Worker(BOOT, { eval: true, workerData: config, resourceLimits: { maxYoungGenerationSizeMb: 64 } })
  const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let nextId = 1
  let dead: Error | null = null
  let onClosed: (() => void) | null = null
  let closing = false
  const post = (m: ToWorker) => worker.postMessage(m)

  return new Promise((ready, failed) => {
    const die = (e: Error) => {
      if (!dead && !closing) onDeath?.(e)
      dead ??= closing ? new Error('functions thread closed') : e
      for (const c of calls.values()) c.reject(dead)
      calls.clear()
      failed(dead)
      onClosed?.()
    }
    worker.on('error', (e) => {
      log(`functions thread failed: ${e.stack ?? e.message}`)
      die(e)
    })
    worker.on('exit', (code) => die(new Error(`functions thread exited (${code})`)))
    worker.on('message', (m: FromWorker) => {
      if (m.t === 'ready') ready(thread)
      else if (m.t === 'log') log(m.line)
      else if (m.t === 'closed') onClosed?.()
      else if (m.t === 'replies') {
        for (const r of m.replies) {
          const c = calls.get(r.id)
          if (!c) continue
          calls.delete(r.id)
          if ('error' in r) c.reject(new Error(r.error))
          else c.resolve(r.result)
        }
      }
    })
    let outbox: Call[] = []
    function flushCalls() {
      if (outbox.length === 0 || dead) return
      post({ t: 'calls', calls: outbox })
      outbox = []
    }
    function request<R>(message: (id: number) => ToWorker): Promise<R> {
      if (dead) return Promise.reject(dead)
      const id = nextId++
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve: resolve as (v: unknown) => void, reject })
        post(message(id))
      })
    }
    const thread: FunctionsThread = {
      call(fn, openid, bodyText) {
        if (dead) return Promise.reject(dead)
        const id = nextId++
        return new Promise((resolve, reject) => {
          calls.set(id, { resolve: resolve as (v: unknown) => void, reject })
          // Calls made in one turn of the event loop (a burst of requests) go over in one message.
          if (outbox.length === 0) setImmediate(flushCalls)
          outbox.push({ id, fn, openid, bodyText })
        })
      },
      stats: () => request((id) => ({ t: 'stats', id })),
      setClockOffset(offsetMs) {
        if (dead) return
        // Calls made before the change go first, with the clock they were made under.
        flushCalls()
        post({ t: 'clock', offsetMs })
      },
      get dead() {
        return dead
      },
      async close() {
        if (dead) return
        closing = true
        flushCalls()
        await new Promise<void>((done) => {
          onClosed = done
          post({ t: 'close' })
        })
        await worker.terminate()
      },
    }
  })
}

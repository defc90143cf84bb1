import { randomUUID } from 'node:crypto'
import { parentPort, workerData } from 'node:worker_threads'
import { openEmbeddedStore } from '../cloudfunctions/common/embedded-store'
import type { Deps } from '../cloudfunctions/common/router'
import { FUNCTIONS } from '../cloudfunctions/registry'
import { callFunction } from './function-call'
import type { FromWorker, Reply, ToWorker, WorkerConfig } from './functions-thread'

/**
 * The functions thread (see functions-thread.ts): its own connection to the store's file and the
 * very same handlers the main thread would run, called by message. Replies in the order the
 * handlers finish; each reply names its call.
 */
const port = parentPort!
const config = workerData as WorkerConfig
// If the WAL cannot be fsynced, nothing more can be promised durable: the thread ends (the server
// then stops, see app.ts onFatal) and a restart recovers from what is on disk.
const store = openEmbeddedStore(config.dataFile, {
  onFailure: (e) => {
    port.postMessage({ t: 'log', line: `functions thread: the store failed, stopping: ${e.message}` } satisfies FromWorker)
    process.exit(1)
  },
})
let clockOffsetMs = config.clockOffsetMs
const send = (m: FromWorker) => port.postMessage(m)
const deps: Deps = {
  store,
  now: () => new Date(Date.now() + clockOffsetMs),
  newId: () => randomUUID(),
  log: config.quiet ? () => {} : (line: string) => send({ t: 'log', line }),
  uploadsDir: config.uploadsDir,
}

/**
 * Replies go out together: the callers of one group commit hear back at the same moment (its
 * fsync), so they share one message instead of one each.
 */
let outbox: Reply[] = []
function reply(r: Reply) {
  if (outbox.length === 0) setImmediate(flush)
  outbox.push(r)
}
function flush() {
  if (outbox.length === 0) return
  send({ t: 'replies', replies: outbox })
  outbox = []
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'calls') {
    for (const c of m.calls) {
      callFunction(FUNCTIONS[c.fn], deps, c.openid, c.bodyText).then(
        (result) => reply({ id: c.id, result }),
        (e: unknown) => reply({ id: c.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      )
    }
  } else if (m.t === 'stats') {
    reply({ id: m.id, result: store.stats() })
  } else if (m.t === 'clock') {
    clockOffsetMs = m.offsetMs
  } else if (m.t === 'close') {
    store
      .close()
      .catch((e: unknown) => send({ t: 'log', line: `closing the functions thread's store failed: ${String(e)}` }))
      .finally(() => {
        flush()
        send({ t: 'closed' })
        port.close()
      })
  }
})
send({ t: 'ready' })

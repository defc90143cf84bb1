import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { COLLECTIONS, DuplicateKeyError, type Doc, type FindOptions, type Store, type StoreOps, type Where } from './store'

/**
 * Embedded adapter: one SQLite file (WAL, synchronous=FULL so an acknowledged write survives
 * a crash or power loss). Documents are JSON in one table keyed by (collection, _id);
 * hot fields get expression indexes. Migrations are numbered SQL run once each.
 * Transactions are group-committed: those that arrive together share one COMMIT (one fsync),
 * and each caller hears back only once it is durable (see `runBatch`).
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE docs (
     coll TEXT NOT NULL,
     id   TEXT NOT NULL,
     body TEXT NOT NULL CHECK (json_valid(body)),
     PRIMARY KEY (coll, id)
   ) WITHOUT ROWID;
   CREATE INDEX docs_community ON docs (coll, json_extract(body, '$.communityId'));
   CREATE INDEX docs_openid ON docs (coll, json_extract(body, '$.openid'));`,
  // Every request reads the caller's memberships by userId; ballots read their votes by ballotId.
  `CREATE INDEX docs_user ON docs (coll, json_extract(body, '$.userId'));
   CREATE INDEX docs_ballot ON docs (coll, json_extract(body, '$.ballotId'));`,
]

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/

function fieldExpr(field: string): string {
  if (!FIELD.test(field)) throw new Error(`bad field name ${JSON.stringify(field)}`)
  return field === '_id' ? 'id' : `json_extract(body, '$.${field}')`
}

/** SQLite has no boolean: json_extract gives 1/0 for true/false. */
function sqlValue(v: unknown): unknown {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v
}

function whereSql(where: Where): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  for (const [field, cond] of Object.entries(where)) {
    const f = fieldExpr(field)
    if (cond === null) parts.push(`${f} IS NULL`)
    else if (typeof cond === 'object') {
      if ('$in' in cond) {
        // SQL `IN (NULL)` matches nothing; in CloudBase (and `matches`) null matches null or missing.
        const values = cond.$in.filter((v) => v !== null)
        const alts: string[] = []
        if (values.length) {
          alts.push(`${f} IN (${values.map(() => '?').join(',')})`)
          params.push(...values.map(sqlValue))
        }
        if (values.length < cond.$in.length) alts.push(`${f} IS NULL`)
        parts.push(alts.length ? `(${alts.join(' OR ')})` : '0')
      } else if ('$ne' in cond) {
        parts.push(`${f} IS NOT ?`)
        params.push(sqlValue(cond.$ne))
      } else if ('$lte' in cond) {
        parts.push(`${f} <= ?`)
        params.push(sqlValue(cond.$lte))
      } else {
        parts.push(`${f} >= ?`)
        params.push(sqlValue(cond.$gte))
      }
    } else {
      parts.push(`${f} = ?`)
      params.push(sqlValue(cond))
    }
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params }
}

/**
 * The expression indexes, most selective first. Without statistics SQLite's planner prefers the
 * primary key's (coll) prefix and scans the whole collection, so a find or count with an equality
 * on one of these fields names its index (INDEXED BY): the same rows, read through the index.
 */
const INDEXES: [field: string, index: string][] = [
  ['openid', 'docs_openid'],
  ['userId', 'docs_user'],
  ['ballotId', 'docs_ballot'],
  ['communityId', 'docs_community'],
]

function indexFor(where: Where): string {
  for (const [field, index] of INDEXES) {
    const cond = where[field]
    if (typeof cond === 'string' || typeof cond === 'number') return ` INDEXED BY ${index}`
  }
  return ''
}

function checkCollection(name: string) {
  if (!(COLLECTIONS as readonly string[]).includes(name)) throw new Error(`unknown collection ${name}`)
}

/** How many transactions one batch takes at most (the rest go in the next one). */
const MAX_BATCH = 500

export interface GroupCommitStats {
  /** Transactions run (committed or rolled back alone). */
  transactions: number
  /** SQLite COMMITs, each one fsync of the WAL: fewer than transactions when they were grouped. */
  commits: number
  largestBatch: number
  /** Time spent in COMMIT (the WAL fsync, which blocks the event loop), in ms. */
  commitMs: number
}

export interface EmbeddedStore extends Store {
  stats(): GroupCommitStats
}

export function openEmbeddedStore(file: string): EmbeddedStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  migrate(db)

  // Prepared statements are reused: preparing one costs more than running it. Find/count SQL
  // varies only with the shape of the condition, so the cache stays small (bounded anyway).
  const statements = new Map<string, Database.Statement>()
  function prepare(sql: string): Database.Statement {
    let st = statements.get(sql)
    if (!st) {
      if (statements.size >= 500) statements.clear()
      st = db.prepare(sql)
      statements.set(sql, st)
    }
    return st
  }

  const ops: StoreOps = {
    async get<T extends Doc>(coll: string, id: string) {
      checkCollection(coll)
      const row = prepare('SELECT body FROM docs WHERE coll = ? AND id = ?').get(coll, id) as { body: string } | undefined
      return row ? (JSON.parse(row.body) as T) : null
    },
    async find<T extends Doc>(coll: string, where: Where, options: FindOptions = {}) {
      checkCollection(coll)
      const w = whereSql(where)
      const order = (options.orderBy ?? []).map((o) => `${fieldExpr(o.field)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`)
      order.push('id ASC')
      const sql = `SELECT body FROM docs${indexFor(where)} WHERE coll = ? AND ${w.sql} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`
      const rows = prepare(sql).all(coll, ...w.params, options.limit ?? -1, options.skip ?? 0) as { body: string }[]
      return rows.map((r) => JSON.parse(r.body) as T)
    },
    async count(coll: string, where: Where) {
      checkCollection(coll)
      const w = whereSql(where)
      const row = prepare(`SELECT count(*) AS n FROM docs${indexFor(where)} WHERE coll = ? AND ${w.sql}`).get(coll, ...w.params) as { n: number }
      return row.n
    },
    async insert<T extends Doc>(coll: string, doc: T) {
      checkCollection(coll)
      try {
        prepare('INSERT INTO docs (coll, id, body) VALUES (?, ?, ?)').run(coll, doc._id, JSON.stringify(doc))
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateKeyError(coll, doc._id)
        throw e
      }
    },
    async replaceIfVersion(coll, doc, expectedVersion) {
      checkCollection(coll)
      const sql = `UPDATE docs SET body = ? WHERE coll = ? AND id = ? AND json_extract(body, '$.version') = ?`
      const res = prepare(sql).run(JSON.stringify(doc), coll, doc._id, expectedVersion)
      return res.changes === 1
    },
    async remove(coll: string, id: string) {
      checkCollection(coll)
      return prepare('DELETE FROM docs WHERE coll = ? AND id = ?').run(coll, id).changes === 1
    },
  }

  // One connection: batches and single operations are serialised by a promise chain, so no
  // request ever sees another's uncommitted writes.
  let queue: Promise<unknown> = Promise.resolve()
  function exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  // Group commit: transactions that arrive together (in the same event-loop turn, or while the
  // previous batch runs) share one SQLite transaction and so one fsync. Each runs inside its own
  // SAVEPOINT, one after another (never interleaved), so a failing one is undone alone; every
  // caller's promise settles only after the batch's COMMIT (synchronous=FULL: durable by then).
  interface Pending {
    fn: (tx: StoreOps) => Promise<unknown>
    resolve: (value: unknown) => void
    reject: (error: unknown) => void
  }
  let pending: Pending[] = []
  let flushScheduled = false
  let closed = false
  const stats: GroupCommitStats = { transactions: 0, commits: 0, largestBatch: 0, commitMs: 0 }

  function scheduleFlush() {
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(() => {
      void exclusive(runBatch)
    })
  }

  async function runBatch(): Promise<void> {
    flushScheduled = false
    const batch: { p: Pending; ok: boolean; value?: unknown; error?: unknown }[] = []
    let begun = false
    let batchError: { error: unknown } | null = null
    try {
      // Late arrivals (while earlier ones of this batch run) join it, up to a bound.
      while (pending.length > 0 && batch.length < MAX_BATCH) {
        const entry: (typeof batch)[number] = { p: pending.shift()!, ok: false }
        batch.push(entry)
        if (!begun) {
          prepare('BEGIN IMMEDIATE').run()
          begun = true
        }
        prepare('SAVEPOINT gc').run()
        try {
          entry.value = await entry.p.fn(ops)
          prepare('RELEASE gc').run()
          entry.ok = true
        } catch (error) {
          entry.error = error
          if (db.inTransaction) {
            prepare('ROLLBACK TO gc').run()
            prepare('RELEASE gc').run()
          } else {
            // SQLite rolled back the whole transaction (I/O error, disk full…): the earlier ones
            // of this batch are undone with it, so they fail too; the rest start afresh.
            for (const e of batch) if (e.ok) Object.assign(e, { ok: false, error, value: undefined })
            begun = false
          }
        }
      }
      if (begun) {
        const t0 = performance.now()
        prepare('COMMIT').run()
        stats.commitMs += performance.now() - t0
        stats.commits += 1
      }
    } catch (error) {
      // BEGIN, SAVEPOINT or COMMIT failed: nothing of this batch is stored.
      batchError = { error }
      if (db.inTransaction) prepare('ROLLBACK').run()
    }
    stats.transactions += batch.length
    stats.largestBatch = Math.max(stats.largestBatch, batch.length)
    for (const e of batch) {
      if (batchError) e.p.reject(batchError.error)
      else if (e.ok) e.p.resolve(e.value)
      else e.p.reject(e.error)
    }
    if (pending.length > 0) scheduleFlush()
  }

  const store: EmbeddedStore = {
    get: (c, id) => exclusive(() => ops.get(c, id)),
    find: (c, w, o) => exclusive(() => ops.find(c, w, o)),
    count: (c, w) => exclusive(() => ops.count(c, w)),
    insert: (c, d) => exclusive(() => ops.insert(c, d)),
    replaceIfVersion: (c, d, v) => exclusive(() => ops.replaceIfVersion(c, d, v)),
    remove: (c, id) => exclusive(() => ops.remove(c, id)),
    transaction: <R>(fn: (tx: StoreOps) => Promise<R>) =>
      new Promise<R>((resolve, reject) => {
        if (closed) return reject(new Error('store closed'))
        pending.push({ fn, resolve: resolve as (v: unknown) => void, reject })
        scheduleFlush()
      }),
    stats: () => ({ ...stats }),
    close: async () => {
      closed = true
      while (pending.length > 0) await exclusive(runBatch)
      await queue
      db.close()
    },
  }
  return store
}

function migrate(db: Database.Database) {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v])
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}

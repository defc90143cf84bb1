import Database from 'better-sqlite3'
import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { COLLECTIONS, DuplicateKeyError, type Doc, type FindOptions, type Store, type StoreOps, type Where } from './store'
import { startCheckpointer, type Checkpointer } from './wal-checkpointer'
import { createWalSync, type FsyncFn } from './wal-sync'

/**
 * Embedded adapter: one SQLite file in WAL mode, whose every acknowledged write survives a crash or
 * power loss: nobody hears of a commit before the WAL is fsynced (wal-sync.ts: the fsync runs off
 * the event loop, the guarantee is synchronous=FULL's). Documents are JSON in one table keyed by (collection, _id); the fields
 * finds and version checks use most are also real columns (FIELD_COLUMNS), indexed.
 * Migrations are numbered SQL run once each.
 * Transactions are group-committed: those that arrive together share one COMMIT (one fsync),
 * and each caller hears back only once it is durable (see `runBatch`). Reads, too, answer only once
 * what they may have seen is durable.
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
  // Writes were re-parsing each body five times (the json_valid check, four expression indexes) and
  // version checks once more. Now communityId, openid, userId, ballotId and version are columns the
  // store fills from the document it writes (columnValue: what json_extract would give), their
  // indexes cover only the documents that have the field, and the table has rowids (bodies of
  // several KB do not suit a WITHOUT ROWID b-tree). Existing rows get their columns from their body.
  // The columns have no declared type, so no affinity: values keep their type (text stays text).
  `CREATE TABLE docs_v3 (
     coll TEXT NOT NULL,
     id   TEXT NOT NULL,
     body TEXT NOT NULL,
     community_id,
     openid,
     user_id,
     ballot_id,
     version,
     PRIMARY KEY (coll, id)
   );
   INSERT INTO docs_v3 (coll, id, body, community_id, openid, user_id, ballot_id, version)
     SELECT coll, id, body, json_extract(body, '$.communityId'), json_extract(body, '$.openid'),
            json_extract(body, '$.userId'), json_extract(body, '$.ballotId'), json_extract(body, '$.version')
     FROM docs ORDER BY coll, id;
   DROP TABLE docs;
   ALTER TABLE docs_v3 RENAME TO docs;
   CREATE INDEX docs_community ON docs (coll, community_id, id) WHERE community_id IS NOT NULL;
   CREATE INDEX docs_openid ON docs (coll, openid, id) WHERE openid IS NOT NULL;
   CREATE INDEX docs_user ON docs (coll, user_id, id) WHERE user_id IS NOT NULL;
   CREATE INDEX docs_ballot ON docs (coll, ballot_id, id) WHERE ballot_id IS NOT NULL;`,
  // Submissions no longer fill user_id and ballot_id (UNINDEXED_FIELDS): no index entries to write per vote.
  `UPDATE docs SET user_id = NULL, ballot_id = NULL WHERE coll = 'submissions';`,
]

/**
 * Document fields kept in a column of their own (migration 3), written by the store on every insert
 * and replace. Documents must be written through the store: a body changed by other means would
 * leave its columns stale.
 */
const FIELD_COLUMNS: Readonly<Record<string, string>> = {
  communityId: 'community_id',
  openid: 'openid',
  userId: 'user_id',
  ballotId: 'ballot_id',
  version: 'version',
}

/**
 * Collections whose documents have a FIELD_COLUMNS field that should not be indexed: its column
 * stays NULL, so writing one adds no entry to that index (a query by it still works, reading the
 * field from the body). Every vote writes a submission, whose id (ballot and client request id) is
 * random, so its userId and ballotId entries each landed on a random index page: together two fifths
 * of the pages a batch of votes wrote to the WAL. Submissions are never looked up by user, and by
 * ballot only to check a receipt (verify-receipt.ts, with the receipt's hash): that query now reads
 * the submissions' bodies instead of an index (CloudBase has its own index for it, indexes.json).
 */
const UNINDEXED_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  submissions: new Set(['userId', 'ballotId']),
}

/** Whether `coll` keeps `field` in its column. */
function hasColumn(coll: string, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(FIELD_COLUMNS, field) && !UNINDEXED_FIELDS[coll]?.has(field)
}

/** A document's value for a column: what json_extract would read (columnValue), or NULL where the collection has no such column. */
function columnOf(coll: string, doc: Record<string, unknown>, field: string): string | number | bigint | null {
  return hasColumn(coll, field) ? columnValue(doc[field]) : null
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/

function fieldExpr(coll: string, field: string): string {
  if (!FIELD.test(field)) throw new Error(`bad field name ${JSON.stringify(field)}`)
  if (field === '_id') return 'id'
  return hasColumn(coll, field) ? FIELD_COLUMNS[field] : `json_extract(body, '$.${field}')`
}

/**
 * What `json_extract(JSON.stringify(doc), '$.field')` gives for a field's value, without the JSON
 * round trip: text as it is; a finite number as a number (whole ones as INTEGER, like json_extract);
 * true/false as 1/0; null, a missing field and whatever JSON.stringify leaves out as NULL; an object
 * or array as its JSON text. (toJSON is honoured, as JSON.stringify does.)
 */
export function columnValue(value: unknown): string | number | bigint | null {
  let v = value
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON()
  switch (typeof v) {
    case 'string':
      return v
    case 'number':
      return numberValue(v)
    case 'boolean':
      return v ? 1n : 0n
    case 'object': {
      if (v === null) return null
      const text = JSON.stringify(v)
      // Boxed primitives (new String('x')) are written as the primitive.
      const back = JSON.parse(text) as unknown
      return back !== null && typeof back === 'object' ? text : columnValue(back)
    }
    default:
      return null
  }
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/**
 * A number as json_extract reads it back from JSON.stringify: JSON spells it as String(v) does; a
 * spelling without fraction or exponent that fits 64 bits is an INTEGER (bound as a bigint: a JS
 * number is bound as REAL), anything else a REAL; NaN and ±Infinity are written as null.
 */
function numberValue(v: number): number | bigint | null {
  if (!Number.isFinite(v)) return null
  const text = String(v)
  if (/^-?\d+$/.test(text)) {
    const n = BigInt(text)
    if (n >= INT64_MIN && n <= INT64_MAX) return n
  }
  return v
}

/** SQLite has no boolean: json_extract gives 1/0 for true/false. */
function sqlValue(v: unknown): unknown {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v
}

function whereSql(coll: string, where: Where): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  for (const [field, cond] of Object.entries(where)) {
    const f = fieldExpr(coll, field)
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
 * The column indexes, most selective first. Without statistics SQLite's planner prefers the
 * primary key's (coll) prefix and scans the whole collection, so a find or count with an equality
 * on one of these fields names its index (INDEXED BY): the same rows, read through the index.
 * (Each index holds only the documents that have its field: an equality on a string or number
 * implies that, so the index is usable.)
 */
const INDEXES: [field: string, index: string][] = [
  ['openid', 'docs_openid'],
  ['userId', 'docs_user'],
  ['ballotId', 'docs_ballot'],
  ['communityId', 'docs_community'],
]

function indexFor(coll: string, where: Where): string {
  for (const [field, index] of INDEXES) {
    if (!hasColumn(coll, field)) continue
    const cond = where[field]
    if (typeof cond === 'string' || typeof cond === 'number') return ` INDEXED BY ${index}`
  }
  return ''
}

/**
 * Collections whose find results the store keeps (their JSON, per query): every request reads its
 * caller (router.loadActor: the user by openid, the memberships by userId), and these change rarely.
 * A write to one (in a transaction or not) empties its cache first, a rollback empties all of them,
 * and so does a commit by another connection to the file (PRAGMA data_version): a cached result is
 * always what the query returns on this connection at that moment, uncommitted writes of the running
 * batch included, as the query itself would. Only this process's store has it: the CloudBase
 * adapter keeps nothing between calls.
 */
const CACHED_FINDS: ReadonlySet<string> = new Set(['users', 'members'])
/** Queries kept per collection at most (then it starts afresh). */
const CACHED_FINDS_MAX = 10_000

/** The cache key of a query, or null if a parameter is not plain JSON (such a query is not cached). */
function queryKey(sql: string, params: readonly unknown[]): string | null {
  for (const p of params) {
    if (p === null || typeof p === 'string') continue
    if (typeof p === 'number' && Number.isFinite(p)) continue
    return null
  }
  return `${sql}\u0000${JSON.stringify(params)}`
}

/** The SQL and parameters of a find. */
function findQuery(coll: string, where: Where, options: FindOptions): { sql: string; params: unknown[] } {
  const w = whereSql(coll, where)
  const order = (options.orderBy ?? []).map((o) => `${fieldExpr(coll, o.field)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`)
  order.push('id ASC')
  const sql = `SELECT body FROM docs${indexFor(coll, where)} WHERE coll = ? AND ${w.sql} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`
  return { sql, params: [coll, ...w.params, options.limit ?? -1, options.skip ?? 0] }
}

function checkCollection(name: string) {
  if (!(COLLECTIONS as readonly string[]).includes(name)) throw new Error(`unknown collection ${name}`)
}

/**
 * How many transactions one batch takes at most (the rest go in the next one). Bounded so that
 * the server pipelines: while one batch's fsync runs and its replies go out, the next batch runs;
 * one batch of everyone waiting made the whole server take turns (measured in bench/ballots.ts).
 */
export const MAX_BATCH = 32

export interface GroupCommitStats {
  /** Transactions run (committed or rolled back alone). */
  transactions: number
  /** SQLite COMMITs, each one fsync of the WAL: fewer than transactions when they were grouped. */
  commits: number
  largestBatch: number
  /** Time spent in COMMIT (writing the WAL, without its fsync), in ms. */
  commitMs: number
  /** fsyncs of the WAL (off the event loop, one begun after each COMMIT), and their total time in ms. */
  fsyncs: number
  fsyncMs: number
  /** The WAL checkpointer thread (see wal-checkpointer.ts): not started yet, running, stopped by close(), or failed. */
  checkpointer: 'waiting' | 'running' | 'stopped' | 'failed'
  /** Checkpoints it ran. */
  checkpoints: number
}

export interface EmbeddedStore extends Store {
  stats(): GroupCommitStats
}

export interface EmbeddedStoreOptions {
  /**
   * The WAL checkpointer thread starts once the WAL file has reached this many bytes (default
   * 4 MiB, SQLite's own checkpoint threshold of 1000 pages: a store that writes little, e.g. in a
   * test, never starts a thread); 0 starts it at once. Until then SQLite checkpoints in COMMIT as
   * usual. Never for ':memory:'.
   */
  checkpointerAfterWalBytes?: number
  /**
   * How soon after a commit the checkpointer checkpoints (at most once per this many ms; default
   * 100: a page written by many votes meanwhile is copied once, not once per 20 ms as before).
   */
  checkpointIntervalMs?: number
  /** Starts the checkpointer thread (tests give one that fails). */
  startCheckpointer?: typeof startCheckpointer
  /** fsyncs the WAL (tests give a slow or failing one). */
  fsync?: FsyncFn
  /**
   * Called once if an fsync of the WAL fails. From then on the store refuses everything, but what
   * SQLite committed stays visible to other connections: the owner should stop the process, so that
   * a restart recovers from what is on disk (the functions thread does).
   */
  onFailure?: (error: Error) => void
}

/** SQLite's default wal_autocheckpoint (pages), used until the checkpointer runs and again if it fails. */
const AUTOCHECKPOINT_PAGES = 1000

export function openEmbeddedStore(file: string, options: EmbeddedStoreOptions = {}): EmbeddedStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  // NORMAL: COMMIT writes the WAL without fsyncing it; walSync fsyncs it before anyone hears of the
  // commit (see wal-sync.ts). SQLite still syncs before checkpoints and when it reuses the WAL.
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
  // Savepoint and statement journals (each transaction of a batch runs in a savepoint; an insert may
  // need to undo itself) in memory instead of temporary files: they only serve rollbacks within the
  // open transaction, never crash recovery (that is the WAL's).
  db.pragma('temp_store = MEMORY')
  migrate(db)

  // The WAL checkpointer (a worker thread with its own connection): started once the WAL is big
  // enough to be worth it, then the store's connection no longer checkpoints in COMMIT.
  const walFile = `${file}-wal`
  const walSync = createWalSync(file === ':memory:' ? null : walFile, options.fsync, options.onFailure)
  /** After a COMMIT: resolves once it is durable (and tells the checkpointer). */
  function committed(): Promise<void> {
    afterCommit()
    return walSync.committed()
  }
  const startAfter = file === ':memory:' ? Infinity : (options.checkpointerAfterWalBytes ?? AUTOCHECKPOINT_PAGES * 4096)
  let checkpointer: Checkpointer | null = null
  let startAfterFailed = false
  /** Tells the checkpointer of a COMMIT, or starts it once the WAL is big enough. Never throws (the write is committed). */
  function afterCommit() {
    try {
      if (checkpointer) return checkpointer.committed()
      if (startAfter === Infinity || closed || startAfterFailed) return
      if (startAfter > 0 && (statSync(walFile, { throwIfNoEntry: false })?.size ?? 0) < startAfter) return
      checkpointer = (options.startCheckpointer ?? startCheckpointer)(file, {
        intervalMs: options.checkpointIntervalMs ?? 100,
        onFailure: () => {
          // Back to checkpointing in COMMIT, so that the WAL cannot grow without bound.
          if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
        },
      })
      db.pragma('wal_autocheckpoint = 0')
      checkpointer.committed()
    } catch {
      // No thread: SQLite keeps checkpointing in COMMIT (wal_autocheckpoint is only off once it runs).
      startAfterFailed = true
    }
  }

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

  const findCache = new Map<string, Map<string, string[]>>([...CACHED_FINDS].map((c) => [c, new Map()]))
  const dataVersion = db.prepare('PRAGMA data_version').pluck()
  let seenDataVersion = dataVersion.get() as number
  /** Empties the caches if another connection committed since we last looked (cheap inside a transaction). */
  function checkOtherWriters() {
    const v = dataVersion.get() as number
    if (v !== seenDataVersion) {
      seenDataVersion = v
      forgetAll()
    }
  }
  /** Cached collections the running batch has written (uncommitted): until it ends, their finds wait for it. */
  const written = new Set<string>()
  const forget = (coll: string) => {
    if (!findCache.has(coll)) return
    findCache.get(coll)!.clear()
    if (db.inTransaction) written.add(coll)
  }
  /**
   * A find outside transactions that the cache answers without waiting for a running batch: only if
   * the batch has not written that collection, so the cached result is also its committed state
   * (while a batch runs, nobody else can commit: it holds the write lock). Undefined: not cached.
   */
  function cachedFind<T>(coll: string, where: Where, options: FindOptions | undefined): T[] | undefined {
    const cache = findCache.get(coll)
    if (!cache || written.has(coll)) return undefined
    const { sql, params } = findQuery(coll, where, options ?? {})
    const key = queryKey(sql, params)
    if (key === null) return undefined
    if (!db.inTransaction) checkOtherWriters()
    return cache.get(key)?.map((b) => JSON.parse(b) as T)
  }
  function forgetAll() {
    for (const cache of findCache.values()) cache.clear()
  }

  const ops: StoreOps = {
    async get<T extends Doc>(coll: string, id: string) {
      checkCollection(coll)
      const row = prepare('SELECT body FROM docs WHERE coll = ? AND id = ?').get(coll, id) as { body: string } | undefined
      return row ? (JSON.parse(row.body) as T) : null
    },
    async find<T extends Doc>(coll: string, where: Where, options: FindOptions = {}) {
      checkCollection(coll)
      const { sql, params } = findQuery(coll, where, options)
      const cache = findCache.get(coll)
      const key = cache ? queryKey(sql, params) : null
      if (!cache || key === null) return (prepare(sql).all(...params) as { body: string }[]).map((r) => JSON.parse(r.body) as T)
      // Inside a batch nobody else can commit (BEGIN IMMEDIATE holds the write lock; runBatch looked then).
      if (!db.inTransaction) checkOtherWriters()
      let bodies = cache.get(key)
      if (!bodies) {
        bodies = (prepare(sql).all(...params) as { body: string }[]).map((r) => r.body)
        if (cache.size >= CACHED_FINDS_MAX) cache.clear()
        cache.set(key, bodies)
      }
      // Parsed afresh each time: callers may change what they get.
      return bodies.map((b) => JSON.parse(b) as T)
    },
    async count(coll: string, where: Where) {
      checkCollection(coll)
      const w = whereSql(coll, where)
      const row = prepare(`SELECT count(*) AS n FROM docs${indexFor(coll, where)} WHERE coll = ? AND ${w.sql}`).get(coll, ...w.params) as { n: number }
      return row.n
    },
    async insert<T extends Doc>(coll: string, doc: T) {
      checkCollection(coll)
      forget(coll)
      const d = doc as Doc & Record<string, unknown>
      try {
        prepare('INSERT INTO docs (coll, id, body, community_id, openid, user_id, ballot_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          coll,
          doc._id,
          JSON.stringify(doc),
          columnOf(coll, d, 'communityId'),
          columnOf(coll, d, 'openid'),
          columnOf(coll, d, 'userId'),
          columnOf(coll, d, 'ballotId'),
          columnOf(coll, d, 'version'),
        )
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateKeyError(coll, doc._id)
        throw e
      }
    },
    async replaceIfVersion(coll, doc, expectedVersion) {
      checkCollection(coll)
      forget(coll)
      const d = doc as Doc & Record<string, unknown>
      const body = JSON.stringify(doc)
      const version = columnOf(coll, d, 'version')
      const indexed = [columnOf(coll, d, 'communityId'), columnOf(coll, d, 'openid'), columnOf(coll, d, 'userId'), columnOf(coll, d, 'ballotId')]
      // Usually the indexed fields stay as they were: then only the row is rewritten, not its index
      // entries. Otherwise (or if the version moved: then nothing is written either way) the full update.
      const same = prepare(
        'UPDATE docs SET body = ?, version = ? WHERE coll = ? AND id = ? AND version = ? AND community_id IS ? AND openid IS ? AND user_id IS ? AND ballot_id IS ?',
      ).run(body, version, coll, doc._id, expectedVersion, ...indexed)
      if (same.changes === 1) return true
      const sql = 'UPDATE docs SET body = ?, version = ?, community_id = ?, openid = ?, user_id = ?, ballot_id = ? WHERE coll = ? AND id = ? AND version = ?'
      return prepare(sql).run(body, version, ...indexed, coll, doc._id, expectedVersion).changes === 1
    },
    async remove(coll: string, id: string) {
      checkCollection(coll)
      forget(coll)
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
  // previous batch runs; at most MAX_BATCH) share one SQLite transaction and so one fsync. Each runs
  // inside its own SAVEPOINT, one after another (never interleaved), so a failing one is undone
  // alone; every caller's promise settles only after the batch's COMMIT and the WAL fsync that
  // follows it (walSync: durable by then).
  interface Pending {
    fn: (tx: StoreOps) => Promise<unknown>
    resolve: (value: unknown) => void
    reject: (error: unknown) => void
  }
  let pending: Pending[] = []
  let flushScheduled = false
  let closed = false
  const stats = { transactions: 0, commits: 0, largestBatch: 0, commitMs: 0 }

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
    let durable: Promise<void> | null = null
    let batchError: { error: unknown } | null = null
    try {
      // Late arrivals (while earlier ones of this batch run) join it, up to a bound.
      while (pending.length > 0 && batch.length < MAX_BATCH) {
        const entry: (typeof batch)[number] = { p: pending.shift()!, ok: false }
        batch.push(entry)
        if (!begun) {
          prepare('BEGIN IMMEDIATE').run()
          begun = true
          checkOtherWriters()
        }
        prepare('SAVEPOINT gc').run()
        try {
          entry.value = await entry.p.fn(ops)
          prepare('RELEASE gc').run()
          entry.ok = true
        } catch (error) {
          entry.error = error
          // What was cached since may hold writes that are now undone.
          forgetAll()
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
        durable = committed()
      }
    } catch (error) {
      // BEGIN, SAVEPOINT or COMMIT failed: nothing of this batch is stored.
      batchError = { error }
      forgetAll()
      if (db.inTransaction) prepare('ROLLBACK').run()
    }
    // Committed or rolled back: what the cache holds is the committed state again.
    written.clear()
    stats.transactions += batch.length
    stats.largestBatch = Math.max(stats.largestBatch, batch.length)
    // Every outcome, refusals included (they may rest on what earlier batches wrote), is told only
    // once the WAL holding it is fsynced; meanwhile the next batch may already run.
    const settle = (syncError: { error: unknown } | null) => {
      for (const e of batch) {
        if (batchError) e.p.reject(batchError.error)
        else if (syncError) e.p.reject(syncError.error)
        else if (e.ok) e.p.resolve(e.value)
        else e.p.reject(e.error)
      }
    }
    if (batchError) settle(null)
    else
      (durable ?? walSync.durable()).then(
        () => settle(null),
        (error: unknown) => settle({ error }),
      )
    if (pending.length > 0) scheduleFlush()
  }

  /** A read's answer, once what it may have seen (commits not yet fsynced) is durable. */
  const whenDurable = <R>(read: Promise<R>): Promise<R> => read.then((r) => walSync.durable().then(() => r))
  /**
   * A write outside a transaction commits on its own (autocommit); its caller hears of it once it is
   * durable. The fsync is waited for outside the queue, so the next operation need not wait for it.
   */
  function autocommit<R>(write: () => Promise<R>, changed: (r: R) => boolean): Promise<R> {
    if (walSync.failure) return Promise.reject(walSync.failure)
    return exclusive(async () => {
      try {
        const r = await write()
        return { r, durable: changed(r) ? committed() : walSync.durable() }
      } catch (error) {
        // A refusal (e.g. a duplicate key) may rest on a commit not yet durable: told after it, too.
        return { error, durable: walSync.durable() }
      }
    }).then(async (done) => {
      await done.durable
      if ('error' in done) throw done.error
      return done.r
    })
  }

  const store: EmbeddedStore = {
    get: (c, id) => whenDurable(exclusive(() => ops.get(c, id))),
    find: <T extends Doc>(c: string, w: Where, o?: FindOptions) => {
      let hit: T[] | undefined
      try {
        checkCollection(c)
        hit = cachedFind<T>(c, w, o)
      } catch {
        hit = undefined // the queued find reports the problem
      }
      return whenDurable(hit ? Promise.resolve(hit) : exclusive(() => ops.find<T>(c, w, o)))
    },
    count: (c, w) => whenDurable(exclusive(() => ops.count(c, w))),
    insert: (c, d) => autocommit(() => ops.insert(c, d), () => true),
    replaceIfVersion: (c, d, v) => autocommit(() => ops.replaceIfVersion(c, d, v), (changed) => changed),
    remove: (c, id) => autocommit(() => ops.remove(c, id), (changed) => changed),
    transaction: <R>(fn: (tx: StoreOps) => Promise<R>) =>
      new Promise<R>((resolve, reject) => {
        if (closed) return reject(new Error('store closed'))
        if (walSync.failure) return reject(walSync.failure)
        pending.push({ fn, resolve: resolve as (v: unknown) => void, reject })
        scheduleFlush()
      }),
    stats: () => ({
      ...stats,
      fsyncs: walSync.fsyncs,
      fsyncMs: walSync.fsyncMs,
      checkpointer: checkpointer?.state ?? 'waiting',
      checkpoints: checkpointer?.checkpoints ?? 0,
    }),
    close: async () => {
      closed = true
      while (pending.length > 0) await exclusive(runBatch)
      await queue
      await walSync.durable().catch(() => undefined)
      // The checkpointer's connection closes first: the store's is then the last one, and closing
      // it checkpoints the whole WAL into the database file and removes the WAL.
      await checkpointer?.stop()
      db.close()
      await walSync.close()
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

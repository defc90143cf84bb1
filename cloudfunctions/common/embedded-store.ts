import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { COLLECTIONS, DuplicateKeyError, type Doc, type FindOptions, type Store, type StoreOps, type Where } from './store'

/**
 * Embedded adapter: one SQLite file (WAL, synchronous=FULL so an acknowledged write survives
 * a crash or power loss). Documents are JSON in one table keyed by (collection, _id);
 * hot fields get expression indexes. Migrations are numbered SQL run once each.
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

function checkCollection(name: string) {
  if (!(COLLECTIONS as readonly string[]).includes(name)) throw new Error(`unknown collection ${name}`)
}

export function openEmbeddedStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  migrate(db)

  const ops: StoreOps = {
    async get<T extends Doc>(coll: string, id: string) {
      checkCollection(coll)
      const row = db.prepare('SELECT body FROM docs WHERE coll = ? AND id = ?').get(coll, id) as { body: string } | undefined
      return row ? (JSON.parse(row.body) as T) : null
    },
    async find<T extends Doc>(coll: string, where: Where, options: FindOptions = {}) {
      checkCollection(coll)
      const w = whereSql(where)
      const order = (options.orderBy ?? []).map((o) => `${fieldExpr(o.field)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`)
      order.push('id ASC')
      const sql = `SELECT body FROM docs WHERE coll = ? AND ${w.sql} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`
      const rows = db.prepare(sql).all(coll, ...w.params, options.limit ?? -1, options.skip ?? 0) as { body: string }[]
      return rows.map((r) => JSON.parse(r.body) as T)
    },
    async count(coll: string, where: Where) {
      checkCollection(coll)
      const w = whereSql(where)
      const row = db.prepare(`SELECT count(*) AS n FROM docs WHERE coll = ? AND ${w.sql}`).get(coll, ...w.params) as { n: number }
      return row.n
    },
    async insert<T extends Doc>(coll: string, doc: T) {
      checkCollection(coll)
      try {
        db.prepare('INSERT INTO docs (coll, id, body) VALUES (?, ?, ?)').run(coll, doc._id, JSON.stringify(doc))
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateKeyError(coll, doc._id)
        throw e
      }
    },
    async replaceIfVersion(coll, doc, expectedVersion) {
      checkCollection(coll)
      const res = db
        .prepare(`UPDATE docs SET body = ? WHERE coll = ? AND id = ? AND json_extract(body, '$.version') = ?`)
        .run(JSON.stringify(doc), coll, doc._id, expectedVersion)
      return res.changes === 1
    },
    async remove(coll: string, id: string) {
      checkCollection(coll)
      return db.prepare('DELETE FROM docs WHERE coll = ? AND id = ?').run(coll, id).changes === 1
    },
  }

  // One connection: transactions and single operations are serialised by a promise chain,
  // so no request ever sees another's uncommitted writes.
  let queue: Promise<unknown> = Promise.resolve()
  function exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  const store: Store = {
    get: (c, id) => exclusive(() => ops.get(c, id)),
    find: (c, w, o) => exclusive(() => ops.find(c, w, o)),
    count: (c, w) => exclusive(() => ops.count(c, w)),
    insert: (c, d) => exclusive(() => ops.insert(c, d)),
    replaceIfVersion: (c, d, v) => exclusive(() => ops.replaceIfVersion(c, d, v)),
    remove: (c, id) => exclusive(() => ops.remove(c, id)),
    transaction: (fn) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE')
        try {
          const result = await fn(ops)
          db.exec('COMMIT')
          return result
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw e
        }
      }),
    close: async () => {
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

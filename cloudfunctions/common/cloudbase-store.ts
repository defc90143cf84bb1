import { DuplicateKeyError, type Condition, type Doc, type FindOptions, type Store, type StoreOps, type Where } from './store'

/**
 * CloudBase adapter on @cloudbase/node-sdk's database (node-sdk dialect: no `{ data }` wrapper,
 * `doc().get()` gives `{ data: [doc] }`, in a transaction `{ data: doc | null }`).
 * Per design/cloudbase.md: only doc-by-id, add and where().get() are transactional, so the
 * transaction view uses only those; reads are paged (a read returns at most 1000).
 *
 * The `db` argument is `tcb.init(...).database()`; typed structurally so tests can pass a fake
 * that reproduces the SDK's result shapes.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface CloudbaseDb {
  command: any
  collection(name: string): any
  runTransaction<R>(fn: (tx: { collection(name: string): any }) => Promise<R>): Promise<R>
}

const PAGE = 1000

function isDuplicate(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; errMsg?: unknown }
  const text = `${String(err?.code ?? '')} ${String(err?.message ?? '')} ${String(err?.errMsg ?? '')}`
  return /DATABASE_DUPLICATE_WRITE|E11000|duplicate key/i.test(text)
}

/** `add` with the document's own `_id`; a taken `_id` becomes DuplicateKeyError. */
async function add(collection: any, coll: string, doc: Doc): Promise<void> {
  try {
    await collection.add({ ...doc })
  } catch (e) {
    if (isDuplicate(e)) throw new DuplicateKeyError(coll, doc._id)
    throw e
  }
}

function translateWhere(db: CloudbaseDb, where: Where): Record<string, unknown> {
  const _ = db.command
  const out: Record<string, unknown> = {}
  for (const [field, cond] of Object.entries(where) as [string, Condition][]) {
    if (cond !== null && typeof cond === 'object') {
      if ('$in' in cond) out[field] = _.in(cond.$in)
      else if ('$ne' in cond) out[field] = _.neq(cond.$ne)
      else if ('$lte' in cond) out[field] = _.lte(cond.$lte)
      else out[field] = _.gte(cond.$gte)
    } else out[field] = cond
  }
  return out
}

function withoutId<T extends Doc>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc
  return rest
}

/**
 * An update that turns the stored document into `doc`: plain objects inside an update are merged
 * field by field by CloudBase, so `_.set` replaces them whole, and old fields `doc` lacks are
 * removed with `_.remove()`.
 */
function replaceFields(db: CloudbaseDb, doc: Record<string, unknown>, oldFields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(doc)) out[k] = v !== null && typeof v === 'object' ? db.command.set(v) : v
  for (const k of oldFields) if (k !== '_id' && !(k in doc)) out[k] = db.command.remove()
  return out
}

/**
 * Reads `limit` documents (all if none) in pages of at most 1000, the SDK's cap. `_id` is the
 * last sort key so that pages over equal sort values neither repeat nor skip documents
 * (the embedded store does the same).
 */
async function findPaged<T extends Doc>(db: CloudbaseDb, coll: any, where: Where, options: FindOptions): Promise<T[]> {
  const wanted = options.limit ?? Infinity
  const orderBy = options.orderBy ?? []
  const order = orderBy.some((o) => o.field === '_id') ? orderBy : [...orderBy, { field: '_id', direction: 'asc' as const }]
  const out: T[] = []
  let skip = options.skip ?? 0
  while (out.length < wanted) {
    let q = coll.where(translateWhere(db, where))
    for (const o of order) q = q.orderBy(o.field, o.direction)
    const take = Math.min(PAGE, wanted - out.length)
    const res = await q.skip(skip).limit(take).get()
    const page = res.data as T[]
    out.push(...page)
    if (page.length < take) break
    skip += page.length
  }
  return out
}

export function cloudbaseStore(db: CloudbaseDb): Store {
  const ops: StoreOps = {
    async get<T extends Doc>(coll: string, id: string) {
      const res = await db.collection(coll).doc(id).get()
      return ((res.data as T[])[0] ?? null) as T | null
    },
    async find<T extends Doc>(coll: string, where: Where, options: FindOptions = {}) {
      return findPaged<T>(db, db.collection(coll), where, options)
    },
    async count(coll: string, where: Where) {
      const res = await db.collection(coll).where(translateWhere(db, where)).count()
      return res.total as number
    },
    insert: (coll, doc) => add(db.collection(coll), coll, doc),
    async replaceIfVersion(coll, doc, expectedVersion) {
      // The conditional update is atomic on its own (it matches nothing once the version moved);
      // the read only tells which old fields the new document drops, so that this is a
      // replacement like the port promises, not CloudBase's field-by-field merge.
      const current = ((await db.collection(coll).doc(doc._id).get()).data as Record<string, unknown>[])[0]
      if (!current || current.version !== expectedVersion) return false
      const res = await db
        .collection(coll)
        .where({ _id: doc._id, version: expectedVersion })
        .update(replaceFields(db, withoutId(doc), Object.keys(current)))
      return res.updated === 1
    },
    async remove(coll: string, id: string) {
      const res = await db.collection(coll).doc(id).remove()
      return res.deleted === 1
    },
  }

  return {
    ...ops,
    async transaction<R>(fn: (tx: StoreOps) => Promise<R>): Promise<R> {
      return db.runTransaction(async (tx) => fn(transactionOps(db, tx)))
    },
    async close() {},
  }
}

function transactionOps(db: CloudbaseDb, tx: { collection(name: string): any }): StoreOps {
  const refuse = (what: string) => async () => {
    throw new Error(`${what} is not transactional in CloudBase; read with find or get instead`)
  }
  return {
    async get<T extends Doc>(coll: string, id: string) {
      const res = await tx.collection(coll).doc(id).get()
      return (res.data ?? null) as T | null
    },
    async find<T extends Doc>(coll: string, where: Where, options: FindOptions = {}) {
      // where().get() carries the transaction id, so paging stays inside the transaction.
      return findPaged<T>(db, tx.collection(coll), where, options)
    },
    count: refuse('count'),
    insert: (coll, doc) => add(tx.collection(coll), coll, doc),
    async replaceIfVersion(coll, doc, expectedVersion) {
      const res = await tx.collection(coll).doc(doc._id).get()
      const current = res.data as { version?: number } | null
      if (!current || current.version !== expectedVersion) return false
      await tx.collection(coll).doc(doc._id).set(withoutId(doc))
      return true
    },
    async remove(coll: string, id: string) {
      const res = await tx.collection(coll).doc(id).remove()
      return res.deleted === 1
    },
  }
}

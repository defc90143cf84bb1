/**
 * An in-memory stand-in for `tcb.init(...).database()` of @cloudbase/node-sdk 3.x
 * (database layer @cloudbase/database 1.4.3), reproducing the result shapes and quirks that
 * design/cloudbase.md §1.3–1.5 and its pitfalls list, so `cloudbaseStore` can be tested without
 * a cloud environment:
 *
 * - `collection(c).add(doc)` → `{ id, requestId }` (in a transaction `{ inserted: 1, ok: 1, id }`);
 *   an `_id` that exists throws an error with `code: 'DATABASE_DUPLICATE_WRITE'`.
 * - `doc(id).get()` → `{ data: [doc] }`, `{ data: [] }` when missing; inside a transaction
 *   `{ data: doc | null }`.
 * - `where(q).orderBy(f, dir).skip(n).limit(n).get()` → `{ data }`; limit defaults to 100 and is
 *   capped at 1000 (`limit < 1000 ? limit : 1000`, and a falsy limit means 100, as in query.ts).
 * - `where(q).count()` → `{ total }`; `where(q).update(obj)` → `{ updated }` (multi, merge);
 *   `where(q).remove()` → `{ deleted }`.
 * - `doc(id).set(obj)` → `{ updated, upsertedId }` (in a transaction `{ updated, upserted: [{ _id }] }`),
 *   refusing update operators ('update operator complicit') and `_id` in the data.
 * - `doc(id).update(obj)` → `{ updated }`, `doc(id).remove()` → `{ deleted }`.
 * - `command`: eq neq in nin lt lte gt gte (query) and set remove inc (update).
 * - `runTransaction(fn)`: `tx.collection(c)` forwards doc get/set/update/remove, add and
 *   where().get() into the transaction; where().update(), where().remove() and where().count()
 *   are NOT transactional (pitfall 2): they act on the committed data and are not rolled back.
 *   If `fn` throws (or calls `tx.rollback(reason)`), the transaction's writes are undone and
 *   `runTransaction` rejects with the error (or the reason).
 *
 * Not modelled: isolation between concurrent transactions (writes are applied at once and undone
 * on rollback), conflict retries, geo/regexp/aggregate, dotted field paths in queries.
 * `updated` counts documents actually changed, like MongoDB's nModified that CloudBase reports.
 */

export class FakeDbError extends Error {
  readonly requestId = 'fake-request'
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type StoredDoc = { _id: string } & Record<string, Json>

class QueryCommand {
  constructor(
    readonly op: 'eq' | 'neq' | 'in' | 'nin' | 'lt' | 'lte' | 'gt' | 'gte',
    readonly value: unknown,
  ) {}
}

class UpdateCommand {
  constructor(
    readonly op: 'set' | 'remove' | 'inc',
    readonly value?: unknown,
  ) {}
}

export const fakeCommand = {
  eq: (v: unknown) => new QueryCommand('eq', v),
  neq: (v: unknown) => new QueryCommand('neq', v),
  in: (v: unknown[]) => {
    if (!Array.isArray(v)) throw new FakeDbError('INVALID_PARAM', 'in 的参数必须是数组')
    return new QueryCommand('in', v)
  },
  nin: (v: unknown[]) => {
    if (!Array.isArray(v)) throw new FakeDbError('INVALID_PARAM', 'nin 的参数必须是数组')
    return new QueryCommand('nin', v)
  },
  lt: (v: unknown) => new QueryCommand('lt', v),
  lte: (v: unknown) => new QueryCommand('lte', v),
  gt: (v: unknown) => new QueryCommand('gt', v),
  gte: (v: unknown) => new QueryCommand('gte', v),
  set: (v: unknown) => new UpdateCommand('set', v),
  remove: () => new UpdateCommand('remove'),
  inc: (n: number) => new UpdateCommand('inc', n),
}

/** One request the fake served, for tests that check how the adapter talks to the database. */
export interface FakeRequest {
  action: 'add' | 'doc.get' | 'doc.set' | 'doc.update' | 'doc.remove' | 'query.get' | 'query.count' | 'query.update' | 'query.remove'
  collection: string
  /** The id of the transaction the request was sent in (the SDK forwards it only for some calls). */
  transactionId?: string
  /** For query.get: the limit and offset actually sent. */
  limit?: number
  offset?: number
  order?: [string, 'asc' | 'desc'][]
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof QueryCommand) && !(v instanceof UpdateCommand)

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** MongoDB's BSON type order for sorting: null/missing < numbers < strings < objects < arrays < booleans. */
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 1
  if (typeof v === 'number') return 2
  if (typeof v === 'string') return 3
  if (Array.isArray(v)) return 5
  if (typeof v === 'object') return 4
  if (typeof v === 'boolean') return 8
  return 99
}

function compare(a: unknown, b: unknown): number {
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra - rb
  if (ra === 1) return 0
  if (ra === 2 || ra === 3 || ra === 8) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
  const sa = JSON.stringify(a)
  const sb = JSON.stringify(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

/** Equality as MongoDB matches it: null matches null or missing; an array field matches any element. */
function equalMatch(value: unknown, wanted: unknown): boolean {
  if (wanted === null) return value === null || value === undefined
  if (deepEqual(value, wanted)) return true
  return Array.isArray(value) && value.some((x) => deepEqual(x, wanted))
}

function fieldMatches(value: unknown, cond: unknown): boolean {
  if (!(cond instanceof QueryCommand)) return equalMatch(value, cond)
  const v = cond.value
  switch (cond.op) {
    case 'eq':
      return equalMatch(value, v)
    case 'neq':
      return !equalMatch(value, v)
    case 'in':
      return (v as unknown[]).some((x) => equalMatch(value, x))
    case 'nin':
      return !(v as unknown[]).some((x) => equalMatch(value, x))
    default: {
      // `lte: null` / `gte: null` match null or missing, `lt`/`gt` null match nothing; otherwise
      // range operators only compare values of the same BSON type, and missing never matches.
      if (v === null) return (cond.op === 'lte' || cond.op === 'gte') && (value === null || value === undefined)
      if (value === undefined || value === null || typeRank(value) !== typeRank(v)) return false
      const c = compare(value, v)
      return cond.op === 'lt' ? c < 0 : cond.op === 'lte' ? c <= 0 : cond.op === 'gt' ? c > 0 : c >= 0
    }
  }
}

function docMatches(doc: StoredDoc, query: Record<string, unknown>): boolean {
  return Object.entries(query).every(([field, cond]) => cond === undefined || fieldMatches(doc[field], cond))
}

function hasUpdateOperator(data: unknown): boolean {
  if (data instanceof UpdateCommand) return true
  if (data !== null && typeof data === 'object') return Object.values(data).some(hasUpdateOperator)
  return false
}

/** `update` semantics (merge: true): plain objects merge field by field; `_.set` replaces; `_.remove` deletes. */
function applyUpdate(target: Record<string, unknown>, data: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue
    const path = key.split('.')
    let obj = target
    for (const part of path.slice(0, -1)) {
      if (!isPlainObject(obj[part])) obj[part] = {}
      obj = obj[part] as Record<string, unknown>
    }
    const last = path[path.length - 1]
    if (value instanceof UpdateCommand) {
      if (value.op === 'set') obj[last] = clone(value.value)
      else if (value.op === 'remove') delete obj[last]
      else obj[last] = (typeof obj[last] === 'number' ? (obj[last] as number) : 0) + (value.value as number)
    } else if (isPlainObject(value)) {
      if (!isPlainObject(obj[last])) obj[last] = {}
      applyUpdate(obj[last] as Record<string, unknown>, value)
    } else obj[last] = clone(value)
  }
}

function checkWriteData(data: unknown): asserts data is Record<string, unknown> {
  if (!data || typeof data !== 'object') throw new FakeDbError('INVALID_PARAM', '参数必需是非空对象')
  if (Object.prototype.hasOwnProperty.call(data, '_id')) throw new FakeDbError('INVALID_PARAM', '不能更新_id的值')
}

let idCounter = 0
function newDocId(): string {
  idCounter += 1
  return `fake${Date.now().toString(16)}${idCounter.toString(16).padStart(8, '0')}`
}

interface UndoEntry {
  collection: string
  id: string
  before: StoredDoc | undefined
}

interface TxState {
  id: string
  undo: UndoEntry[]
  aborted: boolean
  abortReason?: unknown
}

export interface FakeCloudbaseDbOptions {
  /** If given, only these collections exist; others fail like a missing collection does. */
  collections?: readonly string[]
}

export class FakeCloudbaseDb {
  readonly command = fakeCommand
  readonly requests: FakeRequest[] = []
  private readonly data = new Map<string, Map<string, StoredDoc>>()
  private readonly allowed?: ReadonlySet<string>
  private txCounter = 0

  constructor(opts: FakeCloudbaseDbOptions = {}) {
    if (opts.collections) this.allowed = new Set(opts.collections)
  }

  collection(name: string): FakeCollection {
    if (!name) throw new Error('Collection name is required')
    return new FakeCollection(this, name)
  }

  async runTransaction<R>(fn: (tx: FakeTransaction) => Promise<R>, _times = 3): Promise<R> {
    this.txCounter += 1
    const state: TxState = { id: `fake-tx-${this.txCounter}`, undo: [], aborted: false }
    const tx = new FakeTransaction(this, state)
    try {
      const result = await fn(tx)
      if (state.aborted) throw state.abortReason
      return result
    } catch (e) {
      if (!state.aborted) this.undo(state)
      throw state.aborted ? state.abortReason : e
    }
  }

  /** The stored documents of a collection, in insertion order (copies). */
  dump(collection: string): StoredDoc[] {
    return [...(this.data.get(collection)?.values() ?? [])].map(clone)
  }

  // ---- internals used by the references ----

  /** @internal */
  table(collection: string): Map<string, StoredDoc> {
    if (this.allowed && !this.allowed.has(collection)) {
      throw new FakeDbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${collection}`)
    }
    let t = this.data.get(collection)
    if (!t) {
      t = new Map()
      this.data.set(collection, t)
    }
    return t
  }

  /** @internal Records the state of a document before a transactional write touches it. */
  remember(tx: TxState | undefined, collection: string, id: string): void {
    if (!tx) return
    const before = this.table(collection).get(id)
    tx.undo.push({ collection, id, before: before && clone(before) })
  }

  /** @internal */
  undo(tx: TxState): void {
    for (const { collection, id, before } of tx.undo.reverse()) {
      const t = this.table(collection)
      if (before) {
        // Put it back where it was in insertion order only approximately (at the end if it was removed).
        t.set(id, before)
      } else t.delete(id)
    }
    tx.undo = []
  }

  /** @internal */
  log(r: FakeRequest): void {
    this.requests.push(r)
  }
}

export class FakeTransaction {
  constructor(
    private readonly db: FakeCloudbaseDb,
    private readonly state: TxState,
  ) {}

  collection(name: string): FakeCollection {
    if (!name) throw new Error('Collection name is required')
    return new FakeCollection(this.db, name, this.state)
  }

  getTransactionId(): string {
    return this.state.id
  }

  /** Like the SDK: aborts, and `runTransaction` then rejects with `reason`. */
  async rollback(reason?: unknown): Promise<{ requestId: string }> {
    this.db.undo(this.state)
    this.state.aborted = true
    this.state.abortReason = reason
    return { requestId: 'fake-request' }
  }
}

interface QueryState {
  filters: Record<string, unknown>
  order: [string, 'asc' | 'desc'][]
  offset?: number
  limit?: number
}

export class FakeQuery {
  constructor(
    protected readonly db: FakeCloudbaseDb,
    protected readonly name: string,
    protected readonly tx: TxState | undefined,
    protected readonly q: QueryState = { filters: {}, order: [] },
  ) {}

  where(query: object): FakeQuery {
    if (Object.prototype.toString.call(query).slice(8, -1) !== 'Object') throw new Error('query参数必须为对象')
    const keys = Object.keys(query)
    if (keys.length && !keys.some((k) => (query as Record<string, unknown>)[k] !== undefined)) {
      throw new Error('query参数对象值不能均为undefined')
    }
    return new FakeQuery(this.db, this.name, this.tx, { ...this.q, filters: { ...query } })
  }

  orderBy(field: string, direction: 'asc' | 'desc'): FakeQuery {
    if (typeof field !== 'string' || !field) throw new FakeDbError('INVALID_PARAM', 'fieldPath 必须是非空字符串')
    if (direction !== 'asc' && direction !== 'desc') throw new FakeDbError('INVALID_PARAM', 'orderBy 的方向必须是 asc 或 desc')
    return new FakeQuery(this.db, this.name, this.tx, { ...this.q, order: [...this.q.order, [field, direction]] })
  }

  skip(offset: number): FakeQuery {
    if (!Number.isInteger(offset)) throw new FakeDbError('INVALID_PARAM', 'offset must be an integer')
    return new FakeQuery(this.db, this.name, this.tx, { ...this.q, offset })
  }

  limit(limit: number): FakeQuery {
    if (!Number.isInteger(limit)) throw new FakeDbError('INVALID_PARAM', 'limit must be an integer')
    return new FakeQuery(this.db, this.name, this.tx, { ...this.q, limit })
  }

  private matching(): StoredDoc[] {
    return [...this.db.table(this.name).values()].filter((d) => docMatches(d, this.q.filters))
  }

  async get(): Promise<{ data: StoredDoc[]; requestId: string }> {
    // @cloudbase/database query.ts: `if (limit) limit < 1000 ? limit : 1000 else 100`; offset only if truthy.
    const limit = this.q.limit ? (this.q.limit < 1000 ? this.q.limit : 1000) : 100
    const offset = this.q.offset || 0
    this.db.log({ action: 'query.get', collection: this.name, transactionId: this.tx?.id, limit, offset, order: this.q.order })
    const docs = this.matching()
    if (this.q.order.length) {
      docs.sort((a, b) => {
        for (const [field, dir] of this.q.order) {
          const c = compare(a[field], b[field])
          if (c !== 0) return dir === 'desc' ? -c : c
        }
        return 0
      })
    }
    return { data: docs.slice(offset, offset + limit).map(clone), requestId: 'fake-request' }
  }

  /** Not transactional in the SDK: no transactionId is sent. */
  async count(): Promise<{ total: number; requestId: string }> {
    this.db.log({ action: 'query.count', collection: this.name })
    return { total: this.matching().length, requestId: 'fake-request' }
  }

  /** multi: true, merge: true, upsert: false. Not transactional in the SDK. */
  async update(data: object): Promise<{ updated: number; requestId: string }> {
    checkWriteData(data)
    this.db.log({ action: 'query.update', collection: this.name })
    let updated = 0
    for (const doc of this.matching()) {
      const next = clone(doc) as Record<string, unknown>
      applyUpdate(next, data)
      if (!deepEqual(next, doc)) {
        this.db.table(this.name).set(doc._id, next as StoredDoc)
        updated += 1
      }
    }
    return { updated, requestId: 'fake-request' }
  }

  /** multi: true; orderBy/limit/skip are ignored. Not transactional in the SDK. */
  async remove(): Promise<{ deleted: number; requestId: string }> {
    this.db.log({ action: 'query.remove', collection: this.name })
    const docs = this.matching()
    for (const d of docs) this.db.table(this.name).delete(d._id)
    return { deleted: docs.length, requestId: 'fake-request' }
  }
}

export class FakeCollection extends FakeQuery {
  constructor(db: FakeCloudbaseDb, name: string, tx?: TxState) {
    super(db, name, tx)
  }

  doc(id: string | number): FakeDocument {
    if (typeof id !== 'string' && typeof id !== 'number') throw new FakeDbError('INVALID_PARAM', 'docId必须为字符串或数字')
    return new FakeDocument(this.db, this.name, String(id), this.tx)
  }

  async add(doc: object | object[]): Promise<Record<string, unknown>> {
    if (Array.isArray(doc)) {
      const ids: string[] = []
      for (const d of doc) ids.push((await this.add(d)).id as string)
      return { ids, requestId: 'fake-request' }
    }
    if (!doc || typeof doc !== 'object') throw new FakeDbError('INVALID_PARAM', '参数必需是非空对象')
    if (hasUpdateOperator(doc)) throw new FakeDbError('DATABASE_REQUEST_FAILED', 'update operator complicit')
    const table = this.db.table(this.name)
    const stored = clone(doc) as StoredDoc
    const id = stored._id === undefined ? newDocId() : String(stored._id)
    this.db.log({ action: 'add', collection: this.name, transactionId: this.tx?.id })
    if (table.has(id)) {
      throw new FakeDbError(
        'DATABASE_DUPLICATE_WRITE',
        `[DATABASE_DUPLICATE_WRITE] E11000 duplicate key error collection: ${this.name} index: _id_ dup key: { _id: "${id}" }`,
      )
    }
    this.db.remember(this.tx, this.name, id)
    table.set(id, { ...stored, _id: id })
    return this.tx ? { inserted: 1, ok: 1, id, requestId: 'fake-request' } : { id, requestId: 'fake-request' }
  }
}

export class FakeDocument {
  constructor(
    private readonly db: FakeCloudbaseDb,
    private readonly name: string,
    readonly id: string,
    private readonly tx: TxState | undefined,
  ) {}

  async get(): Promise<{ data: StoredDoc[] | StoredDoc | null; requestId: string }> {
    this.db.log({ action: 'doc.get', collection: this.name, transactionId: this.tx?.id })
    const doc = this.db.table(this.name).get(this.id)
    if (this.tx) return { data: doc ? clone(doc) : null, requestId: 'fake-request' }
    return { data: doc ? [clone(doc)] : [], requestId: 'fake-request' }
  }

  /** Upsert that replaces the whole document. */
  async set(data: object): Promise<Record<string, unknown>> {
    checkWriteData(data)
    if (hasUpdateOperator(data)) throw new FakeDbError('DATABASE_REQUEST_FAILED', 'update operator complicit')
    this.db.log({ action: 'doc.set', collection: this.name, transactionId: this.tx?.id })
    const table = this.db.table(this.name)
    const before = table.get(this.id)
    const next = { ...(clone(data) as Record<string, Json>), _id: this.id } as StoredDoc
    this.db.remember(this.tx, this.name, this.id)
    table.set(this.id, next)
    const updated = before && !deepEqual(before, next) ? 1 : 0
    const upsertedId = before ? null : this.id
    if (this.tx) return { updated, upserted: upsertedId ? [{ _id: upsertedId }] : [], requestId: 'fake-request' }
    return { updated, upsertedId, requestId: 'fake-request' }
  }

  /** Merge update of one document; a missing document gives `updated: 0` (upsert: false). */
  async update(data: object): Promise<{ updated: number; requestId: string }> {
    checkWriteData(data)
    this.db.log({ action: 'doc.update', collection: this.name, transactionId: this.tx?.id })
    const table = this.db.table(this.name)
    const before = table.get(this.id)
    if (!before) return { updated: 0, requestId: 'fake-request' }
    const next = clone(before) as Record<string, unknown>
    applyUpdate(next, data)
    if (deepEqual(next, before)) return { updated: 0, requestId: 'fake-request' }
    this.db.remember(this.tx, this.name, this.id)
    table.set(this.id, next as StoredDoc)
    return { updated: 1, requestId: 'fake-request' }
  }

  async remove(): Promise<{ deleted: number; requestId: string }> {
    this.db.log({ action: 'doc.remove', collection: this.name, transactionId: this.tx?.id })
    const table = this.db.table(this.name)
    if (!table.has(this.id)) return { deleted: 0, requestId: 'fake-request' }
    this.db.remember(this.tx, this.name, this.id)
    table.delete(this.id)
    return { deleted: 1, requestId: 'fake-request' }
  }

  delete(): Promise<{ deleted: number; requestId: string }> {
    return this.remove()
  }
}

export function createFakeCloudbaseDb(opts: FakeCloudbaseDbOptions = {}): FakeCloudbaseDb {
  return new FakeCloudbaseDb(opts)
}

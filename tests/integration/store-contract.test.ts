/**
 * The storage port's contract (cloudfunctions/common/store.ts), one suite run against every
 * adapter: the embedded SQLite store on a temp file, and the CloudBase adapter on a fake
 * node-sdk database that reproduces the SDK's result shapes (fake-cloudbase-db.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cloudbaseStore } from '../../cloudfunctions/common/cloudbase-store'
import { openEmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import { COLLECTIONS, DuplicateKeyError, type Doc, type Store, type Where } from '../../cloudfunctions/common/store'
import { createFakeCloudbaseDb, type FakeCloudbaseDb } from './fake-cloudbase-db'

interface Opened {
  store: Store
  /** The fake database under the CloudBase adapter (absent for SQLite). */
  fake?: FakeCloudbaseDb
  dispose(): Promise<void>
}

const ADAPTERS: [string, () => Opened][] = [
  [
    'embedded SQLite store',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'gj-contract-'))
      const store = openEmbeddedStore(join(dir, 'store.sqlite'))
      return {
        store,
        async dispose() {
          await store.close()
          rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  ],
  [
    'CloudBase store on the fake node-sdk database',
    () => {
      const fake = createFakeCloudbaseDb({ collections: COLLECTIONS })
      const store = cloudbaseStore(fake)
      return { store, fake, dispose: () => store.close() }
    },
  ],
]

/** Test documents live in the 'households' collection (any listed collection would do). */
const C = 'households'

interface Item extends Doc {
  n: number
  tag: string | null
  flag?: boolean
  at?: string
  version?: number
  nested?: Record<string, unknown>
  list?: unknown[]
}

/** Inserted out of _id order, so that an order that merely follows insertion shows up. */
const ITEMS: Item[] = [
  { _id: 'c', n: 2, tag: 'red', flag: true, at: '2026-11-24T00:00:00.000Z' },
  { _id: 'e', n: 4, tag: 'green' },
  { _id: 'a', n: 3, tag: 'red', flag: true, at: '2026-11-20T00:00:00.000Z' },
  { _id: 'd', n: 5, tag: null, flag: false, at: '2026-11-25T00:00:00.000Z' },
  { _id: 'b', n: 1, tag: 'blue', flag: false, at: '2026-11-22T00:00:00.000Z' },
]

const ids = (docs: Doc[]) => docs.map((d) => d._id)

describe.each(ADAPTERS)('Store contract: %s', (_name, open) => {
  let opened: Opened
  let store: Store

  beforeEach(() => {
    opened = open()
    store = opened.store
  })
  afterEach(async () => {
    await opened.dispose()
  })

  async function insertAll(docs: Item[]) {
    for (const d of docs) await store.insert(C, d)
  }

  describe('get and insert', () => {
    test('get of a missing id is null', async () => {
      expect(await store.get(C, 'nope')).toBeNull()
    })

    test('insert then get returns an equal document (strings, numbers, booleans, null, nested, Chinese text)', async () => {
      const doc = {
        _id: 'x1',
        n: 7.5,
        tag: null,
        flag: false,
        title: '关于开展老旧小区改造的通知 <script>alert(1)</script>',
        nested: { a: 1, b: ['x', 'y'] },
        list: [1, 'two', true],
      }
      await store.insert(C, doc)
      expect(await store.get(C, 'x1')).toEqual(doc)
    })

    test('the returned document is a copy: changing it changes nothing stored', async () => {
      await store.insert(C, { _id: 'x1', n: 1, nested: { a: 1 } })
      const got = (await store.get<Item>(C, 'x1'))!
      got.n = 99
      got.nested!.a = 99
      expect(await store.get(C, 'x1')).toEqual({ _id: 'x1', n: 1, nested: { a: 1 } })
    })

    test('a duplicate _id is refused with DuplicateKeyError and the first document stays', async () => {
      await store.insert(C, { _id: 'dup', n: 1 })
      const err = await store.insert(C, { _id: 'dup', n: 2 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DuplicateKeyError)
      expect(err).toMatchObject({ collection: C, id: 'dup' })
      expect(await store.get(C, 'dup')).toEqual({ _id: 'dup', n: 1 })
    })

    test('the same _id in different collections is not a duplicate', async () => {
      await store.insert('households', { _id: 'same', n: 1 })
      await store.insert('buildings', { _id: 'same', n: 2 })
      expect(await store.get('buildings', 'same')).toEqual({ _id: 'same', n: 2 })
    })

    test('an unknown collection is refused', async () => {
      await expect(store.get('no-such-collection', 'x')).rejects.toThrow()
    })
  })

  describe('find', () => {
    beforeEach(() => insertAll(ITEMS))

    const byId = { orderBy: [{ field: '_id', direction: 'asc' as const }] }
    const cases: [string, Where, string[]][] = [
      ['no condition: everything', {}, ['a', 'b', 'c', 'd', 'e']],
      ['equality on a string', { tag: 'red' }, ['a', 'c']],
      ['equality on a number', { n: 4 }, ['e']],
      ['equality on _id', { _id: 'c' }, ['c']],
      ['boolean true', { flag: true }, ['a', 'c']],
      ['boolean false (a missing field is not false)', { flag: false }, ['b', 'd']],
      ['null matches null and missing', { tag: null }, ['d']],
      ['null matches a missing field', { flag: null }, ['e']],
      ['$in on strings', { tag: { $in: ['blue', 'green'] } }, ['b', 'e']],
      ['$in with null also matches null', { tag: { $in: ['blue', null] } }, ['b', 'd']],
      ['$in with booleans', { flag: { $in: [true] } }, ['a', 'c']],
      ['$in of nothing matches nothing', { tag: { $in: [] } }, []],
      ['$lte on numbers (inclusive)', { n: { $lte: 3 } }, ['a', 'b', 'c']],
      ['$gte on numbers (inclusive)', { n: { $gte: 3 } }, ['a', 'd', 'e']],
      ['$lte on ISO timestamps (as list-notices uses for publishAt)', { at: { $lte: '2026-11-22T00:00:00.000Z' } }, ['a', 'b']],
      ['$gte on ISO timestamps skips documents without the field', { at: { $gte: '2026-11-22T00:00:00.000Z' } }, ['b', 'c', 'd']],
      ['$ne on a string also matches null', { tag: { $ne: 'red' } }, ['b', 'd', 'e']],
      ['$ne true also matches a missing field', { flag: { $ne: true } }, ['b', 'd', 'e']],
      ['several conditions all hold (AND)', { tag: 'red', n: { $gte: 3 } }, ['a']],
      ['nothing matches', { tag: 'purple' }, []],
    ]
    test.each(cases)('%s', async (_case, where, expected) => {
      expect(ids(await store.find(C, where, byId))).toEqual(expected)
      expect(await store.count(C, where)).toBe(expected.length)
    })

    test('orderBy desc on a number', async () => {
      expect(ids(await store.find(C, {}, { orderBy: [{ field: 'n', direction: 'desc' }] }))).toEqual(['d', 'e', 'a', 'c', 'b'])
    })

    test('orderBy desc on an ISO string with a filter', async () => {
      const found = await store.find(C, { flag: { $in: [true, false] } }, { orderBy: [{ field: 'at', direction: 'desc' }] })
      expect(ids(found)).toEqual(['d', 'c', 'b', 'a'])
    })

    test('two sort keys, and ties broken by _id ascending', async () => {
      const found = await store.find(C, { tag: { $ne: null } }, {
        orderBy: [
          { field: 'tag', direction: 'asc' },
          { field: 'n', direction: 'desc' },
        ],
      })
      expect(ids(found)).toEqual(['b', 'e', 'a', 'c'])
      const ties = await store.find(C, { flag: true }, { orderBy: [{ field: 'tag', direction: 'asc' }] })
      expect(ids(ties)).toEqual(['a', 'c'])
    })

    test.each([
      ['limit only', { limit: 2 }, ['b', 'c']],
      ['skip only', { skip: 3 }, ['e', 'd']],
      ['limit and skip', { limit: 2, skip: 1 }, ['c', 'a']],
      ['skip past the end', { skip: 10 }, []],
      ['limit larger than the result', { limit: 100, skip: 4 }, ['d']],
    ])('%s', async (_case, page, expected) => {
      const found = await store.find(C, {}, { orderBy: [{ field: 'n', direction: 'asc' }], ...page })
      expect(ids(found)).toEqual(expected)
    })
  })

  describe('more than one read (CloudBase returns at most 1000 per read)', () => {
    const N = 2345
    const id = (i: number) => `h${String(i).padStart(5, '0')}`
    beforeEach(async () => {
      await store.transaction(async (tx) => {
        // Inserted in a scrambled order (7919 is prime to N, so k ↦ 7919k mod N is a permutation).
        for (let k = 0; k < N; k++) {
          const i = (k * 7919) % N
          await tx.insert(C, { _id: id(i), n: i % 7, even: i % 2 === 0 })
        }
      })
    })

    test('find without a limit returns every document once', async () => {
      const all = await store.find(C, {})
      expect(all).toHaveLength(N)
      expect(new Set(ids(all)).size).toBe(N)
      expect(await store.count(C, {})).toBe(N)
    })

    test('a filtered find over many equal sort values pages without repeats or gaps', async () => {
      const found = await store.find(C, { even: true }, { orderBy: [{ field: 'n', direction: 'asc' }] })
      const expected = Array.from({ length: N }, (_, i) => i)
        .filter((i) => i % 2 === 0)
        .sort((x, y) => x % 7 - y % 7 || x - y)
        .map(id)
      expect(ids(found)).toEqual(expected)
    })

    test('limit and skip across page boundaries', async () => {
      const found = await store.find(C, {}, { orderBy: [{ field: '_id', direction: 'asc' }], skip: 700, limit: 1500 })
      expect(ids(found)).toEqual(Array.from({ length: 1500 }, (_, i) => id(700 + i)))
    })

    test('a find inside a transaction also returns everything', async () => {
      const n = await store.transaction(async (tx) => (await tx.find(C, { even: false })).length)
      expect(n).toBe(Math.floor(N / 2))
    })
  })

  describe('replaceIfVersion', () => {
    const v1 = { _id: 'n1', version: 1, title: '草稿', extra: 'old', nested: { a: 1, b: 2 } }

    beforeEach(() => store.insert(C, v1))

    test('replaces the document when the version matches', async () => {
      const v2 = { _id: 'n1', version: 2, title: '已修改', extra: 'new', nested: { a: 3, b: 4 } }
      expect(await store.replaceIfVersion(C, v2, 1)).toBe(true)
      expect(await store.get(C, 'n1')).toEqual(v2)
    })

    test('it is a replacement: dropped fields go, nested objects are not merged', async () => {
      const v2 = { _id: 'n1', version: 2, title: '已修改', nested: { c: 5 } }
      expect(await store.replaceIfVersion(C, v2, 1)).toBe(true)
      expect(await store.get(C, 'n1')).toEqual(v2)
    })

    test('a stale expected version writes nothing and says so', async () => {
      expect(await store.replaceIfVersion(C, { ...v1, version: 2, title: 'A' }, 1)).toBe(true)
      expect(await store.replaceIfVersion(C, { ...v1, version: 2, title: 'B' }, 1)).toBe(false)
      expect(await store.get(C, 'n1')).toMatchObject({ version: 2, title: 'A' })
    })

    test('a missing document is not created', async () => {
      expect(await store.replaceIfVersion(C, { _id: 'ghost', version: 2 }, 1)).toBe(false)
      expect(await store.get(C, 'ghost')).toBeNull()
    })

    test('only the named document changes', async () => {
      await store.insert(C, { _id: 'n2', version: 1, title: '另一条' })
      await store.replaceIfVersion(C, { _id: 'n1', version: 2, title: 'x' }, 1)
      expect(await store.get(C, 'n2')).toEqual({ _id: 'n2', version: 1, title: '另一条' })
    })
  })

  describe('remove', () => {
    test('removes a document and says whether there was one', async () => {
      await store.insert(C, { _id: 'r1', n: 1 })
      await store.insert(C, { _id: 'r2', n: 2 })
      expect(await store.remove(C, 'r1')).toBe(true)
      expect(await store.get(C, 'r1')).toBeNull()
      expect(await store.remove(C, 'r1')).toBe(false)
      expect(ids(await store.find(C, {}))).toEqual(['r2'])
    })
  })

  describe('transaction', () => {
    beforeEach(async () => {
      await store.insert(C, { _id: 'keep', version: 1, n: 1 })
      await store.insert(C, { _id: 'gone', version: 1, n: 2 })
    })

    test('commits every write and returns the callback result', async () => {
      const result = await store.transaction(async (tx) => {
        await tx.insert(C, { _id: 'new', n: 3 })
        expect(await tx.get(C, 'new')).toEqual({ _id: 'new', n: 3 }) // reads its own writes
        expect(await tx.replaceIfVersion(C, { _id: 'keep', version: 2, n: 10 }, 1)).toBe(true)
        expect(await tx.remove(C, 'gone')).toBe(true)
        return 'done'
      })
      expect(result).toBe('done')
      expect(await store.get(C, 'new')).toEqual({ _id: 'new', n: 3 })
      expect(await store.get(C, 'keep')).toEqual({ _id: 'keep', version: 2, n: 10 })
      expect(await store.get(C, 'gone')).toBeNull()
    })

    test('stores none of its writes when the callback throws, and rethrows the error', async () => {
      const boom = new Error('boom')
      await expect(
        store.transaction(async (tx) => {
          await tx.insert(C, { _id: 'new', n: 3 })
          await tx.replaceIfVersion(C, { _id: 'keep', version: 2, n: 10 }, 1)
          await tx.remove(C, 'gone')
          throw boom
        }),
      ).rejects.toBe(boom)
      expect(await store.get(C, 'new')).toBeNull()
      expect(await store.get(C, 'keep')).toEqual({ _id: 'keep', version: 1, n: 1 })
      expect(await store.get(C, 'gone')).toEqual({ _id: 'gone', version: 1, n: 2 })
    })

    test('a duplicate insert inside a transaction fails it as a whole', async () => {
      const err = await store
        .transaction(async (tx) => {
          await tx.insert(C, { _id: 'first', n: 1 })
          await tx.insert(C, { _id: 'keep', n: 2 })
        })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DuplicateKeyError)
      expect(await store.get(C, 'first')).toBeNull()
      expect(await store.get(C, 'keep')).toEqual({ _id: 'keep', version: 1, n: 1 })
    })

    test('replaceIfVersion inside a transaction refuses a stale version', async () => {
      const ok = await store.transaction((tx) => tx.replaceIfVersion(C, { _id: 'keep', version: 3, n: 0 }, 2))
      expect(ok).toBe(false)
      expect(await store.get(C, 'keep')).toEqual({ _id: 'keep', version: 1, n: 1 })
    })

    test('a transaction after a failed one works normally', async () => {
      await store.transaction(async () => Promise.reject(new Error('first fails'))).catch(() => undefined)
      await store.transaction((tx) => tx.insert(C, { _id: 'after', n: 1 }))
      expect(await store.get(C, 'after')).toEqual({ _id: 'after', n: 1 })
    })
  })
})

describe('CloudBase adapter talks to node-sdk as design/cloudbase.md requires', () => {
  let fake: FakeCloudbaseDb
  let store: Store
  beforeEach(() => {
    fake = createFakeCloudbaseDb({ collections: COLLECTIONS })
    store = cloudbaseStore(fake)
  })

  test('every read asks for at most 1000 documents, and a long read pages with skip', async () => {
    await store.transaction(async (tx) => {
      for (let i = 0; i < 2500; i++) await tx.insert(C, { _id: `h${String(i).padStart(4, '0')}`, n: i })
    })
    fake.requests.length = 0
    expect(await store.find(C, {})).toHaveLength(2500)
    const reads = fake.requests.filter((r) => r.action === 'query.get')
    expect(reads.map((r) => [r.offset, r.limit])).toEqual([
      [0, 1000],
      [1000, 1000],
      [2000, 1000],
    ])
  })

  test('a small limit is sent as it is (the SDK would otherwise default to 100)', async () => {
    await store.insert(C, { _id: 'a', n: 1 })
    fake.requests.length = 0
    await store.find(C, {}, { limit: 20, skip: 40 })
    expect(fake.requests).toEqual([expect.objectContaining({ action: 'query.get', limit: 20, offset: 40 })])
  })

  test('a transaction uses only transactional calls (doc get/set/remove, add, where().get())', async () => {
    await store.insert(C, { _id: 'k', version: 1, n: 1 })
    fake.requests.length = 0
    await store.transaction(async (tx) => {
      await tx.get(C, 'k')
      await tx.find(C, { n: 1 })
      await tx.insert(C, { _id: 'new', n: 2 })
      await tx.replaceIfVersion(C, { _id: 'k', version: 2, n: 3 }, 1)
      await tx.remove(C, 'new')
    })
    for (const r of fake.requests) expect(r.transactionId).toEqual(expect.any(String))
    expect(new Set(fake.requests.map((r) => r.action))).toEqual(new Set(['doc.get', 'query.get', 'add', 'doc.set', 'doc.remove']))
  })

  test('count inside a transaction is refused rather than silently escaping it (pitfall 2)', async () => {
    await expect(store.transaction((tx) => tx.count(C, {}))).rejects.toThrow(/not transactional/)
  })

  test('an SDK error other than a duplicate passes through unchanged', async () => {
    const err = await store.insert('not-a-collection', { _id: 'x' }).catch((e: unknown) => e)
    expect(err).not.toBeInstanceOf(DuplicateKeyError)
    expect(err).toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
  })
})

/**
 * The fake must answer like @cloudbase/node-sdk 3.x does, or the CloudBase adapter's tests prove
 * nothing. Expected shapes are from design/cloudbase.md §1.3 (table), §1.4, §1.5 and pitfalls 1, 2, 16,
 * checked against node_modules/@cloudbase/database/src (query.ts, document.ts, collection.ts).
 */
import { createFakeCloudbaseDb, type FakeCloudbaseDb } from './fake-cloudbase-db'

let db: FakeCloudbaseDb
let _: FakeCloudbaseDb['command']
beforeEach(() => {
  db = createFakeCloudbaseDb()
  _ = db.command
})

async function fill(n: number) {
  for (let i = 0; i < n; i++) await db.collection('c').add({ _id: `d${String(i).padStart(4, '0')}`, i })
}

describe('result shapes (§1.3)', () => {
  test('add → { id }; without _id an id is generated', async () => {
    expect(await db.collection('c').add({ _id: 'x', a: 1 })).toEqual({ id: 'x', requestId: expect.any(String) })
    const res = await db.collection('c').add({ a: 2 })
    expect(res.id).toEqual(expect.any(String))
    expect((await db.collection('c').doc(res.id as string).get()).data).toEqual([{ _id: res.id, a: 2 }])
  })

  test('add of an existing _id throws DATABASE_DUPLICATE_WRITE and overwrites nothing (pitfall 5)', async () => {
    await db.collection('c').add({ _id: 'x', a: 1 })
    await expect(db.collection('c').add({ _id: 'x', a: 2 })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    expect(db.dump('c')).toEqual([{ _id: 'x', a: 1 }])
  })

  test('doc().get() → { data: [doc] }, an empty array when missing (pitfall 1)', async () => {
    await db.collection('c').add({ _id: 'x', a: 1 })
    expect((await db.collection('c').doc('x').get()).data).toEqual([{ _id: 'x', a: 1 }])
    expect((await db.collection('c').doc('nope').get()).data).toEqual([])
  })

  test('doc().set() → { updated, upsertedId }: an upsert that replaces the whole document', async () => {
    expect(await db.collection('c').doc('x').set({ a: 1, b: 1 })).toMatchObject({ updated: 0, upsertedId: 'x' })
    expect(await db.collection('c').doc('x').set({ a: 2 })).toMatchObject({ updated: 1, upsertedId: null })
    expect(db.dump('c')).toEqual([{ _id: 'x', a: 2 }])
  })

  test('set() refuses update operators and _id (pitfall 16)', async () => {
    await expect(db.collection('c').doc('x').set({ n: _.inc(1) })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: 'update operator complicit' })
    await expect(db.collection('c').doc('x').set({ _id: 'x' })).rejects.toMatchObject({ code: 'INVALID_PARAM' })
  })

  test('doc().update() merges; a missing doc gives updated: 0', async () => {
    await db.collection('c').add({ _id: 'x', a: 1, o: { p: 1, q: 1 } })
    expect(await db.collection('c').doc('x').update({ b: 2, o: { q: 2 } })).toMatchObject({ updated: 1 })
    expect(db.dump('c')).toEqual([{ _id: 'x', a: 1, b: 2, o: { p: 1, q: 2 } }])
    expect(await db.collection('c').doc('ghost').update({ a: 1 })).toMatchObject({ updated: 0 })
  })

  test('doc().remove() → { deleted }', async () => {
    await db.collection('c').add({ _id: 'x' })
    expect(await db.collection('c').doc('x').remove()).toMatchObject({ deleted: 1 })
    expect(await db.collection('c').doc('x').remove()).toMatchObject({ deleted: 0 })
  })

  test('where().count() → { total }; where().update() → { updated } on every match; _.set and _.remove', async () => {
    await db.collection('c').add({ _id: 'x', k: 1, o: { a: 1 }, gone: true })
    await db.collection('c').add({ _id: 'y', k: 1, o: { b: 1 }, gone: true })
    await db.collection('c').add({ _id: 'z', k: 2 })
    expect(await db.collection('c').where({ k: 1 }).count()).toMatchObject({ total: 2 })
    expect(await db.collection('c').where({ k: 1 }).update({ o: _.set({ c: 1 }), gone: _.remove() })).toMatchObject({ updated: 2 })
    expect(db.dump('c')).toEqual([
      { _id: 'x', k: 1, o: { c: 1 } },
      { _id: 'y', k: 1, o: { c: 1 } },
      { _id: 'z', k: 2 },
    ])
  })

  test('where().update() with _id in the data is refused', async () => {
    await expect(db.collection('c').where({}).update({ _id: 'y' })).rejects.toMatchObject({ code: 'INVALID_PARAM' })
  })

  test('query commands: in, neq, lte, gte', async () => {
    for (const [id, n] of [['a', 1], ['b', 2], ['c', 3]] as const) await db.collection('c').add({ _id: id, n })
    const q = async (where: object) => (await db.collection('c').where(where).orderBy('_id', 'asc').get()).data.map((d) => d._id)
    expect(await q({ n: _.in([1, 3]) })).toEqual(['a', 'c'])
    expect(await q({ n: _.neq(2) })).toEqual(['a', 'c'])
    expect(await q({ n: _.lte(2) })).toEqual(['a', 'b'])
    expect(await q({ n: _.gte(2) })).toEqual(['b', 'c'])
  })

  test('where() needs a plain object with at least one defined value', () => {
    expect(() => db.collection('c').where([] as unknown as object)).toThrow()
    expect(() => db.collection('c').where({ a: undefined })).toThrow()
  })
})

describe('read limits (§1.5, pitfall 4)', () => {
  beforeEach(() => fill(1200))

  test.each([
    ['no limit → 100', undefined, 100],
    ['limit 20 → 20', 20, 20],
    ['limit 999 → 999', 999, 999],
    ['limit 1000 → capped 1000', 1000, 1000],
    ['limit 5000 → capped 1000', 5000, 1000],
    ['limit 0 → 100 (falsy)', 0, 100],
  ])('%s', async (_case, limit, expected) => {
    const q = db.collection('c').where({})
    const res = await (limit === undefined ? q.get() : q.limit(limit).get())
    expect(res.data).toHaveLength(expected)
  })

  test('skip pages through', async () => {
    const res = await db.collection('c').orderBy('i', 'desc').skip(1150).limit(100).get()
    expect(res.data.map((d) => d.i)).toEqual(Array.from({ length: 50 }, (_, k) => 49 - k))
  })
})

describe('transactions (§1.4, pitfalls 1 and 2)', () => {
  beforeEach(async () => {
    await db.collection('c').add({ _id: 'x', n: 1 })
  })

  test('inside a transaction doc().get() → { data: doc | null } and add → { inserted, ok, id }', async () => {
    await db.runTransaction(async (tx) => {
      expect((await tx.collection('c').doc('x').get()).data).toEqual({ _id: 'x', n: 1 })
      expect((await tx.collection('c').doc('nope').get()).data).toBeNull()
      expect(await tx.collection('c').add({ _id: 'y' })).toMatchObject({ inserted: 1, ok: 1, id: 'y' })
    })
    expect(db.dump('c').map((d) => d._id)).toEqual(['x', 'y'])
  })

  test('a throwing callback rolls back its writes and rejects with its error', async () => {
    const boom = new Error('boom')
    await expect(
      db.runTransaction(async (tx) => {
        await tx.collection('c').add({ _id: 'y' })
        await tx.collection('c').doc('x').set({ n: 2 })
        await tx.collection('c').doc('x').update({ m: 3 })
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(db.dump('c')).toEqual([{ _id: 'x', n: 1 }])
  })

  test('tx.rollback(reason) undoes the writes and runTransaction rejects with the reason', async () => {
    await expect(
      db.runTransaction(async (tx) => {
        await tx.collection('c').doc('x').remove()
        await tx.rollback('POLL_CLOSED')
      }),
    ).rejects.toBe('POLL_CLOSED')
    expect(db.dump('c')).toEqual([{ _id: 'x', n: 1 }])
  })

  test('where().update() inside a transaction is not transactional: it survives a rollback', async () => {
    await db
      .runTransaction(async (tx) => {
        await tx.collection('c').where({ _id: 'x' }).update({ n: 9 })
        throw new Error('roll back')
      })
      .catch(() => undefined)
    expect(db.dump('c')).toEqual([{ _id: 'x', n: 9 }])
  })
})

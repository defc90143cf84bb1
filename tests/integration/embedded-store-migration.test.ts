/**
 * Migration 3 of the embedded store (cloudfunctions/common/embedded-store.ts): communityId, openid,
 * userId, ballotId and version became columns the store fills from the document it writes, with
 * partial indexes, in a rowid table. A file made by the previous store (migration level 2, or 1)
 * must upgrade in place:
 * - every row stays readable as it was, and is found by each indexed field;
 * - each column holds exactly what json_extract gives for its field (type included): strings,
 *   numbers, booleans as 1/0, null and missing as NULL, objects and arrays as their JSON text,
 *   for migrated rows and for rows written afterwards (insert, replace);
 * - version checks compare the column; a replace that changes an indexed field moves the document
 *   in its index.
 * Migration 4: submissions keep userId and ballotId in their body only (UNINDEXED_FIELDS: no index
 * entries per vote); a file at level 3 has those columns emptied, and queries by them still work.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { columnValue, openEmbeddedStore, type EmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import type { Doc } from '../../cloudfunctions/common/store'

/** The schema as migrations 1 and 2 of the previous store created it (copied, not imported: it must not change). */
const LEVEL_1 = `CREATE TABLE docs (
     coll TEXT NOT NULL,
     id   TEXT NOT NULL,
     body TEXT NOT NULL CHECK (json_valid(body)),
     PRIMARY KEY (coll, id)
   ) WITHOUT ROWID;
   CREATE INDEX docs_community ON docs (coll, json_extract(body, '$.communityId'));
   CREATE INDEX docs_openid ON docs (coll, json_extract(body, '$.openid'));`
const LEVEL_2 = `CREATE INDEX docs_user ON docs (coll, json_extract(body, '$.userId'));
   CREATE INDEX docs_ballot ON docs (coll, json_extract(body, '$.ballotId'));`

const FIELDS: [field: string, column: string][] = [
  ['communityId', 'community_id'],
  ['openid', 'openid'],
  ['userId', 'user_id'],
  ['ballotId', 'ballot_id'],
  ['version', 'version'],
]

type D = Doc & Record<string, unknown>
/** Documents as the old store wrote them: every kind of value in the indexed fields. */
const OLD: [coll: string, doc: D][] = [
  ['users', { _id: 'u1', openid: 'o-1', name: '王一', role: 'resident', communityId: 'c1' }],
  ['users', { _id: 'u2', openid: 'o-2', name: '陈八', role: 'office', communityId: 'c1' }],
  ['users', { _id: 'u3', name: '无 openid', communityId: 'c2' }],
  ['members', { _id: 'm1', userId: 'u1', householdId: 'h1', communityId: 'c1', relation: 'owner' }],
  ['members', { _id: 'm2', userId: 'u1', householdId: 'h2', communityId: 'c1', relation: 'tenant' }],
  ['members', { _id: 'm3', userId: 'u2', householdId: 'h3', communityId: 'c2', relation: 'family' }],
  ['members', { _id: 'm4', userId: null, householdId: 'h4', communityId: 'c2' }],
  ['householdVotes', { _id: 'b1:h1', ballotId: 'b1', communityId: 'c1', householdId: 'h1', version: 3, answers: { q1: { choice: 'yes' } } }],
  ['householdVotes', { _id: 'b1:h2', ballotId: 'b1', communityId: 'c1', householdId: 'h2', version: 1, answers: {} }],
  ['householdVotes', { _id: 'b2:h1', ballotId: 'b2', communityId: 'c1', householdId: 'h1', version: 12, answers: {} }],
  // Odd values: numbers (whole and not), booleans, objects, arrays, empty text, Chinese text.
  ['households', { _id: 'x-num', communityId: 7, version: 2.5, userId: 0 }],
  ['households', { _id: 'x-true', communityId: true, ballotId: false, version: 1 }],
  ['households', { _id: 'x-obj', communityId: { a: 1, b: ['x', 2.5] }, openid: [1, 'two', null], userId: '' }],
  ['households', { _id: 'x-zh', communityId: '汴绣里', openid: 'o "quoted" \\ back', ballotId: 'b1' }],
  ['households', { _id: 'x-none', n: 1 }],
  ['submissions', { _id: 'b1:r1', ballotId: 'b1', householdId: 'h1', userId: 'u1', seq: 1 }],
  ['submissions', { _id: 'b1:r2', ballotId: 'b1', householdId: 'h2', userId: 'u2', seq: 2 }],
  ['submissions', { _id: 'b2:r3', ballotId: 'b2', householdId: 'h1', userId: 'u1', seq: 1 }],
]

/** The fields a collection keeps in the body only (the store's UNINDEXED_FIELDS): their column stays NULL. */
const BODY_ONLY: Record<string, string[]> = { submissions: ['userId', 'ballotId'] }

let dir: string
let file: string
let store: EmbeddedStore | null = null

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gj-migrate-'))
  file = join(dir, 'gongjian.sqlite')
})
afterEach(async () => {
  await store?.close()
  store = null
  rmSync(dir, { recursive: true, force: true })
})

/** A file as the previous store left it: WAL mode, user_version `level`, the rows written as it wrote them. */
function oldFile(level: 1 | 2, rows = OLD) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec(LEVEL_1)
  if (level === 2) db.exec(LEVEL_2)
  db.pragma(`user_version = ${level}`)
  const insert = db.prepare('INSERT INTO docs (coll, id, body) VALUES (?, ?, ?)')
  for (const [coll, doc] of rows) insert.run(coll, doc._id, JSON.stringify(doc))
  db.close()
}

/** Every row whose column is not exactly (value and type) what json_extract gives for its field. */
function mismatches(db: Database.Database): unknown[] {
  const out: unknown[] = []
  for (const [field, column] of FIELDS) {
    const rows = db
      .prepare(
        `SELECT coll, id, ${column} AS col, typeof(${column}) AS t, json_extract(body, '$.${field}') AS j, typeof(json_extract(body, '$.${field}')) AS jt
         FROM docs WHERE ${column} IS NOT json_extract(body, '$.${field}') OR typeof(${column}) != typeof(json_extract(body, '$.${field}'))`,
      )
      .all()
    const bodyOnly = (r: { coll: string; col: unknown }) => BODY_ONLY[r.coll]?.includes(field) && r.col === null
    out.push(...(rows as { coll: string; col: unknown }[]).filter((r) => !bodyOnly(r)).map((r) => ({ field, ...r })))
  }
  return out
}

/** The user_id and ballot_id columns of every submission. */
const submissionColumns = (db: Database.Database) => db.prepare(`SELECT id, user_id, ballot_id FROM docs WHERE coll = 'submissions' ORDER BY id`).all()
const EMPTIED = [
  { id: 'b1:r1', user_id: null, ballot_id: null },
  { id: 'b1:r2', user_id: null, ballot_id: null },
  { id: 'b2:r3', user_id: null, ballot_id: null },
]

function inspect<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

const ids = (docs: Doc[]) => docs.map((d) => d._id)

describe.each([2, 1] as const)('a file at migration level %i', (level) => {
  beforeEach(() => {
    oldFile(level)
    store = openEmbeddedStore(file)
  })

  test('is upgraded to level 4: columns, partial indexes, no JSON re-parsing check', () => {
    inspect((db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(4)
      const columns = (db.prepare(`SELECT name FROM pragma_table_info('docs')`).all() as { name: string }[]).map((c) => c.name)
      expect(columns).toEqual(['coll', 'id', 'body', 'community_id', 'openid', 'user_id', 'ballot_id', 'version'])
      const sql = (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'docs'`).get() as { sql: string }).sql
      expect(sql).not.toMatch(/json_valid|WITHOUT ROWID/i)
      const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'docs_%' ORDER BY name`).all() as { name: string; sql: string }[]
      expect(indexes.map((i) => i.name)).toEqual(['docs_ballot', 'docs_community', 'docs_openid', 'docs_user'])
      for (const i of indexes) expect(i.sql).toMatch(/WHERE \w+ IS NOT NULL$/)
      expect(db.prepare('SELECT count(*) AS n FROM docs').get()).toEqual({ n: OLD.length })
    })
  })

  test('every row reads back as it was written', async () => {
    for (const [coll, doc] of OLD) expect(await store!.get(coll, doc._id)).toEqual(doc)
  })

  test('each column holds what json_extract gives for its field, type included', () => {
    expect(inspect(mismatches)).toEqual([])
    // Spot checks of the kinds of values.
    const row = (id: string) => inspect((db) => db.prepare('SELECT community_id, openid, user_id, ballot_id, version FROM docs WHERE id = ?').get(id))
    expect(row('x-num')).toEqual({ community_id: 7, openid: null, user_id: 0, ballot_id: null, version: 2.5 })
    expect(row('x-true')).toEqual({ community_id: 1, openid: null, user_id: null, ballot_id: 0, version: 1 })
    expect(row('x-obj')).toEqual({ community_id: '{"a":1,"b":["x",2.5]}', openid: '[1,"two",null]', user_id: '', ballot_id: null, version: null })
  })

  test('documents are found and counted by each indexed field, as before', async () => {
    const s = store!
    expect(ids(await s.find('users', { openid: 'o-2' }))).toEqual(['u2'])
    expect(ids(await s.find('members', { userId: 'u1' }))).toEqual(['m1', 'm2'])
    expect(ids(await s.find('members', { communityId: 'c2' }))).toEqual(['m3', 'm4'])
    expect(ids(await s.find('householdVotes', { ballotId: 'b1' }))).toEqual(['b1:h1', 'b1:h2'])
    expect(ids(await s.find('householdVotes', { ballotId: 'b1', communityId: 'c1', version: 3 }))).toEqual(['b1:h1'])
    expect(ids(await s.find('households', { communityId: 7 }))).toEqual(['x-num'])
    expect(ids(await s.find('households', { communityId: '汴绣里' }))).toEqual(['x-zh'])
    expect(ids(await s.find('households', { openid: 'o "quoted" \\ back' }))).toEqual(['x-zh'])
    expect(ids(await s.find('households', { version: { $gte: 2 } }))).toEqual(['x-num'])
    expect(ids(await s.find('submissions', { ballotId: 'b1' }))).toEqual(['b1:r1', 'b1:r2'])
    expect(await s.count('members', { userId: 'u1' })).toBe(2)
    expect(await s.count('householdVotes', { ballotId: 'b2' })).toBe(1)
    expect(ids(await s.find('householdVotes', { communityId: 'c1' }, { orderBy: [{ field: 'version', direction: 'desc' }] }))).toEqual(['b2:h1', 'b1:h1', 'b1:h2'])
  })

  test('submissions keep userId and ballotId in the body only: their columns are NULL, and queries by them still work', async () => {
    const s = store!
    expect(inspect(submissionColumns)).toEqual(EMPTIED)
    expect(ids(await s.find('submissions', { userId: 'u1' }))).toEqual(['b1:r1', 'b2:r3'])
    expect(ids(await s.find('submissions', { userId: 'u1', ballotId: 'b2' }))).toEqual(['b2:r3'])
    expect(ids(await s.find('submissions', { userId: null }))).toEqual([])
    expect(await s.count('submissions', { userId: 'u2' })).toBe(1)
    expect(await s.count('submissions', { ballotId: 'b1' })).toBe(2)
    expect(ids(await s.find('submissions', { ballotId: 'b1', seq: 2 }))).toEqual(['b1:r2'])
    expect(ids(await s.find('submissions', { ballotId: 'b1' }, { orderBy: [{ field: 'userId', direction: 'desc' }] }))).toEqual(['b1:r2', 'b1:r1'])
    // Written afterwards (insert, replace): the same.
    await s.insert('submissions', { _id: 'b1:r4', ballotId: 'b1', householdId: 'h3', userId: 'u3', seq: 3, version: 1 })
    expect(await s.replaceIfVersion('submissions', { _id: 'b1:r4', ballotId: 'b1', householdId: 'h3', userId: 'u4', seq: 3, version: 2 }, 1)).toBe(true)
    expect(inspect(submissionColumns)).toContainEqual({ id: 'b1:r4', user_id: null, ballot_id: null })
    expect(ids(await s.find('submissions', { ballotId: 'b1' }))).toEqual(['b1:r1', 'b1:r2', 'b1:r4'])
    expect(ids(await s.find('submissions', { userId: 'u4' }))).toEqual(['b1:r4'])
    expect(ids(await s.find('submissions', { userId: 'u3' }))).toEqual([])
    // Other collections keep theirs.
    expect(inspect((db) => db.prepare(`SELECT user_id FROM docs WHERE coll = 'members' AND id = 'm1'`).get())).toEqual({ user_id: 'u1' })
    expect(inspect((db) => db.prepare(`SELECT ballot_id FROM docs WHERE coll = 'householdVotes' AND id = 'b1:h1'`).get())).toEqual({ ballot_id: 'b1' })
  })

  test('booleans match as 1/0 and null matches null or missing, as json_extract did', async () => {
    const s = store!
    expect(ids(await s.find('households', { communityId: true }))).toEqual(['x-true'])
    expect(ids(await s.find('households', { ballotId: false }))).toEqual(['x-true'])
    expect(ids(await s.find('households', { ballotId: { $in: [false, null] } }))).toEqual(['x-none', 'x-num', 'x-obj', 'x-true'])
    expect(ids(await s.find('households', { userId: null }))).toEqual(['x-none', 'x-true', 'x-zh'])
    expect(ids(await s.find('members', { userId: null }))).toEqual(['m4'])
    expect(ids(await s.find('households', { userId: '' }))).toEqual(['x-obj'])
    expect(ids(await s.find('households', { userId: 0 }))).toEqual(['x-num'])
    expect(ids(await s.find('users', { openid: { $ne: 'o-1' } }))).toEqual(['u2', 'u3'])
  })

  test('version checks compare the version column; a changed indexed field moves the document in its index', async () => {
    const s = store!
    const hv = (await s.get<D & { version: number }>('householdVotes', 'b1:h1'))!
    expect(await s.replaceIfVersion('householdVotes', { ...hv, version: 4 }, 2)).toBe(false)
    expect(await s.replaceIfVersion('householdVotes', { ...hv, version: 4, answers: { q1: { choice: 'no' } } }, 3)).toBe(true)
    expect(await s.get('householdVotes', 'b1:h1')).toEqual({ ...hv, version: 4, answers: { q1: { choice: 'no' } } })
    expect(await s.replaceIfVersion('householdVotes', { ...hv, version: 5 }, 3)).toBe(false)

    // userId and communityId change: found under the new values only.
    const m = { _id: 'm2', userId: 'u2', householdId: 'h2', communityId: 'c2', relation: 'tenant', version: 2 }
    await s.replaceIfVersion('members', m, 1) // m2 had no version: nothing written
    expect(ids(await s.find('members', { userId: 'u1' }))).toEqual(['m1', 'm2'])
    await s.remove('members', 'm2')
    await s.insert('members', { ...m, version: 1 })
    expect(await s.replaceIfVersion('members', m, 1)).toBe(true)
    expect(ids(await s.find('members', { userId: 'u1' }))).toEqual(['m1'])
    expect(ids(await s.find('members', { userId: 'u2' }))).toEqual(['m2', 'm3'])
    expect(ids(await s.find('members', { communityId: 'c2' }))).toEqual(['m2', 'm3', 'm4'])
    // An indexed field removed: out of that index.
    expect(await s.replaceIfVersion('members', { _id: 'm2', householdId: 'h2', communityId: 'c2', version: 3 }, 2)).toBe(true)
    expect(ids(await s.find('members', { userId: 'u2' }))).toEqual(['m3'])
    expect(ids(await s.find('members', { userId: null }))).toEqual(['m2', 'm4'])
  })

  test('rows written after the upgrade keep the columns exact too (insert, replace, every kind of value)', async () => {
    const s = store!
    const odd: D[] = [
      { _id: 'n1', communityId: 12, openid: 'x', userId: -0, ballotId: 1e21, version: 1 },
      { _id: 'n2', communityId: false, openid: { nested: [true, null] }, userId: [], ballotId: 0.1, version: 1 },
      { _id: 'n3', communityId: null, openid: undefined, userId: Number.NaN, ballotId: new Date('2026-11-25T00:00:00.000Z'), version: 1 },
      { _id: 'n4', communityId: 2 ** 53, openid: -17, userId: '中文', version: 1 },
    ]
    await s.transaction(async (tx) => {
      for (const d of odd) await tx.insert('households', d)
    })
    expect(inspect(mismatches)).toEqual([])
    await s.transaction(async (tx) => {
      for (const d of odd) expect(await tx.replaceIfVersion('households', { ...d, version: 2, communityId: d.openid ?? 'moved' }, 1)).toBe(true)
    })
    expect(inspect(mismatches)).toEqual([])
    expect(ids(await s.find('households', { communityId: 'moved' }))).toEqual(['n3'])
    expect(ids(await s.find('households', { ballotId: '2026-11-25T00:00:00.000Z' }))).toEqual(['n3'])
  })

  test('reopening an upgraded file runs no migration again', async () => {
    await store!.close()
    store = openEmbeddedStore(file)
    expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(4)
    expect(ids(await store.find('members', { userId: 'u1' }))).toEqual(['m1', 'm2'])
  })
})

test('a file at level 3 (submissions with user_id and ballot_id filled, as that store wrote them) is upgraded to 4: those emptied, nothing else changed', async () => {
  oldFile(2)
  await openEmbeddedStore(file).close()
  // Back to what the level-3 store left: user_id filled for submissions too.
  const db = new Database(file)
  db.exec(`UPDATE docs SET user_id = json_extract(body, '$.userId'), ballot_id = json_extract(body, '$.ballotId') WHERE coll = 'submissions'`)
  db.pragma('user_version = 3')
  const others = db.prepare(`SELECT coll, id, body, community_id, openid, user_id, ballot_id, version FROM docs WHERE coll != 'submissions' ORDER BY coll, id`).all()
  db.close()
  expect(inspect(submissionColumns)).toEqual([
    { id: 'b1:r1', user_id: 'u1', ballot_id: 'b1' },
    { id: 'b1:r2', user_id: 'u2', ballot_id: 'b1' },
    { id: 'b2:r3', user_id: 'u1', ballot_id: 'b2' },
  ])
  store = openEmbeddedStore(file)
  expect(inspect((d) => d.pragma('user_version', { simple: true }))).toBe(4)
  expect(inspect(submissionColumns)).toEqual(EMPTIED)
  expect(inspect((d) => d.prepare(`SELECT coll, id, body, community_id, openid, user_id, ballot_id, version FROM docs WHERE coll != 'submissions' ORDER BY coll, id`).all())).toEqual(others)
  expect(ids(await store.find('submissions', { userId: 'u1' }))).toEqual(['b1:r1', 'b2:r3'])
})

test('a bigger file upgrades with every row and column', async () => {
  const rows: [string, D][] = []
  for (let i = 0; i < 3000; i++) {
    rows.push(['householdVotes', { _id: `b${i % 7}:h${i}`, ballotId: `b${i % 7}`, communityId: `c${i % 3}`, version: (i % 5) + 1, answers: { q: { text: '同意'.repeat(i % 50) } } }])
  }
  oldFile(2, rows)
  store = openEmbeddedStore(file)
  expect(inspect(mismatches)).toEqual([])
  expect(await store.count('householdVotes', { ballotId: 'b3' })).toBe(rows.filter(([, d]) => d.ballotId === 'b3').length)
  expect(await store.count('householdVotes', { communityId: 'c1', version: 5 })).toBe(rows.filter(([, d]) => d.communityId === 'c1' && d.version === 5).length)
  const some = rows[1234][1]
  expect(await store.get('householdVotes', some._id)).toEqual(some)
})

test('columnValue gives what json_extract gives', () => {
  const db = new Database(':memory:')
  try {
    const values: unknown[] = ['a', '', '中', 0, -0, 1, -17, 2.5, 0.1, 2 ** 53, 2 ** 53 + 2, 2 ** 62, -(2 ** 63), 2 ** 63, 1e20, 1e21, -1e-7, true, false, null, undefined, Number.NaN, Infinity, { a: [1, { b: null }] }, [], new Date(0), () => 1]
    const extract = db.prepare(`SELECT json_extract(?, '$.v') AS v, typeof(json_extract(?, '$.v')) AS t`)
    const typed = db.prepare('SELECT ? AS v, typeof(?) AS t')
    for (const v of values) {
      const json = JSON.stringify({ v })
      const col = columnValue(v)
      expect({ v, got: typed.get(col, col) }).toEqual({ v, got: extract.get(json, json) })
    }
  } finally {
    db.close()
  }
})

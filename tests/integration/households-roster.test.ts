/**
 * The roster function's reading and editing actions on a demo-seeded SQLite store: who sees
 * what (list, get), masking, single edits with version checks and audit entries, the change log,
 * the electorate against a hand count, and that the seed went in through the roster import.
 *
 * Demo data (server/seed.ts): 汴绣里小区 = 5 buildings × 2 units × 6 floors × 2 flats = 120 flats.
 * 王一 (DEMO.resident) co-owns 1-1-302; 李二 (DEMO.resident2) rents 3-2-501.
 */
import { recordAudit, type AuditEntry } from '../../cloudfunctions/common/audit'
import type { Store } from '../../cloudfunctions/common/store'
import { communityData, DEMO } from '../../server/seed'
import { AUDIT_WITHHELD } from '../../src/core/audit-view'
import type { Household } from '../../src/core/community'
import { maskName, maskPhone } from '../../src/core/privacy'
import type { User } from '../../src/core/roles'
import { call, expectFailure, NOW, ok, snapshot, sqliteWorld, type World } from './households-helpers'

type ListResult = { items: { _id: string; label: string; owners: { name: string; phone?: string }[]; memberCount: number; version: number }[]; total: number }
type GetResult = Household & { label: string; canEdit: boolean }
type ElectorateResult = { label: string; flats: number; areaCentiM2: number; heads: number; unsoldFlats: number }

const C = DEMO.communityId
const H302 = `${C}-b1-u1-302`
const H301 = `${C}-b1-u1-301`
const H501 = `${C}-b3-u2-501`

let w: World
beforeEach(async () => {
  w = await sqliteWorld()
})
afterEach(() => w.dispose())

describe('the seed is the imported roster', () => {
  test('households and units are exactly the demo data, created by the import (units included)', async () => {
    for (const [id, name, street, year, buildings] of [
      [DEMO.communityId, '汴绣里小区', '龙亭区北道门街道', 1993, 5],
      [DEMO.otherCommunityId, '梁苑新村', '龙亭区大兴街道', 1988, 2],
    ] as const) {
      const data = communityData(id, name, street, year, buildings)
      const byId = (a: { _id: string }, b: { _id: string }) => a._id.localeCompare(b._id)
      expect((await w.store.find<Household>('households', { communityId: id })).sort(byId)).toEqual([...data.hs].sort(byId))
      expect((await w.store.find('units', { communityId: id })).sort(byId)).toEqual([...data.us].sort(byId))
    }
    // Loading demo data is nobody's change.
    expect(await w.store.count('audit', {})).toBe(0)
  })
})

describe('list: the office of the community, masked', () => {
  test('pages in roster order with masked names and phones and member counts', async () => {
    const page = ok<ListResult>(await call(w, DEMO.office, 'list', { limit: 5 }))
    expect(page.total).toBe(120)
    expect(page.items.map((i) => i.label)).toEqual(['1号楼1单元101', '1号楼1单元102', '1号楼1单元201', '1号楼1单元202', '1号楼1单元301'])
    const next = ok<ListResult>(await call(w, DEMO.office, 'list', { limit: 5, offset: 5 }))
    expect(next.items.map((i) => i.label)).toEqual(['1号楼1单元302', '1号楼1单元401', '1号楼1单元402', '1号楼1单元501', '1号楼1单元502'])
    const h302 = await w.store.get<Household>('households', H302)
    const item = next.items[0]
    expect(item.memberCount).toBe(1)
    expect(item.owners).toHaveLength(2)
    h302!.owners.forEach((o, i) => {
      const chars = Array.from(o.name)
      expect(item.owners[i].name).toBe(`${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`)
      expect(item.owners[i].name).not.toBe(o.name)
      if (o.phone) expect(item.owners[i].phone).toBe(`${o.phone.slice(0, 3)}****${o.phone.slice(7)}`)
      else expect(item.owners[i].phone).toBeUndefined()
    })
    // No list item carries a full name, an ID tail or a full phone number.
    const everything = JSON.stringify(ok<ListResult>(await call(w, DEMO.office, 'list', { limit: 100 })))
    for (const o of h302!.owners) {
      expect(everything).not.toContain(o.name)
      expect(everything).not.toContain(o.idTail)
    }
    expect(everything).not.toMatch(/\d{11}/)
  })

  test('filters: a building, a unit, a room, an owner name', async () => {
    expect(ok<ListResult>(await call(w, DEMO.office, 'list', { buildingNumber: 2 })).total).toBe(24)
    expect(ok<ListResult>(await call(w, DEMO.office, 'list', { buildingNumber: 2, unitNumber: 2 })).total).toBe(12)
    expect(ok<ListResult>(await call(w, DEMO.office, 'list', { q: '302' })).items.map((i) => i.label)).toEqual(
      [1, 2, 3, 4, 5].flatMap((b) => [`${b}号楼1单元302`, `${b}号楼2单元302`]),
    )
    const h = (await w.store.get<Household>('households', H501))!
    const found = ok<ListResult>(await call(w, DEMO.office, 'list', { q: h.owners[0].name }))
    expect(found.items.map((i) => i._id)).toContain(H501)
  })

  test.each([
    ['a resident', DEMO.resident, undefined],
    ['the district officer', DEMO.district, C],
    ['the other community’s office naming ours', DEMO.otherOffice, C],
  ])('%s → FORBIDDEN', async (_who, openid, communityId) => {
    expectFailure(await call(w, openid, 'list', { communityId }), 'FORBIDDEN')
  })

  test('the other office, without naming a community, sees only its own 48 households (2 buildings × 2 units × 12)', async () => {
    const r = ok<ListResult>(await call(w, DEMO.otherOffice, 'list', { limit: 100 }))
    expect(r.total).toBe(48)
    expect(r.items.every((i) => i._id.startsWith(`${DEMO.otherCommunityId}-`))).toBe(true)
  })
})

describe('get: the office in full, the people of that household with owners masked', () => {
  test('the office of the community sees the owners in full (names, ID tails, phones)', async () => {
    const stored = await w.store.get<Household>('households', H302)
    expect(stored!.owners.some((o) => o.phone)).toBe(true)
    expect(ok<GetResult>(await call(w, DEMO.office, 'get', { id: H302 }))).toEqual({ ...stored, label: '1号楼1单元302', canEdit: true })
  })

  test.each([
    ['the owner 王一, his own flat', DEMO.resident, H302],
    ['the tenant 李二, the flat she rents', DEMO.resident2, H501],
  ])('%s: owners as masked names only, no ID tail, no phone; canEdit false', async (_who, openid, id) => {
    const stored = (await w.store.get<Household>('households', id))!
    const got = ok<GetResult>(await call(w, openid, 'get', { id }))
    expect(got).toEqual({ ...stored, owners: stored.owners.map((o) => ({ name: maskName(o.name) })), label: expect.any(String), canEdit: false })
    const text = JSON.stringify(got)
    for (const o of stored.owners) {
      expect(text).not.toContain(`"${o.name}"`)
      expect(text).not.toContain(o.idTail)
      if (o.phone) expect(text).not.toContain(o.phone)
    }
    expect(text).not.toMatch(/idTail|phone/)
  })

  test.each([
    ['a resident, the neighbour’s flat → FORBIDDEN', DEMO.resident, H301, 'FORBIDDEN'],
    ['a resident, the other resident’s flat → FORBIDDEN', DEMO.resident, H501, 'FORBIDDEN'],
    ['the other community’s office → FORBIDDEN', DEMO.otherOffice, H302, 'FORBIDDEN'],
    ['the district officer → FORBIDDEN', DEMO.district, H302, 'FORBIDDEN'],
    ['the office, a flat of its own community that does not exist → NOT_FOUND', DEMO.office, `${C}-b9-u1-101`, 'NOT_FOUND'],
  ])('%s', async (_who, openid, id, code) => {
    expectFailure(await call(w, openid, 'get', { id }), code as 'FORBIDDEN')
  })

  /** Counts the households the store is asked for, to prove a refusal looked at nothing. */
  function countHouseholdReads(store: Store): () => number {
    let reads = 0
    const get = store.get.bind(store)
    store.get = (async (collection: string, id: string) => {
      if (collection === 'households') reads++
      return get(collection, id)
    }) as Store['get']
    return () => reads
  }

  const OTHER = DEMO.otherCommunityId
  test.each([
    ['the other community’s office', DEMO.otherOffice, `${C}-b1-u1-101`, `${C}-b9-u1-101`],
    ['the office, the other community’s flats', DEMO.office, `${OTHER}-b1-u1-101`, `${OTHER}-b9-u1-101`],
    ['a resident of the community', DEMO.resident, H301, `${C}-b9-u1-101`],
    ['the district officer', DEMO.district, H302, `${C}-b9-u1-101`],
    ['the office, an id that only starts like its community', DEMO.office, `${C}-b1-u1-101`.replace(C, `${C}x`), `${C}x-b9-u1-101`],
  ])('probing ids: %s gets FORBIDDEN for an existing and a missing household alike, without a lookup', async (_who, openid, existing, missing) => {
    const reads = countHouseholdReads(w.store)
    const a = await call(w, openid, 'get', { id: existing })
    const b = await call(w, openid, 'get', { id: missing })
    expectFailure(a, 'FORBIDDEN')
    expectFailure(b, 'FORBIDDEN')
    if (!a.ok && !b.ok) expect(a.message).toBe(b.message)
    expect(reads()).toBe(0)
  })
})

describe('update: the office edits one household, checked like a roster row', () => {
  test('an edit bumps the version and is audited with before and after', async () => {
    const before = (await w.store.get<Household>('households', H301))!
    const owners = [...before.owners.map((o) => ({ name: o.name, idTail: o.idTail!, phone: o.phone })), { name: '新共有人', idTail: '000X' }]
    const after = ok<Household>(await call(w, DEMO.office, 'update', { id: H301, version: 1, area: '60.5', owners, coOwned: true }))
    expect(after).toEqual({ ...before, areaCentiM2: 6050, owners: [...before.owners, { name: '新共有人', idTail: '000X' }], coOwned: true, version: 2, updatedAt: NOW.toISOString() })
    expect(await w.store.get('households', H301)).toEqual(after)
    const [entry] = ok<{ items: AuditEntry[] }>(await call(w, DEMO.office, 'audit')).items
    // Stored with before/after in full; the office reads it with phones masked.
    const maskPhones = (h: Household) => ({ ...h, owners: h.owners.map((o) => (o.phone ? { ...o, phone: maskPhone(o.phone) } : o)) })
    expect(entry).toMatchObject({ action: 'households.update', entity: 'household', entityId: H301, byUserId: 'u-off-1', at: NOW.toISOString(), before: maskPhones(before), after: maskPhones(after) })
    const [stored] = await w.store.find<AuditEntry>('audit', {})
    expect(stored).toMatchObject({ before, after })

    // The same edit again on the old version: someone changed it meanwhile.
    const snap = await snapshot(w.store)
    expectFailure(await call(w, DEMO.office, 'update', { id: H301, version: 1, area: '61' }), 'CONFLICT')
    expect(await snapshot(w.store)).toEqual(snap)
  })

  test('an edit that changes nothing is not stored or logged', async () => {
    const before = await w.store.get<Household>('households', H301)
    expect(ok<Household>(await call(w, DEMO.office, 'update', { id: H301, version: 1, area: before!.areaCentiM2 / 100 }))).toEqual(before)
    expect(await w.store.count('audit', {})).toBe(0)
  })

  test.each([
    ['co-owned with one owner', { coOwned: true }, '共有', '共有房屋至少要有两位业主'],
    ['floor 7 of a 6-floor building', { floor: 7 }, '楼层', '楼层应为 1 到 6 的整数（1号楼共 6 层）'],
    ['area with three decimals', { area: '58.123' }, '专有面积(㎡)', '专有面积最多保留两位小数'],
    ['area 0', { area: 0 }, '专有面积(㎡)', '专有面积应大于 0'],
    ['unsold but with an owner', { developerUnsold: true }, '业主姓名', '开发商未售的房屋不填业主姓名、身份证后四位和联系电话'],
    ['no owner on a sold flat', { owners: [] }, '业主姓名', '请填写业主姓名（开发商未售的房屋请在“开发商未售”填“是”）'],
  ])('%s → INVALID_INPUT with the column, nothing stored', async (_what, fields, column, message) => {
    const snap = await snapshot(w.store)
    const r = await call(w, DEMO.office, 'update', { id: H301, version: 1, ...fields })
    expectFailure(r, 'INVALID_INPUT', message)
    if (!r.ok) expect(r.errors).toEqual([{ row: 0, column, message }])
    expect(await snapshot(w.store)).toEqual(snap)
  })

  test('a bad ID tail or phone is refused by the input schema with a Chinese message', async () => {
    expectFailure(await call(w, DEMO.office, 'update', { id: H301, version: 1, owners: [{ name: '王一', idTail: '12' }] }), 'INVALID_INPUT', '身份证后四位应为 4 位数字或 X')
    expectFailure(await call(w, DEMO.office, 'update', { id: H301, version: 1, owners: [{ name: '王一、李二', idTail: '1234' }] }), 'INVALID_INPUT', '顿号或逗号')
  })

  test.each([
    ['a resident, even of that household', DEMO.resident, H302],
    ['the other community’s office', DEMO.otherOffice, H301],
    ['the district officer', DEMO.district, H301],
  ])('%s → FORBIDDEN, nothing stored', async (_who, openid, id) => {
    const snap = await snapshot(w.store)
    expectFailure(await call(w, openid, 'update', { id, version: 1, area: '61' }), 'FORBIDDEN')
    expect(await snapshot(w.store)).toEqual(snap)
  })
})

describe('audit: the change log of the community', () => {
  test('newest first, for the office and the district; nobody else', async () => {
    ok(await call(w, DEMO.office, 'update', { id: H301, version: 1, area: '61' }))
    ok(await call(w, DEMO.office, 'update', { id: H302, version: 1, tenantOccupied: true }))
    const log = ok<{ items: AuditEntry[]; total: number }>(await call(w, DEMO.office, 'audit'))
    expect(log.total).toBe(2)
    expect(log.items.map((a) => a.entityId)).toEqual([H302, H301])
    expect(ok<{ total: number }>(await call(w, DEMO.district, 'audit', { communityId: C })).total).toBe(2)
    expectFailure(await call(w, DEMO.resident, 'audit'), 'FORBIDDEN')
    expectFailure(await call(w, DEMO.otherOffice, 'audit', { communityId: C }), 'FORBIDDEN')
    // The other office's own log is empty: our changes are not theirs to see.
    expect(ok<{ total: number }>(await call(w, DEMO.otherOffice, 'audit')).total).toBe(0)
  })

  /** An entry as a bind used to write it: the whole users document, OPENID included, at some depth. */
  async function legacyBindEntry(store: Store) {
    const by = { _id: 'u-res-2', openid: DEMO.resident2, name: '居民 李二（示例）', role: 'resident' } as User
    await store.transaction((tx) =>
      recordAudit(tx, {
        id: 'zz-legacy-bind',
        communityId: C,
        at: new Date(NOW.getTime() + 1000),
        by,
        action: 'members.bind',
        entity: 'members',
        entityId: `${H501}:u-res-2`,
        before: { membership: null, user: null },
        after: { membership: { relation: 'tenant', userId: 'u-res-2' }, user: { _id: 'u-res-2', openid: DEMO.resident2, name: '居民 李二（示例）', contact: { openid: DEMO.resident2, phone: '13912345678' } } },
      }),
    )
  }

  async function someChanges() {
    const h301 = (await w.store.get<Household>('households', H301))!
    const owners = [...h301.owners.map((o) => ({ name: o.name, idTail: o.idTail!, phone: o.phone ?? '13800001111' })), { name: '新共有人', idTail: '000X', phone: '13700002222' }]
    ok(await call(w, DEMO.office, 'update', { id: H301, version: 1, area: '61', owners, coOwned: true }))
    await legacyBindEntry(w.store)
    return { h301, owners }
  }

  test('the office: before/after in full but with no OPENID anywhere and phones masked', async () => {
    const { owners } = await someChanges()
    const log = ok<{ items: AuditEntry[] }>(await call(w, DEMO.office, 'audit'))
    expect(log.items.map((e) => e.action)).toEqual(['members.bind', 'households.update'])
    const text = JSON.stringify(log)
    expect(text).not.toMatch(/openid/i)
    for (const openid of [DEMO.resident, DEMO.resident2, DEMO.office]) expect(text).not.toContain(openid)
    expect(text).not.toMatch(/1\d{10}/)
    expect(log.items[0].after).toEqual({ membership: { relation: 'tenant', userId: 'u-res-2' }, user: { _id: 'u-res-2', name: '居民 李二（示例）', contact: { phone: '139****5678' } } })
    // Names and ID tails stay: the office keeps the register.
    const update = log.items[1].after as Household
    expect(update.owners).toEqual(owners.map((o) => ({ ...o, phone: maskPhone(o.phone) })))
  })

  test('the district: only which fields changed, no names, ID tails, phones or OPENIDs', async () => {
    const { h301, owners } = await someChanges()
    const log = ok<{ items: AuditEntry[]; total: number }>(await call(w, DEMO.district, 'audit', { communityId: C }))
    expect(log.total).toBe(2)
    const [bind, update] = log.items
    expect(update).toMatchObject({ action: 'households.update', entityId: H301, byUserId: 'u-off-1' })
    expect(update.before).toEqual({ areaCentiM2: AUDIT_WITHHELD, owners: AUDIT_WITHHELD, coOwned: AUDIT_WITHHELD })
    expect(update.after).toEqual(update.before)
    expect(bind).toMatchObject({ action: 'members.bind', before: { membership: AUDIT_WITHHELD, user: AUDIT_WITHHELD }, after: { membership: AUDIT_WITHHELD, user: AUDIT_WITHHELD } })
    const text = JSON.stringify(log)
    for (const o of [...h301.owners, ...owners]) {
      expect(text).not.toContain(o.name)
      expect(text).not.toContain(o.idTail!)
    }
    expect(text).not.toContain('李二')
    expect(text).not.toContain('赵三')
    expect(text).not.toMatch(/openid|demo-resident|\d{3}\*{4}\d{4}|1\d{10}/i)
  })

  test('roster imports and edits write no OPENID into the log (only the author’s user id and name)', async () => {
    await someChanges()
    const { fileBase64 } = ok<{ fileBase64: string }>(await call(w, DEMO.office, 'export'))
    ok(await call(w, DEMO.office, 'update', { id: H302, version: 1, tenantOccupied: true }))
    ok(await call(w, DEMO.office, 'import', { fileBase64 }))
    const ours = (await w.store.find<AuditEntry>('audit', {})).filter((e) => e.action.startsWith('households.'))
    expect(ours.length).toBeGreaterThanOrEqual(3)
    const text = JSON.stringify(ours)
    expect(text).not.toMatch(/openid/i)
    expect(text).not.toContain(DEMO.office)
    expect(ours.every((e) => e.byUserId === 'u-off-1')).toBe(true)
  })
})

describe('electorate: hand count of the demo community (voting-law.md "Counting area and heads")', () => {
  /*
   * Areas (server/seed.ts flatArea): flat 1 and flat 2 of each floor, per building, in centi-m²:
   *   1号楼 6172 + 7572, 2号楼 5836 + 7236, 3号楼 6060 + 7460, 4号楼 6284 + 7124, 5号楼 5948 + 7348.
   * A unit has 6 floors × these two flats; a building two units: building = 12 × (flat 1 + flat 2).
   *   1号楼 12 × 13744 = 164928; 2号楼 12 × 13072 = 156864; 3号楼 162240; 4号楼 160896; 5号楼 159552;
   *   community 804480 (8044.80 m²).
   * Heads: every flat has its own owner (distinct ID tails) except that 1-1-101 and 1-1-102 have the
   * same owner (one head), 2-2-601 and 2-2-602 are unsold (one head together), and 1-1-302's two
   * co-owners are one head. Community 120 − 1 − 1 = 118; building 1: 23; unit 1-1: 11;
   * building 2: 23 with 2 unsold; unit 2-2: 11; unit 2-1: 12.
   */
  test.each([
    ['the community', { kind: 'community' }, { label: '汴绣里小区', flats: 120, areaCentiM2: 804480, heads: 118, unsoldFlats: 2 }],
    ['building 1', { kind: 'building', buildingId: `${C}-b1` }, { label: '1号楼', flats: 24, areaCentiM2: 164928, heads: 23, unsoldFlats: 0 }],
    ['unit 1-1', { kind: 'unit', unitId: `${C}-b1-u1` }, { label: '1号楼1单元', flats: 12, areaCentiM2: 82464, heads: 11, unsoldFlats: 0 }],
    ['building 2', { kind: 'building', buildingId: `${C}-b2` }, { label: '2号楼', flats: 24, areaCentiM2: 156864, heads: 23, unsoldFlats: 2 }],
    ['unit 2-2', { kind: 'unit', unitId: `${C}-b2-u2` }, { label: '2号楼2单元', flats: 12, areaCentiM2: 78432, heads: 11, unsoldFlats: 2 }],
    ['unit 2-1', { kind: 'unit', unitId: `${C}-b2-u1` }, { label: '2号楼1单元', flats: 12, areaCentiM2: 78432, heads: 12, unsoldFlats: 0 }],
    ['building 5', { kind: 'building', buildingId: `${C}-b5` }, { label: '5号楼', flats: 24, areaCentiM2: 159552, heads: 24, unsoldFlats: 0 }],
  ])('%s', async (_what, scope, expected) => {
    for (const [openid, communityId] of [[DEMO.office, undefined], [DEMO.resident, undefined], [DEMO.district, C]] as const) {
      expect(ok<ElectorateResult>(await call(w, openid, 'electorate', { scope, communityId }))).toEqual({ scope, ...expected })
    }
  })

  test('the other community’s office may not count ours; a building of another community is not found', async () => {
    expectFailure(await call(w, DEMO.otherOffice, 'electorate', { scope: { kind: 'community' }, communityId: C }), 'FORBIDDEN')
    expectFailure(await call(w, DEMO.otherOffice, 'electorate', { scope: { kind: 'building', buildingId: `${C}-b1` } }), 'NOT_FOUND')
    expectFailure(await call(w, DEMO.office, 'electorate', { scope: { kind: 'floor' } }), 'INVALID_INPUT')
  })
})

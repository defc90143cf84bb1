/**
 * The members cloud function (cloudfunctions/members/handler.ts) end to end on a real store seeded
 * with the demo data (server/seed.ts), on the embedded SQLite store and on the fake CloudBase db:
 * printed codes, binding by code (owner, family, tenant), expiry, reuse, revocation, the lock
 * after 5 bad tries, two people racing on one code, requests the office decides, family
 * invitations, removing members, and privacy.
 *
 * Demo facts used (server/seed.ts): 王一 (DEMO.resident, u-res-1) is a bound owner of
 * 1号楼1单元302 (two registered co-owners, the second with idTail 0302); 李二 (DEMO.resident2,
 * u-res-2) rents 3号楼2单元501; DEMO.office (u-off-1) is the office of 汴绣里 (DEMO.communityId),
 * DEMO.otherOffice the office of 梁苑新村; every building has 2 units × 6 floors × 2 flats.
 * Rules: the brief of issue 3 and src/core/bind-code.ts (30-day codes, 7-day invitations,
 * 5 failures within an hour lock for an hour).
 */
import { cloudbaseStore } from '../../cloudfunctions/common/cloudbase-store'
import type { AuditEntry } from '../../cloudfunctions/common/audit'
import { COLLECTIONS } from '../../cloudfunctions/common/store'
import { generateCode, hashCode, type BindCodeDoc } from '../../cloudfunctions/members/codes'
import { handleMembers } from '../../cloudfunctions/members/handler'
import { DEMO } from '../../server/seed'
import { BIND_CODE_ALPHABET } from '../../src/core/bind-code'
import type { Household } from '../../src/core/community'
import type { Result } from '../../src/core/errors'
import type { Membership, StoredUser } from '../../src/core/roles'
import { handleHouseholds } from '../../cloudfunctions/households/handler'
import { handleNotices } from '../../cloudfunctions/notices/handler'
import type { CloudbaseDb } from '../../cloudfunctions/common/cloudbase-store'
import { createFakeCloudbaseDb, FakeDbError, type FakeCloudbaseDb } from './fake-cloudbase-db'
import { cloudbaseWorld, expectFailure, NOW, ok, snapshot, sqliteWorld, worldOn, type World } from './worlds'

const HOUR = 3600 * 1000
const DAY = 24 * HOUR
const C = DEMO.communityId
const HH = {
  /** 王一's co-owned flat (seed). */
  wang: `${C}-b1-u1-302`,
  /** 李二 rents it (seed). */
  li: `${C}-b3-u2-501`,
  b2a: `${C}-b2-u1-101`,
  b2b: `${C}-b2-u1-102`,
  b2c: `${C}-b2-u1-201`,
}
const VISITOR = 'wx-visitor-a'
const VISITOR2 = 'wx-visitor-b'

function call(w: World, openid: string, action: string, data?: unknown): Promise<Result<unknown>> {
  return handleMembers(w.deps, { openid }, { action, data })
}

type Sheet = { householdId: string; label: string; code: string; printed: string; expiresAt: string }[]
type Bound = { membership: Membership; household: { _id: string; label: string }; user: { _id: string; name: string; role: string; communityId: string | null } }
type Mine = { householdId: string; label: string; relation: string; isOwner: boolean; members: { userId: string; name: string; relation: string; isMe: boolean }[] }[]

async function sheetFor(w: World, buildingNumber: number): Promise<Map<string, string>> {
  const sheet = ok<Sheet>(await call(w, DEMO.office, 'issueCodes', { buildingNumber }))
  return new Map(sheet.map((s) => [s.householdId, s.code]))
}

const userByOpenid = async (w: World, openid: string) => (await w.store.find<StoredUser>('users', { openid }))[0]
const auditOf = (w: World, action: string) => w.store.find<AuditEntry>('audit', { action })

describe('generating codes (cloudfunctions/members/codes.ts)', () => {
  test('rejection sampling: bytes ≥ 248 (8 × 31) are skipped, the rest map into the 31-letter alphabet', () => {
    // 248..255 must be skipped; 0 → '2', 30 → 'Z', 31 → '2' again, 247 → 247 % 31 = 30 → 'Z'.
    const bytes = [248, 255, 0, 30, 250, 31, 247, 62, 1, 2, 3]
    const code = generateCode(() => Uint8Array.from(bytes))
    expect(code).toBe('2Z2Z2345')
  })

  test('real codes: 8 characters of the alphabet, no two alike in 2000 draws, hash is sha256 hex', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const c = generateCode()
      expect(c).toMatch(new RegExp(`^[${BIND_CODE_ALPHABET}]{8}$`))
      seen.add(c)
    }
    expect(seen.size).toBe(2000)
    // sha256("ABCDEFGH"), computed independently with `printf ABCDEFGH | sha256sum`.
    expect(hashCode('ABCDEFGH')).toBe('9ac2197d9258257b1ae8463e4214e4cd0a578bc1517f2415928b91be4283fc48')
  })
})

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('members on %s', (_name, make) => {
  let w: World
  beforeEach(async () => {
    w = await make()
  })
  afterEach(() => w.dispose())

  test('the office prints codes for a building: one per household, shown once, only hashes stored, audited', async () => {
    const sheet = ok<Sheet>(await call(w, DEMO.office, 'issueCodes', { buildingNumber: 2 }))
    expect(sheet).toHaveLength(24) // 2 units × 6 floors × 2 flats
    expect(sheet[0]).toMatchObject({ householdId: `${C}-b2-u1-101`, label: '2号楼1单元101', expiresAt: new Date(NOW.getTime() + 30 * DAY).toISOString() })
    expect(sheet[23].householdId).toBe(`${C}-b2-u2-602`)
    for (const s of sheet) {
      expect(s.printed).toBe(`${s.code.slice(0, 4)}-${s.code.slice(4)}`)
      const doc = await w.store.get<BindCodeDoc>('bindCodes', hashCode(s.code))
      expect(doc).toMatchObject({ householdId: s.householdId, communityId: C, kind: 'household', issuedBy: 'u-off-1', usedAt: null, revokedAt: null, version: 1 })
    }
    const stored = JSON.stringify(await w.store.find('bindCodes', {}))
    for (const s of sheet) expect(stored).not.toContain(s.code)
    const [audit] = await auditOf(w, 'members.issueCodes')
    expect(audit).toMatchObject({ communityId: C, byUserId: 'u-off-1', entityId: `${C}-b2`, before: { openCodes: 0 }, after: { issued: 24 } })
    expect(JSON.stringify(audit)).not.toContain(sheet[0].code)

    expect(ok<Sheet>(await call(w, DEMO.office, 'issueCodes', {}))).toHaveLength(120) // the whole community
    expectFailure(await call(w, DEMO.office, 'issueCodes', { buildingNumber: 9 }), 'NOT_FOUND')
  })

  test('a visitor binds with a household code as family: user created, membership, code used, audit', async () => {
    const codes = await sheetFor(w, 2)
    const typed = codes.get(HH.b2a)!.toLowerCase().replace(/^(.{4})/, '$1 - ')
    const bound = ok<Bound>(await call(w, VISITOR, 'bind', { code: typed, relation: 'family', name: ' 赵小六 ' }))
    const user = await userByOpenid(w, VISITOR)
    expect(user).toEqual({ _id: bound.user._id, openid: VISITOR, name: '赵小六', role: 'resident', communityId: C })
    expect(bound).toMatchObject({ household: { _id: HH.b2a, label: '2号楼1单元101' }, user: { role: 'resident', communityId: C } })
    expect(await w.store.get('members', `${HH.b2a}:${user._id}`)).toEqual({
      _id: `${HH.b2a}:${user._id}`,
      householdId: HH.b2a,
      communityId: C,
      userId: user._id,
      relation: 'family',
      via: 'code',
      addedBy: 'u-off-1',
      createdAt: NOW.toISOString(),
    })
    expect(await w.store.get('bindCodes', hashCode(codes.get(HH.b2a)!))).toMatchObject({ usedAt: NOW.toISOString(), usedBy: user._id, version: 2 })
    const [audit] = await auditOf(w, 'members.bind')
    expect(audit).toMatchObject({ communityId: C, byUserId: user._id, entity: 'members', entityId: `${HH.b2a}:${user._id}`, before: { membership: null, user: null } })
    expect(audit.after).toMatchObject({ membership: { relation: 'family' }, user: { _id: user._id, role: 'resident' } })

    // Now a resident: mine shows the household; they were NOT_REGISTERED for office things before and are FORBIDDEN now.
    const mine = ok<Mine>(await call(w, VISITOR, 'mine'))
    expect(mine).toEqual([expect.objectContaining({ householdId: HH.b2a, label: '2号楼1单元101', relation: 'family', isOwner: false })])
    expect(mine[0].members).toEqual([expect.objectContaining({ userId: user._id, name: '赵小六', relation: 'family', isMe: true })])
  })

  test('owner, tenant, and an existing resident without a community', async () => {
    const codes = await sheetFor(w, 2)
    const h = (await w.store.get<Household>('households', HH.b2a))!
    const owner = h.owners[0]
    // Owner: name and idTail as registered (server/seed.ts gives every owner an idTail).
    const bound = ok<Bound>(await call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'owner', name: owner.name, ownerIdTail: owner.idTail }))
    expect(bound.membership.relation).toBe('owner')
    expect(ok<Mine>(await call(w, VISITOR, 'mine'))[0].isOwner).toBe(true)

    ok(await call(w, VISITOR2, 'bind', { code: codes.get(HH.b2b)!, relation: 'tenant', name: '租户小钱' }))
    expect((await w.store.find<Membership>('members', { householdId: HH.b2b }))[0]).toMatchObject({ relation: 'tenant', via: 'code' })

    // A stored resident who has no community yet gets the household's community (audited before/after).
    await w.store.insert<StoredUser>('users', { _id: 'u-lone', openid: 'wx-lone', name: '孤单', role: 'resident' })
    ok(await call(w, 'wx-lone', 'bind', { code: codes.get(HH.b2c)!, relation: 'family', name: '孤单' }))
    expect(await w.store.get('users', 'u-lone')).toEqual({ _id: 'u-lone', openid: 'wx-lone', name: '孤单', role: 'resident', communityId: C })
    const audits = await auditOf(w, 'members.bind')
    expect(audits.find((a) => a.byUserId === 'u-lone')).toMatchObject({ before: { user: { _id: 'u-lone' } }, after: { user: { communityId: C } } })
  })

  test('owner details that do not match the register: OWNER_MISMATCH, nothing bound, the code still works', async () => {
    const codes = await sheetFor(w, 2)
    const owner = (await w.store.get<Household>('households', HH.b2a))!.owners[0]
    const wrongTail = owner.idTail === '1234' ? '4321' : '1234'
    const cases = [
      { name: owner.name, ownerIdTail: wrongTail },
      { name: '不是业主', ownerIdTail: owner.idTail },
      { name: owner.name }, // no idTail at all
    ]
    const before = await snapshot(w.store)
    for (const c of cases) {
      expectFailure(await call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'owner', ...c }), 'OWNER_MISMATCH', /业主/)
    }
    const after = await snapshot(w.store)
    expect({ ...after, bindAttempts: [] }).toEqual({ ...before, bindAttempts: [] })
    expect(after.bindAttempts).toEqual([expect.objectContaining({ _id: VISITOR, failures: [NOW.toISOString(), NOW.toISOString(), NOW.toISOString()] })])
    // As family, the same code binds.
    expect(ok<Bound>(await call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'family', name: owner.name })).membership.relation).toBe('family')
  })

  test('expired, reused and revoked codes; a code that cannot exist is refused as input', async () => {
    const codes = await sheetFor(w, 2)
    const bind = (openid: string, code: string) => call(w, openid, 'bind', { code, relation: 'family', name: '试一下' })

    w.setNow(new Date(NOW.getTime() + 30 * DAY)) // expiresAt is exactly now: expired
    expectFailure(await bind(VISITOR, codes.get(HH.b2a)!), 'CODE_EXPIRED', /过期/)
    w.setNow(new Date(NOW.getTime() + 30 * DAY - 1))
    ok(await bind(VISITOR, codes.get(HH.b2a)!))
    expectFailure(await bind(VISITOR2, codes.get(HH.b2a)!), 'CODE_USED', /用过/)

    // A new sheet for building 2 revokes the old unused codes (not the used one, not building 3's).
    w.setNow(NOW)
    const b3 = await sheetFor(w, 3)
    const fresh = await sheetFor(w, 2)
    expect((await w.store.get<BindCodeDoc>('bindCodes', hashCode(codes.get(HH.b2b)!)))!).toMatchObject({ revokedAt: NOW.toISOString(), usedAt: null })
    expect((await w.store.get<BindCodeDoc>('bindCodes', hashCode(codes.get(HH.b2a)!)))!.revokedAt).toBeNull()
    expect((await auditOf(w, 'members.issueCodes')).map((a) => (a.before as { openCodes: number }).openCodes)).toEqual(expect.arrayContaining([0, 0, 23]))
    expectFailure(await bind(VISITOR2, codes.get(HH.b2b)!), 'CODE_USED')
    ok(await bind(VISITOR2, fresh.get(HH.b2b)!))
    ok(await bind('wx-visitor-c', b3.get(`${C}-b3-u1-101`)!))

    // Malformed: never a code (0/O, 1/I/L, wrong length) → INVALID_INPUT with a Chinese reason; not a failed try.
    for (const [typed, message] of [
      ['ABCD-EFG0', /0.*O/],
      ['ABCD-EFGO', /0.*O/],
      ['ABCD-EFGI', /1.*I/],
      ['ABCD-EFG', /8 位/],
      ['ABCD-EFG?', /数字/],
    ] as const) {
      expectFailure(await bind('wx-typo', typed), 'INVALID_INPUT', message)
    }
    expect(await w.store.get('bindAttempts', 'wx-typo')).toBeNull()
  })

  test('5 wrong codes within an hour lock binding for an hour, even with a right code; other people are not locked', async () => {
    const codes = await sheetFor(w, 2)
    const bind = (openid: string, code: string) => call(w, openid, 'bind', { code, relation: 'family', name: '猜码的人' })
    const wrong = ['2222-2222', '3333-3333', '4444-4444', '5555-5555', '6666-6666']
    for (const [i, code] of wrong.entries()) {
      w.setNow(new Date(NOW.getTime() + i * 60_000))
      expectFailure(await bind(VISITOR, code), 'CODE_INVALID', /绑定码不对/)
    }
    w.setNow(new Date(NOW.getTime() + 10 * 60_000))
    const before = await snapshot(w.store)
    expectFailure(await bind(VISITOR, codes.get(HH.b2a)!), 'CODE_LOCKED', /锁定/)
    expectFailure(await bind(VISITOR, '7777-7777'), 'CODE_LOCKED')
    expect(await snapshot(w.store)).toEqual(before) // the lock is checked before the code: nothing counted, nothing used
    ok(await bind(VISITOR2, codes.get(HH.b2b)!))

    // Locked at minute 4 for an hour: at 4:59.999 still locked, at 5:00 free again.
    w.setNow(new Date(NOW.getTime() + 4 * 60_000 + HOUR - 1))
    expectFailure(await bind(VISITOR, codes.get(HH.b2a)!), 'CODE_LOCKED')
    w.setNow(new Date(NOW.getTime() + 4 * 60_000 + HOUR))
    ok(await bind(VISITOR, codes.get(HH.b2a)!))
  })

  test('failures older than an hour are forgotten: 4 wrong, an hour passes, 4 wrong again is no lock', async () => {
    const bind = (code: string) => call(w, VISITOR, 'bind', { code, relation: 'family', name: '手滑' })
    for (let i = 0; i < 4; i++) expectFailure(await bind('2222-2222'), 'CODE_INVALID')
    w.setNow(new Date(NOW.getTime() + HOUR + 1))
    for (let i = 0; i < 4; i++) expectFailure(await bind('2222-2222'), 'CODE_INVALID')
    expectFailure(await bind('2222-2222'), 'CODE_INVALID') // the 5th within this hour: now locked
    expectFailure(await bind('2222-2222'), 'CODE_LOCKED')
  })

  test('two people racing on one code: exactly one wins, the other gets CODE_USED, one membership', async () => {
    const codes = await sheetFor(w, 2)
    const code = codes.get(HH.b2a)!
    const results = await Promise.all([
      call(w, VISITOR, 'bind', { code, relation: 'family', name: '甲' }),
      call(w, VISITOR2, 'bind', { code, relation: 'family', name: '乙' }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const loser = results.find((r) => !r.ok)!
    expectFailure(loser, 'CODE_USED')
    expect(await w.store.find('members', { householdId: HH.b2a })).toHaveLength(1)
    const users = [await userByOpenid(w, VISITOR), await userByOpenid(w, VISITOR2)].filter(Boolean)
    expect(users).toHaveLength(1)
    expect(await auditOf(w, 'members.bind')).toHaveLength(1)
    expect((await w.store.get<BindCodeDoc>('bindCodes', hashCode(code)))!.usedBy).toBe(users[0]._id)
  })

  test('staff cannot bind or ask to be bound; a resident of another community cannot bind here', async () => {
    const codes = await sheetFor(w, 2)
    const before = await snapshot(w.store)
    for (const staff of [DEMO.office, DEMO.otherOffice, DEMO.district]) {
      expectFailure(await call(w, staff, 'bind', { code: codes.get(HH.b2a)!, relation: 'family', name: '干事' }), 'FORBIDDEN')
      expectFailure(await call(w, staff, 'request', { communityId: C, buildingNumber: 2, unitNumber: 1, room: '101', relation: 'family', name: '干事' }), 'FORBIDDEN')
    }
    await w.store.insert<StoredUser>('users', { _id: 'u-far', openid: 'wx-far', name: '外小区', role: 'resident', communityId: DEMO.otherCommunityId })
    expectFailure(await call(w, 'wx-far', 'bind', { code: codes.get(HH.b2a)!, relation: 'family', name: '外小区' }), 'FORBIDDEN', /其他小区/)
    await w.store.remove('users', 'u-far')
    // The refused try was counted before the code was looked at and settled as not failed: it
    // leaves an attempts document with no failure and nothing pending; nothing else changed.
    const after = await snapshot(w.store)
    expect({ ...after, bindAttempts: [] }).toEqual({ ...before, bindAttempts: [] })
    expect(after.bindAttempts).toEqual([expect.objectContaining({ _id: 'wx-far', failures: [], pending: [], lockedUntil: null })])
  })

  test('a request the office approves: user and membership created, request records the decision, audited', async () => {
    const ask = { communityId: C, buildingNumber: 2, unitNumber: 1, room: '102', relation: 'family', name: '申请人', phone: '13900001111', note: '钥匙丢了' }
    const { request } = ok<{ request: { _id: string; status: string; householdLabel: string } }>(await call(w, VISITOR, 'request', ask))
    expect(request).toMatchObject({ status: 'pending', householdLabel: '2号楼1单元102', householdId: HH.b2b })
    expect(request).not.toHaveProperty('openid')
    expectFailure(await call(w, VISITOR, 'request', { ...ask, room: '201' }), 'REQUEST_PENDING')
    expectFailure(await call(w, VISITOR2, 'request', { ...ask, room: '909' }), 'NOT_FOUND', /门牌号/)
    expectFailure(await call(w, VISITOR2, 'request', { ...ask, communityId: undefined }), 'INVALID_INPUT', /小区/)
    expectFailure(await call(w, DEMO.resident, 'request', { ...ask, buildingNumber: 1, room: '302' }), 'ALREADY_MEMBER')

    const list = ok<{ items: { _id: string; name: string; phone: string; label: string; nameMatchesOwner: boolean }[] }>(await call(w, DEMO.office, 'listRequests', {}))
    expect(list.items).toEqual([expect.objectContaining({ _id: request._id, name: '申请人', phone: '13900001111', label: '2号楼1单元102', nameMatchesOwner: false })])
    expect(JSON.stringify(list)).not.toContain(VISITOR)

    w.setNow(new Date(NOW.getTime() + HOUR))
    const decided = ok<{ request: { status: string; decidedBy: string; decidedAt: string; userId: string }; membership: Membership }>(
      await call(w, DEMO.office, 'decide', { id: request._id, approve: true }),
    )
    const user = await userByOpenid(w, VISITOR)
    expect(user).toMatchObject({ name: '申请人', role: 'resident', communityId: C })
    expect(decided.request).toMatchObject({ status: 'approved', decidedBy: 'u-off-1', decidedAt: new Date(NOW.getTime() + HOUR).toISOString(), userId: user._id })
    expect(decided.membership).toMatchObject({ householdId: HH.b2b, userId: user._id, relation: 'family', via: 'request', addedBy: 'u-off-1' })
    expect(await auditOf(w, 'members.decide')).toEqual([expect.objectContaining({ byUserId: 'u-off-1', entityId: `${HH.b2b}:${user._id}` })])
    expectFailure(await call(w, DEMO.office, 'decide', { id: request._id, approve: false }), 'CONFLICT')
    expect(ok<{ items: unknown[] }>(await call(w, DEMO.office, 'listRequests', {})).items).toEqual([])
    expect(ok<{ items: unknown[] }>(await call(w, DEMO.office, 'listRequests', { status: 'approved' })).items).toHaveLength(1)
  })

  test('two clerks deciding one request at once: one decision stands, the other is refused, one membership', async () => {
    const ask = { communityId: C, buildingNumber: 2, unitNumber: 1, room: '102', relation: 'family', name: '申请人' }
    const { request } = ok<{ request: { _id: string } }>(await call(w, VISITOR, 'request', ask))
    await w.store.insert<StoredUser>('users', { _id: 'u-off-b', openid: 'wx-office-b', name: '社区干事 乙', role: 'office', communityId: C })
    const results = await Promise.all([
      call(w, DEMO.office, 'decide', { id: request._id, approve: true }),
      call(w, 'wx-office-b', 'decide', { id: request._id, approve: false, reason: '重复' }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const loser = results.find((r) => !r.ok)!
    expect(['CONFLICT', 'ALREADY_MEMBER']).toContain(loser.ok ? 'ok' : loser.code)
    const stored = (await w.store.get<{ _id: string; status: string; decidedBy: string }>('bindRequests', request._id))!
    const winner = results[0].ok ? { status: 'approved', decidedBy: 'u-off-1' } : { status: 'rejected', decidedBy: 'u-off-b' }
    expect(stored).toMatchObject(winner)
    expect(await w.store.find('members', { householdId: HH.b2b })).toHaveLength(winner.status === 'approved' ? 1 : 0)
    expect(await auditOf(w, 'members.decide')).toHaveLength(1)
  })

  test('a rejected request binds nobody, keeps the reason, and the person may ask again', async () => {
    const ask = { communityId: C, buildingNumber: 2, unitNumber: 1, room: '102', relation: 'owner', name: '冒名者' }
    const { request } = ok<{ request: { _id: string } }>(await call(w, VISITOR, 'request', ask))
    const decided = ok<{ request: { status: string; reason: string } ; membership: null }>(await call(w, DEMO.office, 'decide', { id: request._id, approve: false, reason: '与房产登记不符' }))
    expect(decided).toMatchObject({ request: { status: 'rejected', reason: '与房产登记不符' }, membership: null })
    expect(await userByOpenid(w, VISITOR)).toBeUndefined()
    expect(await w.store.find('members', { householdId: HH.b2b })).toEqual([])
    expect(await auditOf(w, 'members.decide')).toEqual([expect.objectContaining({ entity: 'bindRequests', after: { status: 'rejected', reason: '与房产登记不符' } })])
    ok(await call(w, VISITOR, 'request', ask))
  })

  test('an owner invites family: 7-day code, whoever uses it is family; tenants cannot invite', async () => {
    const invite = ok<{ code: string; printed: string; expiresAt: string }>(await call(w, DEMO.resident, 'invite', { householdId: HH.wang }))
    expect(invite.expiresAt).toBe(new Date(NOW.getTime() + 7 * DAY).toISOString())
    expect(await w.store.get('bindCodes', hashCode(invite.code))).toMatchObject({ kind: 'family', relation: 'family', issuedBy: 'u-res-1', householdId: HH.wang })
    expect(await auditOf(w, 'members.invite')).toHaveLength(1)
    // Asking for "owner" with a family invitation still makes family (and skips the owner check).
    const bound = ok<Bound>(await call(w, VISITOR, 'bind', { code: invite.printed, relation: 'owner', name: '王家女儿' }))
    expect(bound.membership).toMatchObject({ relation: 'family', via: 'invite', addedBy: 'u-res-1' })
    const mine = ok<Mine>(await call(w, DEMO.resident, 'mine'))
    expect(mine[0].members.map((m) => [m.name, m.relation])).toEqual([['居民 王一（示例）', 'owner'], ['王家女儿', 'family']])

    const late = ok<{ code: string }>(await call(w, DEMO.resident, 'invite', { householdId: HH.wang }))
    w.setNow(new Date(NOW.getTime() + 7 * DAY))
    expectFailure(await call(w, VISITOR2, 'bind', { code: late.code, relation: 'family', name: '迟到' }), 'CODE_EXPIRED')

    for (const [openid, householdId] of [[DEMO.resident2, HH.li], [bound.user._id && VISITOR, HH.wang], [DEMO.resident, HH.li], [DEMO.office, HH.wang]]) {
      expectFailure(await call(w, openid, 'invite', { householdId }), 'FORBIDDEN')
    }
  })

  test('removing members: owner removes family, family leaves, nobody removes the last owner, office removes a tenant', async () => {
    const codes = await sheetFor(w, 1)
    const inv = ok<{ code: string }>(await call(w, DEMO.resident, 'invite', { householdId: HH.wang }))
    const fam = ok<Bound>(await call(w, VISITOR, 'bind', { code: inv.code, relation: 'family', name: '家人甲' })).user._id
    const inv2 = ok<{ code: string }>(await call(w, DEMO.resident, 'invite', { householdId: HH.wang }))
    const fam2 = ok<Bound>(await call(w, VISITOR2, 'bind', { code: inv2.code, relation: 'family', name: '家人乙' })).user._id
    const remove = (openid: string, householdId: string, userId: string) => call(w, openid, 'remove', { householdId, userId })

    // Family cannot remove others (or the owner); nor can a neighbour or another office.
    let before = await snapshot(w.store)
    expectFailure(await remove(VISITOR, HH.wang, fam2), 'FORBIDDEN')
    expectFailure(await remove(VISITOR, HH.wang, 'u-res-1'), 'FORBIDDEN')
    expectFailure(await remove(DEMO.resident2, HH.wang, fam), 'FORBIDDEN')
    expectFailure(await remove(DEMO.otherOffice, HH.wang, fam), 'FORBIDDEN')
    // The last bound owner stays, whoever asks.
    expectFailure(await remove(DEMO.resident, HH.wang, 'u-res-1'), 'LAST_OWNER', /唯一/)
    expectFailure(await remove(DEMO.office, HH.wang, 'u-res-1'), 'LAST_OWNER')
    expectFailure(await remove(DEMO.office, HH.wang, 'u-nobody'), 'NOT_FOUND')
    expect(await snapshot(w.store)).toEqual(before)

    const removed = ok<{ removed: { userId: string } }>(await remove(DEMO.resident, HH.wang, fam))
    expect(removed.removed).toEqual({ householdId: HH.wang, userId: fam, relation: 'family' })
    expect(await w.store.get('members', `${HH.wang}:${fam}`)).toBeNull()
    const [audit] = await auditOf(w, 'members.remove')
    expect(audit).toMatchObject({ byUserId: 'u-res-1', entityId: `${HH.wang}:${fam}`, before: { relation: 'family', userId: fam }, after: null })
    ok(await remove(VISITOR2, HH.wang, fam2)) // leaving yourself

    // With a second bound owner (the co-owner, registered idTail 0302) one owner may go — but an
    // owner does not remove another owner; the office does.
    const h = (await w.store.get<Household>('households', HH.wang))!
    const co = h.owners.find((o) => o.idTail === '0302')!
    const coId = ok<Bound>(await call(w, 'wx-co-owner', 'bind', { code: codes.get(HH.wang)!, relation: 'owner', name: co.name, ownerIdTail: '0302' })).user._id
    before = await snapshot(w.store)
    expectFailure(await remove(DEMO.resident, HH.wang, coId), 'FORBIDDEN', /社区/)
    expect(await snapshot(w.store)).toEqual(before)
    ok(await remove(DEMO.office, HH.wang, coId))
    expect((await auditOf(w, 'members.remove')).map((a) => a.byUserId)).toEqual(expect.arrayContaining(['u-res-1', expect.any(String), 'u-off-1']))

    // The office takes the tenant off 3-2-501.
    ok(await remove(DEMO.office, HH.li, 'u-res-2'))
    expect(ok<Mine>(await call(w, DEMO.resident2, 'mine'))).toEqual([])
  })

  test('the office of another community is refused everywhere, and nothing changes', async () => {
    const { request } = ok<{ request: { _id: string } }>(
      await call(w, VISITOR, 'request', { communityId: C, buildingNumber: 2, unitNumber: 1, room: '101', relation: 'family', name: '某人' }),
    )
    const before = await snapshot(w.store)
    const refused: [string, unknown][] = [
      ['issueCodes', { communityId: C }],
      ['issueCodes', { communityId: C, buildingNumber: 1 }],
      ['listRequests', { communityId: C }],
      ['decide', { id: request._id, approve: true }],
      ['decide', { id: request._id, approve: false }],
      ['list', { householdId: HH.wang }],
      ['invite', { householdId: HH.wang }],
      ['remove', { householdId: HH.li, userId: 'u-res-2' }],
    ]
    for (const [action, data] of refused) expectFailure(await call(w, DEMO.otherOffice, action, data), 'FORBIDDEN')
    expect(await snapshot(w.store)).toEqual(before)
    // Its own community is its business: no requests there, codes for its own buildings.
    expect(ok<{ items: unknown[] }>(await call(w, DEMO.otherOffice, 'listRequests', {})).items).toEqual([])
    expect(ok<Sheet>(await call(w, DEMO.otherOffice, 'issueCodes', { buildingNumber: 1 }))[0].householdId).toBe(`${DEMO.otherCommunityId}-b1-u1-101`)
  })

  test('privacy: mine and list show my household only, names within the household, never phones or OPENIDs', async () => {
    const mine = ok<Mine>(await call(w, DEMO.resident, 'mine'))
    expect(mine).toEqual([
      {
        householdId: HH.wang,
        label: '1号楼1单元302',
        communityId: C,
        relation: 'owner',
        relationLabel: '业主本人',
        isOwner: true,
        members: [{ userId: 'u-res-1', name: '居民 王一（示例）', relation: 'owner', relationLabel: '业主本人', via: 'seed', since: '2026-01-01T00:00:00.000Z', isMe: true }],
      },
    ])
    const h = (await w.store.get<Household>('households', HH.wang))!
    const text = JSON.stringify(mine)
    for (const secret of [DEMO.resident, h.owners[0].phone!, h.owners[0].idTail!, 'u-res-2', '李二']) expect(text).not.toContain(secret)

    const listed = ok<{ members: { name: string }[]; canManage: boolean }>(await call(w, DEMO.office, 'list', { householdId: HH.wang }))
    expect(listed).toMatchObject({ household: { label: '1号楼1单元302' }, members: [{ name: '居民 王一（示例）' }], canManage: true })
    expect(JSON.stringify(listed)).not.toContain(DEMO.resident)
    expect(ok<{ canManage: boolean }>(await call(w, DEMO.resident, 'list', { householdId: HH.wang })).canManage).toBe(true)

    // Neighbours, other residents, the district: refused; an unknown household is NOT_FOUND.
    expectFailure(await call(w, DEMO.resident2, 'list', { householdId: HH.wang }), 'FORBIDDEN')
    expectFailure(await call(w, DEMO.resident, 'list', { householdId: HH.li }), 'FORBIDDEN')
    expectFailure(await call(w, DEMO.district, 'list', { householdId: HH.wang }), 'FORBIDDEN')
    expectFailure(await call(w, DEMO.resident, 'list', { householdId: `${C}-b9-u9-999` }), 'NOT_FOUND')
    expectFailure(await call(w, VISITOR, 'list', { householdId: HH.wang }), 'NOT_REGISTERED')

    expect(ok(await call(w, VISITOR, 'mine'))).toEqual([])
    expect(ok(await call(w, DEMO.office, 'mine'))).toEqual([])
  })
})

/*
 * The reviewer's findings on issue 3 (members part): the lock cannot be outrun with parallel tries,
 * no OPENID or code hash in the change log, leaving the last household leaves the community,
 * concurrency guards, requests from residents of another community, requests rate-limited.
 */
describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('members hardening on %s', (_name, make) => {
  let w: World
  beforeEach(async () => {
    w = await make()
  })
  afterEach(() => w.dispose())

  const codesOf = (rs: Result<unknown>[]) => rs.map((r) => (r.ok ? 'OK' : r.code))
  const count = (codes: string[], code: string) => codes.filter((c) => c === code).length

  test('30 parallel wrong codes from one person: at most 5 are counted, the rest are CODE_LOCKED, and binding is locked', async () => {
    const codes = await sheetFor(w, 2)
    const wrong = Array.from({ length: 30 }, (_, i) => `${BIND_CODE_ALPHABET[i % 31]}${BIND_CODE_ALPHABET[(i + 3) % 31]}222222`)
    const results = codesOf(await Promise.all(wrong.map((code) => call(w, VISITOR, 'bind', { code, relation: 'family', name: '并发猜码' }))))
    expect(count(results, 'CODE_INVALID')).toBeLessThanOrEqual(5)
    expect(count(results, 'CODE_LOCKED')).toBeGreaterThan(0)
    expect(count(results, 'CODE_INVALID') + count(results, 'CODE_LOCKED')).toBe(30)
    // Locked now (a right code too), with nothing left pending.
    expectFailure(await call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'family', name: '并发猜码' }), 'CODE_LOCKED')
    const attempts = (await w.store.get<{ _id: string; lockedUntil: string | null; pending: unknown[] }>('bindAttempts', VISITOR))!
    expect(attempts.lockedUntil).toBe(new Date(NOW.getTime() + HOUR).toISOString())
    expect(attempts.pending).toEqual([])
  })

  test('200 parallel owner guesses with a valid code and wrong ID tails: none binds, the lock engages, the right tail is then locked out', async () => {
    const codes = await sheetFor(w, 2)
    const code = codes.get(HH.b2a)!
    const owner = (await w.store.get<Household>('households', HH.b2a))!.owners[0]
    const tails = Array.from({ length: 220 }, (_, i) => String(i).padStart(4, '0')).filter((t) => t !== owner.idTail).slice(0, 200)
    const results = codesOf(await Promise.all(tails.map((ownerIdTail) => call(w, VISITOR, 'bind', { code, relation: 'owner', name: owner.name, ownerIdTail }))))
    expect(count(results, 'OK')).toBe(0)
    expect(count(results, 'OWNER_MISMATCH')).toBeLessThanOrEqual(5)
    expect(count(results, 'CODE_LOCKED')).toBeGreaterThanOrEqual(195)
    expectFailure(await call(w, VISITOR, 'bind', { code, relation: 'owner', name: owner.name, ownerIdTail: owner.idTail }), 'CODE_LOCKED')
    expect(await w.store.find('members', { householdId: HH.b2a })).toEqual([])
    expect((await w.store.get<BindCodeDoc>('bindCodes', hashCode(code)))!.usedAt).toBeNull()
  })

  test('no change-log entry, as stored or as households.audit returns it, holds an OPENID or a code hash', async () => {
    const codes = await sheetFor(w, 2)
    const hashes = [...codes.values()].map(hashCode)
    ok(await call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'family', name: '赵小六' }))
    const invite = ok<{ code: string }>(await call(w, DEMO.resident, 'invite', { householdId: HH.wang }))
    hashes.push(hashCode(invite.code))
    const fam = ok<Bound>(await call(w, VISITOR2, 'bind', { code: invite.code, relation: 'family', name: '王家人' })).user._id
    const { request } = ok<{ request: { _id: string } }>(
      await call(w, 'wx-visitor-c', 'request', { communityId: C, buildingNumber: 2, unitNumber: 1, room: '102', relation: 'family', name: '申请人' }),
    )
    ok(await call(w, DEMO.office, 'decide', { id: request._id, approve: true }))
    await w.store.insert<StoredUser>('users', { _id: 'u-lone', openid: 'wx-lone', name: '孤单', role: 'resident' })
    ok(await call(w, 'wx-lone', 'bind', { code: codes.get(HH.b2c)!, relation: 'family', name: '孤单' }))
    ok(await call(w, DEMO.resident, 'remove', { householdId: HH.wang, userId: fam }))
    ok(await call(w, DEMO.resident2, 'remove', { householdId: HH.li, userId: 'u-res-2' }))

    const openids = [VISITOR, VISITOR2, 'wx-visitor-c', 'wx-lone', DEMO.resident, DEMO.resident2, DEMO.office]
    const stored = await w.store.find<AuditEntry>('audit', {})
    const listed = ok<{ items: AuditEntry[] }>(await handleHouseholds(w.deps, { openid: DEMO.office }, { action: 'audit', data: { limit: 100 } })).items
    expect(stored.map((e) => e.action)).toEqual(expect.arrayContaining(['members.bind', 'members.invite', 'members.decide', 'members.remove', 'members.leave', 'members.issueCodes']))
    for (const entries of [stored, listed]) {
      const text = JSON.stringify(entries)
      for (const id of openids) expect(text).not.toContain(id)
      expect(text).not.toMatch(/"openid"/)
      for (const h of hashes) expect(text).not.toContain(h)
      expect(text).not.toMatch(/[0-9a-f]{64}/)
    }
  })

  test('leaving the last household leaves the community: communityId cleared and audited, notices refused, binding elsewhere works', async () => {
    ok(await call(w, DEMO.resident2, 'remove', { householdId: HH.li, userId: 'u-res-2' }))
    const user = (await w.store.get<StoredUser>('users', 'u-res-2'))!
    expect(user.communityId).toBeUndefined()
    expect(user).toMatchObject({ _id: 'u-res-2', openid: DEMO.resident2, role: 'resident' })
    const [left] = await auditOf(w, 'members.leave')
    expect(left).toMatchObject({ communityId: C, byUserId: 'u-res-2', entity: 'users', entityId: 'u-res-2', before: { communityId: C }, after: { communityId: null } })
    expect(await handleNotices(w.deps, { openid: DEMO.resident2 }, { action: 'list', data: {} })).toMatchObject({ ok: false })
    expect(await handleNotices(w.deps, { openid: DEMO.resident2 }, { action: 'list', data: { communityId: C } })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await handleHouseholds(w.deps, { openid: DEMO.resident2 }, { action: 'electorate', data: { communityId: C } })).toMatchObject({ ok: false })

    // Re-binding in another community (梁苑新村) now works.
    const sheet = ok<Sheet>(await call(w, DEMO.otherOffice, 'issueCodes', { buildingNumber: 1 }))
    const bound = ok<Bound>(await call(w, DEMO.resident2, 'bind', { code: sheet[0].code, relation: 'tenant', name: '李二' }))
    expect(bound.user).toMatchObject({ _id: 'u-res-2', communityId: DEMO.otherCommunityId })
    expect(await handleNotices(w.deps, { openid: DEMO.resident2 }, { action: 'list', data: {} })).toMatchObject({ ok: true })

    // Someone with another household left keeps the community.
    const inv = ok<{ code: string }>(await call(w, DEMO.resident, 'invite', { householdId: HH.wang }))
    const codes = await sheetFor(w, 2)
    const fam = ok<Bound>(await call(w, VISITOR, 'bind', { code: inv.code, relation: 'family', name: '两户人' })).user._id
    ok(await call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'tenant', name: '两户人' }))
    ok(await call(w, VISITOR, 'remove', { householdId: HH.wang, userId: fam }))
    expect((await w.store.get<StoredUser>('users', fam))!.communityId).toBe(C)
  })

  test('membership changes bump the household version (so concurrent changes of one household conflict)', async () => {
    const v0 = (await w.store.get<Household>('households', HH.b2a))!.version
    const codes = await sheetFor(w, 2)
    const fam = ok<Bound>(await call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'family', name: '甲' })).user._id
    expect((await w.store.get<Household>('households', HH.b2a))!.version).toBe(v0 + 1)
    ok(await call(w, DEMO.office, 'remove', { householdId: HH.b2a, userId: fam }))
    expect((await w.store.get<Household>('households', HH.b2a))!.version).toBe(v0 + 2)
  })

  test('a double click on "issue codes": every flat ends with exactly one valid code', async () => {
    const results = await Promise.all([call(w, DEMO.office, 'issueCodes', { buildingNumber: 2 }), call(w, DEMO.office, 'issueCodes', { buildingNumber: 2 })])
    expect(results.some((r) => r.ok)).toBe(true)
    for (const r of results) if (!r.ok) expect(r.code).toBe('CONFLICT')
    const open = await w.store.find<BindCodeDoc>('bindCodes', { communityId: C, kind: 'household', usedAt: null, revokedAt: null })
    expect(open).toHaveLength(24)
    expect(new Set(open.map((c) => c.householdId)).size).toBe(24)
  })

  test('a resident of another community cannot ask to be bound here: FORBIDDEN at submission, nothing stored', async () => {
    await w.store.insert<StoredUser>('users', { _id: 'u-far', openid: 'wx-far', name: '外小区', role: 'resident', communityId: DEMO.otherCommunityId })
    const before = await snapshot(w.store)
    const r = await call(w, 'wx-far', 'request', { communityId: C, buildingNumber: 2, unitNumber: 1, room: '101', relation: 'family', name: '外小区' })
    expectFailure(r, 'FORBIDDEN', /其他小区/)
    expect(await snapshot(w.store)).toEqual(before)
    // Their own community is fine.
    ok(await call(w, 'wx-far', 'request', { buildingNumber: 1, unitNumber: 1, room: '101', relation: 'family', name: '外小区' }))
  })

  test('requests are rate-limited with the binding tries: 5 flats that do not exist, then locked (even for a real flat, and for binding)', async () => {
    const ask = { communityId: C, buildingNumber: 2, unitNumber: 1, relation: 'family', name: '探路的人' }
    for (const room of ['901', '902', '903', '904', '905']) expectFailure(await call(w, VISITOR, 'request', { ...ask, room }), 'NOT_FOUND')
    expectFailure(await call(w, VISITOR, 'request', { ...ask, room: '101' }), 'CODE_LOCKED')
    const codes = await sheetFor(w, 2)
    expectFailure(await call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'family', name: '探路的人' }), 'CODE_LOCKED')
    expect(await w.store.find('bindRequests', {})).toEqual([])
    // In parallel: at most 5 lookups of missing flats.
    const rooms = Array.from({ length: 30 }, (_, i) => String(700 + i))
    const results = codesOf(await Promise.all(rooms.map((room) => call(w, VISITOR2, 'request', { ...ask, room }))))
    expect(count(results, 'NOT_FOUND')).toBeLessThanOrEqual(5)
    expect(count(results, 'CODE_LOCKED')).toBeGreaterThan(0)
  })

  test('one pending request per person, even when sent in parallel; asking again after a decision works', async () => {
    const ask = { communityId: C, buildingNumber: 2, unitNumber: 1, relation: 'family', name: '心急的人' }
    const results = codesOf(await Promise.all(['101', '102', '201', '202'].map((room) => call(w, VISITOR, 'request', { ...ask, room }))))
    expect(count(results, 'OK')).toBe(1)
    expect(count(results, 'REQUEST_PENDING')).toBe(3)
    const [pending] = await w.store.find<{ _id: string }>('bindRequests', { status: 'pending' })
    ok(await call(w, DEMO.office, 'decide', { id: pending._id, approve: false, reason: '请带房产证来' }))
    ok(await call(w, VISITOR, 'request', { ...ask, room: '101' }))
  })
})

/**
 * The fake db with `users.openid` unique, as database/indexes.json makes it in CloudBase: a second
 * users document with the same OPENID is refused like a duplicate `_id` (the fake has no isolation,
 * so a concurrent transaction's insert is seen at once, as the unique index would see it).
 */
function withUniqueOpenid(db: FakeCloudbaseDb, race: { armed: boolean }): CloudbaseDb {
  // When armed, a users insert waits (up to 200 ms) for a second one: both transactions have then
  // looked for the OPENID and found nothing, as they would under CloudBase's snapshot isolation.
  let arrived = 0
  let release = () => {}
  const bothHere = new Promise<void>((resolve) => {
    release = resolve
  })
  const guard = (coll: ReturnType<FakeCloudbaseDb['collection']>, name: string) => {
    if (name !== 'users') return coll
    return new Proxy(coll, {
      get(target, prop) {
        if (prop === 'add') {
          return async (doc: { openid?: string }) => {
            if (race.armed) {
              if (++arrived >= 2) release()
              await Promise.race([bothHere, new Promise((resolve) => setTimeout(resolve, 200))])
            }
            if (db.dump('users').some((u) => u.openid === doc.openid)) {
              throw new FakeDbError('DATABASE_DUPLICATE_WRITE', `[DATABASE_DUPLICATE_WRITE] E11000 duplicate key error collection: users index: openid_1 dup key: { openid: "${doc.openid}" }`)
            }
            return target.add(doc)
          }
        }
        const v = Reflect.get(target, prop) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
  }
  return {
    command: db.command,
    collection: (name: string) => guard(db.collection(name), name),
    runTransaction: (fn) => db.runTransaction((tx) => fn({ collection: (name: string) => guard(tx.collection(name), name) })),
  }
}

describe('first binds racing on the CloudBase store (fake db with the users.openid unique index)', () => {
  test('two first binds by the same visitor at once: one binds, the other is CONFLICT (not INTERNAL), one users document', async () => {
    const fake = createFakeCloudbaseDb({ collections: COLLECTIONS })
    const race = { armed: false }
    const store = cloudbaseStore(withUniqueOpenid(fake, race))
    const w = await worldOn(store, () => store.close())
    const codes = await sheetFor(w, 2)
    race.armed = true
    const results = await Promise.all([
      call(w, VISITOR, 'bind', { code: codes.get(HH.b2a)!, relation: 'family', name: '双击' }),
      call(w, VISITOR, 'bind', { code: codes.get(HH.b2b)!, relation: 'family', name: '双击' }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expectFailure(results.find((r) => !r.ok)!, 'CONFLICT')
    expect(fake.dump('users').filter((u) => u.openid === VISITOR)).toHaveLength(1)
    const user = (await userByOpenid(w, VISITOR))!
    expect(await store.find('members', { userId: user._id })).toHaveLength(1)
    // The loser's code still works for someone else; the loser's try was not counted as a failure.
    const loserCode = results[0].ok ? codes.get(HH.b2b)! : codes.get(HH.b2a)!
    expect((await store.get<BindCodeDoc>('bindCodes', hashCode(loserCode)))!.usedAt).toBeNull()
    expect(await store.get('bindAttempts', VISITOR)).toMatchObject({ failures: [], pending: [] })
    await w.dispose()
  })
})

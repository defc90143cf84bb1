/**
 * Accounts for a party's staff outside the demo, end to end on both stores: the office issues a
 * one-time code for one staff member of a party (works.issuePartyCode), the person binds with it
 * (members.bindParty) and becomes a user { role: 'party', partyId, communityId, name }, who can then
 * take a step on a report assigned to their party (reports function) and not on another party's.
 * Every refusal writes nothing (snapshots before/after; a counted wrong code only its try), the
 * lock after 5 wrong codes, and two people racing on one code.
 *
 * Demo facts (server/seed.ts): DEMO.office is the office of 汴绣里 (C), DEMO.otherOffice of 梁苑新村;
 * 王一 (DEMO.resident) owns 1-1-302. Parties and their existing staff: reports-helpers.ts.
 */
import type { AuditEntry } from '../../cloudfunctions/common/audit'
import { hashCode, type PartyCodeDoc } from '../../cloudfunctions/members/codes'
import { handleMembers } from '../../cloudfunctions/members/handler'
import { handleWorks } from '../../cloudfunctions/works/handler'
import { DEMO } from '../../server/seed'
import type { Result } from '../../src/core/errors'
import type { Party } from '../../src/core/parties'
import type { StoredUser } from '../../src/core/roles'
import type { ReportView } from '../../src/core/works-view'
import { C, publishedPlan } from './plans-helpers'
import { acceptItem, addParties, ITEMS, PARTIES, reportFields, reports, STAFF } from './reports-helpers'
import { cloudbaseWorld, expectFailure, NOW, ok, snapshot, sqliteWorld, type World } from './worlds'

const DAY = 24 * 3600 * 1000
/** WeChat users not registered yet (the new staff). */
const NEWCOMER = 'wx-new-staff-a'
const NEWCOMER2 = 'wx-new-staff-b'

type Issued = { code: string; printed: string; expiresAt: string; partyId: string; partyName: string; staffName: string }
type Bound = { user: { _id: string; name: string; role: string; communityId: string | null; partyId: string }; party: { _id: string; name: string; kind: string } }

/** A designer: its people have nothing to do in the app. */
const DESIGNER: Party = { ...PARTIES.contractor, _id: 'p-design', kind: 'designer', name: '示例设计院' }

describe.each([
  ['the embedded SQLite store', sqliteWorld],
  ['the CloudBase store (fake node-sdk db)', cloudbaseWorld],
])('party staff accounts on %s', (_name, make) => {
  let w: World
  let pipes: string

  beforeEach(async () => {
    w = await make()
    await addParties(w.store, ['contractor', 'water', 'property', 'supervisor', 'otherProperty'])
    await w.store.insert('parties', DESIGNER)
    const plan = await publishedPlan(w, ITEMS)
    pipes = plan.items[0]._id
    await acceptItem(w.store, pipes, { warrantyEndsOn: '2027-11-24', contractorPartyId: PARTIES.contractor._id })
  })
  afterEach(() => w.dispose())

  const works = (openid: string, action: string, data?: unknown): Promise<Result<unknown>> => handleWorks(w.deps, { openid }, { action, data })
  const members = (openid: string, action: string, data?: unknown): Promise<Result<unknown>> => handleMembers(w.deps, { openid }, { action, data })
  const issue = async (partyId: string, staffName = '钱工（示例）') => ok<Issued>(await works(DEMO.office, 'issuePartyCode', { partyId, staffName }))
  const bindParty = (openid: string, code: string) => members(openid, 'bindParty', { code })
  const userOf = async (openid: string) => (await w.store.find<StoredUser>('users', { openid }))[0] ?? null
  const auditOf = (action: string) => w.store.find<AuditEntry>('audit', { action })
  const step = (openid: string, r: Pick<ReportView, '_id' | 'version'>, s: string, extra: Record<string, unknown> = {}) =>
    reports(w, openid, s, { reportId: r._id, version: r.version, ...extra })
  const take = async (openid: string, r: Pick<ReportView, '_id' | 'version'>, s: string, extra: Record<string, unknown> = {}) => ok<ReportView>(await step(openid, r, s, extra))

  test('the office issues a code: 7 days, shown once, only its hash stored (kind party), audited without it', async () => {
    const issued = await issue(PARTIES.contractor._id)
    expect(issued).toMatchObject({ partyId: 'p-con', partyName: PARTIES.contractor.name, staffName: '钱工（示例）', expiresAt: new Date(NOW.getTime() + 7 * DAY).toISOString() })
    expect(issued.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
    expect(issued.printed).toBe(`${issued.code.slice(0, 4)}-${issued.code.slice(4)}`)
    const doc = await w.store.get<PartyCodeDoc>('bindCodes', hashCode(issued.code))
    expect(doc).toEqual({
      _id: hashCode(issued.code),
      kind: 'party',
      partyId: 'p-con',
      communityId: C,
      staffName: '钱工（示例）',
      issuedBy: 'u-off-1',
      issuedAt: NOW.toISOString(),
      expiresAt: issued.expiresAt,
      usedAt: null,
      usedBy: null,
      revokedAt: null,
      version: 1,
    })
    const everything = JSON.stringify(await snapshot(w.store))
    expect(everything).not.toContain(issued.code)
    const [entry] = await auditOf('works.issuePartyCode')
    expect(entry).toMatchObject({ communityId: C, byUserId: 'u-off-1', entity: 'parties', entityId: 'p-con', before: null, after: { party: PARTIES.contractor.name, partyKind: '施工单位', staffName: '钱工（示例）' } })
    expect(JSON.stringify(entry)).not.toContain(hashCode(issued.code))
    // Every kind whose people act in the app: utility, property manager, supervisor too.
    for (const p of [PARTIES.water, PARTIES.property, PARTIES.supervisor]) expect((await issue(p._id)).partyId).toBe(p._id)
  })

  test('the staff member binds, then takes steps on a report assigned to their party and not on another party’s', async () => {
    const issued = await issue(PARTIES.contractor._id)
    // Typed loosely: lower case, a space instead of the dash.
    const bound = ok<Bound>(await bindParty(NEWCOMER, `${issued.code.slice(0, 4).toLowerCase()} ${issued.code.slice(4)}`))
    expect(bound).toEqual({
      user: { _id: expect.any(String), name: '钱工（示例）', role: 'party', communityId: C, partyId: 'p-con' },
      party: { _id: 'p-con', name: PARTIES.contractor.name, kind: 'contractor' },
    })
    expect(await userOf(NEWCOMER)).toEqual({ _id: bound.user._id, openid: NEWCOMER, name: '钱工（示例）', role: 'party', partyId: 'p-con', communityId: C })
    expect(await w.store.get('bindCodes', hashCode(issued.code))).toMatchObject({ usedAt: NOW.toISOString(), usedBy: bound.user._id, version: 2 })
    const [entry] = await auditOf('members.bindParty')
    expect(entry).toMatchObject({ byUserId: bound.user._id, entity: 'users', entityId: bound.user._id, before: null, after: { name: '钱工（示例）', role: 'party', party: PARTIES.contractor.name } })
    expect(JSON.stringify(entry)).not.toContain(NEWCOMER)

    // 王一's downpipe under warranty → the contractor; the office accepts and assigns it.
    const filed = ok<ReportView>(await reports(w, DEMO.resident, 'create', reportFields({ itemId: pipes, category: 'drain' })))
    expect(filed.routed.partyId).toBe('p-con')
    const ours = await take(DEMO.office, await take(DEMO.office, filed, 'accept'), 'assign', { partyId: 'p-con' })
    // Another report, assigned to the water company.
    const other = ok<ReportView>(await reports(w, DEMO.resident, 'create', reportFields({ category: 'water', spot: '2单元水表井' })))
    const theirs = await take(DEMO.office, await take(DEMO.office, other, 'accept'), 'assign', { partyId: 'p-water' })

    const before = await snapshot(w.store, ['reports', 'notifications'])
    expectFailure(await step(NEWCOMER, theirs, 'start'), 'FORBIDDEN', /不是派给贵单位/)
    expectFailure(await reports(w, NEWCOMER, 'get', { reportId: theirs._id }), 'FORBIDDEN')
    expect(await snapshot(w.store, ['reports', 'notifications'])).toEqual(before)

    // Their queue holds their party's open report, not the water company's.
    const queue = ok<{ items: { _id: string }[] }>(await reports(w, NEWCOMER, 'queue', { status: 'open' }))
    expect(queue.items.map((r) => r._id)).toEqual([ours._id])

    const started = await take(NEWCOMER, ours, 'start')
    expect(started.status).toBe('inProgress')
    const resolved = await take(NEWCOMER, started, 'resolve', { note: '接口已重新密封。' })
    expect(resolved.status).toBe('resolved')
  })

  test('issuing is refused with nothing written: other community, designer, unknown party, bad name, not the office', async () => {
    const before = await snapshot(w.store)
    expectFailure(await works(DEMO.office, 'issuePartyCode', { partyId: PARTIES.otherProperty._id, staffName: '甲' }), 'NOT_FOUND', /没有找到这个单位/)
    expectFailure(await works(DEMO.office, 'issuePartyCode', { partyId: 'p-nobody', staffName: '甲' }), 'NOT_FOUND')
    expectFailure(await works(DEMO.office, 'issuePartyCode', { partyId: DESIGNER._id, staffName: '甲' }), 'INVALID_INPUT', /设计单位不需要/)
    expectFailure(await works(DEMO.office, 'issuePartyCode', { partyId: 'p-con', staffName: '  ' }), 'INVALID_INPUT', /姓名/)
    expectFailure(await works(DEMO.office, 'issuePartyCode', { partyId: 'p-con', staffName: '名'.repeat(21) }), 'INVALID_INPUT', /20 个字/)
    // The other community's office about its own party is fine; about ours it is not its community.
    expectFailure(await works(DEMO.otherOffice, 'issuePartyCode', { partyId: 'p-con', staffName: '甲' }), 'NOT_FOUND')
    for (const who of [DEMO.resident, STAFF.contractor, DEMO.district]) {
      expectFailure(await works(who, 'issuePartyCode', { communityId: C, partyId: 'p-con', staffName: '甲' }), 'FORBIDDEN')
    }
    expectFailure(await works(NEWCOMER, 'issuePartyCode', { partyId: 'p-con', staffName: '甲' }), 'NOT_REGISTERED')
    expect(await snapshot(w.store)).toEqual(before)
    ok(await works(DEMO.otherOffice, 'issuePartyCode', { partyId: PARTIES.otherProperty._id, staffName: '乙' }))
  })

  test('registered callers are refused, whoever they are, and nothing at all is written (not even a try)', async () => {
    const issued = await issue(PARTIES.contractor._id)
    const before = await snapshot(w.store)
    expectFailure(await bindParty(DEMO.resident, issued.code), 'FORBIDDEN', /已经登记为居民账号.*另一个微信号/)
    expectFailure(await bindParty(STAFF.water, issued.code), 'FORBIDDEN', /已经是施工、维修单位的工作人员账号/)
    expectFailure(await bindParty(DEMO.office, issued.code), 'FORBIDDEN', /社区或政府工作人员账号/)
    expectFailure(await bindParty(DEMO.district, issued.code), 'FORBIDDEN', /社区或政府工作人员账号/)
    expect(await snapshot(w.store)).toEqual(before)
    // A party staff code does not bind a household either, and says where it belongs.
    expectFailure(await members(NEWCOMER, 'bind', { code: issued.code, relation: 'family', name: '甲' }), 'INVALID_INPUT', /我是施工、维修单位的工作人员/)
    const after = await snapshot(w.store)
    expect({ ...after, bindAttempts: [] }).toEqual({ ...before, bindAttempts: [] })
    expect(after.bindAttempts).toEqual([expect.objectContaining({ _id: NEWCOMER, failures: [], pending: [] })])
    expect(await w.store.get('bindCodes', hashCode(issued.code))).toMatchObject({ usedAt: null, version: 1 })
  })

  test('unknown, malformed, household, expired and used codes: refused, only the try recorded; 5 wrong codes lock', async () => {
    const issued = await issue(PARTIES.contractor._id)
    const sheet = ok<{ code: string }[]>(await members(DEMO.office, 'issueCodes', { buildingNumber: 2 }))
    const before = await snapshot(w.store)
    const unchanged = async () => {
      const now = await snapshot(w.store)
      expect({ ...now, bindAttempts: [] }).toEqual({ ...before, bindAttempts: [] })
      return now.bindAttempts as { _id: string; failures: string[]; lockedUntil: string | null }[]
    }

    expectFailure(await bindParty(NEWCOMER, 'ABC'), 'INVALID_INPUT', /8 位/)
    expectFailure(await bindParty(NEWCOMER, 'ABCD-EFG0'), 'INVALID_INPUT', /数字 0/)
    expect(await unchanged()).toEqual([]) // not a code's shape: not even counted
    expectFailure(await bindParty(NEWCOMER, sheet[0].code), 'INVALID_INPUT', /我是住户/)
    expectFailure(await bindParty(NEWCOMER, '2222-2222'), 'CODE_INVALID')
    expect(await unchanged()).toEqual([expect.objectContaining({ _id: NEWCOMER, failures: [NOW.toISOString()], lockedUntil: null })])

    w.setNow(new Date(NOW.getTime() + 7 * DAY)) // expiresAt is exactly now: expired
    expectFailure(await bindParty(NEWCOMER2, issued.code), 'CODE_EXPIRED', /过期.*7 天/)
    expect(await userOf(NEWCOMER2)).toBeNull()
    w.setNow(NOW)

    ok(await bindParty(NEWCOMER2, issued.code))
    const afterBind = await snapshot(w.store, ['users', 'bindCodes', 'audit'])
    expectFailure(await bindParty('wx-new-staff-c', issued.code), 'CODE_USED', /只能用一次/)
    expect(await snapshot(w.store, ['users', 'bindCodes', 'audit'])).toEqual(afterBind)

    // Four more wrong codes within the hour: the fifth failure locks, even the right code is then refused.
    for (let i = 0; i < 4; i++) expectFailure(await bindParty(NEWCOMER, '2222-2223'), 'CODE_INVALID')
    const fresh = await issue(PARTIES.property._id)
    expectFailure(await bindParty(NEWCOMER, fresh.code), 'CODE_LOCKED')
    expect(await userOf(NEWCOMER)).toBeNull()
    expect(await w.store.get('bindCodes', hashCode(fresh.code))).toMatchObject({ usedAt: null })
    w.setNow(new Date(NOW.getTime() + 3600 * 1000 + 1))
    expect(ok<Bound>(await bindParty(NEWCOMER, fresh.code)).user.partyId).toBe('p-prop')
  })

  test('two people with one code at once: exactly one wins, the other gets CODE_USED, one user, one audit entry', async () => {
    const issued = await issue(PARTIES.water._id)
    const results = await Promise.all([bindParty(NEWCOMER, issued.code), bindParty(NEWCOMER2, issued.code)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expectFailure(results.find((r) => !r.ok)!, 'CODE_USED')
    const users = [await userOf(NEWCOMER), await userOf(NEWCOMER2)].filter((u): u is StoredUser => u !== null)
    expect(users).toHaveLength(1)
    expect(users[0]).toMatchObject({ role: 'party', partyId: 'p-water', communityId: C })
    expect(await auditOf('members.bindParty')).toHaveLength(1)
    expect(await w.store.get('bindCodes', hashCode(issued.code))).toMatchObject({ usedBy: users[0]._id, version: 2 })
  })
})

/**
 * A flat changes hands: when the registered owners change (an edit or a roster import), members
 * bound as owners who are no longer registered become family (no deciding, inviting or removing),
 * logged under the action that caused it; members still registered stay owners.
 * Seed: 王一 (DEMO.resident) is bound as owner of 1-1-302 for its first registered owner.
 */
import { writeSheet } from '../../cloudfunctions/common/excel'
import { handleHouseholds } from '../../cloudfunctions/households/handler'
import { handleMembers } from '../../cloudfunctions/members/handler'
import { DEMO } from '../../server/seed'
import type { AuditEntry } from '../../src/core/audit-view'
import type { Household } from '../../src/core/community'
import { householdToRow, ROSTER_COLUMNS } from '../../src/core/roster'
import type { Membership } from '../../src/core/roles'
import { expectFailure, ok, sqliteWorld, type World } from './worlds'

const H302 = `${DEMO.communityId}-b1-u1-302`
const WANG = `${H302}:u-res-1`

let w: World
beforeEach(async () => {
  w = await sqliteWorld()
})
afterEach(() => w.dispose())

const households = (action: string, data: unknown) => handleHouseholds(w.deps, { openid: DEMO.office }, { action, data })
const relationOf = async () => (await w.store.get<Membership>('members', WANG))?.relation

test('the office replaces the owners: the former owner becomes family, logged, and may no longer invite', async () => {
  const h = (await w.store.get<Household>('households', H302))!
  ok(await households('update', { id: H302, version: h.version, owners: [{ name: '新业主', idTail: '8888' }], coOwned: false }))
  expect(await relationOf()).toBe('family')
  const log = await w.store.find<AuditEntry>('audit', { entity: 'members', entityId: WANG })
  expect(log).toMatchObject([{ action: 'households.update', before: { relation: 'owner' }, after: { relation: 'family' } }])
  expectFailure(await handleMembers(w.deps, { openid: DEMO.resident }, { action: 'invite', data: { householdId: H302 } }), 'FORBIDDEN')
})

test('a change that keeps the registered owners (a phone number, a co-owner added) keeps the owner', async () => {
  const h = (await w.store.get<Household>('households', H302))!
  const owners = h.owners.map((o) => ({ name: o.name, idTail: o.idTail!, phone: '13800000000' }))
  const saved = ok<Household>(await households('update', { id: H302, version: h.version, owners }))
  expect(await relationOf()).toBe('owner')
  ok(await households('update', { id: H302, version: saved.version, owners: [...owners, { name: '第三人', idTail: '7777' }], coOwned: true }))
  expect(await relationOf()).toBe('owner')
  expect(await w.store.find('audit', { entity: 'members' })).toEqual([])
})

test('a roster import that changes the owners demotes the former owner too', async () => {
  const all = await w.store.find<Household>('households', { communityId: DEMO.communityId })
  const rows = all.map((h) => {
    const row = householdToRow(h._id === H302 ? { ...h, owners: [{ name: '新业主', idTail: '8888' }], coOwned: false } : h)
    return ROSTER_COLUMNS.map((c) => row[c])
  })
  const file = await writeSheet([...ROSTER_COLUMNS], rows)
  const summary = ok<{ updated: number }>(await households('import', { fileBase64: file.toString('base64') }))
  expect(summary.updated).toBe(1)
  expect(await relationOf()).toBe('family')
  expect(await w.store.find<AuditEntry>('audit', { entity: 'members', action: 'households.import' })).toHaveLength(1)
})

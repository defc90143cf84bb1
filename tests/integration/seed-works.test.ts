/**
 * The demo of the works and after (server/seed-works.ts), in 梁苑新村: checked as its office, its
 * resident 吴十 and the contractor's 郑工 would see it, and routed as reports on it would be
 * (src/core/reports.ts routeReport).
 */
import { handleAccount } from '../../cloudfunctions/account/handler'
import { handleWorks } from '../../cloudfunctions/works/handler'
import { DEMO } from '../../server/seed'
import { seedDemoWorks, WORKS_ITEM_TITLES } from '../../server/seed-works'
import type { Party } from '../../src/core/parties'
import { routeReport } from '../../src/core/reports'
import { chinaDate, daysBetween } from '../../src/core/time'
import type { AcceptanceView, ObservationView, SupervisorView, WorksItem } from '../../src/core/works-view'
import type { Me } from '../../src/services/account'
import { NOW, ok, sqliteWorld, type World } from './worlds'

let world: World
beforeAll(async () => {
  world = await sqliteWorld({
    setup: (store) =>
      seedDemoWorks(store, NOW, { communityId: DEMO.otherCommunityId, office: DEMO.otherOffice, resident: DEMO.otherResident, contractor: DEMO.contractor, contractorPartyId: DEMO.contractorPartyId }),
  })
})
afterAll(() => world.dispose())

const works = <T>(openid: string, action: string, data: unknown = {}) => handleWorks(world.deps, { openid }, { action, data }).then((r) => ok<T>(r))
const TODAY = chinaDate(NOW)

async function items(): Promise<Record<string, WorksItem>> {
  const { items } = await works<{ items: WorksItem[] }>(DEMO.otherResident, 'items')
  return Object.fromEntries(items.map((i) => [i.title, i]))
}

async function parties(): Promise<Party[]> {
  return (await works<{ items: Party[] }>(DEMO.otherOffice, 'parties')).items
}

/** What routing knows of an item (as the reports function reads it from the plan's progress). */
const facts = (i: WorksItem) => ({ itemTitle: i.title, warrantyEndsOn: i.warrantyEndsOn, contractorPartyId: i.contractorPartyId })

test('four items: water and downpipes accepted, lighting under way, the roofs finished and waiting', async () => {
  const all = await items()
  expect(Object.keys(all).sort()).toEqual(Object.values(WORKS_ITEM_TITLES).sort())
  expect(all[WORKS_ITEM_TITLES.water]).toMatchObject({ status: 'done', lastOutcome: 'passed', observable: false, contractorName: '某建设工程公司（示例）' })
  expect(all[WORKS_ITEM_TITLES.downpipes]).toMatchObject({ status: 'done', lastOutcome: 'passed', observable: false, scopeLabel: '2号楼' })
  expect(all[WORKS_ITEM_TITLES.lighting]).toMatchObject({ status: 'works', acceptedAt: null, observable: true, observations: 2, unanswered: 1, supervisors: 1 })
  expect(all[WORKS_ITEM_TITLES.roof]).toMatchObject({ status: 'done', acceptedAt: null, lastOutcome: null, observable: true })
})

test('the downpipes were accepted about 40 days ago and are under the contractor\'s warranty: a report goes to the contractor', async () => {
  const downpipes = (await items())[WORKS_ITEM_TITLES.downpipes]
  expect(daysBetween(chinaDate(downpipes.acceptedAt!), TODAY)).toBe(40)
  expect(daysBetween(TODAY, downpipes.warrantyEndsOn!)).toBeGreaterThan(600)
  expect(downpipes.contractorPartyId).toBe(DEMO.contractorPartyId)
  const routed = routeReport({ category: 'drain', item: facts(downpipes) }, await parties(), NOW)
  expect(routed).toMatchObject({ kind: 'contractor', partyId: DEMO.contractorPartyId, name: '某建设工程公司（示例）' })
})

test('the water mains\' warranty ended a year ago: a water report goes to the water utility that owns the lines', async () => {
  const water = (await items())[WORKS_ITEM_TITLES.water]
  expect(daysBetween(chinaDate(water.acceptedAt!), TODAY)).toBeGreaterThanOrEqual(3 * 365)
  expect(water.warrantyEndsOn! < TODAY).toBe(true)
  const routed = routeReport({ category: 'water', item: facts(water) }, await parties(), NOW)
  expect(routed).toMatchObject({ kind: 'utility', name: '某供水公司（示例）' })
  expect(routed.reason).toContain('已过保修期')
})

test('no property manager (无物业): a report on nothing under warranty and on no utility\'s line goes to the community office', async () => {
  const list = await parties()
  expect(list.map((p) => p.kind).sort()).toEqual(['contractor', 'designer', 'supervisor', 'surveyor', 'utility', 'utility'])
  expect(routeReport({ category: 'lighting', item: null }, list, NOW)).toMatchObject({ kind: 'office', partyId: null })
  expect(routeReport({ category: 'gas', item: null }, list, NOW)).toMatchObject({ kind: 'utility', name: '某燃气公司（示例）' })
})

test('the roofs wait for their acceptance: the office may record it now', async () => {
  const roof = (await items())[WORKS_ITEM_TITLES.roof]
  const view = await works<AcceptanceView>(DEMO.otherOffice, 'acceptance', { itemId: roof.itemId })
  expect(view).toMatchObject({ status: 'done', canRecord: true, refusal: null, attempts: [] })
  expect(view.parties).toHaveLength(6)
})

test('the lighting: 吴十 supervises it; one observation answered by 郑工 for the contractor, one waiting', async () => {
  const lighting = (await items())[WORKS_ITEM_TITLES.lighting]
  const sup = await works<{ items: SupervisorView[] }>(DEMO.otherOffice, 'supervisors', { itemId: lighting.itemId })
  expect(sup.items.map((s) => [s.displayName, s.targetLabel, s.mine])).toEqual([['吴叔（2号楼）', WORKS_ITEM_TITLES.lighting, false]])
  const obs = await works<{ items: ObservationView[] }>(DEMO.otherResident, 'observations', { itemId: lighting.itemId })
  expect(obs.items.map((o) => [o.authorLabel, o.mine, o.answers.map((a) => [a.as, a.byName])])).toEqual([
    ['监督员 吴叔（2号楼）', true, [['contractor', '某建设工程公司（示例）']]],
    ['居民（2号楼）', true, []],
  ])
})

test('the demo users: 吴十 owns a flat of 梁苑新村; 郑工 is greeted with the contractor he works for', async () => {
  const wu = ok<Me>(await handleAccount(world.deps, { openid: DEMO.otherResident }, { action: 'me', data: {} }))
  expect(wu).toMatchObject({ community: { name: '梁苑新村' }, households: [{ relation: 'owner', label: '2号楼1单元302' }], party: null })
  const zheng = ok<Me>(await handleAccount(world.deps, { openid: DEMO.contractor }, { action: 'me', data: {} }))
  expect(zheng).toMatchObject({ user: { role: 'party', roleLabel: '参建或维修单位' }, community: { name: '梁苑新村' }, party: { _id: DEMO.contractorPartyId, name: '某建设工程公司（示例）', kind: 'contractor', kindLabel: '施工单位' } })
})

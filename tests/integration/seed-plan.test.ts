/**
 * The demo plan (server/seed-plan.ts) goes in through the plans and feedback functions; here it
 * is checked as a resident and the office would see it.
 */
import { handlePlans } from '../../cloudfunctions/plans/handler'
import { DEMO } from '../../server/seed'
import { seedDemoPlan } from '../../server/seed-plan'
import type { Household } from '../../src/core/community'
import type { DraftView, MineView, PlanView, TimelineView } from '../../src/core/plan-view'
import { NOW, ok, sqliteWorld, type World } from './worlds'

let world: World
beforeAll(async () => {
  // Tests seed without the plan; here it goes in on top, as `npm start` does it.
  world = await sqliteWorld({
    setup: (store) => seedDemoPlan(store, NOW, { communityId: DEMO.communityId, office: DEMO.office, tenantResident: DEMO.resident2 }),
  })
})
afterAll(() => world.dispose())

const as = (openid: string, action: string, data: unknown = {}) => handlePlans(world.deps, { openid }, { action, data })

test('35 items: 25 for the community and its buildings, an elevator candidate for each of the 10 units', async () => {
  const plan = ok<PlanView>(await as(DEMO.resident, 'get'))
  expect(plan.items).toHaveLength(35)
  expect(plan.items.filter((i) => i.menuKey === 'elevator').map((i) => i.scopeLabel)).toEqual(
    [1, 2, 3, 4, 5].flatMap((b) => [`${b}号楼1单元`, `${b}号楼2单元`]),
  )
  expect(new Set(plan.items.map((i) => i.category))).toEqual(new Set(['basic', 'improvement', 'upgrade']))
  expect(plan).toMatchObject({ edition: 1, stage: 'publicity', publicity: { kind: 'running' } })
})

test('every household\'s shares of every item add up to the residents\' part exactly', async () => {
  const households = await world.store.find<Household>('households', { communityId: DEMO.communityId })
  const plan = ok<PlanView>(await as(DEMO.office, 'get'))
  const paid = new Map<string, number>()
  // Read each household's shares as the office would see them through `mine`'s computation:
  // the demo resident's own call, and the core table for the rest, must agree.
  const { shareTable } = await import('../../src/core/shares')
  for (const item of plan.items) {
    const table = shareTable(item, households)
    expect(table.shares.reduce((s, x) => s + x.fen, 0)).toBe(item.funding.residents)
    for (const s of table.shares) paid.set(s.householdId, (paid.get(s.householdId) ?? 0) + s.fen)
  }
  const mine = ok<MineView>(await as(DEMO.resident, 'mine', { householdId: `${DEMO.communityId}-b1-u1-302` }))
  expect(mine.totalFen).toBe(paid.get(`${DEMO.communityId}-b1-u1-302`))
  const elevator = mine.items.find((i) => i.item.title === '1号楼1单元加装电梯')!
  // Floor 3, weight 5 of 70 in the unit: 450,000 × 5 / 70 = 32,142.857… yuan
  expect(elevator.shareFen).toBe(3_214_286)
  expect(elevator.formula).toContain('本户楼层系数 5 ÷ 范围内系数合计 70')
})

test('the project history reads survey → consultation → design → publicity, and 立项 waits for the 公示', async () => {
  const timeline = ok<TimelineView>(await as(DEMO.resident, 'timeline'))
  expect(timeline.stage).toBe('publicity')
  expect(timeline.stages.filter((s) => s.state === 'done').map((s) => s.label)).toEqual(['调查摸底', '征求意见', '方案设计'])
  const draft = ok<DraftView>(await as(DEMO.office, 'getDraft'))
  expect(draft.gate.problems).toEqual(['方案公示期还没有结束。'])
  expect(draft.openFeedback).toEqual({ objections: 0, comments: 0 })
})

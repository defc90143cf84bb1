/** Plan rules (src/core/plan.ts): what a valid item is, drafts vs published editions. */
import { AppError } from '@/core/errors'
import { parseYuan, formatYuan } from '@/core/money'
import { addItem, checkItem, newPlan, publishPlan, removeItem, replaceItem, revisePlan, type ItemFields, type Plan, type PlanItem } from '@/core/plan'
import * as z from 'zod/mini'
import { itemFieldsSchema } from '@/core/plan'

const NOW = new Date('2026-11-25T02:00:00Z')
const SHAPE = {
  buildings: [{ _id: 'c1-b1', number: 1 }, { _id: 'c1-b2', number: 2 }],
  units: [{ _id: 'c1-b1-u1', buildingId: 'c1-b1', number: 1 }],
}

function fields(over: Partial<ItemFields> = {}): ItemFields {
  return {
    menuKey: 'roads',
    title: '小区道路修缮',
    category: 'basic',
    scope: { kind: 'community' },
    description: '',
    photos: [],
    costFen: 100000,
    funding: { central: 60000, provincial: 0, city: 10000, district: 10000, propertyUnit: 0, utility: 0, residents: 20000, donation: 0 },
    shareRule: 'equal',
    decisionKind: 'major',
    ...over,
  }
}

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return e instanceof AppError ? `${e.code}: ${e.message}` : String(e)
  }
  return 'ok'
}

test('funding parts must add up to the cost; the message says by how much', () => {
  expect(code(() => checkItem(fields(), SHAPE))).toBe('ok')
  const short = fields({ funding: { ...fields().funding, residents: 15000 } })
  expect(code(() => checkItem(short, SHAPE))).toBe('FUNDING_MISMATCH: 各方出资合计 950.00 元，与估算费用 1,000.00 元 不一致（还差 50.00 元）。')
  const over = fields({ funding: { ...fields().funding, residents: 30000 } })
  expect(code(() => checkItem(over, SHAPE))).toContain('多出 100.00 元')
})

test('negative or absurd amounts are refused by the schema with a Chinese message', () => {
  const negative = z.safeParse(itemFieldsSchema, fields({ costFen: -5 }))
  expect(negative.success).toBe(false)
  expect(negative.error?.issues[0].message).toBe('估算费用要大于 0')
  const absurd = z.safeParse(itemFieldsSchema, fields({ costFen: 100_000_000_01 }))
  expect(absurd.error?.issues[0].message).toContain('超过 1 亿元')
  const part = z.safeParse(itemFieldsSchema, fields({ funding: { ...fields().funding, city: -1 } }))
  expect(part.error?.issues[0].message).toBe('金额不能是负数')
  expect(z.safeParse(itemFieldsSchema, fields({ costFen: 10.5 })).success).toBe(false)
})

test('a scope outside the community is refused', () => {
  expect(code(() => checkItem(fields({ scope: { kind: 'buildings', buildingIds: ['c1-b2'] } }), SHAPE))).toBe('ok')
  expect(code(() => checkItem(fields({ scope: { kind: 'buildings', buildingIds: ['c2-b1'] } }), SHAPE))).toMatch(/^SCOPE_OUTSIDE/)
  expect(code(() => checkItem(fields({ scope: { kind: 'unit', unitId: 'c2-b1-u1' } }), SHAPE))).toMatch(/^SCOPE_OUTSIDE/)
  expect(code(() => checkItem(fields({ scope: { kind: 'buildings', buildingIds: ['c1-b1', 'c1-b1'] } }), SHAPE))).toContain('选了两次')
})

test('floor weights only for a floor-shared item on a building or unit', () => {
  expect(code(() => checkItem(fields({ shareRule: 'floor' }), SHAPE))).toContain('只适用于某栋楼或某个单元')
  expect(code(() => checkItem(fields({ shareRule: 'floor', scope: { kind: 'unit', unitId: 'c1-b1-u1' }, floorWeights: [0, 1, 2] }), SHAPE))).toBe('ok')
  expect(code(() => checkItem(fields({ floorWeights: [0, 1] }), SHAPE))).toContain('只有“按楼层系数分摊”')
})

function designPlan(): Plan {
  const plan = { ...newPlan('c1', { title: '汴绣里小区改造方案', summary: '' }, 'u-office', NOW), stage: 'design' as const }
  return addItem(plan, { ...fields(), _id: 'i1' }, 'u-office', NOW)
}

test('publishing freezes an edition; the published plan cannot be edited without a revision', () => {
  const { plan, edition } = publishPlan(designPlan(), { userId: 'u-office', now: NOW, publicityEndsOn: '2026-12-02', noticeId: 'n1' })
  expect(edition).toMatchObject({ _id: 'plan-c1:e1', edition: 1, publicityEndsOn: '2026-12-02' })
  expect(plan).toMatchObject({ status: 'published', publishedEdition: 1 })
  expect(plan.progress.i1).toMatchObject({ status: 'proposed', decision: 'pending' })
  const edit = () => replaceItem(plan, { ...fields({ title: '改过' }), _id: 'i1' }, 'u-office', NOW)
  expect(code(edit)).toMatch(/^PLAN_NOT_DRAFT/)
  expect(code(() => addItem(plan, { ...fields(), _id: 'i2' }, 'u', NOW))).toMatch(/^PLAN_NOT_DRAFT/)
  expect(code(() => removeItem(plan, 'i1', 'u', NOW))).toMatch(/^PLAN_NOT_DRAFT/)

  const draft2 = revisePlan(plan, 'u-office', NOW)
  expect(draft2).toMatchObject({ status: 'draft', edition: 2, publishedEdition: 1 })
  const edited = replaceItem(draft2, { ...fields({ title: '改过' }) as ItemFields, _id: 'i1' } as PlanItem, 'u-office', NOW)
  expect(edited.items[0].title).toBe('改过')
  expect(edition.items[0].title).toBe('小区道路修缮') // the published edition is untouched
  const second = publishPlan(edited, { userId: 'u-office', now: NOW, publicityEndsOn: '2026-12-09', noticeId: 'n2' })
  expect(second.edition._id).toBe('plan-c1:e2')
  expect(second.plan.progress.i1).toBe(plan.progress.i1) // progress carries over
})

test('publishing needs items, the design stage, and stops after approval', () => {
  const empty = { ...newPlan('c1', { title: 'x', summary: '' }, 'u', NOW), stage: 'design' as const }
  const ctx = { userId: 'u', now: NOW, publicityEndsOn: '2026-12-02', noticeId: 'n' }
  expect(code(() => publishPlan(empty, ctx))).toContain('还没有任何项目')
  expect(code(() => publishPlan({ ...designPlan(), stage: 'consultation' }, ctx))).toMatch(/^STAGE_GATE/)
  expect(code(() => publishPlan({ ...designPlan(), stage: 'approval' }, ctx))).toContain('已经立项')
  const published = publishPlan(designPlan(), ctx).plan
  expect(code(() => revisePlan({ ...published, stage: 'tender' }, 'u', NOW))).toContain('已经立项')
  expect(code(() => revisePlan(designPlan(), 'u', NOW))).toMatch(/^PLAN_NOT_PUBLISHED/)
})

test('yuan typed by people becomes exact fen', () => {
  expect(parseYuan('12345.6')).toBe(1234560)
  expect(parseYuan('1,234')).toBe(123400)
  expect(parseYuan(' 0.05 元')).toBe(5)
  expect(parseYuan('0.1')).toBe(10)
  expect(parseYuan('1.005')).toBeNull()
  expect(parseYuan('-3')).toBeNull()
  expect(parseYuan('abc')).toBeNull()
  expect(parseYuan('')).toBeNull()
  expect(formatYuan(1234560)).toBe('12,345.60')
  expect(formatYuan(5)).toBe('0.05')
})

test('residents paying makes an item a major owners\' decision (voting-law.md)', () => {
  expect(code(() => checkItem(fields({ decisionKind: 'ordinary' }), SHAPE))).toContain('属于业主共同决定的重大事项')
  expect(code(() => checkItem(fields({ decisionKind: 'survey' }), SHAPE))).toMatch(/^INVALID_INPUT/)
  const noResidents = { ...fields().funding, residents: 0, central: 80000 }
  expect(code(() => checkItem(fields({ decisionKind: 'ordinary', funding: noResidents }), SHAPE))).toBe('ok')
})

test('once owners decided an item, its terms cannot change under the decision', () => {
  const published = publishPlan(designPlan(), { userId: 'u', now: NOW, publicityEndsOn: '2026-12-02', noticeId: 'n' }).plan
  const decided = { ...published, progress: { i1: { ...published.progress.i1, decision: 'passed' as const, decisionRef: '业主大会决议' } } }
  const draft = revisePlan(decided, 'u', NOW)
  const same = { ...fields(), _id: 'i1' }
  expect(code(() => replaceItem(draft, { ...same, title: '小区主路修缮', description: '补充说明' }, 'u', NOW))).toBe('ok')
  expect(code(() => replaceItem(draft, { ...same, costFen: 200000, funding: { ...same.funding, residents: 120000 } }, 'u', NOW))).toContain('已有业主表决结果')
  expect(code(() => replaceItem(draft, { ...same, scope: { kind: 'buildings', buildingIds: ['c1-b1'] } }, 'u', NOW))).toContain('已有业主表决结果')
  // Before any decision the same change is fine.
  expect(code(() => replaceItem(revisePlan(published, 'u', NOW), { ...same, costFen: 200000, funding: { ...same.funding, residents: 120000 } }, 'u', NOW))).toBe('ok')
})

/**
 * The text of the 公示 notice a plan is published with (cloudfunctions/plans/publicity-notice.ts):
 * it fits the notice limits whatever the plan holds, and says where and until when to object.
 */
import { publicityBody, publicityTitle } from '../../../cloudfunctions/plans/publicity-notice'
import { BODY_MAX, TITLE_MAX } from '../../../src/core/notice'
import { PLAN_ITEMS_MAX, PLAN_SUMMARY_MAX, PLAN_TITLE_MAX, ITEM_TITLE_MAX, type PlanItem } from '../../../src/core/plan'

const shape = {
  buildings: [{ _id: 'b1', number: 1 }, { _id: 'b2', number: 2 }],
  units: [{ _id: 'b1-u2', buildingId: 'b1', number: 2 }],
}
const NONE = { central: 0, provincial: 0, city: 0, district: 0, propertyUnit: 0, utility: 0, residents: 0, donation: 0 }

function item(i: number, more: Partial<PlanItem> = {}): PlanItem {
  return {
    _id: `i-${i}`,
    menuKey: 'roads',
    title: `项目${i}`,
    category: 'basic',
    scope: { kind: 'community' },
    description: '',
    photos: [],
    costFen: 123_456_78,
    funding: { ...NONE, central: 100_000_00, residents: 23_456_78 },
    shareRule: 'area',
    decisionKind: 'ordinary',
    ...more,
  }
}

test('the title names the plan and the edition, shortened to the notice limit', () => {
  expect(publicityTitle('汴绣里小区改造方案', 2)).toBe('《汴绣里小区改造方案》第2版公示')
  const long = publicityTitle('方'.repeat(PLAN_TITLE_MAX), 12)
  expect(long.length).toBe(TITLE_MAX)
  expect(long).toMatch(/^《方+…》第12版公示$/)
})

test('the body lists each item with scope, cost and residents\' part, the period and where to object', () => {
  const body = publicityBody(
    {
      title: '方案',
      summary: '说明',
      edition: 1,
      items: [
        item(1),
        item(2, { scope: { kind: 'buildings', buildingIds: ['b1', 'b2'] }, funding: { ...NONE, city: 123_456_78 }, category: 'upgrade' }),
        item(3, { scope: { kind: 'unit', unitId: 'b1-u2' } }),
      ],
    },
    shape,
    '2026-11-25',
    '2026-12-02',
  )
  expect(body.split('\n')).toEqual([
    '《方案》（第1版）现予公示，公示期自 2026年11月25日 至 2026年12月2日。',
    '方案说明：说明',
    '改造项目共 3 项：',
    '1. 项目1（基础类，范围：全小区）估算费用 123,456.78 元，其中居民出资 23,456.78 元',
    '2. 项目2（提升类，范围：1号楼、2号楼）估算费用 123,456.78 元，居民不出资',
    '3. 项目3（基础类，范围：1号楼2单元）估算费用 123,456.78 元，其中居民出资 23,456.78 元',
    expect.stringContaining('请在 2026年12月2日 24 时前，在小程序“改造方案”页面提出公示异议'),
    expect.stringContaining('每户具体出资金额'),
  ])
})

test('the largest plan still fits the notice body, ending the list with how many items are left', () => {
  const items = Array.from({ length: PLAN_ITEMS_MAX }, (_, i) => item(i + 1, { title: `${'长'.repeat(ITEM_TITLE_MAX - 4)}${i + 1}` }))
  const body = publicityBody({ title: '方'.repeat(PLAN_TITLE_MAX), summary: '说'.repeat(PLAN_SUMMARY_MAX), edition: 1, items }, shape, '2026-11-25', '2026-12-02')
  expect(body.length).toBeLessThanOrEqual(BODY_MAX)
  const lines = body.split('\n')
  const listed = lines.filter((l) => /^\d+\. /.test(l)).length
  expect(listed).toBeGreaterThan(0)
  expect(listed).toBeLessThan(PLAN_ITEMS_MAX)
  expect(lines).toContain(`……另有 ${PLAN_ITEMS_MAX - listed} 项，详见小程序“改造方案”页面。`)
  expect(lines[lines.length - 2]).toContain('提出公示异议')
})

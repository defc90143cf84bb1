/** Cost shares (src/core/shares.ts): cases worked out by hand, then the sum property on many random tables. */
import { AppError } from '@/core/errors'
import type { PlanItem, Scope } from '@/core/plan'
import { shareFormula, shareOf, shareTable } from '@/core/shares'

function item(over: Partial<PlanItem> & { residents: number; scope?: Scope }): PlanItem {
  const { residents, ...rest } = over
  return {
    _id: 'item-1',
    menuKey: 'roads',
    title: '小区道路修缮',
    category: 'basic',
    scope: over.scope ?? { kind: 'community' },
    description: '',
    photos: [],
    costFen: residents,
    funding: { central: 0, provincial: 0, city: 0, district: 0, propertyUnit: 0, utility: 0, residents, donation: 0 },
    shareRule: 'equal',
    decisionKind: 'ordinary',
    ...rest,
  }
}

function flat(id: string, more: { floor?: number; area?: number; building?: string; unit?: string } = {}) {
  return { _id: id, buildingId: more.building ?? 'b1', unitId: more.unit ?? 'b1-u1', floor: more.floor ?? 1, areaCentiM2: more.area ?? 8000 }
}

test('equal: 100.00 yuan over 3 households is 33.34 + 33.33 + 33.33 (the spare fen to the first by id)', () => {
  const t = shareTable(item({ residents: 10000 }), [flat('h3'), flat('h1'), flat('h2')])
  expect(t.shares.map((s) => [s.householdId, s.fen])).toEqual([['h1', 3334], ['h2', 3333], ['h3', 3333]])
  expect(t.shares[0].exact.toString()).toBe('10000/3')
  expect(t.households).toBe(3)
})

test('area: 1,000.00 yuan over 50, 75 and 125 m² is exactly 200, 300 and 500 yuan', () => {
  const t = shareTable(item({ residents: 100000, shareRule: 'area' }), [flat('a', { area: 5000 }), flat('b', { area: 7500 }), flat('c', { area: 12500 })])
  expect(t.shares.map((s) => s.fen)).toEqual([20000, 30000, 50000])
  expect(t.totalWeight).toBe(25000)
})

test('area: 1 yuan over 10.00, 10.00 and 10.01 m² gives the spare fen to the largest remainder (the larger flat)', () => {
  // 100 × 1000 / 3001 = 33 rem 967 (twice); 100 × 1001 / 3001 = 33 rem 1067 → 33, 33, 34
  const t = shareTable(item({ residents: 100, shareRule: 'area' }), [flat('a', { area: 1000 }), flat('b', { area: 1000 }), flat('c', { area: 1001 })])
  expect(t.shares.map((s) => s.fen)).toEqual([33, 33, 34])
})

test('elevator: 350,000 yuan over a 6-floor unit with 2 flats a floor, default weights 0,3,5,7,9,11', () => {
  const flats = [1, 2, 3, 4, 5, 6].flatMap((f) => [flat(`f${f}a`, { floor: f }), flat(`f${f}b`, { floor: f })])
  const t = shareTable(item({ residents: 35_000_000, shareRule: 'floor', scope: { kind: 'unit', unitId: 'b1-u1' } }), flats)
  // Σ weights = 2 × (0+3+5+7+9+11) = 70; one weight point = 35,000,000 / 70 = 500,000 fen (5,000 yuan)
  expect(t.totalWeight).toBe(70)
  const byId = Object.fromEntries(t.shares.map((s) => [s.householdId, s.fen]))
  expect(byId.f1a).toBe(0)
  expect(byId.f2a).toBe(1_500_000)
  expect(byId.f6b).toBe(5_500_000)
  expect(t.shares.reduce((s, x) => s + x.fen, 0)).toBe(35_000_000)
})

test('elevator with the unit\'s own weights 0,0,1,2: 10 fen → 0, 0, 3, 7', () => {
  // 10×1/3 = 3 rem 1; 10×2/3 = 6 rem 2; one fen left → floor 4
  const flats = [1, 2, 3, 4].map((f) => flat(`h${f}`, { floor: f }))
  const t = shareTable(item({ residents: 10, shareRule: 'floor', floorWeights: [0, 0, 1, 2], scope: { kind: 'unit', unitId: 'b1-u1' } }), flats)
  expect(t.shares.map((s) => s.fen)).toEqual([0, 0, 3, 7])
})

test('only households in the scope pay', () => {
  const flats = [flat('x1', { building: 'b1', unit: 'b1-u1' }), flat('x2', { building: 'b1', unit: 'b1-u2' }), flat('y1', { building: 'b2', unit: 'b2-u1' })]
  expect(shareTable(item({ residents: 900, scope: { kind: 'buildings', buildingIds: ['b1'] } }), flats).shares.map((s) => s.householdId)).toEqual(['x1', 'x2'])
  expect(shareTable(item({ residents: 900, scope: { kind: 'unit', unitId: 'b1-u2' } }), flats).shares.map((s) => [s.householdId, s.fen])).toEqual([['x2', 900]])
  expect(shareOf(item({ residents: 900, scope: { kind: 'unit', unitId: 'b1-u2' } }), flats, 'y1')).toBeNull()
})

test('no residents\' part: everyone pays 0, even with nobody in scope', () => {
  expect(shareTable(item({ residents: 0 }), [flat('a')]).shares[0].fen).toBe(0)
  expect(shareTable(item({ residents: 0, scope: { kind: 'unit', unitId: 'none' } }), [flat('a')]).shares).toEqual([])
})

test('a residents\' part nobody can carry is refused', () => {
  const groundFloorOnly = [flat('a', { floor: 1 }), flat('b', { floor: 1 })]
  const zeroWeights = () => shareTable(item({ residents: 100, shareRule: 'floor', scope: { kind: 'unit', unitId: 'b1-u1' } }), groundFloorOnly)
  expect(zeroWeights).toThrow(AppError)
  expect(zeroWeights).toThrow('系数都是 0')
  expect(() => shareTable(item({ residents: 100, scope: { kind: 'unit', unitId: 'none' } }), groundFloorOnly)).toThrow('没有住户')
})

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

test('on 500 random tables the shares add up to the residents\' part exactly and each is within 1 fen of exact', () => {
  const rand = rng(278)
  for (let round = 0; round < 500; round++) {
    const n = 1 + Math.floor(rand() * 60)
    const rule = (['equal', 'area', 'floor'] as const)[round % 3]
    const flats = Array.from({ length: n }, (_, i) => flat(`h${String(i).padStart(3, '0')}`, { floor: 1 + Math.floor(rand() * 7), area: 3000 + Math.floor(rand() * 12000) }))
    if (rule === 'floor') flats[0].floor = 3 // at least one weight above zero
    const residents = Math.floor(rand() * 50_000_000)
    const t = shareTable(item({ residents, shareRule: rule, scope: { kind: 'unit', unitId: 'b1-u1' } }), flats)
    expect(t.shares.reduce((s, x) => s + x.fen, 0)).toBe(residents)
    for (const s of t.shares) {
      const diff = BigInt(s.fen) * s.exact.den - s.exact.num // fen − exact, scaled by den
      expect(diff >= -s.exact.den && diff < s.exact.den).toBe(true)
    }
  }
})

test('the formula is spelled out, with the rounding said when there is one', () => {
  const t = shareTable(item({ residents: 10000 }), [flat('h1'), flat('h2'), flat('h3')])
  expect(shareFormula(t, t.shares[0])).toBe(
    '居民出资 100.00 元 ÷ 范围内 3 户 = 33.33… 元，按分取整为 33.34 元（尾差按余数大小分配，各户合计正好等于居民出资）',
  )
  const a = shareTable(item({ residents: 100000, shareRule: 'area' }), [flat('a', { area: 5000 }), flat('b', { area: 7550 })])
  expect(shareFormula(a, a.shares[0])).toBe('居民出资 1,000.00 元 × 本户面积 50 ㎡ ÷ 范围内总面积 125.5 ㎡ = 398.40… 元，按分取整为 398.41 元（尾差按余数大小分配，各户合计正好等于居民出资）')
  const f = shareTable(item({ residents: 35_000_000, shareRule: 'floor', scope: { kind: 'unit', unitId: 'b1-u1' } }), [flat('a', { floor: 2 }), flat('b', { floor: 3 })])
  expect(shareFormula(f, f.shares[1])).toBe('居民出资 350,000.00 元 × 本户楼层系数 5 ÷ 范围内系数合计 8 = 218,750.00 元')
  expect(shareFormula(shareTable(item({ residents: 0 }), [flat('a')]), { householdId: 'a', weight: 1, exact: t.shares[0].exact, fen: 0 })).toBe('本项目居民不出资，本户无需出钱。')
})

/** Exact fractions (src/core/ratio.ts) against the thresholds and worked examples of voting-law.md. */
import { Ratio } from '@/core/ratio'

const TWO_THIRDS = Ratio.of(2, 3)
const HALF = Ratio.of(1, 2)
const THREE_QUARTERS = Ratio.of(3, 4)

test('lowest terms with a positive denominator', () => {
  expect(Ratio.of(6, 9).toString()).toBe('2/3')
  expect(Ratio.of(4, -8).toString()).toBe('-1/2')
  expect(Ratio.of(10, 5).toString()).toBe('2')
  expect(Ratio.of(0, 7).toString()).toBe('0')
  expect(() => Ratio.of(1, 0)).toThrow(RangeError)
  expect(() => Ratio.of(0.5, 1)).toThrow(RangeError)
})

test.each([
  // [what, ratio, threshold, gte, gt] — sources in voting-law.md "Worked examples"
  ['example 1: participation heads 7/10 vs 2/3', Ratio.of(7, 10), TWO_THIRDS, true, true],
  ['example 1: participation area 480/660 vs 2/3', Ratio.of(48000, 66000), TWO_THIRDS, true, true],
  ['example 1: consent heads 5/7 vs 1/2', Ratio.of(5, 7), HALF, true, true],
  ['example 1: consent area 360/480 vs 1/2', Ratio.of(360, 480), HALF, true, true],
  ['example 1: major heads 5/7 vs 3/4 (fails)', Ratio.of(5, 7), THREE_QUARTERS, false, false],
  ['example 1: major area 360/480 = 3/4 ("以上" includes the bound)', Ratio.of(360, 480), THREE_QUARTERS, true, false],
  ['example 2: 3/6 is not more than half', Ratio.of(3, 6), HALF, true, false],
  ['example 3: 6/9 meets "≥ 2/3" exactly', Ratio.of(6, 9), TWO_THIRDS, true, false],
  ['example 4: 1/3 heads, no quorum', Ratio.of(1, 3), TWO_THIRDS, false, false],
] as const)('%s', (_what, r, threshold, gte, gt) => {
  expect(r.gte(threshold)).toBe(gte)
  expect(r.gt(threshold)).toBe(gt)
  expect(r.lt(threshold)).toBe(!gte)
  expect(r.lte(threshold)).toBe(!gt)
})

test('no float error where floats have one: 0.1 + 0.2 = 3/10 exactly', () => {
  expect(Ratio.of(1, 10).add(Ratio.of(2, 10)).equals(Ratio.of(3, 10))).toBe(true)
  // Large areas: 2/3 of an odd number of centi-m² is compared exactly.
  const total = 9_007_199_254_740_991n
  expect(Ratio.of(total * 2n, total * 3n).equals(TWO_THIRDS)).toBe(true)
  expect(Ratio.of(total * 2n - 1n, total * 3n).lt(TWO_THIRDS)).toBe(true)
})

test('arithmetic and percentages in integers', () => {
  expect(Ratio.of(2, 3).sub(Ratio.of(1, 6)).toString()).toBe('1/2')
  expect(Ratio.of(2, 3).mul(Ratio.of(3, 4)).toString()).toBe('1/2')
  expect(Ratio.of(2, 3).toPercent()).toBe('66.67')
  expect(Ratio.of(1, 3).toPercent(1)).toBe('33.3')
  expect(Ratio.of(1, 8).toPercent(1)).toBe('12.5')
  expect(Ratio.of(1, 1).toPercent(0)).toBe('100')
  expect(Ratio.of(-1, 3).toPercent()).toBe('-33.33')
})

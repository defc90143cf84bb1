/**
 * The electorate of a scope (src/core/electorate.ts) per voting-law.md "Counting area and heads":
 * the worked examples computed by hand, and the special cases of the rules.
 */
import type { Household, Owner } from '@/core/community'
import { electorate, electorateHeads, type ElectorateScope } from '@/core/electorate'

const COMMUNITY: ElectorateScope = { kind: 'community' }

let seq = 0
/** A flat; `m2` in whole square metres, stored as centi-m². */
function flat(m2: number, owners: (string | Owner)[], more: Partial<Household> = {}): Household {
  seq++
  const list = owners.map((o) => (typeof o === 'string' ? { name: o, idTail: '0000' } : o))
  return {
    _id: `h${seq}`,
    communityId: 'c',
    buildingId: 'b1',
    unitId: 'b1-u1',
    buildingNumber: 1,
    unitNumber: 1,
    room: String(seq),
    floor: 1,
    areaCentiM2: m2 * 100,
    owners: list,
    coOwned: list.length > 1,
    developerUnsold: false,
    tenantOccupied: false,
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...more,
  }
}
const unsold = (m2: number, more: Partial<Household> = {}) => flat(m2, [], { developerUnsold: true, ...more })

test('voting-law.md example 1: flats 1–9 of 60 m², flat 10 of 120 m², 10 owners → 660 m², 10 heads', () => {
  const building = [...Array.from({ length: 9 }, (_, i) => flat(60, [`业主${i + 1}`])), flat(120, ['业主10'])]
  expect(electorate(building, COMMUNITY)).toEqual({ flats: 10, areaCentiM2: 66000, heads: 10, unsoldFlats: 0 })
})

test('voting-law.md example 3: 9 owners of equal area → 9 heads', () => {
  const flats = Array.from({ length: 9 }, (_, i) => flat(75, [`业主${i + 1}`]))
  expect(electorate(flats, COMMUNITY)).toEqual({ flats: 9, areaCentiM2: 67500, heads: 9, unsoldFlats: 0 })
})

test('voting-law.md example 4: 5 flats of 80 m², A holds 1 and 2, developer holds 4 and 5 → 3 heads, 400 m²', () => {
  const flats = [flat(80, ['A']), flat(80, ['A']), flat(80, ['B']), unsold(80), unsold(80)]
  expect(electorate(flats, COMMUNITY)).toEqual({ flats: 5, areaCentiM2: 40000, heads: 3, unsoldFlats: 2 })
  // A's ballot covers both flats, with their areas added up; the developer's covers 4 and 5.
  expect(electorateHeads(flats, COMMUNITY).map((h) => [h.householdIds.length, h.areaCentiM2])).toEqual([
    [2, 16000],
    [1, 8000],
    [2, 16000],
  ])
})

test('voting-law.md example 5: a stairwell unit of 12 flats decides its elevator alone; the building decides its roof', () => {
  const units = [1, 2, 3].flatMap((u) => Array.from({ length: 12 }, (_, i) => flat(70, [`${u}单元业主${i}`], { unitId: `b1-u${u}`, unitNumber: u })))
  expect(electorate(units, { kind: 'unit', unitId: 'b1-u2' })).toEqual({ flats: 12, areaCentiM2: 84000, heads: 12, unsoldFlats: 0 })
  expect(electorate(units, { kind: 'building', buildingId: 'b1' })).toEqual({ flats: 36, areaCentiM2: 252000, heads: 36, unsoldFlats: 0 })
  expect(electorate(units, { kind: 'building', buildingId: 'b2' })).toEqual({ flats: 0, areaCentiM2: 0, heads: 0, unsoldFlats: 0 })
})

test('an owner of flats in two units: one head in the building, one head in each unit', () => {
  const flats = [
    flat(60, ['王建国'], { unitId: 'b1-u1' }),
    flat(60, ['李秀兰'], { unitId: 'b1-u1' }),
    flat(90, ['王建国'], { unitId: 'b1-u2', unitNumber: 2 }),
    flat(90, ['张海燕'], { unitId: 'b1-u2', unitNumber: 2 }),
  ]
  expect(electorate(flats, { kind: 'building', buildingId: 'b1' })).toMatchObject({ flats: 4, heads: 3, areaCentiM2: 30000 })
  expect(electorate(flats, { kind: 'unit', unitId: 'b1-u1' })).toMatchObject({ flats: 2, heads: 2, areaCentiM2: 12000 })
  expect(electorate(flats, { kind: 'unit', unitId: 'b1-u2' })).toMatchObject({ flats: 2, heads: 2, areaCentiM2: 18000 })
})

test('namesakes with different ID tails are two heads; the same name and tail is one person', () => {
  const namesakes = [flat(60, [{ name: '王建国', idTail: '1234' }]), flat(60, [{ name: '王建国', idTail: '5678' }])]
  expect(electorate(namesakes, COMMUNITY).heads).toBe(2)
  const same = [flat(60, [{ name: '王建国', idTail: '123x' }]), flat(60, [{ name: '王 建国', idTail: '123X' }])]
  expect(electorate(same, COMMUNITY).heads).toBe(1)
})

test('co-owners of one flat are one head; a co-owner who also owns another flat joins them into one head', () => {
  expect(electorate([flat(60, ['甲', '乙']), flat(60, ['丙'])], COMMUNITY).heads).toBe(2)
  // 甲+乙 own flat 1, 乙 alone owns flat 2, 乙+丙 own flat 3: one owner joins them all.
  expect(electorate([flat(60, ['甲', '乙']), flat(60, ['乙']), flat(60, ['乙', '丙']), flat(60, ['丁'])], COMMUNITY).heads).toBe(2)
})

test('all unsold flats of the scope are one head together, whichever units they are in', () => {
  const flats = [
    unsold(60, { unitId: 'b1-u1' }),
    unsold(60, { unitId: 'b1-u2' }),
    unsold(60, { unitId: 'b2-u1', buildingId: 'b2' }),
    flat(60, ['甲'], { unitId: 'b1-u1' }),
  ]
  expect(electorate(flats, COMMUNITY)).toEqual({ flats: 4, areaCentiM2: 24000, heads: 2, unsoldFlats: 3 })
  expect(electorate(flats, { kind: 'building', buildingId: 'b1' })).toEqual({ flats: 3, areaCentiM2: 18000, heads: 2, unsoldFlats: 2 })
  expect(electorate(flats, { kind: 'unit', unitId: 'b1-u2' })).toEqual({ flats: 1, areaCentiM2: 6000, heads: 1, unsoldFlats: 1 })
})

test('areas add up exactly in centi-m² (58.36 + 71.24 + 0.01 = 129.61 m²)', () => {
  const flats = [flat(0, ['甲'], { areaCentiM2: 5836 }), flat(0, ['乙'], { areaCentiM2: 7124 }), flat(0, ['丙'], { areaCentiM2: 1 })]
  expect(electorate(flats, COMMUNITY).areaCentiM2).toBe(12961)
  expect(() => electorate([flat(0, ['甲'], { areaCentiM2: 58.36 })], COMMUNITY)).toThrow(RangeError)
})

test('a chain of co-ownerships is one head (the reviewer\'s case: X+Y own A, Y owns B, Z+X own C)', () => {
  // One vote per flat and one vote per person forces A, B and C onto one ballot (see electorate.ts).
  const chain = [flat(60, ['X', 'Y']), flat(70, ['Y']), flat(80, ['Z', 'X']), flat(90, ['W'])]
  expect(electorate(chain, COMMUNITY)).toMatchObject({ flats: 4, heads: 2, areaCentiM2: 30000 })
})

test('names written with full-width or half-width characters are the same person (NFKC)', () => {
  const flats = [flat(60, [{ name: '王建国', idTail: '123X' }]), flat(60, [{ name: '王建国', idTail: '１２３ｘ' }])]
  expect(electorate(flats, COMMUNITY).heads).toBe(1)
})

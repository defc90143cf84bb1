/**
 * The legal count (src/core/tally.ts) against voting-law.md's worked examples, worked by hand,
 * and the boundaries: exactly 2/3, exactly 1/2, exactly 3/4, multi-flat owners, unsold flats.
 */
import type { Household } from '@/core/community'
import type { VoteChoice } from '@/core/ballot'
import type { Scope } from '@/core/plan'
import { gapLabel, tallyDecision, tallySurvey, type CastVote } from '@/core/tally'
import { formatArea } from '@/core/roster'

const ALL: Scope = { kind: 'community' }

/** A flat: id, area in m², owner name(s); `unsold` for the developer's. */
function flat(id: string, m2: number, owners: string[] | 'unsold', where: { building?: string; unit?: string } = {}): Household {
  return {
    _id: id, communityId: 'c', buildingId: where.building ?? 'b1', unitId: where.unit ?? 'b1-u1', buildingNumber: 1, unitNumber: 1,
    room: id, floor: 1, areaCentiM2: Math.round(m2 * 100),
    owners: owners === 'unsold' ? [] : owners.map((name) => ({ name, idTail: '0000' })),
    coOwned: owners !== 'unsold' && owners.length > 1, developerUnsold: owners === 'unsold', tenantOccupied: false, version: 1, updatedAt: '',
  }
}

let seq = 0
const vote = (householdId: string, choice: VoteChoice): CastVote => ({ householdId, choice, seq: ++seq })

describe('example 1: 10 owners, flats 1–9 of 60 m², flat 10 of 120 m²', () => {
  const flats = [...Array.from({ length: 9 }, (_, i) => flat(`f${i + 1}`, 60, [`业主${i + 1}`])), flat('f10', 120, ['业主10'])]
  // Flats 1–6 and 10 vote; yes = 1–4 and 10; 5 and 6 vote no.
  const votes = [...['f1', 'f2', 'f3', 'f4', 'f10'].map((f) => vote(f, 'yes')), vote('f5', 'no'), vote('f6', 'no')]

  test('participation 7/10 heads and 480/660 m² meet 2/3; ordinary passes with 5/7 and 360/480', () => {
    const t = tallyDecision('ordinary', flats, ALL, votes)
    expect(t.electorate).toEqual({ heads: 10, areaCentiM2: 66000 })
    expect(t.participated).toEqual({ heads: 7, areaCentiM2: 48000 })
    expect(t.participation.heads?.toString()).toBe('7/10')
    expect(t.participation.area?.toString()).toBe('8/11')
    expect(t.participation.met).toBe(true)
    expect(t.yes).toEqual({ heads: 5, areaCentiM2: 36000 })
    expect(t.consent.heads?.toString()).toBe('5/7')
    expect(t.consent.area?.toString()).toBe('3/4')
    expect(t.passed).toBe(true)
  })

  test('as a major item it fails: 5/7 heads < 3/4 although the area 360/480 = 3/4 meets "≥"', () => {
    const t = tallyDecision('major', flats, ALL, votes)
    expect(t.consent.area?.toString()).toBe('3/4')
    expect(t.consent.met).toBe(false)
    expect(t.passed).toBe(false)
    // One more owner voting yes: 6/8 = 3/4.
    expect(t.consent.gapHeads).toBe(1)
    expect(t.consent.gapAreaCentiM2).toBe(0)
  })
})

test('example 2: 6 equal owners all vote, 3 yes: 3/6 is not more than half → ordinary fails', () => {
  const flats = Array.from({ length: 6 }, (_, i) => flat(`f${i}`, 80, [`业主${i}`]))
  const votes = flats.map((f, i) => vote(f._id, i < 3 ? 'yes' : 'no'))
  const t = tallyDecision('ordinary', flats, ALL, votes)
  expect(t.participation.met).toBe(true)
  expect(t.consent.heads?.toString()).toBe('1/2')
  expect(t.consent.met).toBe(false)
  expect(t.consent.gapHeads).toBe(1)
  expect(t.passed).toBe(false)
})

test('example 3: 9 equal owners, 6 vote yes: participation exactly 2/3 meets "≥ 2/3" → passes', () => {
  const flats = Array.from({ length: 9 }, (_, i) => flat(`f${i}`, 70, [`业主${i}`]))
  const t = tallyDecision('major', flats, ALL, flats.slice(0, 6).map((f) => vote(f._id, 'yes')))
  expect(t.participation.heads?.toString()).toBe('2/3')
  expect(t.participation.area?.toString()).toBe('2/3')
  expect(t.participation.met).toBe(true)
  expect(t.passed).toBe(true)
  // One head fewer and the quorum is gone.
  const fewer = tallyDecision('major', flats, ALL, flats.slice(0, 5).map((f) => vote(f._id, 'yes')))
  expect(fewer.participation.met).toBe(false)
  expect(fewer.participation.gapHeads).toBe(1)
  expect(fewer.participation.gapAreaCentiM2).toBe(7000)
})

test('example 4: owner A of flats 1–2, owner of 3, developer\'s unsold 4–5 are 3 heads; A alone: no quorum', () => {
  const flats = [flat('f1', 80, ['甲']), flat('f2', 80, ['甲']), flat('f3', 80, ['乙']), flat('f4', 80, 'unsold'), flat('f5', 80, 'unsold')]
  const t = tallyDecision('ordinary', flats, ALL, [vote('f1', 'yes')])
  expect(t.electorate).toEqual({ heads: 3, areaCentiM2: 40000 })
  // A's one vote covers both A's flats: 1 head, 160 m².
  expect(t.participated).toEqual({ heads: 1, areaCentiM2: 16000 })
  expect(t.participation.heads?.toString()).toBe('1/3')
  expect(t.participation.met).toBe(false)
  expect(t.consent.heads?.toString()).toBe('1') // every participant said yes…
  expect(t.passed).toBe(false) // …but without quorum nothing passes
})

test('example 5: a unit decides its elevator alone; the whole building decides its roof in the same ballot', () => {
  const unit1 = Array.from({ length: 12 }, (_, i) => flat(`u1-${i}`, 70, [`一单元${i}`], { unit: 'b1-u1' }))
  const unit2 = Array.from({ length: 12 }, (_, i) => flat(`u2-${i}`, 70, [`二单元${i}`], { unit: 'b1-u2' }))
  const flats = [...unit1, ...unit2]
  const votes = [...unit1.slice(0, 9).map((f) => vote(f._id, 'yes')), ...unit2.map((f) => vote(f._id, 'no'))]
  const elevator = tallyDecision('major', flats, { kind: 'unit', unitId: 'b1-u1' }, votes)
  expect(elevator.electorate.heads).toBe(12)
  expect(elevator.participated.heads).toBe(9) // unit 2's votes do not count here
  expect(elevator.passed).toBe(true) // 9/12 ≥ 2/3 and 9/9 yes
  const roof = tallyDecision('ordinary', flats, { kind: 'buildings', buildingIds: ['b1'] }, votes)
  expect(roof.electorate.heads).toBe(24)
  expect(roof.yes.heads).toBe(9)
  expect(roof.passed).toBe(false) // 9 of 21 participants is not more than half
})

test('exactly 1/2 of the area fails an ordinary item even with more than half of the heads', () => {
  // 3 flats: 100 m² (no), 50 + 50 m² (yes): heads 2/3 > 1/2, area 100/200 = 1/2 is not "more than half".
  const flats = [flat('big', 100, ['大']), flat('s1', 50, ['小一']), flat('s2', 50, ['小二'])]
  const t = tallyDecision('ordinary', flats, ALL, [vote('big', 'no'), vote('s1', 'yes'), vote('s2', 'yes')])
  expect(t.consent.heads?.toString()).toBe('2/3')
  expect(t.consent.area?.toString()).toBe('1/2')
  expect(t.passed).toBe(false)
  expect(t.consent.gapAreaCentiM2).toBe(1) // 0.01 m² more would tip it
})

test('exactly 3/4 of heads and area passes a major item; just under fails', () => {
  const flats = Array.from({ length: 8 }, (_, i) => flat(`f${i}`, 60, [`业主${i}`]))
  const sixOfEight = flats.map((f, i) => vote(f._id, i < 6 ? 'yes' : 'no'))
  expect(tallyDecision('major', flats, ALL, sixOfEight).passed).toBe(true)
  const fiveOfEight = flats.map((f, i) => vote(f._id, i < 5 ? 'yes' : 'no'))
  const t = tallyDecision('major', flats, ALL, fiveOfEight)
  expect(t.passed).toBe(false)
  // New yes voters also join the participants: (5 + 4) / (8 + 4) = 3/4; with 3 it is 8/11 < 3/4.
  expect(t.consent.gapHeads).toBe(4)
})

test('abstentions participate but never consent; non-votes count for nothing', () => {
  const flats = Array.from({ length: 3 }, (_, i) => flat(`f${i}`, 60, [`业主${i}`]))
  const t = tallyDecision('ordinary', flats, ALL, [vote('f0', 'yes'), vote('f1', 'abstain')])
  expect(t.participated.heads).toBe(2)
  expect(t.participation.met).toBe(true)
  expect(t.consent.heads?.toString()).toBe('1/2')
  expect(t.passed).toBe(false)
})

test('the last vote stands: a changed vote, and co-owners of one flat', () => {
  const flats = [flat('f1', 60, ['张', '李']), flat('f2', 60, ['王']), flat('f3', 60, ['赵'])]
  const votes = [vote('f1', 'no'), vote('f2', 'yes'), vote('f3', 'yes'), vote('f1', 'yes')]
  const t = tallyDecision('major', flats, ALL, votes)
  expect(t.yes.heads).toBe(3)
  expect(t.passed).toBe(true)
})

test('a multi-flat owner\'s last vote through any of their flats covers all of them', () => {
  const flats = [flat('f1', 60, ['甲']), flat('f2', 90, ['甲']), flat('f3', 60, ['乙'])]
  const t = tallyDecision('ordinary', flats, ALL, [vote('f1', 'no'), vote('f3', 'no'), vote('f2', 'yes')])
  expect(t.electorate.heads).toBe(2)
  expect(t.yes).toEqual({ heads: 1, areaCentiM2: 15000 })
  expect(t.no).toEqual({ heads: 1, areaCentiM2: 6000 })
  expect(t.passed).toBe(false) // 1/2 heads is not more than half
})

test('an empty scope meets nothing', () => {
  const t = tallyDecision('ordinary', [], ALL, [])
  expect(t.participation.met).toBe(false)
  expect(t.participation.heads).toBeNull()
  expect(t.passed).toBe(false)
})

test('the gap reads "还差 N 户 / X ㎡"', () => {
  const flats = Array.from({ length: 9 }, (_, i) => flat(`f${i}`, 70.5, [`业主${i}`]))
  const t = tallyDecision('ordinary', flats, ALL, flats.slice(0, 3).map((f) => vote(f._id, 'yes')))
  // 2/3 of 9 = 6 heads (3 more); 2/3 of 634.5 m² = 423 m², 211.5 m² voted → 211.5 m² more.
  expect(gapLabel(t.participation, formatArea)).toBe('还差 3 户 / 211.5 ㎡')
  expect(gapLabel(tallyDecision('ordinary', flats, ALL, flats.map((f) => vote(f._id, 'yes'))).participation, formatArea)).toBe('')
})

test('surveys: one answer per household (its last), only households in scope', () => {
  const flats = [flat('a', 60, ['甲'], { unit: 'u1' }), flat('b', 60, ['乙'], { unit: 'u1' }), flat('c', 60, ['丙'], { unit: 'u2' })]
  const t = tallySurvey(flats, { kind: 'unit', unitId: 'u1' }, [
    { householdId: 'a', seq: 1, picks: [0, 2] },
    { householdId: 'a', seq: 5, picks: [1] },
    { householdId: 'b', seq: 2, picks: [1, 2] },
    { householdId: 'c', seq: 3, picks: [0] },
  ])
  expect(t).toEqual({ households: 2, responses: 2, counts: { '1': 2, '2': 1 }, texts: [] })
})

test('the consent gap counts new yes voters, who also join the participants', () => {
  // 20 owners; 10 took part, 5 said yes. Major: (5 + k) / (10 + k) ≥ 3/4 → k = 10 (15/20).
  const flats = Array.from({ length: 20 }, (_, i) => flat(`f${i}`, 60, [`业主${i}`]))
  const votes = flats.slice(0, 10).map((f, i) => vote(f._id, i < 5 ? 'yes' : 'no'))
  const major = tallyDecision('major', flats, ALL, votes)
  expect(major.consent.gapHeads).toBe(10)
  expect(major.consent.gapAreaCentiM2).toBe(60000)
  // Ordinary: (5 + k) / (10 + k) > 1/2 → k = 1.
  expect(tallyDecision('ordinary', flats, ALL, votes).consent.gapHeads).toBe(1)
  // Check: ten more yes votes meet it exactly.
  const more = [...votes, ...flats.slice(10, 20).map((f) => vote(f._id, 'yes'))]
  expect(tallyDecision('major', flats, ALL, more).consent.met).toBe(true)
  expect(tallyDecision('major', flats, ALL, more.slice(0, 19)).consent.met).toBe(false)
})

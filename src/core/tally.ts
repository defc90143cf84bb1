import type { Household } from './community'
import { electorateHeads, type Head } from './electorate'
import { inScope, type Scope } from './plan'
import { Ratio } from './ratio'
import type { VoteChoice } from './ballot'

/**
 * The legal count of an owners' decision (民法典 Art.278, voting-law.md), exact:
 *
 * - electorate: the heads and exclusive area of the question's scope (src/core/electorate.ts);
 * - each head's vote is the last one submitted for any of its flats (co-owners agree among
 *   themselves, the flat's last vote stands; a multi-flat owner's one vote covers all their flats);
 * - participation: heads and area of the heads that voted (yes, no or abstain) ≥ 2/3 of the
 *   electorate's, both;
 * - consent: yes-voters' heads and area > 1/2 (ordinary) or ≥ 3/4 (major) of the participants', both;
 * - abstentions participate and never consent; non-votes are never consent.
 *
 * All fractions are bigint Ratios; areas are integers of centi-m².
 */
export const PARTICIPATION = Ratio.of(2, 3)
export const ORDINARY_CONSENT = Ratio.of(1, 2)
export const MAJOR_CONSENT = Ratio.of(3, 4)

export interface CastVote {
  householdId: string
  choice: VoteChoice
  /** Order of submission (a store sequence): the highest stands. */
  seq: number
}

export interface Side {
  heads: number
  areaCentiM2: number
}

export interface Threshold {
  /** heads / base heads and area / base area (null when the base is empty). */
  heads: Ratio | null
  area: Ratio | null
  met: boolean
  /**
   * How many more heads and how much more area (centi-m²) would meet it. Participation: more owners
   * taking part. Consent: more owners voting yes who have not voted yet (each also joins the
   * participants, so the base grows with them).
   */
  gapHeads: number
  gapAreaCentiM2: number
}

export interface DecisionTally {
  kind: 'ordinary' | 'major'
  electorate: Side
  participated: Side
  yes: Side
  no: Side
  abstain: Side
  participation: Threshold
  consent: Threshold
  passed: boolean
}

type Flat = Pick<Household, '_id' | 'buildingId' | 'unitId' | 'areaCentiM2' | 'owners' | 'developerUnsold'>

/** Each head of the scope with the vote that stands for it (or none). */
export function headVotes(households: readonly Flat[], scope: Scope, votes: readonly CastVote[]): { head: Head; vote: CastVote | null }[] {
  const flats = households.filter((h) => inScope(scope, h))
  const latest = new Map<string, CastVote>()
  for (const v of votes) {
    const seen = latest.get(v.householdId)
    if (!seen || v.seq > seen.seq) latest.set(v.householdId, v)
  }
  return electorateHeads(flats, { kind: 'community' }).map((head) => {
    let vote: CastVote | null = null
    for (const id of head.householdIds) {
      const v = latest.get(id)
      if (v && (!vote || v.seq > vote.seq)) vote = v
    }
    return { head, vote }
  })
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b

/** The least n with n/base ≥ p/q: ceil(base × p / q). */
function atLeast(base: number, r: Ratio): bigint {
  return ceilDiv(BigInt(base) * r.num, r.den)
}

/** The least n with n/base > p/q: floor(base × p / q) + 1. */
function moreThan(base: number, r: Ratio): bigint {
  return (BigInt(base) * r.num) / r.den + 1n
}

/**
 * The least k ≥ 0 with (have + k) / (base + k) meeting r (≥, or > when strict): new voters who all
 * say yes raise the yes side and the participants alike.
 */
function growingGap(have: number, base: number, r: Ratio, strict: boolean): bigint {
  const short = r.num * BigInt(base) - r.den * BigInt(have) // a·p − b·y
  const step = r.den - r.num // b − a (> 0: every threshold is below 1)
  if (strict) return short < 0n ? 0n : short / step + 1n
  return short <= 0n ? 0n : ceilDiv(short, step)
}

function threshold(part: Side, base: Side, r: Ratio, strict: boolean, growing = false): Threshold {
  const heads = base.heads > 0 ? Ratio.of(part.heads, base.heads) : null
  const area = base.areaCentiM2 > 0 ? Ratio.of(part.areaCentiM2, base.areaCentiM2) : null
  const meets = (x: Ratio | null) => x !== null && (strict ? x.gt(r) : x.gte(r))
  const need = (b: number) => (strict ? moreThan(b, r) : atLeast(b, r))
  const gap = (have: number, b: number) => {
    const n = growing ? growingGap(have, b, r, strict) : need(b) - BigInt(have)
    return n > 0n ? Number(n) : 0
  }
  // With an empty base nothing can be met: one more head / one more centi-m² is the honest gap.
  return {
    heads,
    area,
    met: meets(heads) && meets(area),
    gapHeads: base.heads > 0 ? gap(part.heads, base.heads) : 1,
    gapAreaCentiM2: base.areaCentiM2 > 0 ? gap(part.areaCentiM2, base.areaCentiM2) : 1,
  }
}

/** One head's standing vote as the anonymised ballot list has it: its choice and its area. */
export interface HeadRow {
  choice: VoteChoice
  areaCentiM2: number
}

/**
 * The count from the electorate's totals and one row per head that voted: the one place the
 * thresholds are applied (the live count and `npm run recount` both come here).
 */
export function tallyRows(kind: 'ordinary' | 'major', electorate: Side, rows: readonly HeadRow[]): DecisionTally {
  const side = (pick: (r: HeadRow) => boolean): Side => {
    let heads = 0
    let areaCentiM2 = 0
    for (const r of rows) {
      if (!pick(r)) continue
      heads += 1
      areaCentiM2 += r.areaCentiM2
    }
    return { heads, areaCentiM2 }
  }
  const participated = side(() => true)
  const yes = side((r) => r.choice === 'yes')
  const no = side((r) => r.choice === 'no')
  const abstain = side((r) => r.choice === 'abstain')
  const participation = threshold(participated, electorate, PARTICIPATION, false)
  const consent = kind === 'major' ? threshold(yes, participated, MAJOR_CONSENT, false, true) : threshold(yes, participated, ORDINARY_CONSENT, true, true)
  return { kind, electorate, participated, yes, no, abstain, participation, consent, passed: participation.met && consent.met }
}

/** The count of one owners' decision over the households of the question's scope. */
export function tallyDecision(kind: 'ordinary' | 'major', households: readonly Flat[], scope: Scope, votes: readonly CastVote[]): DecisionTally {
  const heads = headVotes(households, scope, votes)
  const electorate: Side = { heads: heads.length, areaCentiM2: heads.reduce((s, { head }) => s + head.areaCentiM2, 0) }
  const rows: HeadRow[] = []
  for (const { head, vote } of heads) if (vote) rows.push({ choice: vote.choice, areaCentiM2: head.areaCentiM2 })
  return tallyRows(kind, electorate, rows)
}

/** Survey results: one answer per household (its last), counts and shares of those who answered. */
export interface SurveyTally {
  households: number
  responses: number
  /** Option (index, item id, or yes/no/abstain) → households that picked it. */
  counts: Record<string, number>
  texts: string[]
}

export interface SurveyAnswer {
  householdId: string
  seq: number
  picks?: (number | string)[]
  choice?: VoteChoice
  text?: string
}

export function tallySurvey(households: readonly Pick<Household, '_id' | 'buildingId' | 'unitId'>[], scope: Scope, answers: readonly SurveyAnswer[]): SurveyTally {
  const inside = new Set(households.filter((h) => inScope(scope, h)).map((h) => h._id))
  const latest = new Map<string, SurveyAnswer>()
  for (const a of answers) {
    if (!inside.has(a.householdId)) continue
    const seen = latest.get(a.householdId)
    if (!seen || a.seq > seen.seq) latest.set(a.householdId, a)
  }
  const counts: Record<string, number> = {}
  const texts: string[] = []
  for (const a of latest.values()) {
    for (const key of a.choice ? [a.choice] : (a.picks ?? []).map(String)) counts[key] = (counts[key] ?? 0) + 1
    if (a.text) texts.push(a.text)
  }
  return { households: inside.size, responses: latest.size, counts, texts }
}

/** "还差 3 户 / 182.5 ㎡" for a threshold's gap (empty when met). */
export function gapLabel(t: Threshold, formatArea: (centi: number) => string): string {
  if (t.met) return ''
  const parts = [t.gapHeads > 0 ? `${t.gapHeads} 户` : '', t.gapAreaCentiM2 > 0 ? `${formatArea(t.gapAreaCentiM2)} ㎡` : ''].filter(Boolean)
  return parts.length ? `还差 ${parts.join(' / ')}` : ''
}

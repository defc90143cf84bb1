/**
 * A ballot on the small plan of plan-fixtures.ts, and what the `ballots` function answers about it:
 * the questions a household sees are filtered by the real core (inScope), shares come from the
 * real share table, and tallies from the real legal count (tallyDecision) turned into the views
 * the function sends (decisionTallyView / participationOnly), through JSON as over the wire.
 */
import type { Ballot, Question } from '@/core/ballot'
import { decisionTallyView, participationOnly, type BallotForHousehold, type BallotTally, type QuestionForHousehold, type QuestionTally } from '@/core/ballot-view'
import type { Household } from '@/core/community'
import { inScope } from '@/core/plan'
import { formatArea } from '@/core/roster'
import { gapLabel, tallyDecision, tallySurvey, type CastVote } from '@/core/tally'
import { HOUSEHOLDS, shareFen } from './plan-fixtures'

export const BALLOT_ID = 'bal-1'

export const Q_ROOF: Question = { kind: 'decision', _id: 'q-roof', title: '是否同意实施“屋面防水”', scope: { kind: 'buildings', buildingIds: ['b1'] }, itemId: 'i-roof', decisionKind: 'major' }
export const Q_LIGHTS: Question = { kind: 'decision', _id: 'q-lights', title: '是否同意实施“照明设施”', scope: { kind: 'buildings', buildingIds: ['b2'] }, itemId: 'i-lights', decisionKind: 'ordinary' }
export const Q_ELEVATOR: Question = { kind: 'decision', _id: 'q-elevator', title: '是否同意实施“1号楼1单元加装电梯”', scope: { kind: 'unit', unitId: 'b1-u1' }, itemId: 'i-elevator', decisionKind: 'major' }
export const Q_COLOR: Question = { kind: 'yesno', _id: 'q-color', title: '外墙颜色用浅灰色，您同意吗？', scope: { kind: 'community' } }
export const Q_MENU: Question = {
  kind: 'menu',
  _id: 'q-menu',
  title: '您最想先做哪些项目？',
  scope: { kind: 'community' },
  options: ['i-roof', 'i-lights', 'i-elevator', 'i-fitness'],
  maxPicks: 2,
}
export const Q_BENCH: Question = { kind: 'choice', _id: 'q-bench', title: '休息座椅放在哪里？', scope: { kind: 'community' }, options: ['北门', '健身小广场', '2号楼前'], maxPicks: 1 }
export const Q_TEXT: Question = { kind: 'text', _id: 'q-text', title: '其他意见和建议', scope: { kind: 'community' } }
export const QUESTIONS = [Q_ROOF, Q_LIGHTS, Q_ELEVATOR, Q_COLOR, Q_MENU, Q_BENCH, Q_TEXT]

const SCOPE_LABELS: Record<string, string> = { 'q-roof': '1号楼', 'q-lights': '2号楼', 'q-elevator': '1号楼1单元' }
const ITEM_TITLES: Record<string, string> = { 'i-roof': '屋面防水', 'i-lights': '照明设施', 'i-elevator': '1号楼1单元加装电梯' }

export function ballot(over: Partial<Ballot> = {}): Ballot {
  return {
    _id: BALLOT_ID,
    communityId: 'c-1',
    planId: 'plan-c-1',
    title: '汴绣里小区改造项目表决和意见征询',
    questions: QUESTIONS,
    opensAt: '2026-12-01T00:00:00.000Z',
    closesAt: '2026-12-15T12:00:00.000Z',
    showRunningConsent: false,
    status: 'open',
    closedAt: null,
    resultNoticeId: null,
    createdBy: 'u-off',
    version: 2,
    ...over,
  }
}

/**
 * What `ballots.get` with a householdId answers: the questions whose scope holds the household,
 * with its share of the item; owners' decisions answerable by owners only.
 */
export function forHousehold(
  householdId: string,
  opts: { relation?: 'owner' | 'family' | 'tenant'; version?: number; phase?: BallotForHousehold['phase']; current?: Record<string, QuestionForHousehold['current']> } = {},
): BallotForHousehold {
  const h = HOUSEHOLDS.find((x) => x._id === householdId)!
  const relation = opts.relation ?? 'owner'
  const questions = QUESTIONS.filter((q) => inScope(q.scope, h)).map(
    (q): QuestionForHousehold => ({
      question: q,
      scopeLabel: SCOPE_LABELS[q._id] ?? '全小区',
      itemTitle: q.kind === 'decision' ? ITEM_TITLES[q.itemId] : null,
      shareFen: q.kind === 'decision' ? shareFen(q.itemId, householdId) : null,
      mayAnswer: q.kind !== 'decision' || relation === 'owner',
      current: opts.current?.[q._id] ?? null,
    }),
  )
  const b = ballot()
  return {
    ballot: { _id: b._id, title: b.title, opensAt: b.opensAt, closesAt: b.closesAt, showRunningConsent: b.showRunningConsent },
    phase: opts.phase ?? 'open',
    householdId,
    householdLabel: '1号楼1单元302',
    version: opts.version ?? 0,
    questions,
  }
}

/** voting-law.md example 1: 10 owners, flats 1–9 of 60 m², flat 10 of 120 m²; 1–6 and 10 vote, yes = 1–4 and 10. */
function flat(id: string, m2: number): Household {
  return {
    _id: id, communityId: 'c-1', buildingId: 'b1', unitId: 'b1-u1', buildingNumber: 1, unitNumber: 1, room: id, floor: 1,
    areaCentiM2: m2 * 100, owners: [{ name: `业主${id}`, idTail: '0000' }], coOwned: false, developerUnsold: false, tenantOccupied: false, version: 1, updatedAt: '',
  }
}
export const EXAMPLE_FLATS = [...Array.from({ length: 9 }, (_, i) => flat(`f${i + 1}`, 60)), flat('f10', 120)]
let seq = 0
export const EXAMPLE_VOTES: CastVote[] = [
  ...['f1', 'f2', 'f3', 'f4', 'f10'].map((householdId) => ({ householdId, choice: 'yes' as const, seq: ++seq })),
  { householdId: 'f5', choice: 'no', seq: ++seq },
  { householdId: 'f6', choice: 'no', seq: ++seq },
]
/** Only flats 1–4 voted (all yes): 4/10 heads, 240/660 m² — short of 2/3. */
export const FEW_VOTES = EXAMPLE_VOTES.filter((v) => ['f1', 'f2', 'f3', 'f4'].includes(v.householdId))

/** Through JSON, as the function's reply travels. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

/** The tally of the roof (major) and the color survey, as the office or a resident gets it. */
export function tallyView(opts: { votes?: CastVote[]; residentView?: boolean; phase?: BallotTally['phase']; kind?: 'ordinary' | 'major' } = {}): BallotTally {
  const votes = opts.votes ?? EXAMPLE_VOTES
  const kind = opts.kind ?? 'major'
  const t = tallyDecision(kind, EXAMPLE_FLATS, { kind: 'community' }, votes)
  const view = decisionTallyView(t)
  const hide = !!opts.residentView
  const roof: QuestionTally = {
    questionId: 'q-roof',
    title: Q_ROOF.title,
    kind: 'decision',
    scopeLabel: '1号楼',
    decision: hide ? participationOnly(view) : view,
    participationOnly: hide,
    survey: null,
    participationGap: gapLabel(t.participation, formatArea),
    consentGap: hide ? '' : gapLabel(t.consent, formatArea),
  }
  const survey = tallySurvey(EXAMPLE_FLATS, { kind: 'community' }, [
    { householdId: 'f1', seq: 1, choice: 'yes' },
    { householdId: 'f2', seq: 2, choice: 'yes' },
    { householdId: 'f3', seq: 3, choice: 'no' },
    { householdId: 'f3', seq: 4, choice: 'abstain' },
  ])
  const color: QuestionTally = {
    questionId: 'q-color',
    title: Q_COLOR.title,
    kind: 'yesno',
    scopeLabel: '全小区',
    decision: null,
    participationOnly: hide,
    survey: hide ? { ...survey, counts: {}, texts: [] } : survey,
    participationGap: '',
    consentGap: '',
  }
  return wire({ ballotId: BALLOT_ID, phase: opts.phase ?? 'open', questions: [roof, color] })
}

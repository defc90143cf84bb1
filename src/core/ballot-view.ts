/**
 * What the `ballots` function returns and pages render (issue 5).
 */
import type { Answer, Ballot, BallotPhase, Question } from './ballot'
import type { Ratio } from './ratio'
import type { DecisionTally, SurveyTally, Threshold } from './tally'
import type { VoteVia } from './votes'

export interface BallotSummary {
  _id: string
  title: string
  phase: BallotPhase
  opensAt: string
  closesAt: string
  questions: number
  /** Set once closed: the 公告 with the result. */
  resultNoticeId: string | null
  /**
   * For a resident: does any question's scope hold one of their households (e.g. a building's roof vote,
   * or an acceptance survey of another building's item, does not)? null for staff.
   */
  forMyHousehold: boolean | null
}

/** A question as one household sees it: in its scope or not, may it answer, and its share. */
export interface QuestionForHousehold {
  question: Question
  /** "全小区" / "3号楼" / "3号楼2单元". */
  scopeLabel: string
  /** The plan item's title and my household's share of it (fen), when the question is about an item. */
  itemTitle: string | null
  shareFen: number | null
  /** False for an owners' decision when the caller is not an owner or proxy of the household. */
  mayAnswer: boolean
  /** The household's standing answer, if any, and how it was given. */
  current: { answer: Answer; at: string; via: VoteVia; byMe: boolean } | null
}

/** `ballots.get` with a householdId: the ballot for one household. */
export interface BallotForHousehold {
  ballot: Pick<Ballot, '_id' | 'title' | 'opensAt' | 'closesAt' | 'showRunningConsent'>
  phase: BallotPhase
  householdId: string
  householdLabel: string
  /** The household's votes document version (0 = none yet): send it back when casting. */
  version: number
  /** Only the questions in the household's scope. */
  questions: QuestionForHousehold[]
}

export interface CastResult {
  /** Give this to the voter: "ABCD-EFGH-JKMN". Its sha256 is in the published list. */
  receipt: string
  at: string
  /** The household's votes document version after this submission. */
  version: number
  /** True when the same request id was already stored (a retry): nothing new was written. */
  replayed: boolean
}

/**
 * A Ratio as it travels (bigints do not survive JSON): the fraction in lowest terms ("8/11") and
 * its percentage to two places ("72.73"). Show counts from the Sides ("7/10 户"), these beside them.
 */
export interface RatioView {
  fraction: string
  percent: string
}

export interface ThresholdView extends Omit<Threshold, 'heads' | 'area'> {
  heads: RatioView | null
  area: RatioView | null
}

/** A DecisionTally (src/core/tally.ts) as the function returns it. */
export interface DecisionTallyView extends Omit<DecisionTally, 'participation' | 'consent'> {
  participation: ThresholdView
  consent: ThresholdView
}

/** The same with every consent figure withheld (residents before closing, unless the ballot shows them). */
export interface ParticipationOnlyTallyView extends Omit<DecisionTallyView, 'yes' | 'no' | 'abstain' | 'consent' | 'passed'> {
  yes: null
  no: null
  abstain: null
  consent: null
  passed: null
}

export function ratioView(r: Ratio | null): RatioView | null {
  return r === null ? null : { fraction: r.toString(), percent: r.toPercent(2) }
}

function thresholdView(t: Threshold): ThresholdView {
  return { ...t, heads: ratioView(t.heads), area: ratioView(t.area) }
}

export function decisionTallyView(t: DecisionTally): DecisionTallyView {
  return { ...t, participation: thresholdView(t.participation), consent: thresholdView(t.consent) }
}

/** Keeps the electorate and participation only: no yes/no/abstain, consent or outcome. */
export function participationOnly(t: DecisionTallyView): ParticipationOnlyTallyView {
  return { kind: t.kind, electorate: t.electorate, participated: t.participated, participation: t.participation, yes: null, no: null, abstain: null, consent: null, passed: null }
}

/** One question's live count. Consent figures are absent for residents unless the ballot shows them. */
export interface QuestionTally {
  questionId: string
  title: string
  kind: Question['kind']
  scopeLabel: string
  /** Null for survey questions; consent fields null when `participationOnly`. */
  decision: DecisionTallyView | ParticipationOnlyTallyView | null
  /**
   * Participation only (residents before closing when running consent is hidden): decision consent
   * fields are null, and a survey's counts and texts are empty (only households/responses given).
   */
  participationOnly: boolean
  /** Survey counts; `texts` (free answers) only for the office and the district. */
  survey: SurveyTally | null
  /** "还差 3 户 / 182.5 ㎡" for participation and for consent (empty when met). */
  participationGap: string
  consentGap: string
}

export interface BallotTally {
  ballotId: string
  phase: BallotPhase
  questions: QuestionTally[]
}

/** The office's door-knock list: households in scope that have not answered. */
export interface DoorKnockRow {
  householdId: string
  label: string
  buildingNumber: number
  unitNumber: number
  /** Questions in this household's scope it has not answered. */
  missing: number
  /** Owner names masked ("王*国") and a masked phone, for the visit. */
  owners: string
  phone: string
}

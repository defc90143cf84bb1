/**
 * What the `plans` and `feedback` functions return: the shapes pages render. Shared by the
 * backend (which builds them) and the client (which shows them).
 */
import type { Feedback } from './feedback'
import type { PublicityState } from './notice'
import type { DecisionOutcome, ItemStatus, Plan, PlanItem } from './plan'
import type { Stage, StageChange } from './stages'

/** An item as residents and the office see it in a published edition. */
export interface ItemView extends PlanItem {
  /** "全小区" / "1号楼、3号楼" / "3号楼2单元". */
  scopeLabel: string
  /** Households in the item's scope. */
  households: number
  status: ItemStatus
  decision: DecisionOutcome
  decisionRef: string | null
}

/** A published edition (`plans.get`). */
export interface PlanView {
  planId: string
  communityId: string
  communityName: string
  edition: number
  /** Every published edition, newest first (older ones stay readable). */
  editions: { edition: number; publishedAt: string; publicityEndsOn: string }[]
  title: string
  summary: string
  publishedAt: string
  publicityEndsOn: string
  publicity: PublicityState
  noticeId: string
  stage: Stage
  items: ItemView[]
  /** Whether the caller may edit (office of this community): pages show the office's buttons. */
  canEdit: boolean
}

/** The gate to the next stage as the backend sees it now. */
export interface GateView {
  next: Stage | null
  problems: string[]
  /** The document the next stage needs, if any ("立项批复文件"). */
  documentNeeded: string | null
}

/** The office's working copy (`plans.getDraft`): the plan document plus what the form needs. */
export interface DraftView {
  plan: Plan
  communityName: string
  buildings: { _id: string; number: number; floors: number | null }[]
  units: { _id: string; buildingId: string; number: number }[]
  /** Per item: scope label and households in scope (as in ItemView). */
  scopeLabels: Record<string, string>
  householdsInScope: Record<string, number>
  /** Unanswered objections and comments. */
  openFeedback: { objections: number; comments: number }
  gate: GateView
  publicity: PublicityState
}

/** The stage timeline (`plans.timeline`). */
export interface TimelineView {
  stage: Stage
  stages: { stage: Stage; label: string; state: 'done' | 'current' | 'todo'; changes: StageChange[] }[]
  gate: GateView
}

/** One item in my household's scope with what my household pays (`plans.mine`). */
export interface MyItem {
  item: ItemView
  /** My household's share in fen (allocated; the item's shares add up to the residents' part). */
  shareFen: number
  /** The formula spelled out ("居民出资 … ÷ 范围内 24 户 = …"). */
  formula: string
}

export interface MineView {
  householdId: string
  householdLabel: string
  planTitle: string
  edition: number
  stage: Stage
  items: MyItem[]
  /** Sum of my shares, in fen. */
  totalFen: number
  /** Set when my household was not on the roster the edition was published on (no shares yet). */
  note?: string
}

/** A comment or objection as the caller may see it: the office sees hidden text and the household. */
export interface FeedbackView extends Omit<Feedback, 'authorId' | 'householdId' | 'text' | 'photos'> {
  /** Empty when hidden and the caller is not the office. */
  text: string
  photos: string[]
  /** The caller wrote it. */
  mine: boolean
  itemTitle: string | null
}

export interface NotificationView {
  _id: string
  title: string
  body: string
  /** Where the page links: a feedback id, or (issue 6) a report id. */
  feedbackId: string | null
  reportId: string | null
  at: string
  read: boolean
}

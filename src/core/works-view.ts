import type { Acceptance, AcceptanceOutcome } from './acceptance'
import type { Party } from './parties'
import type { ItemStatus } from './plan'
import type { Assignee, Rating, Report, ReportCategory, ReportStatus, ReportStep } from './reports'
import type { Observation, Supervisor } from './works'

/** What the `works` and `reports` functions return (the pages' contract). */

/** An item of the plan as the works see it (works.items). */
export interface WorksItem {
  itemId: string
  title: string
  /** "全小区" / "3号楼、4号楼" / "3号楼2单元". */
  scopeLabel: string
  status: ItemStatus
  /** Takes observations now (chosen/works/done and not accepted). */
  observable: boolean
  acceptedAt: string | null
  warrantyEndsOn: string | null
  /** The item's contractor (set by the office during the works, or by the acceptance). */
  contractorPartyId: string | null
  contractorName: string | null
  /** The last acceptance attempt's outcome (null: none yet). */
  lastOutcome: AcceptanceOutcome | null
  observations: number
  /** Observations nobody has answered yet. */
  unanswered: number
  supervisors: number
}

/** A supervisor as others see them (no user id); `version` for stepping down. */
export type SupervisorView = Pick<Supervisor, '_id' | 'displayName' | 'target' | 'since' | 'version'> & { targetLabel: string; mine: boolean }

/** An observation as shown (the author only as a label). */
export type ObservationView = Omit<Observation, 'authorId'> & { mine: boolean; itemTitle: string }

/** works.acceptance: the item's attempts, newest last, and what the form starts from. */
export interface AcceptanceView {
  itemId: string
  itemTitle: string
  status: ItemStatus
  /** The plan's version, to send back with recordAcceptance (it guards the item's progress). */
  planVersion: number
  /** May a new attempt be recorded now (the item is finished and not yet accepted). */
  canRecord: boolean
  /** Why not, in Chinese (null when it can). */
  refusal: string | null
  attempts: Acceptance[]
  /** Parties of the community, for the signature lines and the contractor choice. */
  parties: Party[]
  defaults: { checklist: string[]; warrantyEndsOn: string }
}

/** A report as the caller sees it. */
export interface ReportView extends Omit<Report, 'reporterId' | 'meToo'> {
  /** "我" for the reporter, "居民" for other residents, "居民（1号楼）" for staff. */
  reporterLabel: string
  /** The caller filed it / said "me too". */
  mine: boolean
  joined: boolean
  meTooCount: number
  overdue: boolean
  /** The steps the caller may take now. */
  canDo: ReportStep[]
}

/** One line of a list (my reports, the queue, similar reports). */
export interface ReportSummary {
  _id: string
  communityId: string
  category: ReportCategory
  itemTitle: string | null
  whereLabel: string
  spot: string
  text: string
  status: ReportStatus
  assignee: Assignee | null
  dueAt: string
  overdue: boolean
  meTooCount: number
  createdAt: string
  updatedAt: string
  rating: Rating | null
  mine: boolean
  joined: boolean
}

export interface QueueFilter {
  /** A status, or 'open' (every status still to do). */
  status?: ReportStatus | 'open'
  /** A party's id, or 'office' (reports the community office handles itself). */
  partyId?: string
  overdue?: boolean
}

/** reports.overview: the district's open and overdue reports per community. */
export interface ReportsOverview {
  communities: { communityId: string; name: string; open: number; overdue: number; confirmed: number; averageStars: number | null }[]
  /** The overdue reports of the district, oldest due first (at most 100). */
  overdue: (ReportSummary & { communityName: string })[]
}

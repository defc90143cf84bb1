/**
 * The storage port. Two adapters implement it: `embedded-store` (SQLite, local runs and
 * tests) and `cloudbase-store` (CloudBase document database). One contract test suite runs
 * against both, so use cases never know which one they have.
 */
export type Scalar = string | number | boolean | null
export type Condition = Scalar | { $in: Scalar[] } | { $lte: Scalar } | { $gte: Scalar } | { $ne: Scalar }
/** Every field condition must hold (AND). Fields are top-level document fields. */
export type Where = Record<string, Condition>

export interface FindOptions {
  orderBy?: { field: string; direction: 'asc' | 'desc' }[]
  /** At most this many documents (CloudBase caps one read at 1000; adapters page for you). */
  limit?: number
  skip?: number
}

export interface Doc {
  _id: string
}

export interface StoreOps {
  get<T extends Doc>(collection: string, id: string): Promise<T | null>
  find<T extends Doc>(collection: string, where: Where, options?: FindOptions): Promise<T[]>
  count(collection: string, where: Where): Promise<number>
  /** Inserts a new document; throws `DuplicateKeyError` if the `_id` exists. */
  insert<T extends Doc>(collection: string, doc: T): Promise<void>
  /**
   * Replaces a document whose `version` field still equals `expectedVersion`.
   * Returns false (and writes nothing) if it was changed or removed meanwhile.
   */
  replaceIfVersion<T extends Doc & { version: number }>(collection: string, doc: T, expectedVersion: number): Promise<boolean>
  remove(collection: string, id: string): Promise<boolean>
}

export interface Store extends StoreOps {
  /** Runs `fn` atomically: all its writes are stored, or none. */
  transaction<R>(fn: (tx: StoreOps) => Promise<R>): Promise<R>
  close(): Promise<void>
}

export class DuplicateKeyError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`duplicate _id ${id} in ${collection}`)
  }
}

/** The collections the app uses; both adapters and the security rules list exactly these. */
export const COLLECTIONS = [
  'districts',
  'communities',
  'buildings',
  'units',
  'households',
  'users',
  'notices',
  /** Who belongs to which household (户), and how. */
  'members',
  /** One-time binding codes (only their hashes) and the failed tries per user. */
  'bindCodes',
  'bindAttempts',
  /** Requests to be bound that the office approves or rejects. */
  'bindRequests',
  /** Every change to the roster, members or roles: who, when, before/after. */
  'audit',
  /** One renovation plan per community (its draft, stage and item progress) and its frozen editions. */
  'plans',
  'planEditions',
  /** Per published edition, the roster its shares were computed on (so published shares never move). */
  'editionPayers',
  /** Each move of a project from one stage to the next, with its documents. */
  'stageChanges',
  /** Residents' comments and 公示 objections, with the office's replies. */
  'feedback',
  /** In-app notices to one person (e.g. "your comment was answered"). */
  'notifications',
  /** Ballots (issue 5) and their votes: see src/core/votes.ts. */
  'ballots',
  'householdVotes',
  'submissions',
  'voteLog',
  'ballotCounters',
  /** Per opened ballot, the roster frozen at opening (the electorate never changes mid-ballot). */
  'ballotRosters',
  /** Per closed ballot, the anonymised ballot list it published (src/core/ballot-list.ts). */
  'ballotLists',
  /** Paper ballots the office entered, their second-staff confirmation and online/paper conflicts. */
  'paperBallots',
  /** Owners' written authorisations of a proxy to vote for their household (one ballot or all). */
  'proxies',
  /** Issue 6: the parties of the works and after (contractors, utilities, the property manager…). */
  'parties',
  /** Residents who volunteered as supervisors (监督员) of an item or a building. */
  'supervisors',
  /** Observations during the works, with the office's and the contractor's answers. */
  'observations',
  /** Acceptance records (验收), one per item per attempt. */
  'acceptances',
  /** Issue reports (报事报修) with their history. */
  'reports',
] as const
export type CollectionName = (typeof COLLECTIONS)[number]

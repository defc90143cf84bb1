import type { FeedbackFields } from '@/core/feedback'
import type { ItemFields, PlanFields, ItemStatus, DecisionOutcome, Plan } from '@/core/plan'
import type { DraftView, FeedbackView, MineView, NotificationView, PlanView, TimelineView } from '@/core/plan-view'
import type { Stage, StageChange, StageDocument } from '@/core/stages'
import { call } from './api'

/** The `plans` function: published editions for everyone, the draft and the stages for the office. */
export const plansApi = {
  /** The newest published edition (or `edition`); null before the first publication. */
  get: (input: { edition?: number } = {}) => call<PlanView | null>('plans', 'get', input),
  /** The office's working copy; null before the office created a plan. */
  getDraft: () => call<DraftView | null>('plans', 'getDraft', {}),
  create: (fields: PlanFields) => call<Plan>('plans', 'create', fields),
  editFields: (version: number, fields: PlanFields) => call<Plan>('plans', 'editFields', { version, ...fields }),
  /** Adds an item (no `itemId`) or replaces one. */
  saveItem: (version: number, item: ItemFields, itemId?: string) => call<Plan>('plans', 'saveItem', { version, itemId, item }),
  removeItem: (version: number, itemId: string) => call<Plan>('plans', 'removeItem', { version, itemId }),
  /** Freezes the draft as an edition and publishes a 公示 notice for `publicityDays` days (default 7). */
  publish: (version: number, publicityDays?: number) => call<Plan>('plans', 'publish', { version, publicityDays }),
  /** Starts a new edition's draft from the published one. */
  revise: (version: number) => call<Plan>('plans', 'revise', { version }),
  advance: (version: number, to: Stage, note: string, documents: StageDocument[]) =>
    call<StageChange>('plans', 'advance', { version, to, note, documents }),
  setProgress: (version: number, itemId: string, change: { status?: ItemStatus; decision?: DecisionOutcome; decisionRef?: string }) =>
    call<Plan>('plans', 'setProgress', { version, itemId, ...change }),
  timeline: () => call<TimelineView | null>('plans', 'timeline', {}),
  /** My household's items with my share; also "what changes at my door". */
  mine: (householdId: string) => call<MineView | null>('plans', 'mine', { householdId }),
}

export type FeedbackFilter = { itemId?: string; kind?: 'comment' | 'objection'; open?: boolean }

/** The `feedback` function: comments and 公示 objections. */
export const feedbackApi = {
  list: (filter: FeedbackFilter = {}) => call<{ items: FeedbackView[] }>('feedback', 'list', filter),
  create: (householdId: string, fields: FeedbackFields) => call<FeedbackView>('feedback', 'create', { householdId, ...fields }),
  reply: (id: string, version: number, text: string) => call<FeedbackView>('feedback', 'reply', { id, version, text }),
  hide: (id: string, version: number, reason: string) => call<FeedbackView>('feedback', 'hide', { id, version, reason }),
  /** My own comments with their replies, and my notifications (newest first). */
  mine: () => call<{ items: FeedbackView[]; notifications: NotificationView[] }>('feedback', 'mine', {}),
  markRead: () => call<{ marked: number }>('feedback', 'markRead', {}),
}

import type { Ballot } from '../../src/core/ballot'
import type { Household } from '../../src/core/community'
import { inScope, type PlanItem } from '../../src/core/plan'
import { freezeRoster } from '../ballots/freeze'
import type { BallotRoster } from '../ballots/load-ballot'

/** How long the satisfaction survey after an accepted item stays open. */
export const SURVEY_DAYS = 14
export const SATISFACTION_OPTIONS = ['满意', '基本满意', '不满意']

/**
 * The satisfaction survey an accepted item sends to the households in its scope: a ballot opened at
 * once for 14 days with one choice question (满意 / 基本满意 / 不满意) and one for suggestions, both
 * with the item's scope; running results shown (a survey, not a decision). Frozen like any opened
 * ballot (ballots/freeze.ts). Null when no flat lies in the item's scope (nobody to ask).
 */
export function satisfactionSurvey(ctx: {
  ballotId: string
  communityId: string
  planId: string
  planEdition: number
  item: PlanItem
  households: readonly Household[]
  userId: string
  now: Date
}): { ballot: Ballot; roster: BallotRoster } | null {
  const { item, now } = ctx
  if (!ctx.households.some((h) => inScope(item.scope, h))) return null
  const ballot: Ballot = {
    _id: ctx.ballotId,
    communityId: ctx.communityId,
    planId: ctx.planId,
    title: `“${item.title}”改造效果满意度调查`,
    questions: [
      { kind: 'choice', _id: 'satisfaction', title: `您对“${item.title}”的改造效果满意吗？`, scope: item.scope, options: [...SATISFACTION_OPTIONS], maxPicks: 1 },
      { kind: 'text', _id: 'suggestions', title: '还有什么意见或建议？', scope: item.scope },
    ],
    opensAt: now.toISOString(),
    closesAt: new Date(now.getTime() + SURVEY_DAYS * 24 * 3600 * 1000).toISOString(),
    showRunningConsent: true,
    status: 'open',
    closedAt: null,
    resultNoticeId: null,
    createdBy: ctx.userId,
    version: 1,
  }
  return { ballot, roster: freezeRoster(ballot, ctx.households, ctx.planEdition, now) }
}

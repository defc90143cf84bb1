import { ballotPhase, type Ballot } from '../../src/core/ballot'
import type { Household } from '../../src/core/community'
import { inScope } from '../../src/core/plan'
import type { BallotSummary } from '../../src/core/ballot-view'
import { targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { listInput } from './schemas'

export const LIST_MAX = 200

/**
 * The community's ballots, newest opening first: drafts only for the office. For a resident, each
 * says whether it asks anything of their households (forMyHousehold): the others stay listed (their
 * results are public) but are not theirs to answer.
 * Outcomes: { items: BallotSummary[] } | NOT_FOUND | FORBIDDEN.
 */
export const listBallots = action(listInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'ballots.list', target)
  const office = user.role === 'office'
  const ballots = await deps.store.find<Ballot>(
    'ballots',
    office ? { communityId: target.community._id } : { communityId: target.community._id, status: { $ne: 'draft' } },
    { orderBy: [{ field: 'opensAt', direction: 'desc' }], limit: LIST_MAX },
  )
  const now = deps.now()
  const mine =
    user.role === 'resident'
      ? (
          await Promise.all(
            (user.memberships ?? []).filter((m) => m.communityId === target.community._id).map((m) => deps.store.get<Household>('households', m.householdId)),
          )
        ).filter((h): h is Household => h !== null)
      : null
  const items: BallotSummary[] = ballots.map((b) => ({
    _id: b._id,
    title: b.title,
    phase: ballotPhase(b, now),
    opensAt: b.opensAt,
    closesAt: b.closesAt,
    questions: b.questions.length,
    resultNoticeId: b.resultNoticeId,
    forMyHousehold: mine === null ? null : b.questions.some((q) => mine.some((h) => inScope(q.scope, h))),
  }))
  return { items }
})

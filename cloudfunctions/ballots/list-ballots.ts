import { ballotPhase, type Ballot } from '../../src/core/ballot'
import type { BallotSummary } from '../../src/core/ballot-view'
import { targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { listInput } from './schemas'

export const LIST_MAX = 200

/**
 * The community's ballots, newest opening first: drafts only for the office.
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
  const items: BallotSummary[] = ballots.map((b) => ({
    _id: b._id,
    title: b.title,
    phase: ballotPhase(b, now),
    opensAt: b.opensAt,
    closesAt: b.closesAt,
    questions: b.questions.length,
    resultNoticeId: b.resultNoticeId,
  }))
  return { items }
})

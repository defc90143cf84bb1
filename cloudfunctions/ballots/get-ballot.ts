import { ballotPhase, mayAnswer, type Ballot } from '../../src/core/ballot'
import type { BallotForHousehold, QuestionForHousehold } from '../../src/core/ballot-view'
import { householdLabel, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { inScope, scopeLabel, type PlanItem } from '../../src/core/plan'
import { shareTable, type Payer } from '../../src/core/shares'
import { householdVotesId, type HouseholdVotes } from '../../src/core/votes'
import { communityTarget } from '../common/community-target'
import { loadEditionPayers, loadShape } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { ballotNotFound, hideDraft, loadBallot, loadRoster, rosterEdition } from './load-ballot'
import { getInput } from './schemas'
import { requireVoter } from './voter'

/**
 * The whole ballot (office, and anyone of the community once it is out), or — with a householdId —
 * what that household answers: only the questions whose scope holds the household, each with the
 * plan item's title and the household's share of it (as the plan edition froze it), whether the
 * caller may answer it (owners' decisions: owners and proxies; and only flats on the roster frozen
 * at opening), the household's standing answer, and the version to send back when casting.
 * Outcomes: Ballot | BallotForHousehold | NOT_FOUND | FORBIDDEN.
 */
export const getBallot = action(getInput, async ({ deps, user, input }) => {
  if (input.householdId === undefined) {
    const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
    authorize(user, 'ballots.get', target)
    hideDraft(ballot, user)
    return ballot
  }
  return forHousehold(deps.store, user, input.ballotId, input.householdId, deps.now())
})

async function forHousehold(
  store: Parameters<typeof loadBallot>[0],
  user: Parameters<typeof loadBallot>[1],
  ballotId: string,
  householdId: string,
  now: Date,
): Promise<BallotForHousehold> {
  // Membership first, so that nobody learns which households (or ballots) exist by probing ids.
  const relation = await requireVoter(store, user, householdId, ballotId)
  const household = await store.get<Household>('households', householdId)
  if (!household) throw new AppError('NOT_FOUND', `household ${householdId}`, '没有找到这户房屋。')
  const ballot = await store.get<Ballot>('ballots', ballotId)
  if (!ballot || ballot.communityId !== household.communityId) throw ballotNotFound(ballotId)
  const target = await communityTarget(store, ballot.communityId)
  if (relation !== 'proxy') authorize(user, 'ballots.cast', { communityId: target.communityId, districtId: target.districtId, householdId })
  hideDraft(ballot, user)
  const roster = await loadRoster(store, ballot)
  const [shape, edition, votes] = await Promise.all([
    loadShape(store, ballot.communityId),
    rosterEdition(store, ballot, roster),
    store.get<HouseholdVotes>('householdVotes', householdVotesId(ballot._id, householdId)),
  ])
  const payers: Payer[] = edition ? await loadEditionPayers(store, edition) : []
  const items = new Map<string, PlanItem>((edition?.items ?? []).map((i) => [i._id, i]))
  // Scopes as the roster frozen at opening has the flat (casting and the count use the same); a flat
  // registered since sees the questions by where it is now, but may not answer them.
  const frozen = roster.flats.find((f) => f._id === householdId) ?? null
  const onRoster = frozen !== null
  const questions: QuestionForHousehold[] = ballot.questions
    .filter((q) => inScope(q.scope, frozen ?? household))
    .map((q) => {
      const item = q.kind === 'decision' || q.kind === 'yesno' ? (q.itemId !== undefined ? items.get(q.itemId) : undefined) : undefined
      const share = item ? shareTable(item, payers).shares.find((s) => s.householdId === householdId) : undefined
      const stored = votes?.answers[q._id]
      return {
        question: q,
        scopeLabel: scopeLabel(q.scope, shape),
        itemTitle: item?.title ?? null,
        shareFen: share ? share.fen : null,
        mayAnswer: onRoster && mayAnswer(q, relation, true),
        current: stored ? { answer: stored.answer, at: stored.at, via: stored.via, byMe: stored.byUserId === user._id } : null,
      }
    })
  return {
    ballot: { _id: ballot._id, title: ballot.title, opensAt: ballot.opensAt, closesAt: ballot.closesAt, showRunningConsent: ballot.showRunningConsent },
    phase: ballotPhase(ballot, now),
    householdId,
    householdLabel: householdLabel(household),
    version: votes?.version ?? 0,
    questions,
  }
}

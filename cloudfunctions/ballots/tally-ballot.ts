import { ballotPhase, type Ballot } from '../../src/core/ballot'
import { decisionTallyView, participationOnly, type BallotTally, type QuestionTally } from '../../src/core/ballot-view'
import type { User } from '../../src/core/roles'
import { formatArea } from '../../src/core/roster'
import { scopeLabel, type CommunityShape } from '../../src/core/plan'
import { gapLabel } from '../../src/core/tally'
import { loadShape } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { countBallot, type QuestionCount } from './count'
import { hideDraft, loadBallot, loadRoster, loadVotes } from './load-ballot'
import { ballotInput } from './schemas'

/**
 * Residents see only participation before a ballot closes unless the ballot shows running consent;
 * the office and the district always see everything. Free-text answers are for staff only.
 */
export function tallyView(ballot: Ballot, counts: readonly QuestionCount[], shape: CommunityShape, user: User, now: Date): BallotTally {
  const phase = ballotPhase(ballot, now)
  const staff = user.role === 'office' || user.role === 'district'
  // Until the office closes it (papers may still be confirmed after the closing time), not final.
  const hidden = !staff && ballot.status !== 'closed' && !ballot.showRunningConsent
  const questions: QuestionTally[] = counts.map(({ question: q, decision, survey }) => {
    const view = decision ? decisionTallyView(decision) : null
    return {
      questionId: q._id,
      title: q.title,
      kind: q.kind,
      scopeLabel: scopeLabel(q.scope, shape),
      decision: view && hidden ? participationOnly(view) : view,
      participationOnly: hidden,
      survey: survey ? (hidden ? { households: survey.households, responses: survey.responses, counts: {}, texts: [] } : { ...survey, texts: staff ? survey.texts : [] }) : null,
      participationGap: decision ? gapLabel(decision.participation, formatArea) : '',
      consentGap: decision && !hidden ? gapLabel(decision.consent, formatArea) : '',
    }
  })
  return { ballotId: ballot._id, phase, questions }
}

/**
 * The live (or final) count of every question, on the roster frozen at opening: owners' decisions by
 * the legal double majority with the gap to each threshold, surveys as counts.
 * Outcomes: BallotTally | BALLOT_NOT_OPEN (a draft) | NOT_FOUND | FORBIDDEN.
 */
export const tallyBallot = action(ballotInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.tally', target)
  hideDraft(ballot, user)
  const roster = await loadRoster(deps.store, ballot)
  const [votes, shape] = await Promise.all([loadVotes(deps.store, ballot._id), loadShape(deps.store, ballot.communityId)])
  return tallyView(ballot, countBallot(ballot.questions, roster.flats, votes), shape, user, deps.now())
})

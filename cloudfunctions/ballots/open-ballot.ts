import type { Ballot } from '../../src/core/ballot'
import { AppError } from '../../src/core/errors'
import { inScope } from '../../src/core/plan'
import { latestEdition, loadHouseholds, loadPlan, loadShape } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { DuplicateKeyError } from '../common/store'
import { checkQuestions, checkTimes } from './check-questions'
import { freezeRoster, writeFrozen } from './freeze'
import { checkBallotVersion, hideDraft, loadBallot, staleBallot } from './load-ballot'
import { BALLOT_MAX_DAYS, versionedInput } from './schemas'
import { requireBallotDraft } from './update-ballot'

/**
 * Publishes a draft: it opens at its opening time (at once if that has passed: the opening time
 * becomes now, so nobody could have voted "before" it was out) and closes at its closing time,
 * at most 60 days later and still ahead. Its questions are checked again against the community and
 * the newest published plan edition, and every question's scope must hold at least one flat.
 *
 * The roster is frozen here (`ballotRosters`): every count of this ballot — the electorate, the
 * heads and areas, who may vote — is taken from the flats as registered at opening, so a roster
 * edit mid-ballot cannot move the result. The plan edition the questions were checked on is frozen
 * with it (shares and item titles come from it). The ballot, its roster and its log counter are
 * written in one transaction.
 * Outcomes: Ballot | INVALID_INPUT | SCOPE_OUTSIDE | PLAN_NOT_PUBLISHED | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const openBallot = action(versionedInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.open', target)
  hideDraft(ballot, user)
  requireBallotDraft(ballot)
  checkBallotVersion(ballot, input.version)
  const [shape, plan, households] = await Promise.all([
    loadShape(deps.store, ballot.communityId),
    loadPlan(deps.store, ballot.communityId),
    loadHouseholds(deps.store, ballot.communityId),
  ])
  const edition = plan ? await latestEdition(deps.store, plan) : null
  checkQuestions(ballot.questions, shape, edition)
  for (const q of ballot.questions) {
    if (!households.some((h) => inScope(q.scope, h))) {
      throw new AppError('INVALID_INPUT', `question ${q._id}: no flat in scope`, `“${q.title}”的范围内还没有登记住户，不能发布。`)
    }
  }
  const now = deps.now()
  const opensAt = new Date(ballot.opensAt) < now ? now.toISOString() : ballot.opensAt
  checkTimes(opensAt, ballot.closesAt, BALLOT_MAX_DAYS, now)

  const opened: Ballot = { ...ballot, status: 'open', opensAt, version: ballot.version + 1 }
  const roster = freezeRoster(ballot, households, edition?.edition ?? null, now)
  return deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('ballots', opened, input.version))) throw staleBallot(ballot._id, input.version)
    try {
      await writeFrozen(tx, opened, roster, user._id)
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw staleBallot(ballot._id, input.version)
      throw e
    }
    return opened
  })
})

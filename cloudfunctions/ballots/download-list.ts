import { AppError } from '../../src/core/errors'
import { action, authorize } from '../common/router'
import type { BallotListDoc } from './close-ballot'
import { hideDraft, loadBallot } from './load-ballot'
import { ballotInput } from './schemas'

/**
 * The anonymised ballot list of a closed ballot as a JSON file (src/core/ballot-list.ts), for
 * `npm run recount -- <file>`.
 * Outcomes: { fileName, json } | BALLOT_NOT_OPEN (not closed yet) | NOT_FOUND | FORBIDDEN.
 */
export const downloadList = action(ballotInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.downloadList', target)
  hideDraft(ballot, user)
  const doc = ballot.status === 'closed' ? await deps.store.get<BallotListDoc>('ballotLists', ballot._id) : null
  if (!doc) throw new AppError('BALLOT_NOT_OPEN', `ballot ${ballot._id} is ${ballot.status}: no list yet`, '投票结束后才公布匿名选票清单。')
  return { fileName: `选票清单-${ballot._id}.json`, json: `${JSON.stringify(doc.list, null, 2)}\n` }
})

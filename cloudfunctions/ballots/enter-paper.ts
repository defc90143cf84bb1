import { checkOpen } from '../../src/core/ballot'
import { householdLabel } from '../../src/core/community'
import { newPaperBallot, paperView } from '../../src/core/paper'
import { checkPhotos } from '../common/photos'
import { action, authorize } from '../common/router'
import { loadBallot } from './load-ballot'
import { ballotInTx, checkPaperAnswers, paperLabels, rosterFlatOf } from './paper-common'
import { enterPaperInput } from './paper-schemas'
import { appendLog, withRetries } from './record-vote'

/**
 * The office enters a paper ballot while the ballot is open: the household (from the ballot's frozen
 * roster), the answers as written, who signed it, who helped, and at least one photo of the paper.
 * It is stored `pending` — nothing counts until a different staff member confirms it
 * (confirm-paper.ts) — and logged as a 'paper-entered' event (the answers as entered, no receipt)
 * in the same transaction.
 * Outcomes: PaperView | NOT_FOUND (ballot, household) | BALLOT_NOT_OPEN | BALLOT_CLOSED |
 * NOT_IN_SCOPE | OWNERS_ONLY | INVALID_INPUT (answers, photos) | FORBIDDEN.
 */
export const enterPaper = action(enterPaperInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.enterPaper', target)
  checkOpen(ballot, deps.now())
  const { roster, itemTitles, householdLabels } = await paperLabels(deps.store, ballot)
  const flat = rosterFlatOf(roster, input.householdId)
  const relation = input.relation ?? 'owner'
  const answers = checkPaperAnswers(ballot, flat, relation, input.answers)
  await checkPhotos(deps, user, input.photos)
  const now = deps.now()
  // Photos may take seconds to check: the paper must still be handed in before closing.
  checkOpen(ballot, now)
  const paper = newPaperBallot(
    {
      ballotId: ballot._id,
      communityId: ballot.communityId,
      householdId: flat._id,
      householdLabel: householdLabel(flat),
      answers,
      photos: input.photos,
      voterName: input.voterName,
      relation,
      assistedBy: input.assistedBy ? input.assistedBy : null,
    },
    user,
    now,
    deps.newId(),
  )
  await withRetries(deps.store, async (tx) => {
    await ballotInTx(tx, ballot._id, now, 'open')
    await tx.insert('paperBallots', paper)
    await appendLog(tx, { ballotId: ballot._id, at: paper.enteredAt, kind: 'paper-entered', householdId: flat._id, answers, receiptHash: null, byUserId: user._id })
  })
  return paperView(paper, ballot, user, { itemTitles, householdLabels })
})

import { paperView, resolvePaper } from '../../src/core/paper'
import { action } from '../common/router'
import { freshPaper, loadPaper, recordPaper, savePaper } from './confirm-paper'
import { ballotInTx, checkNotClosed, paperLabels } from './paper-common'
import { resolveConflictInput } from './paper-schemas'
import { appendLog, withRetries } from './record-vote'

/**
 * The office resolves a paper ballot's conflict after speaking with the owner, with a note of what
 * was agreed. In one transaction:
 * - keep 'paper': the paper's answers are recorded as the household's vote (they replace the
 *   standing answers to the same questions; log event 'conflict-resolved' with the answers), the
 *   paper is `confirmed` and carries its receipt;
 * - keep 'online' (the vote already standing): the paper is `discarded`; a 'conflict-resolved'
 *   log entry without answers records the decision.
 * Allowed until the office closes the ballot.
 * Outcomes: PaperView | NOT_FOUND | CONFLICT (no conflict to resolve, changed meanwhile) |
 * BALLOT_CLOSED | INVALID_INPUT (no note) | FORBIDDEN.
 */
export const resolveConflict = action(resolveConflictInput, async ({ deps, user, input }) => {
  const { paper, ballot } = await loadPaper(deps, user, input.paperId, input.version, 'ballots.resolveConflict')
  const now = deps.now()
  resolvePaper(paper, input.keep, input.note, user, now)
  checkNotClosed(ballot, now)
  const labels = await paperLabels(deps.store, ballot)
  const next = await withRetries(deps.store, async (tx) => {
    const fresh = await freshPaper(tx, paper._id, input.version)
    await ballotInTx(tx, ballot._id, now, 'not-closed')
    let out = resolvePaper(fresh, input.keep, input.note, user, now)
    if (input.keep === 'paper') out = await recordPaper(tx, ballot, out, user, now, 'conflict-resolved')
    else await appendLog(tx, { ballotId: ballot._id, at: now.toISOString(), kind: 'conflict-resolved', householdId: fresh.householdId, answers: null, receiptHash: null, byUserId: user._id })
    await savePaper(tx, out, input.version)
    return out
  })
  return paperView(next, ballot, user, labels)
})

import { paperView, rejectPaper } from '../../src/core/paper'
import { action } from '../common/router'
import { freshPaper, loadPaper, savePaper } from './confirm-paper'
import { ballotInTx, checkNotClosed, paperLabels } from './paper-common'
import { rejectPaperInput } from './paper-schemas'
import { appendLog, withRetries } from './record-vote'

/**
 * Sends a pending paper ballot back with the reason (entered wrongly — the wrong flat or answer —
 * or the paper is not valid): it is never counted; a corrected paper is entered again. Anyone of
 * the office may do it, the one who entered it too. The paper and a 'paper-rejected' log entry
 * (without answers) in one transaction.
 * Outcomes: PaperView | NOT_FOUND | CONFLICT (not pending, changed meanwhile) | BALLOT_CLOSED |
 * INVALID_INPUT | FORBIDDEN.
 */
export const rejectPaperAction = action(rejectPaperInput, async ({ deps, user, input }) => {
  const { paper, ballot } = await loadPaper(deps, user, input.paperId, input.version, 'ballots.rejectPaper')
  const now = deps.now()
  rejectPaper(paper, input.reason, user, now)
  checkNotClosed(ballot, now)
  const labels = await paperLabels(deps.store, ballot)
  const next = await withRetries(deps.store, async (tx) => {
    const fresh = await freshPaper(tx, paper._id, input.version)
    await ballotInTx(tx, ballot._id, now, 'not-closed')
    const out = rejectPaper(fresh, input.reason, user, now)
    await appendLog(tx, { ballotId: ballot._id, at: now.toISOString(), kind: 'paper-rejected', householdId: fresh.householdId, answers: null, receiptHash: null, byUserId: user._id })
    await savePaper(tx, out, input.version)
    return out
  })
  return paperView(next, ballot, user, labels)
})

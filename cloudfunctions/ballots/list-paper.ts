import { paperView, VIA_LABELS, type AssistedRow, type PaperBallot, type PaperStatus } from '../../src/core/paper'
import { maskName } from '../../src/core/privacy'
import { action, authorize } from '../common/router'
import { loadBallot, loadVotes } from './load-ballot'
import { paperLabels } from './paper-common'
import { listPaperInput } from './paper-schemas'

const ORDER: Record<PaperStatus, number> = { conflict: 0, pending: 1, confirmed: 2, discarded: 3, rejected: 4 }

/**
 * The office's paper-ballot desk for one ballot: every paper ballot (conflicts first, then those
 * waiting for a second staff member, then the settled ones; newest first within each), how many
 * of each, and the standing votes that someone helped to give (assisted voting, online or on
 * paper) with who helped. Names are masked as in every list.
 * Outcomes: { items: PaperView[], counts, assisted: AssistedRow[] } | NOT_FOUND | FORBIDDEN.
 */
export const listPaper = action(listPaperInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.listPaper', target)
  const counts: Record<PaperStatus, number> = { pending: 0, conflict: 0, confirmed: 0, discarded: 0, rejected: 0 }
  if (ballot.status === 'draft') return { items: [], counts, assisted: [] }
  const labels = await paperLabels(deps.store, ballot)
  const papers = await deps.store.find<PaperBallot>('paperBallots', { ballotId: ballot._id }, { orderBy: [{ field: 'enteredAt', direction: 'desc' }], limit: 5000 })
  papers.sort((a, b) => ORDER[a.status] - ORDER[b.status])
  for (const p of papers) counts[p.status] += 1

  const titleOf = (id: string) => ballot.questions.find((q) => q._id === id)?.title ?? id
  const assisted: AssistedRow[] = []
  for (const votes of await loadVotes(deps.store, ballot._id)) {
    const bySubmission = new Map<string, AssistedRow>()
    for (const [questionId, a] of Object.entries(votes.answers)) {
      if (!a.assistedBy) continue
      const row = bySubmission.get(a.receiptHash)
      if (row) row.questionTitles.push(titleOf(questionId))
      else {
        bySubmission.set(a.receiptHash, {
          householdId: votes.householdId,
          householdLabel: labels.householdLabels[votes.householdId] ?? votes.householdId,
          questionTitles: [titleOf(questionId)],
          via: a.via,
          viaLabel: VIA_LABELS[a.via],
          assistedBy: a.assistedBy,
          at: a.at,
        })
      }
    }
    assisted.push(...bySubmission.values())
  }
  assisted.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
  return {
    items: papers.map((p) => ({ ...paperView(p, ballot, user, labels), voterName: maskName(p.voterName) })),
    counts,
    assisted,
  }
})

import type { Ballot } from '../../src/core/ballot'
import { AppError } from '../../src/core/errors'
import { checkConfirm, confirmPaper, findConflicts, headFlatsByQuestion, paperView, withReceipt, type PaperBallot } from '../../src/core/paper'
import type { User } from '../../src/core/roles'
import { householdVotesId, type HouseholdVotes, type StoredAnswer } from '../../src/core/votes'
import { action, authorize, type Deps } from '../common/router'
import type { StoreOps } from '../common/store'
import { loadBallot } from './load-ballot'
import { ballotInTx, checkNotClosed, paperLabels } from './paper-common'
import { confirmPaperInput } from './paper-schemas'
import { appendLog, contentHash, newReceipt, recordVote, withRetries } from './record-vote'

export function paperNotFound(paperId: string): AppError {
  return new AppError('NOT_FOUND', `paper ballot ${paperId}`, '没有找到这张纸质选票。')
}

function stale(paper: PaperBallot, version: number): AppError {
  return new AppError('CONFLICT', `paper ${paper._id} is at version ${paper.version}, not ${version}`, '这张纸质选票刚被别的工作人员处理过，请刷新后查看。')
}

/** The paper ballot, its ballot and the permission target; the version must be the one the page showed. */
export async function loadPaper(deps: Deps, user: User, paperId: string, version: number, permission: 'ballots.confirmPaper' | 'ballots.resolveConflict' | 'ballots.rejectPaper') {
  const paper = await deps.store.get<PaperBallot>('paperBallots', paperId)
  if (!paper) throw paperNotFound(paperId)
  const { ballot, target } = await loadBallot(deps.store, user, paper.ballotId)
  authorize(user, permission, target)
  if (paper.version !== version) throw stale(paper, version)
  return { paper, ballot }
}

/** Re-reads the paper inside the transaction: it must still be at `version`. */
export async function freshPaper(tx: StoreOps, paperId: string, version: number): Promise<PaperBallot> {
  const paper = await tx.get<PaperBallot>('paperBallots', paperId)
  if (!paper) throw paperNotFound(paperId)
  if (paper.version !== version) throw stale(paper, version)
  return paper
}

/** Stores the paper's next state (version-checked against `version`). */
export async function savePaper(tx: StoreOps, next: PaperBallot, version: number): Promise<void> {
  if (!(await tx.replaceIfVersion('paperBallots', next, version))) throw stale(next, version)
}

/**
 * Records a paper ballot's answers as the household's vote (via 'paper', the staff member who
 * confirmed or resolved it as submitter) and returns the paper with its receipt.
 */
export async function recordPaper(tx: StoreOps, ballot: Ballot, paper: PaperBallot, by: User, now: Date, kind: 'paper-confirmed' | 'conflict-resolved'): Promise<PaperBallot> {
  const current = await tx.get<HouseholdVotes>('householdVotes', householdVotesId(ballot._id, paper.householdId))
  const receipt = newReceipt()
  const recorded = await recordVote(tx, {
    ballot,
    householdId: paper.householdId,
    answers: paper.answers,
    byUserId: by._id,
    relation: paper.relation,
    via: 'paper',
    assistedBy: paper.assistedBy,
    expectedVersion: current?.version ?? 0,
    now,
    receipt,
    requestId: `paper-${paper._id}${kind === 'conflict-resolved' ? '-resolved' : ''}`,
    contentHash: contentHash({ householdId: paper.householdId, userId: by._id, answers: paper.answers, assistedBy: paper.assistedBy, via: 'paper' }),
    kind,
  })
  return withReceipt(paper, receipt, recorded.submission.receiptHash)
}

/**
 * A second staff member confirms a pending paper ballot (the one who entered it is refused). In one
 * transaction, against the votes standing at that moment:
 * - if the household — or, for an owners' decision, another flat of the same owner head within
 *   that question's scope — already has an answer to one of the paper's questions, the paper becomes a visible `conflict`: nothing
 *   is counted, a 'paper-confirmed' log entry without answers records the confirmation;
 * - otherwise its answers are recorded like a vote (recordVote, via 'paper', log event
 *   'paper-confirmed') and the paper carries the receipt to give to the voter.
 * Allowed until the office closes the ballot (papers handed in before the closing time may be
 * confirmed after it).
 * Outcomes: PaperView | NOT_FOUND | FORBIDDEN (incl. the staff member who entered it) | CONFLICT
 * (not pending any more, changed meanwhile) | BALLOT_CLOSED.
 */
export const confirmPaperAction = action(confirmPaperInput, async ({ deps, user, input }) => {
  const { paper, ballot } = await loadPaper(deps, user, input.paperId, input.version, 'ballots.confirmPaper')
  checkConfirm(paper, user)
  const now = deps.now()
  checkNotClosed(ballot, now)
  const labels = await paperLabels(deps.store, ballot)
  // Per owners' decision, the flats of the paper's head within that question's scope (as the count forms heads).
  const siblings = headFlatsByQuestion(labels.roster.flats, paper.householdId, ballot.questions)
  const flats = new Set([paper.householdId, ...[...siblings.values()].flat()])
  const next = await withRetries(deps.store, async (tx) => {
    const fresh = await freshPaper(tx, paper._id, input.version)
    await ballotInTx(tx, ballot._id, now, 'not-closed')
    const standing = new Map<string, Record<string, StoredAnswer>>()
    for (const id of flats) {
      const votes = await tx.get<HouseholdVotes>('householdVotes', householdVotesId(ballot._id, id))
      if (votes) standing.set(id, votes.answers)
    }
    let out = confirmPaper(fresh, user, now, findConflicts(fresh, ballot.questions, siblings, standing))
    if (out.status === 'conflict') {
      await appendLog(tx, { ballotId: ballot._id, at: now.toISOString(), kind: 'paper-confirmed', householdId: fresh.householdId, answers: null, receiptHash: null, byUserId: user._id })
    } else {
      out = await recordPaper(tx, ballot, out, user, now, 'paper-confirmed')
    }
    await savePaper(tx, out, input.version)
    return out
  })
  return paperView(next, ballot, user, labels)
})

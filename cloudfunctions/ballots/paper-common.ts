import { ballotPhase, checkAnswer, checkOpen, mayAnswer, type Answer, type Ballot } from '../../src/core/ballot'
import { householdLabel } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { UNSETTLED_PAPER, type PaperBallot } from '../../src/core/paper'
import { inScope } from '../../src/core/plan'
import type { VoterRelation } from '../../src/core/votes'
import type { StoreOps } from '../common/store'
import { ballotNotFound, loadRoster, rosterEdition, type BallotRoster, type RosterFlat } from './load-ballot'

/** Shared by the paper-ballot use cases: the frozen roster's flat, answer checks, labels. */

/** The flat as the ballot's frozen roster has it (a flat registered after opening does not vote in it). */
export function rosterFlatOf(roster: BallotRoster, householdId: string): RosterFlat {
  const flat = roster.flats.find((f) => f._id === householdId)
  if (!flat) throw new AppError('NOT_FOUND', `household ${householdId} is not in the roster of ballot ${roster.ballotId}`, '这户房屋不在本次投票的名册里，请核对楼号、单元和房号。')
  return flat
}

/**
 * The paper's answers checked as an online vote's would be: each to a question of the ballot, once,
 * in the household's scope (NOT_IN_SCOPE), owners' decisions only when an owner or proxy signed
 * (OWNERS_ONLY), and valid for its question (checkAnswer).
 */
export function checkPaperAnswers(ballot: Pick<Ballot, 'questions'>, flat: RosterFlat, relation: VoterRelation, answers: readonly Answer[]): Answer[] {
  const seen = new Set<string>()
  return answers.map((a) => {
    const q = ballot.questions.find((x) => x._id === a.questionId)
    if (!q) throw new AppError('INVALID_INPUT', `no question ${a.questionId}`, '选票上有一个问题不在本次投票里，请刷新后重新录入。')
    if (seen.has(q._id)) throw new AppError('INVALID_INPUT', `question ${q._id} answered twice`, `“${q.title}”录入了两次。`)
    seen.add(q._id)
    if (!inScope(q.scope, flat)) throw new AppError('NOT_IN_SCOPE', `question ${q._id} is not in the scope of ${flat._id}`, `“${q.title}”不在这户房屋所在的范围内，不能录入。`)
    if (!mayAnswer(q, relation, true)) throw new AppError('OWNERS_ONLY', `${relation} may not answer decision ${q._id}`)
    return checkAnswer(q, a)
  })
}

/**
 * Paper ballots are entered while the ballot is open; they may be confirmed and their conflicts
 * resolved until the office closes it (also after the closing time: the paper was handed in before).
 */
export function checkNotClosed(ballot: Ballot, now: Date): void {
  if (ballot.status === 'closed') throw new AppError('BALLOT_CLOSED', `ballot ${ballot._id} is closed`)
  const phase = ballotPhase(ballot, now)
  if (phase === 'draft' || phase === 'scheduled') throw new AppError('BALLOT_NOT_OPEN', `ballot ${ballot._id} is ${phase}`)
}

/**
 * The ballot as it stands inside the transaction (a close that got in first wins): open for
 * entering, not closed for confirming and resolving.
 */
export async function ballotInTx(tx: StoreOps, ballotId: string, now: Date, need: 'open' | 'not-closed'): Promise<Ballot> {
  const ballot = await tx.get<Ballot>('ballots', ballotId)
  if (!ballot) throw ballotNotFound(ballotId)
  if (need === 'open') checkOpen(ballot, now)
  else checkNotClosed(ballot, now)
  return ballot
}

/**
 * Refuses to close a ballot while a paper ballot of it is pending or in conflict: papers handed in
 * before closing must be settled first. Run inside the closing transaction (a query CloudBase runs
 * transactionally; a paper entered meanwhile moves the log counter, so closing counts again).
 */
export async function checkPapersSettled(tx: StoreOps, ballotId: string): Promise<void> {
  const open = await tx.find<PaperBallot>('paperBallots', { ballotId, status: { $in: [...UNSETTLED_PAPER] } }, { limit: 1000 })
  if (open.length === 0) return
  const pending = open.filter((p) => p.status === 'pending').length
  const conflicts = open.length - pending
  const parts = [pending ? `${pending} 张纸质选票还没有确认` : '', conflicts ? `${conflicts} 张纸质选票与已有投票冲突、还没有处理` : ''].filter(Boolean)
  throw new AppError('VOTE_CONFLICT', `ballot ${ballotId}: ${pending} pending and ${conflicts} conflicting paper ballots`, `${parts.join('，')}。请先在“纸质选票”里处理完，再结束投票。`)
}

/** Plan item titles (menu answers name items) and flat labels for the office's views. */
export async function paperLabels(store: StoreOps, ballot: Ballot): Promise<{ roster: BallotRoster; itemTitles: Record<string, string>; householdLabels: Record<string, string> }> {
  const roster = await loadRoster(store, ballot)
  const edition = await rosterEdition(store, ballot, roster)
  return {
    roster,
    itemTitles: Object.fromEntries((edition?.items ?? []).map((i) => [i._id, i.title])),
    householdLabels: Object.fromEntries(roster.flats.map((f) => [f._id, householdLabel(f)])),
  }
}

import { ballotPhase, type Ballot } from '../../src/core/ballot'
import type { BallotList } from '../../src/core/ballot-list'
import { AppError } from '../../src/core/errors'
import { newDraft, publish, type Notice } from '../../src/core/notice'
import { changeProgress, DECISION_REF_MAX, ITEM_STATUS_LABELS, type ItemProgress, type Plan, type PlanEdition } from '../../src/core/plan'
import type { User } from '../../src/core/roles'
import { recordAudit } from '../common/audit'
import { loadPlan, loadShape } from '../common/plan-store'
import { action, authorize, type Deps } from '../common/router'
import { DuplicateKeyError, type StoreOps } from '../common/store'
import { ballotList, countBallot, type QuestionCount } from './count'
import { checkBallotVersion, hideDraft, loadBallot, loadRoster, loadVotes, rosterEdition, staleBallot, type BallotRoster } from './load-ballot'
import { checkPapersSettled } from './paper-common'
import { appendLog, lostRace, RetryTransaction, TRANSACTION_ATTEMPTS, type BallotCounter } from './record-vote'
import { resultBody, resultTitle } from './result-notice'
import { versionedInput } from './schemas'

/** The anonymised list of a closed ballot (`ballotLists`, `_id` = ballot id). */
export interface BallotListDoc {
  _id: string
  ballotId: string
  communityId: string
  list: BallotList
}

const DECISION_LABELS = { pending: '待表决', passed: '表决通过', rejected: '表决未通过' } as const
const logged = (title: string, p: ItemProgress) => ({ item: title, status: ITEM_STATUS_LABELS[p.status], decision: DECISION_LABELS[p.decision], decisionRef: p.decisionRef })

/**
 * The plan with each decided item's owners' decision set from the count (passed / rejected, with the
 * ballot as its record), by the rules of changeProgress; items it refuses (works already begun, the
 * same decision already recorded by this ballot) are left as they are.
 */
function decidedPlan(plan: Plan, edition: PlanEdition | null, counts: readonly QuestionCount[], ballot: Ballot, user: User, now: Date, log?: (line: string) => void) {
  const decisionRef = `投票「${ballot.title}」`.slice(0, DECISION_REF_MAX)
  const progress = { ...plan.progress }
  const changed: { title: string; before: ItemProgress; after: ItemProgress; itemId: string }[] = []
  for (const { question: q, decision } of counts) {
    if (q.kind !== 'decision' || !decision) continue
    const item = edition?.items.find((i) => i._id === q.itemId)
    const current = progress[q.itemId]
    if (!item || !current) continue
    try {
      const next = changeProgress(item, current, { decision: decision.passed ? 'passed' : 'rejected', decisionRef }, plan.stage, { userId: user._id, now })
      progress[q.itemId] = next
      changed.push({ title: item.title, before: current, after: next, itemId: item._id })
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      log?.(`ballot ${ballot._id}: item ${q.itemId} progress left as it was: ${e.detail ?? e.message}`)
    }
  }
  if (changed.length === 0) return null
  return { plan: { ...plan, progress, version: plan.version + 1, updatedAt: now.toISOString(), updatedBy: user._id }, changed }
}

interface Context {
  deps: Deps
  user: User
  ballot: Ballot
  version: number
  roster: BallotRoster
  edition: PlanEdition | null
  communityName: string
  shape: Awaited<ReturnType<typeof loadShape>>
}

/**
 * One attempt: read the log counter, the votes and the plan; count; then in one transaction check
 * that no vote came in meanwhile (the counter is where it was) and write everything.
 */
async function attempt(ctx: Context): Promise<Ballot> {
  const { deps, user, ballot, roster } = ctx
  const store = deps.store
  const before = await store.get<BallotCounter>('ballotCounters', ballot._id)
  const [votes, plan] = await Promise.all([loadVotes(store, ballot._id), loadPlan(store, ballot.communityId)])
  const now = deps.now()
  const at = now.toISOString()
  const counts = countBallot(ballot.questions, roster.flats, votes)
  const noticeId = deps.newId()
  // The notice and the list carry the closing log entry (its seq and hash): built once it is sealed.
  const resultNotice = (log: { seq: number; hash: string }): Notice =>
    publish(
      newDraft({ kind: 'notice', title: resultTitle(ballot.title), body: resultBody(ballot, counts, ctx.shape, ctx.edition, now, log) }, { id: noticeId, communityId: ballot.communityId, userId: user._id }, now),
      user._id,
      now,
    )
  const closed: Ballot = { ...ballot, status: 'closed', closedAt: at, resultNoticeId: noticeId, version: ballot.version + 1 }
  const decided = plan ? decidedPlan(plan, ctx.edition, counts, ballot, user, now, deps.log) : null
  const listDoc = (log: { seq: number; hash: string }): BallotListDoc => ({
    _id: ballot._id,
    ballotId: ballot._id,
    communityId: ballot.communityId,
    list: ballotList(ballot, ctx.communityName, at, counts, roster.flats, votes, log),
  })

  return store.transaction(async (tx: StoreOps) => {
    const counter = await tx.get<BallotCounter>('ballotCounters', ballot._id)
    if ((counter?.version ?? 0) !== (before?.version ?? 0)) throw new RetryTransaction(`a vote of ${ballot._id} came in while counting`)
    // Paper ballots handed in before closing must be confirmed (or their conflicts resolved) first.
    await checkPapersSettled(tx, ballot._id)
    if (!(await tx.replaceIfVersion('ballots', closed, ctx.version))) throw staleBallot(ballot._id, ctx.version)
    const last = await appendLog(tx, { ballotId: ballot._id, at, kind: 'closed', householdId: null, answers: null, receiptHash: null, byUserId: user._id })
    await tx.insert('notices', resultNotice(last))
    if (decided) {
      if (!(await tx.replaceIfVersion('plans', decided.plan, plan!.version))) throw new RetryTransaction(`plan ${plan!._id} changed while closing`)
      for (const c of decided.changed) {
        await recordAudit(tx, {
          id: deps.newId(),
          communityId: ballot.communityId,
          at: now,
          by: user,
          action: 'plans.setProgress',
          entity: 'plans',
          entityId: `${plan!._id}/${c.itemId}`,
          before: logged(c.title, c.before),
          after: logged(c.title, c.after),
        })
      }
    }
    try {
      await tx.insert('ballotLists', listDoc(last))
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw staleBallot(ballot._id, ctx.version)
      throw e
    }
    return closed
  })
}

/**
 * Closes a ballot — early, by the office, while it is open, or once its closing time has passed —
 * and publishes its result, all in one transaction: the ballot (closed, closedAt, resultNoticeId),
 * a 'closed' entry in the vote log, a published notice with each question's result and the closing
 * entry's sequence number and hash (the anchor of the log's hash chain), each decided
 * plan item's owners' decision (passed/rejected, recorded as 投票「…」, version-checked, audited),
 * and the anonymised ballot list (`ballotLists`, with the same anchor: logSeq, logHash). The count is taken on the votes as they stand at
 * that transaction: if a vote comes in while counting, the count is taken again.
 * Outcomes: Ballot | BALLOT_NOT_OPEN (a draft, or before opening) | BALLOT_CLOSED | CONFLICT |
 * VOTE_CONFLICT (paper ballots still pending or in conflict: settle them first) |
 * NOT_FOUND | FORBIDDEN.
 */
export const closeBallot = action(versionedInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.close', target)
  hideDraft(ballot, user)
  if (ballot.status === 'closed') throw new AppError('BALLOT_CLOSED', `ballot ${ballot._id} was closed at ${ballot.closedAt}`, '这次投票已经结束并公布了结果。')
  if (ballot.status === 'draft') throw new AppError('BALLOT_NOT_OPEN', `ballot ${ballot._id} is a draft`, '投票还没有发布，不需要结束。')
  if (ballotPhase(ballot, deps.now()) === 'scheduled') {
    throw new AppError('BALLOT_NOT_OPEN', `ballot ${ballot._id} opens at ${ballot.opensAt}`, '投票还没有开始，不能提前结束。')
  }
  checkBallotVersion(ballot, input.version)
  const roster = await loadRoster(deps.store, ballot)
  const [edition, shape] = await Promise.all([rosterEdition(deps.store, ballot, roster), loadShape(deps.store, ballot.communityId)])
  const ctx: Context = { deps, user, ballot, version: input.version, roster, edition, shape, communityName: target.community.name }
  let why = ''
  for (let i = 0; i < TRANSACTION_ATTEMPTS; i++) {
    try {
      return await attempt(ctx)
    } catch (e) {
      const lost = lostRace(e)
      if (lost === null) throw e
      why = lost
    }
  }
  throw new AppError('CONFLICT', `close of ${ballot._id} gave up: ${why}`, '投票还在不断进来，这次没能结束投票，请稍后再试。')
})

import { checkAnswer, checkOpen, mayAnswer, type Answer, type Ballot } from '../../src/core/ballot'
import type { CastResult } from '../../src/core/ballot-view'
import { AppError } from '../../src/core/errors'
import { inScope } from '../../src/core/plan'
import { householdVotesId, submissionId, type HouseholdVotes, type Submission } from '../../src/core/votes'
import { action, authorize } from '../common/router'
import { ballotNotFound, cachedOpenBallot, forgetOpenBallot, frozenFlat, hideDraft, keepOpenBallot } from './load-ballot'
import { contentHash, newReceipt, recordVote, RetryTransaction, withRetries, type BallotCounter } from './record-vote'
import { castInput } from './schemas'
import { requireVoter } from './voter'

/**
 * A household's answers, all at once. Checks: every answer is to a question of the ballot whose scope holds
 * the household, whose flat is on the roster frozen at opening (NOT_IN_SCOPE); owners' decisions
 * only from owners and proxies (OWNERS_ONLY); each answer fits its question (checkAnswer).
 *
 * The caller's relation to the household is checked first; then everything else happens in ONE
 * transaction (only doc-by-id gets, inserts and replaceIfVersion):
 * - the ballot: once open, its questions, community and times never change (only drafts are edited),
 *   so an open ballot read once by a cast that committed is kept in memory (load-ballot.ts); otherwise it is read inside the
 *   transaction. The checks above run on it (a draft is NOT_FOUND to voters). Closing is seen in the
 *   transaction through the ballot's log counter (`closed`, written by the closing entry), which
 *   recordVote needs anyway, so a close that got in first wins;
 * - the submission `${ballotId}:${requestId}`: if stored with the same content, its receipt is
 *   returned again with `replayed: true` and nothing is written; with other content: REQUEST_REPLAYED;
 * - the ballot is open (before opening / after closing or once closed by the office — the ballot's
 *   status or its counter's `closed`: BALLOT_NOT_OPEN / BALLOT_CLOSED); a retry of a vote stored before closing still gets its
 *   receipt back (the submission is looked up before this check);
 * - recordVote: the household's votes document at the version the voter saw (else CONFLICT: someone
 *   else in the household just voted), the submission with a new receipt, the log entry.
 * A refusal throws inside the transaction: nothing is stored.
 * Outcomes: CastResult | BALLOT_NOT_OPEN | BALLOT_CLOSED | NOT_IN_SCOPE | OWNERS_ONLY |
 * REQUEST_REPLAYED | CONFLICT | INVALID_INPUT | NOT_FOUND | FORBIDDEN.
 */
export const castVote = action(castInput, async ({ deps, user, input }) => {
  // Membership first, so that nobody learns which households (or ballots) exist by probing ids.
  const relation = await requireVoter(deps.store, user, input.householdId, input.ballotId)
  // Membership of the household is the permission (memberOfHousehold needs no community lookup).
  if (relation !== 'proxy') authorize(user, 'ballots.cast', { householdId: input.householdId })
  const assistedBy = input.assistedBy ? input.assistedBy : null
  const via = assistedBy ? 'assisted' : 'online'
  const receipt = newReceipt()

  // The ballot as read by the attempt that committed: kept for later casts only then (a read inside a
  // batch may see another transaction's writes that are then rolled back with it).
  let read: Ballot | null = null
  const result = await withRetries(deps.store, async (tx): Promise<CastResult> => {
    let ballot = cachedOpenBallot(deps.store, input.ballotId)
    const kept = ballot !== null
    read = null
    if (!ballot) {
      ballot = await tx.get<Ballot>('ballots', input.ballotId)
      if (!ballot) throw ballotNotFound(input.ballotId)
      hideDraft(ballot, user)
      read = ballot
    }

    // The flat as the roster frozen at opening has it: a flat of another community, or one registered
    // since, is not on it. Scopes are checked against the same roster the count uses.
    const household = await frozenFlat(tx, ballot, input.householdId)
    if (!household) {
      // The rare path: tell a flat of another community (no such ballot for it) from one registered since.
      const live = await tx.get<{ _id: string; communityId: string }>('households', input.householdId)
      if (!live || live.communityId !== ballot.communityId) throw ballotNotFound(input.ballotId)
      throw new AppError('NOT_IN_SCOPE', `household ${input.householdId} is not on the roster of ballot ${ballot._id}`, '您家是在这次投票开始之后才登记的，不能参加这次投票；下次投票就可以了。')
    }
    const seen = new Set<string>()
    const answers: Answer[] = input.answers.map((a) => {
      const q = ballot.questions.find((x) => x._id === a.questionId)
      if (!q) throw new AppError('INVALID_INPUT', `question ${a.questionId} is not in ballot ${ballot._id}`, '您回答的问题不在这次投票里，请刷新页面后重新提交。')
      if (seen.has(q._id)) throw new AppError('INVALID_INPUT', `question ${q._id} answered twice`, `“${q.title}”回答了两次，请刷新页面后重新提交。`)
      seen.add(q._id)
      if (!inScope(q.scope, household)) throw new AppError('NOT_IN_SCOPE', `question ${q._id} scope does not hold ${household._id}`)
      if (!mayAnswer(q, relation, true)) throw new AppError('OWNERS_ONLY', `${relation} may not answer decision ${q._id}`)
      return checkAnswer(q, a)
    })
    const hash = contentHash({ householdId: household._id, userId: user._id, answers, assistedBy, via })

    const stored = await tx.get<Submission>('submissions', submissionId(ballot._id, input.requestId))
    if (stored) {
      if (stored.contentHash !== hash) {
        throw new AppError('REQUEST_REPLAYED', `request ${input.requestId} was stored with other content (household ${stored.householdId})`)
      }
      const votes = await tx.get<HouseholdVotes>('householdVotes', householdVotesId(ballot._id, household._id))
      return { receipt: stored.receipt, at: stored.at, version: votes?.version ?? 0, replayed: true }
    }
    const counter = await tx.get<BallotCounter>('ballotCounters', ballot._id)
    // Opening creates the counter: a kept ballot without one was seen open by a transaction that did
    // not last (a rolled-back batch). Forget it and start again from the stored ballot.
    if (!counter && kept) {
      forgetOpenBallot(deps.store, ballot._id)
      throw new RetryTransaction(`ballot ${ballot._id} kept open but has no log counter`)
    }
    if (counter?.closed) throw new AppError('BALLOT_CLOSED', `ballot ${ballot._id} was closed (log counter)`)
    const now = deps.now()
    checkOpen(ballot, now)
    const recorded = await recordVote(tx, {
      ballot,
      householdId: household._id,
      answers,
      byUserId: user._id,
      relation,
      via,
      assistedBy,
      expectedVersion: input.version,
      now,
      receipt,
      requestId: input.requestId,
      contentHash: hash,
      counter,
    })
    return { receipt, at: recorded.submission.at, version: recorded.votes.version, replayed: false }
  })
  if (read) keepOpenBallot(deps.store, read)
  return result
})

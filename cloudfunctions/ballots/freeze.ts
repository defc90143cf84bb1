import type { Ballot } from '../../src/core/ballot'
import type { Household } from '../../src/core/community'
import { DuplicateKeyError, type StoreOps } from '../common/store'
import { rosterFlat, type BallotRoster } from './load-ballot'
import { ballotSeal } from '../common/vote-log'
import { appendLog } from './record-vote'

/**
 * What opening a ballot freezes, shared by the office opening one (open-ballot.ts) and an
 * acceptance opening its satisfaction survey (cloudfunctions/works/record-acceptance.ts): the
 * community's flats as registered now and the plan edition its questions refer to
 * (`ballotRosters`), and the start of its vote log (`ballotCounters`).
 */
export function freezeRoster(ballot: Pick<Ballot, '_id' | 'communityId'>, households: readonly Household[], planEdition: number | null, now: Date): BallotRoster {
  return {
    _id: ballot._id,
    ballotId: ballot._id,
    communityId: ballot.communityId,
    frozenAt: now.toISOString(),
    planEdition,
    flats: households.map(rosterFlat),
  }
}

/**
 * Writes the frozen roster and starts the vote log inside the opening transaction: its first entry
 * ('opened') seals the questions and the roster (ballotSeal), and creates the log counter
 * (DuplicateKeyError if the ballot was opened meanwhile).
 */
export async function writeFrozen(tx: StoreOps, ballot: Pick<Ballot, '_id' | 'communityId' | 'questions'>, roster: BallotRoster, byUserId: string): Promise<void> {
  await tx.insert('ballotRosters', roster)
  if (await tx.get('ballotCounters', roster.ballotId)) throw new DuplicateKeyError('ballotCounters', roster.ballotId)
  await appendLog(tx, {
    ballotId: roster.ballotId,
    at: roster.frozenAt,
    kind: 'opened',
    householdId: null,
    answers: null,
    receiptHash: null,
    byUserId,
    seal: ballotSeal(ballot, roster),
  })
}

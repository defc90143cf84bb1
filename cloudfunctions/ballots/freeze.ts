import type { Ballot } from '../../src/core/ballot'
import type { Household } from '../../src/core/community'
import type { StoreOps } from '../common/store'
import { rosterFlat, type BallotRoster } from './load-ballot'
import { counterDoc } from './record-vote'

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

/** Writes the frozen roster and the log counter inside the opening transaction (DuplicateKeyError if opened meanwhile). */
export async function writeFrozen(tx: StoreOps, roster: BallotRoster): Promise<void> {
  await tx.insert('ballotRosters', roster)
  await tx.insert('ballotCounters', counterDoc(roster.ballotId))
}

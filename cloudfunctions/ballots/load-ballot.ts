import { createHash } from 'node:crypto'
import type { Ballot } from '../../src/core/ballot'
import type { Household } from '../../src/core/community'
import { ownerKey } from '../../src/core/electorate'
import { AppError } from '../../src/core/errors'
import { editionId, type PlanEdition } from '../../src/core/plan'
import type { User } from '../../src/core/roles'
import type { HouseholdVotes } from '../../src/core/votes'
import { communityTarget } from '../common/community-target'
import type { StoreOps } from '../common/store'

/**
 * Loading ballots, their frozen rosters and their votes: shared by the ballots use cases (and the
 * paper-ballot ones).
 */

export function ballotNotFound(ballotId: string): AppError {
  return new AppError('NOT_FOUND', `ballot ${ballotId}`, '没有找到这次投票，它可能已被删除。')
}

/** The ballot and its permission target. Drafts exist only for the office (others: NOT_FOUND). */
export async function loadBallot(store: StoreOps, user: User, ballotId: string) {
  const ballot = await store.get<Ballot>('ballots', ballotId)
  if (!ballot) throw ballotNotFound(ballotId)
  const target = await communityTarget(store, ballot.communityId)
  return { ballot, target }
}

/** Drafts are the office's work in progress: nobody else learns they exist. */
export function hideDraft(ballot: Ballot, user: User): void {
  if (ballot.status === 'draft' && !(user.role === 'office' && user.communityId === ballot.communityId)) throw ballotNotFound(ballot._id)
}

export function staleBallot(ballotId: string, version: number): AppError {
  return new AppError('CONFLICT', `ballot ${ballotId} is no longer at version ${version}`, '这次投票刚被别人修改过，请刷新后再试。')
}

export function checkBallotVersion(ballot: Ballot, version: number): void {
  if (ballot.version !== version) throw staleBallot(ballot._id, version)
}

/**
 * A flat as the electorate was frozen when the ballot opened: where it is, its area, and its owners
 * only as opaque keys (sha256 of name + ID tail: enough to join one owner's flats into one head,
 * without copying names into the ballot's records).
 */
export interface RosterFlat {
  _id: string
  buildingId: string
  unitId: string
  buildingNumber: number
  unitNumber: number
  room: string
  areaCentiM2: number
  developerUnsold: boolean
  owners: { name: string }[]
}

/**
 * The roster a ballot counts on, frozen when it opened (`ballotRosters`, `_id` = ballot id): the
 * electorate cannot change mid-ballot. A flat registered later does not vote in it; a correction of
 * an area counts from the next ballot. It also fixes the plan edition the questions were checked on.
 */
export interface BallotRoster {
  _id: string
  ballotId: string
  communityId: string
  frozenAt: string
  /** The plan edition decision and menu questions refer to (null: a survey without a published plan). */
  planEdition: number | null
  flats: RosterFlat[]
}

export function rosterFlat(h: Household): RosterFlat {
  return {
    _id: h._id,
    buildingId: h.buildingId,
    unitId: h.unitId,
    buildingNumber: h.buildingNumber,
    unitNumber: h.unitNumber,
    room: h.room,
    areaCentiM2: h.areaCentiM2,
    developerUnsold: h.developerUnsold,
    owners: h.owners.map((o) => ({ name: createHash('sha256').update(ownerKey(o)).digest('hex').slice(0, 32) })),
  }
}

export async function loadRoster(store: StoreOps, ballot: Pick<Ballot, '_id'>): Promise<BallotRoster> {
  const roster = await store.get<BallotRoster>('ballotRosters', ballot._id)
  if (!roster) throw new AppError('BALLOT_NOT_OPEN', `ballot ${ballot._id} has no frozen roster (not opened)`, '投票还没有发布。')
  return roster
}

/**
 * The flats on a ballot's frozen roster, by id. The roster never changes once the ballot is open,
 * so a warm function instance (or the local server) keeps the set of the last few ballots: casting
 * then checks a flat without reading and parsing the whole roster on every vote. Kept per ballot
 * version: a roster read in a transaction that was then rolled back (an opening that did not last)
 * is never used for the ballot as opened again, whose version is another.
 */
const ROSTER_CACHE_MAX = 20
const rosterFlats = new Map<string, Map<string, RosterFlat>>()

/** A flat as the ballot's frozen roster has it (where it is, its area), or null if it was not on it. */
export async function frozenFlat(store: StoreOps, ballot: Pick<Ballot, '_id' | 'version'>, householdId: string): Promise<RosterFlat | null> {
  const key = `${ballot._id}@${ballot.version}`
  let flats = rosterFlats.get(key)
  if (!flats) {
    flats = new Map((await loadRoster(store, ballot)).flats.map((f) => [f._id, f]))
    if (rosterFlats.size >= ROSTER_CACHE_MAX) rosterFlats.delete(rosterFlats.keys().next().value!)
    rosterFlats.set(key, flats)
  }
  return flats.get(householdId) ?? null
}

/** The plan edition a ballot's questions refer to (null when it has none). */
export async function rosterEdition(store: StoreOps, ballot: Pick<Ballot, 'planId'>, roster: Pick<BallotRoster, 'planEdition'>): Promise<PlanEdition | null> {
  if (roster.planEdition === null) return null
  return store.get<PlanEdition>('planEditions', editionId(ballot.planId, roster.planEdition))
}

/** Every household's votes document of a ballot. */
export function loadVotes(store: StoreOps, ballotId: string): Promise<HouseholdVotes[]> {
  return store.find<HouseholdVotes>('householdVotes', { ballotId }, { orderBy: [{ field: '_id', direction: 'asc' }] })
}

/**
 * Open ballots as casting needs them, per store (a warm function instance, or the local server):
 * once a ballot is open its questions, community, opensAt and closesAt never change (only drafts
 * are edited, update-ballot.ts); what does change — closing — casting learns from the ballot's log
 * counter, which it reads in its transaction anyway (`closed`, set by the 'closed' entry). Filled
 * only from a read of an open ballot; a draft or closed one is never kept.
 */
const OPEN_CACHE_MAX = 20
const openBallots = new WeakMap<object, Map<string, Ballot>>()

/** The open ballot as read once in this process, or null (read it). */
export function cachedOpenBallot(store: object, ballotId: string): Ballot | null {
  return openBallots.get(store)?.get(ballotId) ?? null
}

/** Keeps `ballot` for cachedOpenBallot if it is open (anything else is ignored). */
export function keepOpenBallot(store: object, ballot: Ballot): void {
  if (ballot.status !== 'open') return
  let byId = openBallots.get(store)
  if (!byId) openBallots.set(store, (byId = new Map()))
  if (byId.size >= OPEN_CACHE_MAX && !byId.has(ballot._id)) byId.delete(byId.keys().next().value!)
  byId.set(ballot._id, ballot)
}

/** Drops a kept ballot (its counter was missing: read the ballot afresh). */
export function forgetOpenBallot(store: object, ballotId: string): void {
  openBallots.get(store)?.delete(ballotId)
}

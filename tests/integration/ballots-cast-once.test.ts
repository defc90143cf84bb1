/**
 * Casting reads the ballot once, inside its transaction (cloudfunctions/ballots/cast-vote.ts), with
 * the same refusals in the same order as when it also read it before:
 * - the caller's relation to the household comes first (FORBIDDEN, whatever the ballot id);
 * - a draft is NOT_FOUND to voters; answers are checked (INVALID_INPUT) before the ballot's phase;
 * - a replayed request id still gets its receipt after the ballot closed, a new one BALLOT_CLOSED;
 * - an open ballot is read once and kept once that cast committed (a read by a transaction that did not
 *   commit is not kept); later votes read only its log counter, where closing shows (a close after the
 *   ballot was kept is still BALLOT_CLOSED); nothing is stored on any refusal.
 * On SQLite and on the fake CloudBase database.
 */
import { DEMO } from '../../server/seed'
import type { Ballot } from '../../src/core/ballot'
import type { CastResult } from '../../src/core/ballot-view'
import type { Store } from '../../cloudfunctions/common/store'
import { ballots, bindOwners, cast, demoDraft, HOUR, household, ownerOf, openDemoBallot, requestId, voteSnapshot, WANG_HH, withDemoPlan, WORLDS } from './ballots-helpers'
import { expectFailure, NOW, ok, type World } from './worlds'

const FLAT = household(1, 1, '101')
const OPEN = new Date(NOW.getTime() + 2 * HOUR)
const YES = [{ questionId: 'q-green', choice: 'yes' as const }]

/** Counts the store's reads per collection (gets, in and out of transactions). */
function countGets(store: Store) {
  const gets = new Map<string, number>()
  const count = (coll: string) => gets.set(coll, (gets.get(coll) ?? 0) + 1)
  const wrapOps = <T extends Pick<Store, 'get'>>(ops: T): T =>
    new Proxy(ops, {
      get(target, prop, receiver) {
        if (prop === 'get') return (coll: string, id: string) => (count(coll), target.get(coll, id))
        const v = Reflect.get(target, prop, receiver) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'get') return (coll: string, id: string) => (count(coll), target.get(coll, id))
      if (prop === 'transaction') return (fn: Parameters<Store['transaction']>[0]) => target.transaction((tx) => fn(wrapOps(tx)))
      const v = Reflect.get(target, prop, receiver) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
  return { wrapped, gets }
}

describe.each(Object.keys(WORLDS) as (keyof typeof WORLDS)[])('%s', (kind) => {
  let w: World
  beforeEach(async () => {
    w = await WORLDS[kind](withDemoPlan({ setup: (store) => bindOwners(store, [FLAT]) }))
  })
  afterEach(() => w.dispose())

  test('a draft is not found by voters, and the caller\'s relation to the household is checked before anything about the ballot', async () => {
    const draft = ok<Ballot>(await ballots(w, DEMO.office, 'create', await demoDraft(w.store)))
    const before = await voteSnapshot(w.store)
    expectFailure(await cast(w, ownerOf(FLAT), draft._id, FLAT, YES), 'NOT_FOUND')
    // Not a member of the flat: FORBIDDEN, for a ballot that exists and for one that does not.
    expectFailure(await cast(w, DEMO.resident, draft._id, FLAT, YES), 'FORBIDDEN')
    expectFailure(await cast(w, DEMO.resident, 'no-such-ballot', FLAT, YES), 'FORBIDDEN')
    // A member, a ballot that does not exist.
    expectFailure(await cast(w, ownerOf(FLAT), 'no-such-ballot', FLAT, YES), 'NOT_FOUND')
    expect(await voteSnapshot(w.store)).toEqual(before)
  })

  test('an open ballot is read once per store, then casting reads only its log counter', async () => {
    const ballot = await openDemoBallot(w)
    w.setNow(OPEN)
    const { wrapped, gets } = countGets(w.store)
    const deps = { ...w.deps, store: wrapped }
    const { handleBallots } = await import('../../cloudfunctions/ballots/handler')
    const castAs = (version: number) =>
      handleBallots(deps, { openid: ownerOf(FLAT) }, { action: 'cast', data: { ballotId: ballot._id, householdId: FLAT, requestId: requestId(), version, answers: YES } })
    expect(ok<CastResult>(await castAs(0)).version).toBe(1)
    expect(gets.get('ballots')).toBe(1) // the first vote reads the open ballot (and keeps it)
    gets.clear()
    expect(ok<CastResult>(await castAs(1)).version).toBe(2)
    expect(gets.get('ballots')).toBeUndefined() // the next ones do not read it at all
    expect(gets.get('ballotCounters')).toBe(1) // only its counter, once (closing shows there)
  })

  test('a ballot read by a cast that did not commit is not kept: the next cast reads it again', async () => {
    const ballot = await openDemoBallot(w)
    w.setNow(OPEN)
    // The first transaction fails after its work (as if its batch's COMMIT failed): nothing of it stays.
    let failNext = true
    const failing = new Proxy(w.store, {
      get(target, prop, receiver) {
        if (prop === 'transaction')
          return (fn: Parameters<Store['transaction']>[0]) =>
            target.transaction(async (tx) => {
              const r = await fn(tx)
              if (failNext) {
                failNext = false
                throw new Error('disk I/O error (simulated)')
              }
              return r
            })
        const v = Reflect.get(target, prop, receiver) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
    const { wrapped, gets } = countGets(failing)
    const deps = { ...w.deps, store: wrapped }
    const { handleBallots } = await import('../../cloudfunctions/ballots/handler')
    const castAs = (version: number) =>
      handleBallots(deps, { openid: ownerOf(FLAT) }, { action: 'cast', data: { ballotId: ballot._id, householdId: FLAT, requestId: requestId(), version, answers: YES } })
    const before = await voteSnapshot(w.store)
    expectFailure(await castAs(0), 'INTERNAL')
    expect(await voteSnapshot(w.store)).toEqual(before)
    expect(gets.get('ballots')).toBe(1)
    gets.clear()
    expect(ok<CastResult>(await castAs(0)).version).toBe(1)
    expect(gets.get('ballots')).toBe(1) // read again: the failed attempt kept nothing
    gets.clear()
    expect(ok<CastResult>(await castAs(1)).version).toBe(2)
    expect(gets.get('ballots')).toBeUndefined() // kept once a cast committed
  })

  test('after closing: a replayed request gets its receipt back, a new one is refused, answers are still checked first', async () => {
    const ballot = await openDemoBallot(w)
    w.setNow(OPEN)
    const id = requestId()
    const first = ok<CastResult>(await cast(w, ownerOf(FLAT), ballot._id, FLAT, YES, 0, { requestId: id }))
    const current = (await w.store.get<Ballot>('ballots', ballot._id))!
    w.setNow(new Date(new Date(current.closesAt).getTime() + 1000))
    ok(await ballots(w, DEMO.office, 'close', { ballotId: ballot._id, version: current.version }))
    // The closing entry marks the log counter, which casting reads instead of the (kept) ballot.
    expect(await w.store.get<{ _id: string; closed?: boolean }>('ballotCounters', ballot._id)).toMatchObject({ closed: true })
    const before = await voteSnapshot(w.store)

    expect(ok<CastResult>(await cast(w, ownerOf(FLAT), ballot._id, FLAT, YES, 0, { requestId: id }))).toEqual({ ...first, replayed: true })
    expectFailure(await cast(w, ownerOf(FLAT), ballot._id, FLAT, [{ questionId: 'q-green', choice: 'no' }], 0, { requestId: id }), 'REQUEST_REPLAYED')
    expectFailure(await cast(w, ownerOf(FLAT), ballot._id, FLAT, YES, 1), 'BALLOT_CLOSED')
    expectFailure(await cast(w, ownerOf(FLAT), ballot._id, FLAT, [{ questionId: 'q-nope', choice: 'yes' }], 1), 'INVALID_INPUT')
    // A flat of the community that is not the caller's: FORBIDDEN before the ballot's phase.
    expectFailure(await cast(w, ownerOf(FLAT), ballot._id, WANG_HH, YES, 0), 'FORBIDDEN')
    expect(await voteSnapshot(w.store)).toEqual(before)
  })
})

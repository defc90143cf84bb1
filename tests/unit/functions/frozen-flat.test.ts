/**
 * The frozen roster as casting reads it (cloudfunctions/ballots/load-ballot.ts frozenFlat): read once
 * per ballot version and kept, so a roster read by a transaction that was then rolled back (an
 * opening that did not last) is not used once the ballot is opened again, at another version.
 */
import { frozenFlat, type BallotRoster, type RosterFlat } from '../../../cloudfunctions/ballots/load-ballot'
import type { StoreOps } from '../../../cloudfunctions/common/store'

const flat = (id: string, areaCentiM2: number): RosterFlat => ({
  _id: id,
  buildingId: 'b1',
  unitId: 'b1-u1',
  buildingNumber: 1,
  unitNumber: 1,
  room: id,
  areaCentiM2,
  developerUnsold: false,
  owners: [],
})

/** A store holding one roster, counting its reads. */
function storeWith(roster: BallotRoster) {
  let reads = 0
  const ops = {
    get: async (coll: string, id: string) => {
      reads++
      return coll === 'ballotRosters' && id === roster._id ? roster : null
    },
  } as unknown as StoreOps
  return { ops, reads: () => reads }
}

const roster = (ballotId: string, flats: RosterFlat[]): BallotRoster => ({ _id: ballotId, ballotId, communityId: 'c1', frozenAt: '2026-11-25T02:00:00.000Z', planEdition: null, flats })

test('read once per ballot version; the ballot at another version reads its roster again', async () => {
  const id = 'ballot-frozen-flat-test'
  const first = storeWith(roster(id, [flat('101', 5000)]))
  expect(await frozenFlat(first.ops, { _id: id, version: 2 }, '101')).toMatchObject({ areaCentiM2: 5000 })
  expect(await frozenFlat(first.ops, { _id: id, version: 2 }, '102')).toBeNull()
  expect(first.reads()).toBe(1)
  // That opening did not last; the ballot was edited and opened again (version 4), on another roster.
  const again = storeWith(roster(id, [flat('101', 6000), flat('102', 7000)]))
  expect(await frozenFlat(again.ops, { _id: id, version: 4 }, '102')).toMatchObject({ areaCentiM2: 7000 })
  expect(await frozenFlat(again.ops, { _id: id, version: 4 }, '101')).toMatchObject({ areaCentiM2: 6000 })
  expect(again.reads()).toBe(1)
})

test('a ballot that has no frozen roster (not opened) is BALLOT_NOT_OPEN, and nothing is kept', async () => {
  const empty = { get: async () => null } as unknown as StoreOps
  await expect(frozenFlat(empty, { _id: 'never-opened', version: 1 }, '101')).rejects.toMatchObject({ code: 'BALLOT_NOT_OPEN' })
  const later = storeWith(roster('never-opened', [flat('101', 5000)]))
  expect(await frozenFlat(later.ops, { _id: 'never-opened', version: 1 }, '101')).toMatchObject({ areaCentiM2: 5000 })
})

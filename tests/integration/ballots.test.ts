/**
 * The ballots function on the demo community and its demo plan: a ballot mixing scopes (the whole
 * community decides greening and roads, buildings 1–2 their roofs, unit 1-1 its elevator; surveys
 * for everyone and for unit 3-2), casting with receipts, changes, replays, races, refusals that
 * write nothing, the live count against a count done by hand, the door-knock list, closing (notice,
 * plan decisions, the anonymised list and its recount) and the hash-chained log.
 */
import { verifyChain } from '../../cloudfunctions/common/vote-log'
import { readSheet } from '../../cloudfunctions/common/excel'
import { DEMO } from '../../server/seed'
import type { Ballot } from '../../src/core/ballot'
import { recount, type BallotList } from '../../src/core/ballot-list'
import type { BallotForHousehold, BallotSummary, BallotTally, CastResult, DecisionTallyView, DoorKnockRow } from '../../src/core/ballot-view'
import type { Household } from '../../src/core/community'
import { ownerKey } from '../../src/core/electorate'
import type { Notice } from '../../src/core/notice'
import { planId, type Plan } from '../../src/core/plan'
import type { MineView } from '../../src/core/plan-view'
import { membershipId, type Membership, type StoredUser } from '../../src/core/roles'
import { RECEIPT_PATTERN, householdVotesId, type HouseholdVotes, type VoteLogEntry } from '../../src/core/votes'
import { handlePlans } from '../../cloudfunctions/plans/handler'
import {
  ballots,
  bindOwners,
  cast,
  castOk,
  C,
  DAY,
  demoDraft,
  household,
  HOUR,
  LI_HH,
  openDemoBallot,
  ownerOf,
  requestId,
  voteSnapshot,
  WANG_HH,
  withDemoPlan,
  WORLDS,
} from './ballots-helpers'
import { expectFailure, NOW, ok, type World } from './worlds'

/** Unit 1-1: 12 flats on 6 floors (101 and 102 have one owner; 王一 co-owns 302). */
const UNIT_11 = [1, 2, 3, 4, 5, 6].flatMap((f) => [household(1, 1, `${f}01`), household(1, 1, `${f}02`)])
const OPEN = new Date(NOW.getTime() + 2 * HOUR)

async function demoWorld(kind: keyof typeof WORLDS = 'sqlite'): Promise<World> {
  return WORLDS[kind](withDemoPlan({ setup: (store) => bindOwners(store, UNIT_11) }))
}

const forHousehold = async (w: World, openid: string, ballotId: string, householdId: string) =>
  ok<BallotForHousehold>(await ballots(w, openid, 'get', { ballotId, householdId }))

const tally = async (w: World, openid: string, ballotId: string) => ok<BallotTally>(await ballots(w, openid, 'tally', { ballotId }))
const decisionOf = (t: BallotTally, q: string) => t.questions.find((x) => x.questionId === q)!.decision as DecisionTallyView

describe('opening a ballot', () => {
  let w: World
  beforeAll(async () => {
    w = await demoWorld()
  })
  afterAll(() => w.dispose())

  test('a draft is the office\'s: residents neither list nor read it; opening freezes the roster and keeps a future opening time', async () => {
    const draft = ok<Ballot>(await ballots(w, DEMO.office, 'create', await demoDraft(w.store)))
    expect(draft).toMatchObject({ status: 'draft', version: 1, planId: planId(C) })
    expect(draft.questions.map((q) => q._id)).toEqual(['q-green', 'q-roads', 'q-roof', 'q-elev', 'q-night', 'q-color', 'q-menu', 'q-unit'])
    expect(ok<{ items: BallotSummary[] }>(await ballots(w, DEMO.resident, 'list', {})).items).toEqual([])
    expectFailure(await ballots(w, DEMO.resident, 'get', { ballotId: draft._id }), 'NOT_FOUND')
    expectFailure(await ballots(w, DEMO.resident, 'get', { ballotId: draft._id, householdId: WANG_HH }), 'NOT_FOUND')

    const opened = ok<Ballot>(await ballots(w, DEMO.office, 'open', { ballotId: draft._id, version: 1 }))
    expect(opened).toMatchObject({ status: 'open', version: 2, opensAt: draft.opensAt })
    const list = ok<{ items: BallotSummary[] }>(await ballots(w, DEMO.resident, 'list', {})).items
    expect(list).toEqual([expect.objectContaining({ _id: draft._id, phase: 'scheduled', questions: 8, resultNoticeId: null })])
    // An opened ballot's questions and times no longer change.
    expectFailure(await ballots(w, DEMO.office, 'update', { ballotId: draft._id, version: 2, ...(await demoDraft(w.store)) }), 'INVALID_INPUT', /已经发布/)
    expectFailure(await ballots(w, DEMO.office, 'open', { ballotId: draft._id, version: 2 }), 'INVALID_INPUT')
  })

  test('question ids are given when the office leaves them out; update is version-checked', async () => {
    const questions = (await demoDraft(w.store)).questions.map(({ _id: _ignored, ...q }) => q)
    const draft = ok<Ballot>(await ballots(w, DEMO.office, 'create', { ...(await demoDraft(w.store)), questions }))
    expect(new Set(draft.questions.map((q) => q._id)).size).toBe(8)
    const updated = ok<Ballot>(await ballots(w, DEMO.office, 'update', { ballotId: draft._id, version: 1, ...(await demoDraft(w.store, { title: '改过的名称' })) }))
    expect(updated).toMatchObject({ title: '改过的名称', version: 2 })
    expectFailure(await ballots(w, DEMO.office, 'update', { ballotId: draft._id, version: 1, ...(await demoDraft(w.store)) }), 'CONFLICT')
  })

  test.each([
    ['closing before opening', { closesAt: new Date(NOW.getTime() + HOUR).toISOString(), opensAt: new Date(NOW.getTime() + 2 * HOUR).toISOString() }, 'INVALID_INPUT', /晚于开始/],
    ['longer than 60 days', { closesAt: new Date(NOW.getTime() + 62 * DAY).toISOString() }, 'INVALID_INPUT', /60 天/],
  ] as const)('refused: %s, nothing written', async (_name, more, code, message) => {
    const before = await voteSnapshot(w.store)
    expectFailure(await ballots(w, DEMO.office, 'create', await demoDraft(w.store, more)), code, message)
    expect(await voteSnapshot(w.store)).toEqual(before)
  })

  test('refused at opening: closing time already past; nothing written', async () => {
    const draft = ok<Ballot>(await ballots(w, DEMO.office, 'create', await demoDraft(w.store, { opensAt: new Date(NOW.getTime() - 3 * DAY).toISOString(), closesAt: new Date(NOW.getTime() - DAY).toISOString() })))
    const before = await voteSnapshot(w.store)
    expectFailure(await ballots(w, DEMO.office, 'open', { ballotId: draft._id, version: 1 }), 'INVALID_INPUT', /已经过了/)
    expect(await voteSnapshot(w.store)).toEqual(before)
  })

  test('refused questions: a decision whose kind or scope is not its item\'s, a building of another community, a menu option that is no item, a survey item decided twice', async () => {
    const [green, roads, , , night, , menu] = (await demoDraft(w.store)).questions
    const bad = [
      [{ ...green, decisionKind: 'ordinary' }, 'INVALID_INPUT', /重大事项/],
      [{ ...roads, scope: { kind: 'buildings', buildingIds: [`${C}-b1`] } }, 'INVALID_INPUT', /范围/],
      [{ ...night, scope: { kind: 'buildings', buildingIds: [`${DEMO.otherCommunityId}-b1`] } }, 'SCOPE_OUTSIDE', undefined],
      [{ ...menu, options: [...(menu as { options: string[] }).options, 'no-such-item'] }, 'INVALID_INPUT', /不在已发布的方案/],
      [{ ...green, _id: 'q-green-2' }, 'INVALID_INPUT', /只能表决一次/],
    ] as const
    for (const [q, code, message] of bad) {
      const questions = q._id === 'q-green-2' ? [green, q] : [q]
      const before = await voteSnapshot(w.store)
      expectFailure(await ballots(w, DEMO.office, 'create', { ...(await demoDraft(w.store)), questions }), code, message)
      expect(await voteSnapshot(w.store)).toEqual(before)
    }
  })

  test('only the office of the community creates and opens ballots', async () => {
    expectFailure(await ballots(w, DEMO.resident, 'create', await demoDraft(w.store)), 'FORBIDDEN')
    expectFailure(await ballots(w, DEMO.otherOffice, 'create', { communityId: C, ...(await demoDraft(w.store)) }), 'FORBIDDEN')
    expectFailure(await ballots(w, DEMO.district, 'create', { communityId: C, ...(await demoDraft(w.store)) }), 'FORBIDDEN')
  })
})

describe.each(['sqlite', 'cloudbase'] as const)('voting on %s', (kind) => {
  let w: World
  let ballot: Ballot
  beforeAll(async () => {
    w = await demoWorld(kind)
    ballot = await openDemoBallot(w)
  })
  afterAll(() => w.dispose())

  test('before opening, votes are refused and nothing is stored', async () => {
    const before = await voteSnapshot(w.store)
    expectFailure(await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-green', choice: 'yes' }]), 'BALLOT_NOT_OPEN')
    expect(await voteSnapshot(w.store)).toEqual(before)
    w.setNow(OPEN)
  })

  test('a resident sees only the questions of their household\'s scope, each with their share of its item', async () => {
    const wang = await forHousehold(w, DEMO.resident, ballot._id, WANG_HH)
    expect(wang).toMatchObject({ phase: 'open', householdLabel: '1号楼1单元302', version: 0 })
    expect(wang.questions.map((q) => q.question._id)).toEqual(['q-green', 'q-roads', 'q-roof', 'q-elev', 'q-night', 'q-color', 'q-menu'])
    expect(wang.questions.every((q) => q.mayAnswer && q.current === null)).toBe(true)
    // The shares are the ones the plan shows for this household (plans.mine), item by item.
    const mine = ok<MineView>(await handlePlans(w.deps, { openid: DEMO.resident }, { action: 'mine', data: { householdId: WANG_HH } }))
    for (const q of wang.questions.filter((x) => x.itemTitle !== null)) {
      expect({ q: q.question._id, share: q.shareFen }).toEqual({ q: q.question._id, share: mine.items.find((i) => i.item.title === q.itemTitle)!.shareFen })
    }
    // Floor 3 of unit 1-1, weight 5 of 70: 450,000 yuan × 5 / 70 = 32,142.857… → 32,142.86 yuan.
    expect(wang.questions.find((q) => q.question._id === 'q-elev')!.shareFen).toBe(3_214_286)
    expect(wang.questions.find((q) => q.question._id === 'q-roads')!).toMatchObject({ itemTitle: '小区道路修缮', shareFen: 0, scopeLabel: '全小区' })
    expect(wang.questions.find((q) => q.question._id === 'q-night')!).toMatchObject({ itemTitle: null, shareFen: null })

    const li = await forHousehold(w, DEMO.resident2, ballot._id, LI_HH)
    expect(li.questions.map((q) => q.question._id)).toEqual(['q-green', 'q-roads', 'q-night', 'q-color', 'q-menu', 'q-unit'])
    // A tenant sees the owners' decisions but may not answer them.
    expect(li.questions.filter((q) => !q.mayAnswer).map((q) => q.question._id)).toEqual(['q-green', 'q-roads'])
  })

  test('nobody reads another household\'s ballot, nor learns whether a household id exists', async () => {
    expectFailure(await ballots(w, DEMO.resident, 'get', { ballotId: ballot._id, householdId: LI_HH }), 'FORBIDDEN')
    expectFailure(await ballots(w, DEMO.resident, 'get', { ballotId: ballot._id, householdId: 'no-such-household' }), 'FORBIDDEN')
    expectFailure(await ballots(w, DEMO.resident, 'get', { ballotId: 'no-such-ballot', householdId: WANG_HH }), 'NOT_FOUND')
  })

  test('a tenant is refused an owners\' decision (nothing stored) but answers the surveys', async () => {
    const before = await voteSnapshot(w.store)
    expectFailure(await cast(w, DEMO.resident2, ballot._id, LI_HH, [{ questionId: 'q-night', choice: 'yes' }, { questionId: 'q-green', choice: 'no' }]), 'OWNERS_ONLY', /只有业主/)
    expect(await voteSnapshot(w.store)).toEqual(before)
    const r = await castOk(w, DEMO.resident2, ballot._id, LI_HH, [
      { questionId: 'q-night', choice: 'yes' },
      { questionId: 'q-color', picks: [2] },
      { questionId: 'q-unit', text: '希望保留楼下的晾衣架。' },
    ])
    expect(r).toMatchObject({ version: 1, replayed: false })
    expect(r.receipt).toMatch(RECEIPT_PATTERN)
  })

  test('a question outside the household\'s scope, or not in the ballot, is refused with nothing stored', async () => {
    const before = await voteSnapshot(w.store)
    expectFailure(await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-green', choice: 'yes' }, { questionId: 'q-unit', text: '我不住3号楼' }]), 'NOT_IN_SCOPE')
    expectFailure(await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-nope', choice: 'yes' }]), 'INVALID_INPUT')
    expectFailure(await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-menu', picks: ['x', 'y', 'z'] }]), 'INVALID_INPUT', /最多选 2 项/)
    expectFailure(await cast(w, DEMO.resident2, ballot._id, WANG_HH, [{ questionId: 'q-night', choice: 'yes' }]), 'FORBIDDEN')
    expect(await voteSnapshot(w.store)).toEqual(before)
  })

  let first: CastResult
  let firstRequest: string
  test('cast → a receipt that verifies; the answers show as the household\'s', async () => {
    firstRequest = requestId()
    first = ok<CastResult>(
      await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-green', choice: 'yes' }, { questionId: 'q-elev', choice: 'yes' }], 0, { requestId: firstRequest }),
    )
    expect(first).toMatchObject({ version: 1, replayed: false })
    expect(first.receipt).toMatch(RECEIPT_PATTERN)
    const seen = await forHousehold(w, DEMO.resident, ballot._id, WANG_HH)
    expect(seen.version).toBe(1)
    expect(seen.questions.find((q) => q.question._id === 'q-green')!.current).toMatchObject({ answer: { choice: 'yes' }, via: 'online', byMe: true })
    const verified = ok<{ standing: boolean; answers: { questionId: string; answer: string }[] }>(await ballots(w, DEMO.resident, 'verifyReceipt', { ballotId: ballot._id, receipt: first.receipt.toLowerCase().replace(/-/g, ' ') }))
    expect(verified).toMatchObject({ standing: true, answers: [{ questionId: 'q-green', answer: '同意' }, { questionId: 'q-elev', answer: '同意' }] })
  })

  test('replaying the same request id returns the same receipt and writes nothing', async () => {
    const before = await voteSnapshot(w.store)
    const again = ok<CastResult>(await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-elev', choice: 'yes' }, { questionId: 'q-green', choice: 'yes' }], 0, { requestId: firstRequest }))
    expect(again).toEqual({ ...first, replayed: true })
    expect(await voteSnapshot(w.store)).toEqual(before)
  })

  test('replaying a request id with other content is refused (REQUEST_REPLAYED), nothing written', async () => {
    const before = await voteSnapshot(w.store)
    expectFailure(await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-green', choice: 'no' }], 0, { requestId: firstRequest }), 'REQUEST_REPLAYED')
    expect(await voteSnapshot(w.store)).toEqual(before)
  })

  test('a vote on a stale version is refused: someone else in the household just voted', async () => {
    const before = await voteSnapshot(w.store)
    expectFailure(await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-green', choice: 'no' }], 0), 'CONFLICT', /刚有人投过票/)
    expect(await voteSnapshot(w.store)).toEqual(before)
  })

  test('changing a vote: the last one counts, the first receipt no longer stands', async () => {
    const second = await castOk(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-green', choice: 'no' }], 1)
    expect(second).toMatchObject({ version: 2, replayed: false })
    expect(second.receipt).not.toBe(first.receipt)
    const seen = await forHousehold(w, DEMO.resident, ballot._id, WANG_HH)
    expect(seen.questions.find((q) => q.question._id === 'q-green')!.current!.answer).toEqual({ questionId: 'q-green', choice: 'no' })
    // The elevator answer of the first submission still stands; only the greening one was replaced.
    expect(seen.questions.find((q) => q.question._id === 'q-elev')!.current!.answer).toEqual({ questionId: 'q-elev', choice: 'yes' })
    const old = ok<{ standing: boolean }>(await ballots(w, DEMO.resident, 'verifyReceipt', { ballotId: ballot._id, receipt: first.receipt }))
    expect(old.standing).toBe(false)
    const green = decisionOf(await tally(w, DEMO.office, ballot._id), 'q-green')
    expect({ yes: green.yes.heads, no: green.no.heads }).toEqual({ yes: 0, no: 1 })
  })

  test('two owners of one flat voting at once (same version): one vote stands, the other is told', async () => {
    const version = (await forHousehold(w, DEMO.resident, ballot._id, WANG_HH)).version
    const [a, b] = await Promise.all([
      cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-roof', choice: 'yes' }], version),
      cast(w, ownerOf(WANG_HH), ballot._id, WANG_HH, [{ questionId: 'q-roof', choice: 'no' }], version),
    ])
    const results = [a, b]
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const lost = results.find((r) => !r.ok)!
    expectFailure(lost, 'CONFLICT', /刚有人投过票/)
    const winner = a.ok ? 'yes' : 'no'
    const stored = (await w.store.get<HouseholdVotes>('householdVotes', householdVotesId(ballot._id, WANG_HH)))!
    expect(stored.version).toBe(version + 1)
    expect(stored.answers['q-roof'].answer).toEqual({ questionId: 'q-roof', choice: winner })
  })

  test('forged receipts are refused', async () => {
    expectFailure(await ballots(w, DEMO.resident, 'verifyReceipt', { ballotId: ballot._id, receipt: 'not a receipt' }), 'RECEIPT_INVALID')
    // Well formed (and with the right alphabet), but never issued.
    expectFailure(await ballots(w, DEMO.resident, 'verifyReceipt', { ballotId: ballot._id, receipt: 'ABCD-EFGH-JKMN' }), 'RECEIPT_INVALID')
    // A real receipt of this ballot does not verify in another ballot.
    expectFailure(await ballots(w, DEMO.resident, 'verifyReceipt', { ballotId: 'no-such-ballot', receipt: first.receipt }), 'NOT_FOUND')
  })

  test('after closing, votes are refused and nothing is stored', async () => {
    const current = (await w.store.get<Ballot>('ballots', ballot._id))!
    w.setNow(new Date(new Date(current.closesAt).getTime() + 1000))
    const version = (await forHousehold(w, DEMO.resident, ballot._id, WANG_HH)).version
    const before = await voteSnapshot(w.store)
    expectFailure(await cast(w, DEMO.resident, ballot._id, WANG_HH, [{ questionId: 'q-green', choice: 'yes' }], version), 'BALLOT_CLOSED')
    expect(await voteSnapshot(w.store)).toEqual(before)
    const closed = ok<Ballot>(await ballots(w, DEMO.office, 'close', { ballotId: ballot._id, version: current.version }))
    expect(closed.status).toBe('closed')
    expectFailure(await ballots(w, DEMO.office, 'close', { ballotId: ballot._id, version: closed.version }), 'BALLOT_CLOSED')
  })

  test('the log verifies, and an altered entry is detected', async () => {
    const entries = await w.store.find<VoteLogEntry>('voteLog', { ballotId: ballot._id }, { orderBy: [{ field: '_id', direction: 'asc' }] })
    expect(entries.map((e) => e.kind)).toEqual(['cast', 'cast', 'cast', 'cast', 'closed'])
    expect(verifyChain(entries)).toEqual([])
    const victim = entries[1]
    await w.store.remove('voteLog', victim._id)
    await w.store.insert('voteLog', { ...victim, answers: [{ questionId: 'q-green', choice: 'no' }] })
    const altered = await w.store.find<VoteLogEntry>('voteLog', { ballotId: ballot._id }, { orderBy: [{ field: '_id', direction: 'asc' }] })
    expect(verifyChain(altered)).toEqual([{ seq: victim.seq, problem: 'altered' }])
  })
})

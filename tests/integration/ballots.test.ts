/**
 * The ballots function on the demo community and its demo plan: a ballot mixing scopes (the whole
 * community decides greening and roads, buildings 1–2 their roofs, unit 1-1 its elevator; surveys
 * for everyone and for unit 3-2), casting with receipts, changes, replays, races, refusals that
 * write nothing, the live count against a count done by hand, the door-knock list, closing (notice,
 * plan decisions, the anonymised list and its recount) and the hash-chained log.
 */
import { sha256, verifyChain } from '../../cloudfunctions/common/vote-log'
import type { BallotRoster } from '../../cloudfunctions/ballots/load-ballot'
import { checkSeal, type StoreRecords } from '../../scripts/verify-log'
import { readSheet } from '../../cloudfunctions/common/excel'
import { DEMO } from '../../server/seed'
import type { Answer, Ballot } from '../../src/core/ballot'
import { recount, type BallotList } from '../../src/core/ballot-list'
import type { BallotForHousehold, BallotSummary, BallotTally, CastResult, DecisionTallyView, DoorKnockRow } from '../../src/core/ballot-view'
import type { Household } from '../../src/core/community'
import type { Notice } from '../../src/core/notice'
import { planId, type Plan } from '../../src/core/plan'
import type { MineView } from '../../src/core/plan-view'
import { formatArea } from '../../src/core/roster'
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
    expect(entries.map((e) => e.kind)).toEqual(['opened', 'cast', 'cast', 'cast', 'cast', 'closed'])
    expect(verifyChain(entries)).toEqual([])
    const victim = entries[1]
    await w.store.remove('voteLog', victim._id)
    await w.store.insert('voteLog', { ...victim, answers: [{ questionId: 'q-green', choice: 'no' }] })
    const altered = await w.store.find<VoteLogEntry>('voteLog', { ballotId: ballot._id }, { orderBy: [{ field: '_id', direction: 'asc' }] })
    expect(verifyChain(altered)).toEqual([{ seq: victim.seq, problem: 'altered' }])
  })

  test('the opening entry seals the questions and the frozen roster: changing either afterwards is found', async () => {
    const entries = await w.store.find<VoteLogEntry>('voteLog', { ballotId: ballot._id }, { orderBy: [{ field: '_id', direction: 'asc' }] })
    const stored = (await w.store.get<Ballot>('ballots', ballot._id))!
    const roster = (await w.store.get<BallotRoster>('ballotRosters', ballot._id))!
    const records = (b: Ballot, r: BallotRoster | null): StoreRecords => ({
      submissions: new Map(),
      votes: new Map(),
      counters: new Map(),
      ballots: new Map([[b._id, b]]),
      rosters: r ? new Map([[b._id, r]]) : new Map(),
      lists: new Map(),
    })
    expect(entries[0]).toMatchObject({ seq: 1, kind: 'opened', seal: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(checkSeal(ballot._id, entries, records(stored, roster))).toEqual([])
    // A flat's area grown by 1 ㎡ in the frozen roster: the area consent would move without a vote changing.
    const bigger = { ...roster, flats: roster.flats.map((f, i) => (i === 0 ? { ...f, areaCentiM2: f.areaCentiM2 + 100 } : f)) }
    expect(checkSeal(ballot._id, entries, records(stored, bigger))).toEqual([{ seq: 1, problem: 'seal-differs', detail: expect.any(String) }])
    // A question narrowed to one building after opening.
    const narrowed = { ...stored, questions: stored.questions.map((q, i) => (i === 0 ? { ...q, scope: { kind: 'buildings' as const, buildingIds: ['b-x'] } } : q)) }
    expect(checkSeal(ballot._id, entries, records(narrowed, roster))).toEqual([{ seq: 1, problem: 'seal-differs', detail: expect.any(String) }])
    // The roster removed, or the opening entry dropped from the log.
    expect(checkSeal(ballot._id, entries, records(stored, null))[0]).toMatchObject({ seq: 1, problem: 'seal-differs' })
    expect(checkSeal(ballot._id, entries.slice(1), records(stored, roster))[0]).toMatchObject({ problem: 'unsealed' })
  })
})

/** What a threshold needs, by hand: n/d ≥ p/q (or > when strict), cross-multiplied. */
const meets = (n: number, d: number, p: number, q: number, strict: boolean) => (strict ? n * q > p * d : n * q >= p * d)
/** The least n with n/d ≥ 2/3. */
const twoThirdsOf = (d: number) => Math.ceil((2 * d) / 3 - 1e-9)

describe.each(['sqlite', 'cloudbase'] as const)('the count, the door-knock list and closing on %s', (kind) => {
  let w: World
  let ballot: Ballot
  let area: Map<string, number>
  const receipts = new Map<string, string>()
  const room = (r: string) => household(1, 1, r)

  beforeAll(async () => {
    w = await demoWorld(kind)
    ballot = await openDemoBallot(w)
    w.setNow(OPEN)
    const all = await w.store.find<Household>('households', { communityId: C })
    area = new Map(all.map((h) => [h._id, h.areaCentiM2]))
    // Unit 1-1 decides its elevator. 102 votes no first, then its owner's other flat 101 votes yes:
    // one owner, one head, the later vote stands.
    const votes: [string, 'yes' | 'no' | 'abstain', boolean][] = [
      ['102', 'no', false],
      ['101', 'yes', true],
      ['201', 'yes', false],
      ['202', 'yes', false],
      ['301', 'yes', false],
      ['401', 'yes', false],
      ['402', 'no', false],
      ['501', 'abstain', true],
    ]
    for (const [r, choice, roads] of votes) {
      const answers: Answer[] = [{ questionId: 'q-elev', choice }, ...(roads ? [{ questionId: 'q-roads', choice: r === '101' ? ('yes' as const) : ('no' as const) }] : [])]
      const res = await castOk(w, ownerOf(room(r)), ballot._id, room(r), answers)
      receipts.set(r, res.receipt)
    }
    // 王一 (302): yes to the elevator and the roads, no to greening.
    const wang = await castOk(w, DEMO.resident, ballot._id, WANG_HH, [
      { questionId: 'q-elev', choice: 'yes' },
      { questionId: 'q-roads', choice: 'yes' },
      { questionId: 'q-green', choice: 'no' },
    ])
    receipts.set('302', wang.receipt)
    // 601 answers every question of its scope (it is then off the door-knock list).
    const edition = (await w.store.get<Ballot>('ballots', ballot._id))!
    const menu = edition.questions.find((q) => q._id === 'q-menu') as { options: string[] }
    await castOk(w, ownerOf(room('601')), ballot._id, room('601'), [
      { questionId: 'q-green', choice: 'yes' },
      { questionId: 'q-roads', choice: 'abstain' },
      { questionId: 'q-roof', choice: 'yes' },
      { questionId: 'q-elev', choice: 'no' },
      { questionId: 'q-night', choice: 'no' },
      { questionId: 'q-color', picks: [0] },
      { questionId: 'q-menu', picks: [menu.options[2], menu.options[0]] },
    ])
    // 李二, a tenant of 3-2-501, answers two surveys.
    await castOk(w, DEMO.resident2, ballot._id, LI_HH, [{ questionId: 'q-night', choice: 'yes' }, { questionId: 'q-color', picks: [0] }])
  })
  afterAll(() => w.dispose())

  const sum = (rooms: string[]) => rooms.reduce((s, r) => s + area.get(room(r))!, 0)
  const UNIT = ['101', '102', '201', '202', '301', '302', '401', '402', '501', '502', '601', '602']
  // By hand: 12 flats, 101 and 102 one owner → 11 heads; 601 votes no.
  const hand = () => {
    const electorate = { heads: 11, area: sum(UNIT) }
    const yesRooms = ['101', '102', '201', '202', '301', '302', '401']
    const participatedRooms = [...yesRooms, '402', '501', '601']
    return {
      electorate,
      participated: { heads: 9, area: sum(participatedRooms) },
      yes: { heads: 6, area: sum(yesRooms) },
      no: { heads: 2, area: sum(['402', '601']) },
      abstain: { heads: 1, area: sum(['501']) },
    }
  }

  test('the elevator\'s count matches the count done by hand (heads and area, major: ≥ 2/3 taking part, ≥ 3/4 of them yes)', async () => {
    const h = hand()
    const t = decisionOf(await tally(w, DEMO.office, ballot._id), 'q-elev')
    expect({ electorate: t.electorate, participated: t.participated, yes: t.yes, no: t.no, abstain: t.abstain }).toEqual({
      electorate: { heads: h.electorate.heads, areaCentiM2: h.electorate.area },
      participated: { heads: h.participated.heads, areaCentiM2: h.participated.area },
      yes: { heads: h.yes.heads, areaCentiM2: h.yes.area },
      no: { heads: h.no.heads, areaCentiM2: h.no.area },
      abstain: { heads: h.abstain.heads, areaCentiM2: h.abstain.area },
    })
    const participation = meets(h.participated.heads, h.electorate.heads, 2, 3, false) && meets(h.participated.area, h.electorate.area, 2, 3, false)
    const consent = meets(h.yes.heads, h.participated.heads, 3, 4, false) && meets(h.yes.area, h.participated.area, 3, 4, false)
    expect({ participation: t.participation.met, consent: t.consent.met, passed: t.passed }).toEqual({ participation, consent, passed: participation && consent })
    // 6/9 heads is less than 3/4 (and so is the area): a major item fails.
    expect(t.passed).toBe(false)
    expect(t.participation.heads).toEqual({ fraction: '9/11', percent: '81.82' })
    expect(t.consent.heads).toEqual({ fraction: '2/3', percent: '66.67' })
  })

  test('a roster correction mid-ballot moves nothing: the count is on the roster frozen at opening', async () => {
    const before = decisionOf(await tally(w, DEMO.office, ballot._id), 'q-elev')
    // 602 is found to be 601's owner's, and 50 m² larger.
    const flat = (await w.store.get<Household>('households', room('602')))!
    const owners = (await w.store.get<Household>('households', room('601')))!.owners
    expect(await w.store.replaceIfVersion('households', { ...flat, areaCentiM2: flat.areaCentiM2 + 5000, owners, version: flat.version + 1 }, flat.version)).toBe(true)
    const after = decisionOf(await tally(w, DEMO.office, ballot._id), 'q-elev')
    expect(after.electorate).toEqual(before.electorate)
    // Not 10 heads nor 50 m² more: as the roster stood at opening.
    expect(after.electorate).toEqual({ heads: 11, areaCentiM2: sum(UNIT) })
    expect(await w.store.replaceIfVersion('households', flat, flat.version + 1)).toBe(true)
  })

  test('the roads\' count: 4 heads of 118 take part; the gap to the quorum is told in heads and area', async () => {
    const all = [...area.values()].reduce((s, a) => s + a, 0)
    // 120 flats; 1-1-101/102 one owner and 2-2-601/602 the developer's → 118 heads.
    const participatedArea = sum(['101', '102', '302', '501', '601'])
    const t = (await tally(w, DEMO.office, ballot._id)).questions.find((q) => q.questionId === 'q-roads')!
    const d = t.decision as DecisionTallyView
    expect(d.electorate).toEqual({ heads: 118, areaCentiM2: all })
    expect(d.participated).toEqual({ heads: 4, areaCentiM2: participatedArea })
    const gapArea = Math.ceil((2 * all) / 3) - participatedArea
    expect(t.participationGap).toBe(`还差 ${twoThirdsOf(118) - 4} 户 / ${formatArea(gapArea)} ㎡`)
    expect(d.participation.met).toBe(false)
  })

  test('surveys: counts of each household\'s standing answer; free texts for staff only', async () => {
    const office = await tally(w, DEMO.office, ballot._id)
    expect(office.questions.find((q) => q.questionId === 'q-night')!.survey).toEqual({ households: 120, responses: 2, counts: { yes: 1, no: 1 }, texts: [] })
    expect(office.questions.find((q) => q.questionId === 'q-color')!.survey!.counts).toEqual({ '0': 2 })
  })

  test('residents see participation only while running consent is hidden: no consent figure leaks', async () => {
    const resident = await tally(w, DEMO.resident, ballot._id)
    for (const q of resident.questions) {
      expect(q.participationOnly).toBe(true)
      expect(q.consentGap).toBe('')
      if (q.decision) expect(q.decision).toMatchObject({ yes: null, no: null, abstain: null, consent: null, passed: null })
      if (q.survey) expect(q.survey).toMatchObject({ counts: {}, texts: [] })
    }
    const elev = resident.questions.find((q) => q.questionId === 'q-elev')!
    expect(elev.decision!.participated).toEqual({ heads: 9, areaCentiM2: hand().participated.area })
    // Nothing in the whole answer tells how many said yes.
    expect(JSON.stringify(resident)).not.toMatch(/"yes":\{|"consent":\{|"passed":(true|false)/)
    // The office and the district see everything.
    for (const staff of [DEMO.office, DEMO.district]) {
      const t = await tally(w, staff, ballot._id)
      expect(t.questions.every((q) => !q.participationOnly)).toBe(true)
      expect(decisionOf(t, 'q-elev').yes).toEqual({ heads: 6, areaCentiM2: hand().yes.area })
    }
  })

  test('a ballot that shows running consent shows it to residents too', async () => {
    const shown = await openDemoBallot(w, { title: '公布赞成情况的投票', showRunningConsent: true, opensAt: OPEN.toISOString() })
    await castOk(w, DEMO.resident, shown._id, WANG_HH, [{ questionId: 'q-elev', choice: 'yes' }])
    const t = await tally(w, DEMO.resident, shown._id)
    expect(t.questions.every((q) => !q.participationOnly)).toBe(true)
    expect(decisionOf(t, 'q-elev').yes).toEqual({ heads: 1, areaCentiM2: area.get(WANG_HH) })
  })

  test('door-knock list: every flat with an unanswered question of its scope, by building, unit and room, names and phones masked', async () => {
    const rows = ok<{ rows: DoorKnockRow[] }>(await ballots(w, DEMO.office, 'doorKnock', { ballotId: ballot._id })).rows
    // 120 flats, all in scope of the community questions; only 1-1-601 answered all of its questions.
    expect(rows).toHaveLength(119)
    expect(rows.some((r) => r.householdId === room('601'))).toBe(false)
    const key = (r: DoorKnockRow) => [r.buildingNumber, r.unitNumber, Number(r.label.replace(/^.*单元/, ''))]
    const sorted = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)]
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
    })
    expect(rows.map((r) => r.householdId)).toEqual(sorted.map((r) => r.householdId))
    // 王一's flat: 7 questions in its scope, 3 answered.
    const wang = rows.find((r) => r.householdId === WANG_HH)!
    const flat = (await w.store.get<Household>('households', WANG_HH))!
    expect(wang).toMatchObject({ label: '1号楼1单元302', missing: 4 })
    for (const o of flat.owners) {
      expect(wang.owners).not.toContain(o.name)
      expect(wang.owners).toContain(Array.from(o.name)[0])
    }
    expect(wang.owners).toContain('*')
    const phone = flat.owners.find((o) => o.phone)?.phone
    if (phone) expect(wang.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
    // 李二's flat (3-2-501): 6 questions in its scope (the unit's text question among them), 2 answered.
    const li = rows.find((r) => r.householdId === LI_HH)!
    expect(li.missing).toBe(6 - 2)
    // Residents never get it.
    expectFailure(await ballots(w, DEMO.resident, 'doorKnock', { ballotId: ballot._id }), 'FORBIDDEN')

    const file = ok<{ fileName: string; fileBase64: string }>(await ballots(w, DEMO.office, 'doorKnock', { ballotId: ballot._id, format: 'xlsx' }))
    expect(file.fileName).toMatch(/上门走访名单-\d{8}\.xlsx$/)
    const sheet = await readSheet(Buffer.from(file.fileBase64, 'base64'))
    expect(sheet).toHaveLength(120)
    expect(sheet[0]).toEqual(['楼栋', '单元', '房号', '未回答的问题数', '业主（已打码）', '联系电话（已打码）'])
    const first = rows[0]
    expect(sheet[1]).toEqual([`${first.buildingNumber}号楼`, `${first.unitNumber}单元`, first.label.replace(/^.*单元/, ''), first.missing, first.owners, first.phone || null])
  })

  let closed: Ballot
  test('closing publishes the result as a notice, decides the plan items and stores the anonymised list', async () => {
    const current = (await w.store.get<Ballot>('ballots', ballot._id))!
    w.setNow(new Date(OPEN.getTime() + DAY))
    closed = ok<Ballot>(await ballots(w, DEMO.office, 'close', { ballotId: ballot._id, version: current.version }))
    expect(closed).toMatchObject({ status: 'closed', closedAt: new Date(OPEN.getTime() + DAY).toISOString(), version: current.version + 1 })

    const notice = (await w.store.get<Notice>('notices', closed.resultNoticeId!))!
    expect(notice).toMatchObject({ kind: 'notice', status: 'published', communityId: C, title: `投票结果：${ballot.title}` })
    const h = hand()
    const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(2)}%`
    expect(notice.body).toContain(`是否同意1号楼1单元加装电梯（业主共同决定·重大事项，范围：1号楼1单元）：未通过`)
    expect(notice.body).toContain(`参与表决：9/11 户（${pct(9, 11)}）`)
    expect(notice.body).toContain(`同意：6/9 户（${pct(6, 9)}）`)
    expect(notice.body).toContain(`面积 ${formatArea(h.yes.area)}/${formatArea(h.participated.area)} ㎡（${pct(h.yes.area, h.participated.area)}）`)
    expect(notice.body).toContain('是否赞成夜间车辆限时进出（意见征询，范围：全小区）')
    expect(notice.body).toContain('同意 1 户，不同意 1 户，弃权 0 户')
    // Residents read it with the other notices.
    const list = ok<{ items: BallotSummary[] }>(await ballots(w, DEMO.resident, 'list', {})).items
    expect(list.find((b) => b._id === ballot._id)).toMatchObject({ phase: 'closed', resultNoticeId: notice._id })

    // Every decided item's owners' decision is set from the count, recorded as this ballot.
    const plan = (await w.store.get<Plan>('plans', planId(C)))!
    const edition = await demoEditionItems(w)
    const progress = (title: string) => plan.progress[edition.get(title)!]
    for (const title of ['1号楼1单元加装电梯', '小区道路修缮', '绿化提升', '1号楼、2号楼屋面防水']) {
      expect(progress(title)).toMatchObject({ decision: 'rejected', status: 'dropped', decisionRef: `投票「${ballot.title}」` })
    }
    expect(progress('健身小广场')).toMatchObject({ decision: 'pending' })
    const audit = await w.store.find<{ _id: string; action: string; entityId: string }>('audit', { action: 'plans.setProgress' })
    expect(audit.filter((a) => a.entityId.startsWith(plan._id))).toHaveLength(4)
  })

  test('the anonymised list downloads, recounts to what was published, and names no flat or person', async () => {
    const file = ok<{ fileName: string; json: string }>(await ballots(w, DEMO.resident, 'downloadList', { ballotId: ballot._id }))
    const list = JSON.parse(file.json) as BallotList
    expect(list.questions.map((q) => q.questionId)).toEqual(['q-green', 'q-roads', 'q-roof', 'q-elev'])
    const recounted = recount(list)
    expect(recounted.every((r) => r.matches)).toBe(true)
    const elev = recounted.find((r) => r.question.questionId === 'q-elev')!
    const h = hand()
    expect(elev.tally.participated).toEqual({ heads: h.participated.heads, areaCentiM2: h.participated.area })
    expect(elev.tally.yes).toEqual({ heads: h.yes.heads, areaCentiM2: h.yes.area })
    // One row per head that voted: the owner of 101 and 102 is one row, with 101's (later) receipt and both areas.
    const rows = list.rows.filter((r) => r.questionId === 'q-elev')
    expect(rows).toHaveLength(9)
    // One hash per question (sha256 of the receipt's hash, "|" and the question), never the receipt's own hash.
    const row = (receipt: string, q: string) => sha256(`${sha256(receipt)}|${q}`)
    expect(rows).toContainEqual({ questionId: 'q-elev', receiptHash: row(receipts.get('101')!, 'q-elev'), choice: 'yes', areaCentiM2: sum(['101', '102']) })
    expect(rows.some((r) => r.receiptHash === row(receipts.get('102')!, 'q-elev'))).toBe(false)
    expect(rows.some((r) => r.receiptHash === sha256(receipts.get('101')!))).toBe(false)
    const text = file.json
    expect(text).not.toMatch(/b1-u1|c-bianxiuli-b|wx-|u-res/)
    const owners = (await w.store.find<Household>('households', { communityId: C })).flatMap((x) => x.owners.map((o) => o.name))
    expect(owners.some((name) => text.includes(name))).toBe(false)
    // After closing, residents see the whole count.
    const t = await tally(w, DEMO.resident, ballot._id)
    expect(t.phase).toBe('closed')
    expect(decisionOf(t, 'q-elev').yes).toEqual({ heads: 6, areaCentiM2: h.yes.area })
  })

  test('the log holds every vote and the closing, chained', async () => {
    const entries = await w.store.find<VoteLogEntry>('voteLog', { ballotId: ballot._id }, { orderBy: [{ field: '_id', direction: 'asc' }] })
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
    expect(entries.filter((e) => e.kind === 'cast')).toHaveLength(11)
    expect(entries[entries.length - 1]).toMatchObject({ kind: 'closed', householdId: null, byUserId: 'u-off-1' })
    expect(verifyChain(entries)).toEqual([])
    // Removing one entry is detected too.
    expect(verifyChain(entries.filter((e) => e.seq !== 4))).toEqual([
      { seq: 5, problem: 'gap' },
      { seq: 5, problem: 'broken-link' },
    ])
  })
})

async function demoEditionItems(w: World): Promise<Map<string, string>> {
  const plan = (await w.store.get<Plan>('plans', planId(C)))!
  const edition = (await w.store.get<{ _id: string; items: { _id: string; title: string }[] }>('planEditions', `${plan._id}:e${plan.publishedEdition}`))!
  return new Map(edition.items.map((i) => [i.title, i._id]))
}

describe('an opinion survey before the plan exists', () => {
  let w: World
  beforeAll(async () => {
    w = await WORLDS.sqlite()
  })
  afterAll(() => w.dispose())

  test('needs no plan; while it runs the project stays at 征求意见, and once closed it may move to 方案设计', async () => {
    const plan = ok<Plan>(await handlePlans(w.deps, { openid: DEMO.office }, { action: 'create', data: { title: '汴绣里小区改造方案', summary: '' } }))
    ok(await handlePlans(w.deps, { openid: DEMO.office }, { action: 'advance', data: { version: plan.version, to: 'consultation', note: '', documents: [] } }))
    const survey = { kind: 'choice' as const, _id: 'q-need', title: '您家最希望改造什么', scope: { kind: 'community' as const }, options: ['屋面防水', '加装电梯', '停车'], maxPicks: 2 }
    // A menu question needs the plan's items: refused while no edition is published.
    const menu = { kind: 'menu' as const, title: '最想要的项目', scope: { kind: 'community' as const }, options: ['a', 'b'], maxPicks: 1 }
    const fields = { title: '改造需求调查', opensAt: NOW.toISOString(), closesAt: new Date(NOW.getTime() + 10 * DAY).toISOString(), showRunningConsent: false }
    expectFailure(await ballots(w, DEMO.office, 'create', { ...fields, questions: [survey, menu] }), 'PLAN_NOT_PUBLISHED', /请先发布方案/)
    const draft = ok<Ballot>(await ballots(w, DEMO.office, 'create', { ...fields, questions: [survey] }))
    const opened = ok<Ballot>(await ballots(w, DEMO.office, 'open', { ballotId: draft._id, version: draft.version }))
    await castOk(w, DEMO.resident2, opened._id, LI_HH, [{ questionId: 'q-need', picks: [1, 0] }])

    const advance = async () => {
      const version = (await w.store.get<Plan>('plans', planId(C)))!.version
      return handlePlans(w.deps, { openid: DEMO.office }, { action: 'advance', data: { version, to: 'design', note: '', documents: [] } })
    }
    expectFailure(await advance(), 'STAGE_GATE', /1 个意见征询没有结束/)
    const closed = ok<Ballot>(await ballots(w, DEMO.office, 'close', { ballotId: opened._id, version: opened.version }))
    expect((await w.store.get<Notice>('notices', closed.resultNoticeId!))!.body).toContain('屋面防水 1 户，加装电梯 1 户，停车 0 户')
    ok(await advance())
  })
})

// SQLite only: the fake CloudBase db applies a transaction's writes at once and does not isolate
// concurrent transactions (see fake-cloudbase-db.ts), so many transactions racing on one counter
// there say nothing about CloudBase, which detects the conflict and retries the transaction.
describe.each(['sqlite'] as const)('many households at once on %s', (kind) => {
  let w: World
  afterAll(() => w.dispose())

  test('every vote is stored once, the log numbers them 1, 2, 3 … without gaps, and the chain verifies', async () => {
    w = await demoWorld(kind)
    const ballot = await openDemoBallot(w)
    w.setNow(OPEN)
    const voters = UNIT_11.filter((h) => h !== WANG_HH)
    const results = await Promise.all(voters.map((h, i) => cast(w, ownerOf(h), ballot._id, h, [{ questionId: 'q-elev', choice: i % 3 === 0 ? 'no' : 'yes' }])))
    expect(results.filter((r) => !r.ok)).toEqual([])
    const entries = await w.store.find<VoteLogEntry>('voteLog', { ballotId: ballot._id }, { orderBy: [{ field: '_id', direction: 'asc' }] })
    // Entry 1 is the opening (the seal of the questions and the roster); the votes follow it.
    expect(entries.map((e) => e.seq)).toEqual([1, ...voters.map((_, i) => i + 2)])
    expect(entries[0].kind).toBe('opened')
    expect(new Set(entries.slice(1).map((e) => e.householdId))).toEqual(new Set(voters))
    expect(verifyChain(entries)).toEqual([])
    const receipts = results.map((r) => (r.ok ? (r.data as CastResult).receipt : ''))
    expect(new Set(receipts).size).toBe(voters.length)
    expect(await w.store.count('householdVotes', { ballotId: ballot._id })).toBe(voters.length)
  })
})

/**
 * Paper ballots, their second-staff confirmation, online/paper conflicts, proxies and assisted votes,
 * through the ballots function on the demo community and plan (unit 1-1's owners bound so they can
 * vote online): what counts in the live tally, what is refused with nothing written, and that every
 * event is in the hash-chained log and the chain verifies.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { verifyChain } from '../../cloudfunctions/common/vote-log'
import type { BallotListDoc } from '../../cloudfunctions/ballots/close-ballot'
import type { BallotRoster } from '../../cloudfunctions/ballots/load-ballot'
import type { BallotCounter } from '../../cloudfunctions/ballots/record-vote'
import { checkStoredBallot, checkVotes, type StoreRecords } from '../../scripts/verify-log'
import { DEMO } from '../../server/seed'
import type { Answer, Ballot } from '../../src/core/ballot'
import type { BallotForHousehold, BallotTally, DecisionTallyView } from '../../src/core/ballot-view'
import type { AuditEntry } from '../../src/core/audit-view'
import type { Household } from '../../src/core/community'
import type { PaperView } from '../../src/core/paper'
import { maskName } from '../../src/core/privacy'
import type { ProxyView } from '../../src/core/proxies'
import { householdVotesId, RECEIPT_PATTERN, type HouseholdVotes, type Submission, type VoteLogEntry } from '../../src/core/votes'
import type { PaperDesk } from '../../src/services/ballots'
import { JPEG } from '../fixtures/photos'
import { ballots, bindOwners, cast, castOk, HOUR, household, LI_HH, openDemoBallot, ownerOf, VOTE_COLLECTIONS, withDemoPlan, WORLDS } from './ballots-helpers'
import { expectFailure, NOW, ok, snapshot, type World } from './worlds'

/** Unit 1-1: 12 flats on 6 floors (101 and 102 have one owner; 王一 co-owns 302). */
const UNIT_11 = [1, 2, 3, 4, 5, 6].flatMap((f) => [household(1, 1, `${f}01`), household(1, 1, `${f}02`)])
const OPEN = new Date(NOW.getTime() + 2 * HOUR)
const A = DEMO.office
const B = DEMO.office2
const PAPER_COLLECTIONS = [...VOTE_COLLECTIONS, 'paperBallots', 'proxies'] as const

const HH = (room: string) => household(1, 1, room)

async function demoWorld(kind: keyof typeof WORLDS = 'sqlite'): Promise<World> {
  const w = await WORLDS[kind](withDemoPlan({ setup: (store) => bindOwners(store, UNIT_11) }))
  return w
}

/** A photo uploaded by `userId` (locally: a file in the uploads folder), as PhotoPicker leaves it. */
function photo(w: World, userId: string, name: string): string {
  const folder = join(w.deps.uploadsDir as string, 'photos', userId)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, `${name}.jpg`), JPEG)
  return `local:photos/${userId}/${name}.jpg`
}

const yes = (questionId: string): Answer => ({ questionId, choice: 'yes' })
const no = (questionId: string): Answer => ({ questionId, choice: 'no' })

const tally = async (w: World, ballotId: string) => ok<BallotTally>(await ballots(w, A, 'tally', { ballotId }))
const decisionOf = (t: BallotTally, q: string) => t.questions.find((x) => x.questionId === q)!.decision as DecisionTallyView
const desk = async (w: World, ballotId: string) => ok<PaperDesk>(await ballots(w, A, 'listPaper', { ballotId }))
const votesOf = (w: World, ballotId: string, householdId: string) => w.store.get<HouseholdVotes>('householdVotes', householdVotesId(ballotId, householdId))
const logOf = (w: World, ballotId: string) => w.store.find<VoteLogEntry>('voteLog', { ballotId }, { orderBy: [{ field: '_id', direction: 'asc' }] })

async function enter(w: World, ballotId: string, householdId: string, answers: Answer[], more: Record<string, unknown> = {}, by: string = A) {
  const userId = by === A ? 'u-off-1' : 'u-off-3'
  return ballots(w, by, 'enterPaper', { ballotId, householdId, answers, photos: [photo(w, userId, `paper-${householdId.slice(-3)}-${Math.random().toString(36).slice(2, 8)}`)], voterName: '业主', ...more })
}

async function enterOk(w: World, ballotId: string, householdId: string, answers: Answer[], more: Record<string, unknown> = {}) {
  return ok<PaperView>(await enter(w, ballotId, householdId, answers, more))
}

describe('paper ballots: four eyes, conflicts, closing (SQLite)', () => {
  let w: World
  let ballot: Ballot
  beforeAll(async () => {
    w = await demoWorld()
    ballot = await openDemoBallot(w)
    w.setNow(OPEN)
  })
  afterAll(() => w.dispose())

  test('entered by one staff member it is pending and does not count; the same person cannot confirm it; another one can, and then it counts', async () => {
    const before = decisionOf(await tally(w, ballot._id), 'q-elev')
    const paper = await enterOk(w, ballot._id, HH('401'), [yes('q-elev'), yes('q-green'), no('q-night')], { voterName: '张秀兰', assistedBy: '女儿 张小红' })
    expect(paper).toMatchObject({ status: 'pending', householdLabel: '1号楼1单元401', enteredByName: '社区干事 赵三（示例）', mayConfirm: false, receipt: null, version: 1 })
    expect(paper.answers.map((a) => [a.title, a.answer])).toEqual([
      ['是否同意1号楼1单元加装电梯', '同意'],
      ['是否同意绿化提升', '同意'],
      ['是否赞成夜间车辆限时进出', '不同意'],
    ])
    expect(decisionOf(await tally(w, ballot._id), 'q-elev').participated).toEqual(before.participated)
    expect(await votesOf(w, ballot._id, HH('401'))).toBeNull()

    const untouched = await snapshot(w.store, PAPER_COLLECTIONS)
    expectFailure(await ballots(w, A, 'confirmPaper', { paperId: paper._id, version: 1 }), 'FORBIDDEN', /另一位工作人员/)
    expect(await snapshot(w.store, PAPER_COLLECTIONS)).toEqual(untouched)
    // The desk tells the second staff member they may confirm it, and the first that they may not.
    const asB = ok<PaperDesk>(await ballots(w, B, 'listPaper', { ballotId: ballot._id }))
    expect(asB.items.find((p) => p._id === paper._id)).toMatchObject({ mayConfirm: true, voterName: '张*兰', assistedBy: '女儿 张小红' })
    expect((await desk(w, ballot._id)).items.find((p) => p._id === paper._id)?.mayConfirm).toBe(false)

    const confirmed = ok<PaperView>(await ballots(w, B, 'confirmPaper', { paperId: paper._id, version: 1 }))
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedByName: '社区网格员 周七（示例）', version: 2, conflicts: [] })
    expect(confirmed.receipt).toMatch(RECEIPT_PATTERN)
    const after = decisionOf(await tally(w, ballot._id), 'q-elev')
    expect(after.participated.heads).toBe(before.participated.heads + 1)
    expect(after.yes.heads).toBe(before.yes.heads + 1)
    const stored = (await votesOf(w, ballot._id, HH('401')))!.answers
    expect(stored['q-elev']).toMatchObject({ via: 'paper', relation: 'owner', byUserId: 'u-off-3', assistedBy: '女儿 张小红' })
    // The owner sees the paper vote as the household's, and the receipt checks out.
    const mine = ok<BallotForHousehold>(await ballots(w, ownerOf(HH('401')), 'get', { ballotId: ballot._id, householdId: HH('401') }))
    expect(mine.questions.find((q) => q.question._id === 'q-elev')?.current).toMatchObject({ answer: yes('q-elev'), via: 'paper', byMe: false })
    expect(ok<{ standing: boolean }>(await ballots(w, ownerOf(HH('401')), 'verifyReceipt', { ballotId: ballot._id, receipt: confirmed.receipt! })).standing).toBe(true)
    // Confirmed once: not again, by nobody.
    expectFailure(await ballots(w, B, 'confirmPaper', { paperId: paper._id, version: 2 }), 'CONFLICT')
    // The assisted paper vote is on the desk's list of assisted votes.
    expect((await desk(w, ballot._id)).assisted).toContainEqual(
      expect.objectContaining({ householdLabel: '1号楼1单元401', via: 'paper', viaLabel: '纸质选票', assistedBy: '女儿 张小红', questionTitles: expect.arrayContaining(['是否同意1号楼1单元加装电梯']) }),
    )
  })

  test('an online vote with help shows who helped on the desk', async () => {
    ok(await cast(w, ownerOf(HH('202')), ballot._id, HH('202'), [no('q-elev')], 0, { assistedBy: '网格员 李某' }))
    expect((await desk(w, ballot._id)).assisted).toContainEqual(
      expect.objectContaining({ householdLabel: '1号楼1单元202', via: 'assisted', viaLabel: '网上投票（有人协助）', assistedBy: '网格员 李某', questionTitles: ['是否同意1号楼1单元加装电梯'] }),
    )
  })

  test('who helped, how the vote came in and the voter\'s relation are in the log: changing them in the counted votes is found', async () => {
    const version = (await votesOf(w, ballot._id, HH('202')))?.version ?? 0
    ok(await cast(w, ownerOf(HH('202')), ballot._id, HH('202'), [no('q-elev')], version, { assistedBy: '网格员 李某' }))
    const entries = await w.store.find<VoteLogEntry>('voteLog', { ballotId: ballot._id }, { orderBy: [{ field: '_id', direction: 'asc' }] })
    expect(entries[entries.length - 1]).toMatchObject({ householdId: HH('202'), relation: 'owner', via: 'assisted', assistedBy: '网格员 李某' })
    const votes = await w.store.find<HouseholdVotes>('householdVotes', { ballotId: ballot._id })
    expect(checkVotes(ballot._id, entries, votes)).toEqual([])
    const edited = (change: Partial<HouseholdVotes['answers'][string]>) =>
      votes.map((v) => (v.householdId === HH('202') ? { ...v, answers: { ...v.answers, 'q-elev': { ...v.answers['q-elev'], ...change } } } : v))
    for (const change of [{ assistedBy: null }, { via: 'online' as const }, { relation: 'proxy' as const }]) {
      const problems = checkVotes(ballot._id, entries, edited(change))
      expect(problems).toEqual([expect.objectContaining({ problem: 'vote-differs', detail: expect.stringContaining(Object.keys(change)[0]) })])
    }
  })

  test('paper and online for the same household become a visible conflict, not counted twice; keeping the paper counts it', async () => {
    await castOk(w, ownerOf(HH('501')), ballot._id, HH('501'), [no('q-elev'), no('q-night')])
    const before = decisionOf(await tally(w, ballot._id), 'q-elev')
    const paper = await enterOk(w, ballot._id, HH('501'), [yes('q-elev'), yes('q-green')])
    const c = ok<PaperView>(await ballots(w, B, 'confirmPaper', { paperId: paper._id, version: 1 }))
    expect(c).toMatchObject({ status: 'conflict', receipt: null })
    expect(c.conflicts).toEqual([
      expect.objectContaining({ questionId: 'q-elev', householdLabel: '1号楼1单元501', paper: '同意', existing: '不同意', existingVia: '网上投票' }),
    ])
    // Nothing of the paper counts while the conflict stands — not even its answer without conflict.
    expect(decisionOf(await tally(w, ballot._id), 'q-elev')).toEqual(before)
    expect(Object.keys((await votesOf(w, ballot._id, HH('501')))!.answers).sort()).toEqual(['q-elev', 'q-night'])
    const listed = await desk(w, ballot._id)
    expect(listed.items[0]).toMatchObject({ _id: paper._id, status: 'conflict' })
    expect(listed.counts.conflict).toBe(1)

    const unchanged = await snapshot(w.store, PAPER_COLLECTIONS)
    expectFailure(await ballots(w, B, 'resolveConflict', { paperId: paper._id, version: 2, keep: 'paper', note: '' }), 'INVALID_INPUT')
    expectFailure(await ballots(w, B, 'resolveConflict', { paperId: paper._id, version: 1, keep: 'paper', note: '核实' }), 'CONFLICT')
    expect(await snapshot(w.store, PAPER_COLLECTIONS)).toEqual(unchanged)

    // The staff member who entered the paper may not settle its conflict (four eyes here too).
    expectFailure(await ballots(w, A, 'resolveConflict', { paperId: paper._id, version: 2, keep: 'paper', note: '我录入的，我说了算' }), 'FORBIDDEN')
    const kept = ok<PaperView>(await ballots(w, B, 'resolveConflict', { paperId: paper._id, version: 2, keep: 'paper', note: '电话联系业主：以纸质选票为准' }))
    expect(kept).toMatchObject({ status: 'confirmed', resolution: { keep: 'paper', note: '电话联系业主：以纸质选票为准', byName: '社区网格员 周七（示例）' } })
    expect(kept.receipt).toMatch(RECEIPT_PATTERN)
    const after = decisionOf(await tally(w, ballot._id), 'q-elev')
    expect(after.participated).toEqual(before.participated)
    expect(after.yes.heads).toBe(before.yes.heads + 1)
    expect(after.no.heads).toBe(before.no.heads - 1)
    const stored = (await votesOf(w, ballot._id, HH('501')))!.answers
    expect(stored['q-elev']).toMatchObject({ answer: yes('q-elev'), via: 'paper' })
    // The online answer the paper did not touch still stands.
    expect(stored['q-night']).toMatchObject({ answer: no('q-night'), via: 'online' })
  })

  test('keeping the online vote leaves it standing and the paper uncounted', async () => {
    await castOk(w, ownerOf(HH('601')), ballot._id, HH('601'), [yes('q-elev')])
    const before = decisionOf(await tally(w, ballot._id), 'q-elev')
    const paper = await enterOk(w, ballot._id, HH('601'), [no('q-elev')])
    expect(ok<PaperView>(await ballots(w, B, 'confirmPaper', { paperId: paper._id, version: 1 })).status).toBe('conflict')
    const discarded = ok<PaperView>(await ballots(w, B, 'resolveConflict', { paperId: paper._id, version: 2, keep: 'online', note: '业主说网上投的才是本人意思' }))
    expect(discarded).toMatchObject({ status: 'discarded', receipt: null, resolution: { keep: 'online', keepLabel: '以已有投票为准' } })
    expect(decisionOf(await tally(w, ballot._id), 'q-elev')).toEqual(before)
    expect((await votesOf(w, ballot._id, HH('601')))!.answers['q-elev']).toMatchObject({ answer: yes('q-elev'), via: 'online' })
    expectFailure(await ballots(w, A, 'resolveConflict', { paperId: paper._id, version: 3, keep: 'paper', note: '再改' }), 'CONFLICT')
  })

  test("one owner's two flats are one vote: a paper for 102 meets the online vote for 101", async () => {
    await castOk(w, ownerOf(HH('101')), ballot._id, HH('101'), [no('q-elev')])
    const paper = await enterOk(w, ballot._id, HH('102'), [yes('q-elev'), yes('q-night')])
    const c = ok<PaperView>(await ballots(w, B, 'confirmPaper', { paperId: paper._id, version: 1 }))
    expect(c.status).toBe('conflict')
    // The decision meets 101's vote; the survey is per flat and 102 has not answered it.
    expect(c.conflicts).toEqual([expect.objectContaining({ questionId: 'q-elev', householdLabel: '1号楼1单元101' })])
    ok(await ballots(w, B, 'resolveConflict', { paperId: paper._id, version: 2, keep: 'online', note: '同一业主，以网上投票为准' }))
  })

  test('a wrong entry is sent back with a reason and never counts', async () => {
    const paper = await enterOk(w, ballot._id, HH('602'), [yes('q-elev')])
    expectFailure(await ballots(w, A, 'rejectPaper', { paperId: paper._id, version: 1, reason: '' }), 'INVALID_INPUT')
    const rejected = ok<PaperView>(await ballots(w, A, 'rejectPaper', { paperId: paper._id, version: 1, reason: '房号录错了，应为 603' }))
    expect(rejected).toMatchObject({ status: 'rejected', rejection: { reason: '房号录错了，应为 603', byName: '社区干事 赵三（示例）' } })
    expectFailure(await ballots(w, B, 'confirmPaper', { paperId: paper._id, version: 2 }), 'CONFLICT')
    expect(await votesOf(w, ballot._id, HH('602'))).toBeNull()
  })

  test('bad paper ballots are refused with nothing written', async () => {
    const before = await snapshot(w.store, PAPER_COLLECTIONS)
    const tenantPaper = { relation: 'tenant' }
    expectFailure(await enter(w, ballot._id, HH('301'), [yes('q-elev')], tenantPaper), 'OWNERS_ONLY')
    // Building 3 does not decide unit 1-1's elevator.
    expectFailure(await enter(w, ballot._id, household(3, 1, '101'), [yes('q-elev')]), 'NOT_IN_SCOPE')
    expectFailure(await ballots(w, A, 'enterPaper', { ballotId: ballot._id, householdId: HH('301'), answers: [yes('q-elev')], photos: [], voterName: '业主' }), 'INVALID_INPUT', /照片/)
    // Another person's upload is not a photo of this paper.
    const theirs = photo(w, 'u-off-3', 'not-mine')
    expectFailure(await ballots(w, A, 'enterPaper', { ballotId: ballot._id, householdId: HH('301'), answers: [yes('q-elev')], photos: [theirs], voterName: '业主' }), 'INVALID_INPUT')
    expectFailure(await enter(w, ballot._id, HH('301'), [yes('q-elev'), no('q-elev')]), 'INVALID_INPUT')
    expectFailure(await enter(w, ballot._id, HH('301'), [{ questionId: 'q-nope', choice: 'yes' }]), 'INVALID_INPUT')
    expectFailure(await enter(w, ballot._id, 'c-bianxiuli-b9-u9-999', [yes('q-green')]), 'NOT_FOUND')
    expectFailure(await enter(w, ballot._id, HH('301'), [yes('q-elev')], { voterName: '  ' }), 'INVALID_INPUT')
    // Residents and other offices may not enter paper ballots.
    expectFailure(await enter(w, ballot._id, HH('301'), [yes('q-elev')], {}, DEMO.otherOffice), 'FORBIDDEN')
    expectFailure(await ballots(w, DEMO.resident, 'enterPaper', { ballotId: ballot._id, householdId: HH('301'), answers: [yes('q-elev')], photos: ['local:photos/u-res-1/x.jpg'], voterName: '业主' }), 'FORBIDDEN')
    expect(await snapshot(w.store, PAPER_COLLECTIONS)).toEqual(before)
    // A tenant's (or family member's) paper may still answer the surveys.
    const survey = await enterOk(w, ballot._id, HH('301'), [no('q-night')], tenantPaper)
    expect(survey.relationLabel).toBe('租户')
    ok(await ballots(w, A, 'rejectPaper', { paperId: survey._id, version: 1, reason: '测试' }))
  })

  test('the ballot cannot close while a paper is pending or in conflict; once closed, paper is refused', async () => {
    const pending = await enterOk(w, ballot._id, HH('502'), [yes('q-elev')])
    const current = ok<Ballot>(await ballots(w, A, 'get', { ballotId: ballot._id }))
    const before = await snapshot(w.store, PAPER_COLLECTIONS)
    expectFailure(await ballots(w, A, 'close', { ballotId: ballot._id, version: current.version }), 'VOTE_CONFLICT', /1 张纸质选票还没有确认/)
    expect(await snapshot(w.store, PAPER_COLLECTIONS)).toEqual(before)

    // After the closing time a paper handed in before it can still be confirmed; no new one is entered.
    w.setNow(new Date(new Date(ballot.closesAt).getTime() + HOUR))
    expectFailure(await enter(w, ballot._id, HH('302'), [yes('q-elev')]), 'BALLOT_CLOSED')
    expect(ok<PaperView>(await ballots(w, B, 'confirmPaper', { paperId: pending._id, version: 1 })).status).toBe('confirmed')

    const closed = ok<Ballot>(await ballots(w, A, 'close', { ballotId: ballot._id, version: current.version }))
    expect(closed.status).toBe('closed')
    expectFailure(await enter(w, ballot._id, HH('302'), [yes('q-elev')]), 'BALLOT_CLOSED')
    expectFailure(await ballots(w, A, 'rejectPaper', { paperId: pending._id, version: 2, reason: '已结束' }), 'CONFLICT')
  })

  test('every paper event is in the log and the chain verifies; every recorded paper has its submission', async () => {
    const log = await logOf(w, ballot._id)
    expect(verifyChain(log)).toEqual([])
    const kinds = log.map((e) => e.kind)
    for (const k of ['cast', 'paper-entered', 'paper-confirmed', 'conflict-resolved', 'paper-rejected', 'closed'] as const) expect(kinds).toContain(k)
    expect(kinds[kinds.length - 1]).toBe('closed')
    // Entered: 401, 501, 601, 102, 602, 301, 502 → 7 'paper-entered' entries, each with the answers as entered.
    const entered = log.filter((e) => e.kind === 'paper-entered')
    expect(entered.map((e) => e.householdId)).toEqual(['401', '501', '601', '102', '602', '301', '502'].map(HH))
    expect(entered.every((e) => e.answers !== null && e.receiptHash === null && e.byUserId === 'u-off-1')).toBe(true)
    // Recorded papers (401, 502 confirmed; 501 kept) set answers; conflicts and "keep online" set none.
    const setting = log.filter((e) => (e.kind === 'paper-confirmed' || e.kind === 'conflict-resolved') && e.answers !== null).map((e) => e.householdId)
    expect(setting).toEqual([HH('401'), HH('501'), HH('502')])
    const submissions = await w.store.find<Submission>('submissions', { ballotId: ballot._id })
    for (const s of submissions) expect(log.find((e) => e.seq === s.seq)?.receiptHash).toBe(s.receiptHash)
    // Altering a paper entry is detected.
    const tampered = log.map((e) => (e === entered[0] ? { ...e, answers: [no('q-elev')] } : e))
    expect(verifyChain(tampered)).toContainEqual({ seq: entered[0].seq, problem: 'altered' })

    // verify-log's replay (recorded papers and resolved conflicts set answers) gives exactly the counted
    // votes, the published list and the anchor; the kept paper's vote pointed back at the online receipt does not.
    const one = <T>(value: T | null) => new Map(value ? [[ballot._id, value]] : [])
    const votes = await w.store.find<HouseholdVotes>('householdVotes', { ballotId: ballot._id })
    const records: StoreRecords = {
      submissions: one(submissions),
      votes: one(votes),
      counters: one(await w.store.get<BallotCounter>('ballotCounters', ballot._id)),
      ballots: one(await w.store.get<Ballot>('ballots', ballot._id)),
      rosters: one(await w.store.get<BallotRoster>('ballotRosters', ballot._id)),
      lists: one(await w.store.get<BallotListDoc>('ballotLists', ballot._id)),
    }
    expect(records.lists.get(ballot._id)?.list.logSeq).toBe(log[log.length - 1].seq)
    expect(checkStoredBallot(ballot._id, log, records)).toEqual([])
    const kept = votes.find((v) => v.householdId === HH('501'))!
    const online = log.find((e) => e.kind === 'cast' && e.householdId === HH('501'))!
    const pointedBack = { ...kept, answers: { ...kept.answers, 'q-elev': { ...kept.answers['q-elev'], receiptHash: online.receiptHash! } } }
    const problems = checkStoredBallot(ballot._id, log, { ...records, votes: one(votes.map((v) => (v === kept ? pointedBack : v))) })
    expect(problems).toEqual([expect.objectContaining({ problem: 'vote-differs', detail: expect.stringMatching(new RegExp(`household ${HH('501')}, 问题 question q-elev: receiptHash`)) })])
  })
})

describe('proxies (SQLite)', () => {
  let w: World
  let ballot: Ballot
  let grantor: string
  const ROOM = HH('201')
  beforeAll(async () => {
    w = await demoWorld()
    ballot = await openDemoBallot(w)
    w.setNow(OPEN)
    grantor = (await w.store.get<Household>('households', ROOM))!.owners[0].name
  })
  afterAll(() => w.dispose())

  const proxyPhoto = () => photo(w, 'u-off-1', `auth-${Math.random().toString(36).slice(2, 8)}`)

  test('a tenant cannot answer an owners\' decision for the flat they rent; nobody outside the household votes for it', async () => {
    expectFailure(await cast(w, DEMO.resident2, ballot._id, LI_HH, [yes('q-green')]), 'OWNERS_ONLY')
    expectFailure(await cast(w, DEMO.resident2, ballot._id, ROOM, [yes('q-elev')]), 'FORBIDDEN')
    expectFailure(await ballots(w, DEMO.resident2, 'get', { ballotId: ballot._id, householdId: ROOM }), 'FORBIDDEN')
  })

  test('the office records a proxy with the signed authorisation; the proxy then votes the owners\' decision; revoked, they cannot', async () => {
    const before = await snapshot(w.store, PAPER_COLLECTIONS)
    // Refusals first, nothing written: the grantor must be a registered owner, the proxy a resident, a photo attached.
    expectFailure(await ballots(w, A, 'addProxy', { householdId: ROOM, person: { userId: 'u-res-2' }, ballotId: ballot._id, grantorName: '不是业主', photos: [proxyPhoto()] }), 'INVALID_INPUT', /登记的业主/)
    expectFailure(await ballots(w, A, 'addProxy', { householdId: ROOM, person: { userId: 'u-off-3' }, ballotId: ballot._id, grantorName: grantor, photos: [proxyPhoto()] }), 'INVALID_INPUT', /居民/)
    expectFailure(await ballots(w, A, 'addProxy', { householdId: ROOM, person: { userId: 'u-res-2' }, ballotId: ballot._id, grantorName: grantor, photos: [] }), 'INVALID_INPUT', /委托书/)
    expectFailure(await ballots(w, A, 'addProxy', { householdId: ROOM, person: { userId: `u-${ROOM}` }, ballotId: ballot._id, grantorName: grantor, photos: [proxyPhoto()] }), 'INVALID_INPUT', /业主本人/)
    expectFailure(await ballots(w, DEMO.otherOffice, 'addProxy', { householdId: ROOM, person: { userId: 'u-res-2' }, ballotId: ballot._id, grantorName: grantor, photos: [proxyPhoto()] }), 'FORBIDDEN')
    expect(await snapshot(w.store, [...PAPER_COLLECTIONS, 'audit'])).toEqual({ ...before, audit: before.audit })

    // 李二 named by the flat they are bound to and their name there.
    const proxy = ok<ProxyView>(
      await ballots(w, A, 'addProxy', { householdId: ROOM, person: { householdId: LI_HH, name: '居民 李二（示例）' }, ballotId: ballot._id, grantorName: grantor, photos: [proxyPhoto()], note: '业主在外地' }),
    )
    expect(proxy).toMatchObject({ householdLabel: '1号楼1单元201', userId: 'u-res-2', ballotLabel: `「${ballot.title}」`, revoked: null, version: 1 })
    expectFailure(await ballots(w, A, 'addProxy', { householdId: ROOM, person: { userId: 'u-res-2' }, ballotId: ballot._id, grantorName: grantor, photos: [proxyPhoto()] }), 'INVALID_INPUT', /已经登记/)
    const listed = ok<{ items: ProxyView[] }>(await ballots(w, A, 'listProxies', { ballotId: ballot._id })).items
    expect(listed).toEqual([expect.objectContaining({ _id: proxy._id, userName: maskName('居民 李二（示例）'), grantorName: maskName(grantor), householdLabel: '1号楼1单元201' })])

    const view = ok<BallotForHousehold>(await ballots(w, DEMO.resident2, 'get', { ballotId: ballot._id, householdId: ROOM }))
    expect(view.questions.find((q) => q.question._id === 'q-elev')?.mayAnswer).toBe(true)
    const before2 = decisionOf(await tally(w, ballot._id), 'q-elev')
    await castOk(w, DEMO.resident2, ballot._id, ROOM, [yes('q-elev')])
    expect((await votesOf(w, ballot._id, ROOM))!.answers['q-elev']).toMatchObject({ relation: 'proxy', byUserId: 'u-res-2', via: 'online' })
    expect(decisionOf(await tally(w, ballot._id), 'q-elev').yes.heads).toBe(before2.yes.heads + 1)
    // Still only a tenant of the flat they rent.
    expectFailure(await cast(w, DEMO.resident2, ballot._id, LI_HH, [yes('q-green')]), 'OWNERS_ONLY')

    expectFailure(await ballots(w, A, 'revokeProxy', { proxyId: proxy._id, version: 1, reason: '' }), 'INVALID_INPUT')
    const revoked = ok<ProxyView>(await ballots(w, A, 'revokeProxy', { proxyId: proxy._id, version: 1, reason: '业主本人回来了' }))
    expect(revoked.revoked).toMatchObject({ reason: '业主本人回来了' })
    expectFailure(await ballots(w, A, 'revokeProxy', { proxyId: proxy._id, version: 2, reason: '再撤销' }), 'CONFLICT')
    const current = (await votesOf(w, ballot._id, ROOM))!.version
    expectFailure(await cast(w, DEMO.resident2, ballot._id, ROOM, [no('q-elev')], current), 'FORBIDDEN')
    expectFailure(await ballots(w, DEMO.resident2, 'get', { ballotId: ballot._id, householdId: ROOM }), 'FORBIDDEN')
    // The vote the proxy cast while authorised stays.
    expect((await votesOf(w, ballot._id, ROOM))!.answers['q-elev']).toMatchObject({ answer: yes('q-elev'), relation: 'proxy' })

    const audit = await w.store.find<AuditEntry>('audit', { entity: 'proxies' }, { orderBy: [{ field: 'at', direction: 'asc' }] })
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ['ballots.addProxy', proxy._id],
      ['ballots.revokeProxy', proxy._id],
    ])
    expect(audit[1].after).toMatchObject({ revokeReason: '业主本人回来了' })
  })

  test('a proxy for every ballot; a family member made proxy may answer decisions too', async () => {
    const family = 'u-fam-201'
    await w.store.insert('users', { _id: family, openid: 'wx-fam-201', name: '家人 小赵', role: 'resident', communityId: DEMO.communityId })
    await w.store.insert('members', { _id: `${ROOM}:${family}`, householdId: ROOM, communityId: DEMO.communityId, userId: family, relation: 'family', via: 'seed', addedBy: 'u-off-1', createdAt: NOW.toISOString() })
    const version = (await votesOf(w, ballot._id, ROOM))!.version
    expectFailure(await cast(w, 'wx-fam-201', ballot._id, ROOM, [no('q-elev')], version), 'OWNERS_ONLY')
    const all = ok<ProxyView>(await ballots(w, A, 'addProxy', { householdId: ROOM, person: { userId: family }, grantorName: grantor, photos: [proxyPhoto()] }))
    expect(all).toMatchObject({ ballotId: null, ballotLabel: '所有投票' })
    await castOk(w, 'wx-fam-201', ballot._id, ROOM, [no('q-elev')], version)
    expect((await votesOf(w, ballot._id, ROOM))!.answers['q-elev']).toMatchObject({ answer: no('q-elev'), relation: 'proxy' })
  })

  test('the log of the proxy votes verifies', async () => {
    expect(verifyChain(await logOf(w, ballot._id))).toEqual([])
  })
})

describe('paper ballots on CloudBase (fake database, cloud storage)', () => {
  const ENV = 'cloud://env-1a2b.7072-env-1a2b-1300000000/'
  let w: World
  let ballot: Ballot
  beforeAll(async () => {
    w = await demoWorld('cloudbase')
    const bucket = new Map<string, Buffer>([
      ['photos/u-off-1/p1.jpg', JPEG],
      ['photos/u-off-1/p2.jpg', JPEG],
    ])
    w.deps.files = {
      download: async (fileID) => {
        const bytes = bucket.get(fileID.slice(ENV.length))
        if (!bytes) throw new Error('STORAGE_FILE_NONEXIST')
        return bytes
      },
      upload: async (path, bytes) => {
        bucket.set(path, bytes)
      },
    }
    ballot = await openDemoBallot(w)
    w.setNow(OPEN)
  })
  afterAll(() => w.dispose())

  test('enter, confirm by another, conflict with an online vote, resolve keeping the paper; the log verifies', async () => {
    const p1 = ok<PaperView>(await ballots(w, A, 'enterPaper', { ballotId: ballot._id, householdId: HH('401'), answers: [yes('q-elev')], photos: [`${ENV}photos/u-off-1/p1.jpg`], voterName: '业主' }))
    expectFailure(await ballots(w, A, 'confirmPaper', { paperId: p1._id, version: 1 }), 'FORBIDDEN')
    expect(ok<PaperView>(await ballots(w, B, 'confirmPaper', { paperId: p1._id, version: 1 })).status).toBe('confirmed')

    await castOk(w, ownerOf(HH('501')), ballot._id, HH('501'), [no('q-elev')])
    const p2 = ok<PaperView>(await ballots(w, A, 'enterPaper', { ballotId: ballot._id, householdId: HH('501'), answers: [yes('q-elev')], photos: [`${ENV}photos/u-off-1/p2.jpg`], voterName: '业主' }))
    expect(ok<PaperView>(await ballots(w, B, 'confirmPaper', { paperId: p2._id, version: 1 })).status).toBe('conflict')
    const d = decisionOf(await tally(w, ballot._id), 'q-elev')
    expect([d.participated.heads, d.yes.heads, d.no.heads]).toEqual([2, 1, 1])
    ok(await ballots(w, B, 'resolveConflict', { paperId: p2._id, version: 2, keep: 'paper', note: '核实' }))
    const after = decisionOf(await tally(w, ballot._id), 'q-elev')
    expect([after.participated.heads, after.yes.heads, after.no.heads]).toEqual([2, 2, 0])
    expect(verifyChain(await logOf(w, ballot._id))).toEqual([])
  })
})

/**
 * The head rule (voting-law.md: one owner of several flats casts ONE vote covering all of them in a
 * question's scope; co-owners of one flat agree among themselves, the last vote stands) everywhere
 * the ballots function looks at "whose vote counts", not only in the count:
 * - a receipt's "still counts" is decided per question by the head within the question's scope;
 * - a paper ballot conflicts only with the votes of its head within each question's scope;
 * - the door-knock list treats an owners' decision as answered once the flat's head has voted.
 * On the demo community and plan, with owners rewritten before the ballot opens (the roster is frozen then):
 * - 1-1-501 co-owned by X1 and Y1, 1-1-502 owned by Y1 alone (one head everywhere);
 * - 1-1-601 owned by X2, 1-1-602 by Y2, 1-2-601 co-owned by X2 and Y2: one head in the community and
 *   building 1, but two heads (601, 602) in unit 1-1, where only the flat outside links them;
 * - 1-1-101 and 1-1-102 as seeded: one owner.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO } from '../../server/seed'
import type { Answer, Ballot } from '../../src/core/ballot'
import type { BallotTally, DecisionTallyView, DoorKnockRow } from '../../src/core/ballot-view'
import type { Household, Owner } from '../../src/core/community'
import type { PaperView } from '../../src/core/paper'
import type { Store } from '../../cloudfunctions/common/store'
import { JPEG } from '../fixtures/photos'
import { ballots, bindOwners, castOk, HOUR, household, openDemoBallot, ownerOf, withDemoPlan, WORLDS } from './ballots-helpers'
import { NOW, ok, type World } from './worlds'

const OPEN = new Date(NOW.getTime() + 2 * HOUR)
const A1 = household(1, 1, '501')
const B1 = household(1, 1, '502')
const A2 = household(1, 1, '601')
const B2 = household(1, 1, '602')
const C2 = household(1, 2, '601')
const H101 = household(1, 1, '101')
const H102 = household(1, 1, '102')

const person = (name: string, idTail: string): Owner => ({ name, idTail }) as Owner
const X1 = person('测试甲一', '9101')
const Y1 = person('测试乙一', '9102')
const X2 = person('测试甲二', '9201')
const Y2 = person('测试乙二', '9202')

async function setOwners(store: Store, id: string, owners: Owner[]): Promise<void> {
  const h = (await store.get<Household>('households', id))!
  const next = { ...h, owners, coOwned: owners.length > 1, developerUnsold: false, version: h.version + 1 }
  if (!(await store.replaceIfVersion('households', next, h.version))) throw new Error(`could not rewrite the owners of ${id}`)
}

async function headsWorld(kind: keyof typeof WORLDS): Promise<World> {
  return WORLDS[kind](
    withDemoPlan({
      setup: async (store) => {
        await setOwners(store, A1, [X1, Y1])
        await setOwners(store, B1, [Y1])
        await setOwners(store, A2, [X2])
        await setOwners(store, B2, [Y2])
        await setOwners(store, C2, [X2, Y2])
        await bindOwners(store, [A1, B1, A2, B2, C2, H101, H102])
      },
    }),
  )
}

const yes = (questionId: string): Answer => ({ questionId, choice: 'yes' })
const no = (questionId: string): Answer => ({ questionId, choice: 'no' })

type Verified = { at: string; standing: boolean; answers: { questionId: string; answer: string; standing: boolean }[] }
const verify = async (w: World, openid: string, ballotId: string, receipt: string) => ok<Verified>(await ballots(w, openid, 'verifyReceipt', { ballotId, receipt }))
const perAnswer = (v: Verified) => Object.fromEntries(v.answers.map((a) => [a.questionId, a.standing]))
const decisionOf = async (w: World, ballotId: string, q: string) =>
  ok<BallotTally>(await ballots(w, DEMO.office, 'tally', { ballotId })).questions.find((x) => x.questionId === q)!.decision as DecisionTallyView
const doorKnock = async (w: World, ballotId: string) =>
  new Map(ok<{ rows: DoorKnockRow[] }>(await ballots(w, DEMO.office, 'doorKnock', { ballotId })).rows.map((r) => [r.householdId, r.missing]))

const ENV = 'cloud://env-1a2b.7072-env-1a2b-1300000000/'

/** A photo uploaded by `userId`: a file in the uploads folder (SQLite, local) or in a fake cloud bucket (CloudBase). */
function photo(w: World, userId: string, name: string): string {
  if (!w.deps.uploadsDir) return `${ENV}photos/${userId}/${name}.jpg`
  const folder = join(w.deps.uploadsDir as string, 'photos', userId)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, `${name}.jpg`), JPEG)
  return `local:photos/${userId}/${name}.jpg`
}

/** Cloud storage for the CloudBase world: every photo the office took is there. */
function fakeBucket(w: World): void {
  w.deps.files = {
    download: async (fileID) => {
      if (!fileID.startsWith(`${ENV}photos/`)) throw new Error('STORAGE_FILE_NONEXIST')
      return JPEG
    },
    upload: async () => {},
  }
}

describe.each(['sqlite', 'cloudbase'] as const)('the head rule beyond the count on %s', (kind) => {
  let w: World
  let ballot: Ballot
  let area: Map<string, number>
  beforeAll(async () => {
    w = await headsWorld(kind)
    if (kind === 'cloudbase') fakeBucket(w)
    ballot = await openDemoBallot(w)
    w.setNow(OPEN)
    area = new Map((await w.store.find<Household>('households', { communityId: DEMO.communityId })).map((h) => [h._id, h.areaCentiM2]))
  })
  afterAll(() => w.dispose())

  test("a receipt stops counting when a co-owner's other flat votes later (the head's vote is now theirs); surveys stay per household", async () => {
    const before = await decisionOf(w, ballot._id, 'q-elev')
    // X votes yes on A (receipt R1): the elevator (unit 1-1), greening (community) and a survey.
    const r1 = await castOk(w, ownerOf(A1), ballot._id, A1, [yes('q-elev'), yes('q-green'), yes('q-night')])
    const first = await verify(w, DEMO.resident, ballot._id, r1.receipt)
    expect(first.standing).toBe(true)
    expect(perAnswer(first)).toEqual({ 'q-elev': true, 'q-green': true, 'q-night': true })

    // Y, co-owner of A and sole owner of B, votes no on B for the elevator only.
    const r2 = await castOk(w, ownerOf(B1), ballot._id, B1, [no('q-elev')])
    const after = await verify(w, DEMO.resident, ballot._id, r1.receipt)
    expect(after.standing).toBe(false)
    // The elevator's vote of the head {A, B} is now Y's; greening and the survey still stand.
    expect(perAnswer(after)).toEqual({ 'q-elev': false, 'q-green': true, 'q-night': true })
    expect(after.answers.map((a) => a.answer)).toEqual(['同意', '同意', '同意'])
    const second = await verify(w, DEMO.resident, ballot._id, r2.receipt)
    expect(second).toMatchObject({ standing: true, answers: [{ questionId: 'q-elev', answer: '不同意', standing: true }] })

    // The count agrees: the head {A, B} is one head voting no with both areas, not yes.
    const count = await decisionOf(w, ballot._id, 'q-elev')
    expect(count.no.heads - before.no.heads).toBe(1)
    expect(count.no.areaCentiM2 - before.no.areaCentiM2).toBe(area.get(A1)! + area.get(B1)!)
    expect(count.yes).toEqual(before.yes)

    // A later vote of the head through A again makes that one stand, and R2 no longer.
    const r3 = await castOk(w, ownerOf(A1), ballot._id, A1, [yes('q-elev')], r1.version)
    expect((await verify(w, DEMO.resident, ballot._id, r3.receipt)).standing).toBe(true)
    expect((await verify(w, DEMO.resident, ballot._id, r2.receipt)).standing).toBe(false)
  })

  test("a paper meets only the votes of its head within each question's scope; the receipts then stand per question", async () => {
    // Y2 votes online on B (unit 1-1): no to the elevator and to greening.
    const online = await castOk(w, ownerOf(B2), ballot._id, B2, [no('q-elev'), no('q-green')])
    // X2's paper for A (unit 1-1): yes to both. In unit 1-1 A and B are separate heads (only C,
    // in unit 1-2, links them), so the elevator is no conflict; in the community they are one head.
    const entered = ok<PaperView>(
      await ballots(w, DEMO.office, 'enterPaper', { ballotId: ballot._id, householdId: A2, answers: [yes('q-elev'), yes('q-green')], photos: [photo(w, 'u-off-1', `heads-${kind}`)], voterName: '测试甲二' }),
    )
    const confirmed = ok<PaperView>(await ballots(w, DEMO.office2, 'confirmPaper', { paperId: entered._id, version: entered.version }))
    expect(confirmed.status).toBe('conflict')
    expect(confirmed.conflicts.map((c) => [c.questionId, c.householdLabel])).toEqual([['q-green', '1号楼1单元602']])

    const resolved = ok<PaperView>(await ballots(w, DEMO.office2, 'resolveConflict', { paperId: entered._id, version: confirmed.version, keep: 'paper', note: '电话核实：以纸质选票为准' }))
    expect(resolved.status).toBe('confirmed')
    // B's receipt: its elevator vote still stands (its own head in unit 1-1), its greening vote not (A's paper is the head's later vote).
    const b = await verify(w, DEMO.resident, ballot._id, online.receipt)
    expect(b.standing).toBe(false)
    expect(perAnswer(b)).toEqual({ 'q-elev': true, 'q-green': false })
    const paper = await verify(w, DEMO.resident, ballot._id, resolved.receipt!)
    expect(paper.standing).toBe(true)
    expect(perAnswer(paper)).toEqual({ 'q-elev': true, 'q-green': true })
  })

  test("door-knock: an owner's other flat is not listed for decisions once they voted through one; surveys stay per household", async () => {
    const edition = (await w.store.get<Ballot>('ballots', ballot._id))!
    const menu = edition.questions.find((q) => q._id === 'q-menu') as { options: string[] }
    let missing = await doorKnock(w, ballot._id)
    // 101 and 102 each have 7 questions in scope (4 decisions, 3 surveys), none answered yet.
    expect([missing.get(H101), missing.get(H102)]).toEqual([7, 7])
    await castOk(w, ownerOf(H101), ballot._id, H101, [yes('q-green'), yes('q-roads'), yes('q-roof'), yes('q-elev'), no('q-night'), { questionId: 'q-color', picks: [1] }, { questionId: 'q-menu', picks: [menu.options[0]] }])
    missing = await doorKnock(w, ballot._id)
    expect(missing.has(H101)).toBe(false)
    // 102's decisions are covered by its owner's one vote; its 3 surveys are still open.
    expect(missing.get(H102)).toBe(3)
    await castOk(w, ownerOf(H102), ballot._id, H102, [no('q-night'), { questionId: 'q-color', picks: [0] }, { questionId: 'q-menu', picks: [menu.options[1]] }])
    expect((await doorKnock(w, ballot._id)).has(H102)).toBe(false)

    missing = await doorKnock(w, ballot._id)
    // The first test's head {1-1-501, 1-1-502}: the elevator and greening answered by the head for
    // both, the survey only by 501; 7 questions in scope each.
    expect(missing.get(A1)).toBe(7 - 3)
    expect(missing.get(B1)).toBe(7 - 2)
    // 1-2-601 (6 questions: no unit 1-1 elevator): greening answered through its head's votes
    // (1-1-601's paper, 1-1-602 online); nothing else.
    expect(missing.get(C2)).toBe(6 - 1)
    expect(missing.get(A2)).toBe(7 - 2)
    expect(missing.get(B2)).toBe(7 - 2)
  })
})

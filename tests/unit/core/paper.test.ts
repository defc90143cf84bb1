/** Paper ballots (src/core/paper.ts): four eyes, conflicts with standing votes (by flat and by owner head), resolution. */
import type { Question } from '@/core/ballot'
import type { Household } from '@/core/community'
import { AppError } from '@/core/errors'
import {
  answerText,
  checkConfirm,
  confirmPaper,
  findConflicts,
  headFlats,
  headFlatsByQuestion,
  newPaperBallot,
  paperView,
  rejectPaper,
  resolvePaper,
  withReceipt,
  type PaperBallot,
} from '@/core/paper'
import { proxyApplies } from '@/core/proxies'
import type { StoredAnswer } from '@/core/votes'

const NOW = new Date('2026-12-01T02:00:00Z')
const LATER = new Date('2026-12-01T03:00:00Z')
const A = { _id: 'u-off-1', name: '社区干事 赵三' }
const B = { _id: 'u-off-2', name: '社区干事 钱四' }

const QUESTIONS: Question[] = [
  { kind: 'decision', _id: 'q-roof', title: '屋面防水', scope: { kind: 'community' }, itemId: 'i-roof', decisionKind: 'ordinary' },
  { kind: 'yesno', _id: 'q-green', title: '是否增加绿化', scope: { kind: 'community' } },
  { kind: 'choice', _id: 'q-color', title: '外墙颜色', scope: { kind: 'community' }, options: ['米黄', '浅灰', '砖红'], maxPicks: 1 },
  { kind: 'menu', _id: 'q-menu', title: '最想要的项目', scope: { kind: 'community' }, options: ['i-roof', 'i-lift'], maxPicks: 2 },
]

function paper(householdId = 'h-101'): PaperBallot {
  return newPaperBallot(
    {
      ballotId: 'b1',
      communityId: 'c1',
      householdId,
      householdLabel: '1号楼1单元101',
      answers: [
        { questionId: 'q-roof', choice: 'yes' },
        { questionId: 'q-green', choice: 'no' },
      ],
      photos: ['local:photos/u-off-1/p1.jpg'],
      voterName: '王一',
      relation: 'owner',
      assistedBy: null,
    },
    A,
    NOW,
    'paper-1',
  )
}

const stored = (answer: StoredAnswer['answer'], seq: number, via: StoredAnswer['via'] = 'online'): StoredAnswer => ({
  answer,
  seq,
  at: NOW.toISOString(),
  byUserId: 'u-res-1',
  relation: 'owner',
  via,
  assistedBy: null,
  receiptHash: `hash-${seq}`,
})

const flat = (id: string, owners: { name: string; idTail: string }[], developerUnsold = false) =>
  ({ _id: id, buildingId: 'b-1', unitId: 'u-1', areaCentiM2: 8000, owners, developerUnsold }) as Pick<Household, '_id' | 'buildingId' | 'unitId' | 'areaCentiM2' | 'owners' | 'developerUnsold'>

test('an entered paper ballot is pending, needs a photo and at least one answer', () => {
  const p = paper()
  expect(p).toMatchObject({ status: 'pending', enteredBy: A, confirmedBy: null, conflicts: [], receipt: null, version: 1 })
  expect(() => newPaperBallot({ ...p, photos: [] }, A, NOW, 'x')).toThrow('照片')
  expect(() => newPaperBallot({ ...p, answers: [] }, A, NOW, 'x')).toThrow('至少一项')
})

test('the staff member who entered a paper ballot cannot confirm it; another one can', () => {
  const p = paper()
  let err: unknown
  try {
    checkConfirm(p, A)
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(AppError)
  expect(err).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('另一位工作人员') })
  const confirmed = confirmPaper(p, B, LATER, [])
  expect(confirmed).toMatchObject({ status: 'confirmed', confirmedBy: B, confirmedAt: LATER.toISOString(), version: 2 })
  // Once confirmed, it cannot be confirmed again (nor by the first staff member now).
  expect(() => confirmPaper(confirmed, B, LATER, [])).toThrow(AppError)
  expect(() => checkConfirm(confirmed, { _id: 'u-off-3', name: '第三人' })).toThrow('已经处理过')
})

test('a paper meeting a standing answer becomes a conflict; resolving keeps one side with a note', () => {
  const p = paper()
  const standing = new Map([['h-101', { 'q-green': stored({ questionId: 'q-green', choice: 'yes' }, 7) }]])
  const conflicts = findConflicts(p, QUESTIONS, new Map(), standing)
  expect(conflicts).toEqual([{ questionId: 'q-green', householdId: 'h-101', existing: expect.objectContaining({ via: 'online', seq: 7 }) }])
  const c = confirmPaper(p, B, LATER, conflicts)
  expect(c.status).toBe('conflict')
  // A conflict is not confirmed again: it waits for the office's resolution.
  expect(() => checkConfirm(c, { _id: 'u-off-3', name: '第三人' })).toThrow('冲突')
  // The staff member who entered the paper may not settle its conflict.
  expect(() => resolvePaper(c, 'paper', '电话核实', A, LATER)).toThrow('录入这张纸质选票的工作人员不能处理')
  expect(() => resolvePaper(c, 'paper', '   ', B, LATER)).toThrow('核实')

  const keptPaper = resolvePaper(c, 'paper', '电话核实：以纸质选票为准', B, LATER)
  expect(keptPaper).toMatchObject({ status: 'confirmed', resolution: { keep: 'paper', note: '电话核实：以纸质选票为准', by: B }, version: 3 })
  const keptOnline = resolvePaper(c, 'online', '业主说网上投的才算', B, LATER)
  expect(keptOnline.status).toBe('discarded')
  // Only a conflict can be resolved, and only once.
  expect(() => resolvePaper(keptOnline, 'paper', '再改', B, LATER)).toThrow(AppError)
  expect(() => resolvePaper(paper(), 'paper', '没有冲突', B, LATER)).toThrow('没有待处理的冲突')
})

test('a pending paper is sent back with a reason (by anyone, its enterer too) and then cannot be confirmed', () => {
  const p = paper()
  expect(() => rejectPaper(p, '  ', A, LATER)).toThrow('原因')
  const r = rejectPaper(p, '房号录错', A, LATER)
  expect(r).toMatchObject({ status: 'rejected', rejection: { reason: '房号录错', by: A, at: LATER.toISOString() }, version: 2 })
  expect(() => confirmPaper(r, B, LATER, [])).toThrow(AppError)
  expect(() => rejectPaper(confirmPaper(p, B, LATER, []), '晚了', A, LATER)).toThrow('已经处理过')
  expect(paperView(r, { questions: QUESTIONS }, B)).toMatchObject({ mayConfirm: false, rejection: { reason: '房号录错', byName: A.name } })
})

test('no conflict for questions the household has not answered, nor for other households', () => {
  const p = paper()
  const standing = new Map<string, Record<string, StoredAnswer>>([
    ['h-101', { 'q-color': stored({ questionId: 'q-color', picks: [1] }, 3) }],
    ['h-102', { 'q-roof': stored({ questionId: 'q-roof', choice: 'no' }, 4), 'q-green': stored({ questionId: 'q-green', choice: 'no' }, 5) }],
  ])
  expect(findConflicts(p, QUESTIONS, new Map(), standing)).toEqual([])
})

test("an owner's decision conflicts across the flats of one owner head, a survey does not", () => {
  // 王一 owns 101 and 102 (one head: one vote covers both); 201 is someone else's.
  const flats = [flat('h-101', [{ name: '王一', idTail: '1234' }]), flat('h-102', [{ name: '王 一', idTail: '1234' }]), flat('h-201', [{ name: '李二', idTail: '5678' }])]
  expect(headFlats(flats, 'h-101')).toEqual(['h-101', 'h-102'])
  expect(headFlats(flats, 'h-201')).toEqual(['h-201'])
  const siblings = headFlatsByQuestion(flats, 'h-101', QUESTIONS)
  // Only owners' decisions link flats.
  expect([...siblings]).toEqual([['q-roof', ['h-101', 'h-102']]])
  const standing = new Map([['h-102', { 'q-roof': stored({ questionId: 'q-roof', choice: 'no' }, 9), 'q-green': stored({ questionId: 'q-green', choice: 'yes' }, 9) }]])
  const conflicts = findConflicts(paper(), QUESTIONS, siblings, standing)
  expect(conflicts.map((c) => [c.questionId, c.householdId])).toEqual([['q-roof', 'h-102']])
  // Unsold flats are one head too.
  const unsold = [flat('h-601', [], true), flat('h-602', [], true)]
  expect(headFlats(unsold, 'h-602')).toEqual(['h-602', 'h-601'])
})

test('answers in words and the office view', () => {
  expect(answerText(QUESTIONS[0], { questionId: 'q-roof', choice: 'abstain' })).toBe('弃权')
  expect(answerText(QUESTIONS[2], { questionId: 'q-color', picks: [2] })).toBe('砖红')
  expect(answerText(QUESTIONS[3], { questionId: 'q-menu', picks: ['i-lift', 'i-roof'] }, { 'i-lift': '加装电梯', 'i-roof': '屋面防水' })).toBe('加装电梯、屋面防水')
  expect(answerText(undefined, { questionId: 'x', text: '' })).toBe('（未填写）')

  const p = paper()
  const conflict = confirmPaper(p, B, LATER, findConflicts(p, QUESTIONS, new Map(), new Map([['h-101', { 'q-roof': stored({ questionId: 'q-roof', choice: 'no' }, 2, 'assisted') }]])))
  const asEnterer = paperView(p, { questions: QUESTIONS }, A)
  const asOther = paperView(p, { questions: QUESTIONS }, B)
  expect(asEnterer.mayConfirm).toBe(false)
  expect(asOther.mayConfirm).toBe(true)
  expect(asOther.answers).toEqual([
    { questionId: 'q-roof', title: '屋面防水', answer: '同意' },
    { questionId: 'q-green', title: '是否增加绿化', answer: '不同意' },
  ])
  const v = paperView(conflict, { questions: QUESTIONS }, B)
  expect(v.mayConfirm).toBe(false)
  expect(v.conflicts).toEqual([
    { questionId: 'q-roof', title: '屋面防水', householdLabel: '1号楼1单元101', paper: '同意', existing: '不同意', existingVia: '网上投票（有人协助）', existingAt: NOW.toISOString() },
  ])
  expect(paperView(withReceipt(confirmPaper(p, B, LATER, []), 'ABCD-EFGH-JKMN', 'h'), { questions: QUESTIONS }, A).receipt).toBe('ABCD-EFGH-JKMN')
})

test('a proxy applies to its ballot (or every ballot) until revoked', () => {
  expect(proxyApplies({ ballotId: null, revokedAt: null }, 'b1')).toBe(true)
  expect(proxyApplies({ ballotId: 'b1', revokedAt: null }, 'b1')).toBe(true)
  expect(proxyApplies({ ballotId: 'b1', revokedAt: null }, 'b2')).toBe(false)
  expect(proxyApplies({ ballotId: null, revokedAt: NOW.toISOString() }, 'b1')).toBe(false)
})

test("flats are linked per question within its scope, as the count forms heads", () => {
  // X owns A (unit 1) and co-owns C (unit 2) with Y; Y owns B (unit 1). In the whole community (and
  // building 1) A, B and C are one head; in unit 1 A and B are two heads (only C, outside, links them).
  const X = { name: '甲某', idTail: '9001' }
  const Y = { name: '乙某', idTail: '9002' }
  const at = (id: string, unitId: string, owners: { name: string; idTail: string }[]) => ({ ...flat(id, owners), unitId })
  const flats = [at('h-A', 'u-1', [X]), at('h-B', 'u-1', [Y]), at('h-C', 'u-2', [X, Y])]
  const unitOne: Question = { kind: 'decision', _id: 'q-elev', title: '加装电梯', scope: { kind: 'unit', unitId: 'u-1' }, itemId: 'i-lift', decisionKind: 'major' }
  const building: Question = { kind: 'decision', _id: 'q-wall', title: '外墙保温', scope: { kind: 'buildings', buildingIds: ['b-1'] }, itemId: 'i-wall', decisionKind: 'ordinary' }
  const questions = [...QUESTIONS, unitOne, building]
  expect(headFlats(flats, 'h-A')).toEqual(['h-A', 'h-B', 'h-C'])
  expect(headFlats(flats, 'h-A', unitOne.scope)).toEqual(['h-A'])
  expect(headFlats(flats, 'h-A', building.scope)).toEqual(['h-A', 'h-B', 'h-C'])
  // A flat outside the scope is only itself.
  expect(headFlats(flats, 'h-C', unitOne.scope)).toEqual(['h-C'])
  const siblings = headFlatsByQuestion(flats, 'h-A', questions)
  expect(Object.fromEntries(siblings)).toEqual({ 'q-roof': ['h-A', 'h-B', 'h-C'], 'q-elev': ['h-A'], 'q-wall': ['h-A', 'h-B', 'h-C'] })

  // B voted online on the elevator, the roof and the wall; A's paper answers all three and a survey.
  const standing = new Map([
    ['h-B', { 'q-elev': stored({ questionId: 'q-elev', choice: 'no' }, 4), 'q-roof': stored({ questionId: 'q-roof', choice: 'no' }, 4), 'q-wall': stored({ questionId: 'q-wall', choice: 'no' }, 4), 'q-green': stored({ questionId: 'q-green', choice: 'no' }, 4) }],
  ])
  const p = {
    householdId: 'h-A',
    answers: [
      { questionId: 'q-elev', choice: 'yes' as const },
      { questionId: 'q-roof', choice: 'yes' as const },
      { questionId: 'q-wall', choice: 'yes' as const },
      { questionId: 'q-green', choice: 'yes' as const },
    ],
  }
  expect(findConflicts(p, questions, siblings, standing).map((c) => [c.questionId, c.householdId])).toEqual([
    ['q-roof', 'h-B'],
    ['q-wall', 'h-B'],
  ])
  // A's own standing answer still conflicts, in any scope.
  const own = new Map([['h-A', { 'q-elev': stored({ questionId: 'q-elev', choice: 'no' }, 5) }]])
  expect(findConflicts(p, questions, siblings, own).map((c) => [c.questionId, c.householdId])).toEqual([['q-elev', 'h-A']])
})

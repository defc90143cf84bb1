/** Feedback rules (src/core/feedback.ts): objections only during the 公示; a hidden objection is still owed an answer. */
import { AppError } from '@/core/errors'
import { checkCanLodge, hide, isHandled, replyTo, type Feedback } from '@/core/feedback'

const NOW = new Date('2026-11-25T02:00:00Z')
const OFFICE = { _id: 'u-off-1', name: '社区干事 赵三（示例）' }

function entry(kind: Feedback['kind']): Feedback {
  return {
    _id: 'f1', communityId: 'c1', planId: 'plan-c1', edition: 1, itemId: null, kind, text: '意见', photos: [],
    authorId: 'u-res-1', householdId: 'h1', householdLabel: '1号楼1单元302', createdAt: NOW.toISOString(),
    reply: null, hidden: null, version: 1,
  }
}

test('objections only while the 公示 runs; comments any time', () => {
  expect(() => checkCanLodge('objection', true)).not.toThrow()
  expect(() => checkCanLodge('comment', false)).not.toThrow()
  expect(() => checkCanLodge('objection', false)).toThrow(AppError)
})

test('a hidden comment is handled; a hidden objection is handled only once answered', () => {
  const comment = hide(entry('comment'), '辱骂', OFFICE, NOW)
  expect(isHandled(comment)).toBe(true)
  expect(() => replyTo(comment, '答复', OFFICE, NOW)).toThrow('已被隐藏')

  const objection = hide(entry('objection'), '辱骂', OFFICE, NOW)
  expect(isHandled(objection)).toBe(false)
  const answered = replyTo(objection, '已核实，方案不变。', OFFICE, NOW)
  expect(isHandled(answered)).toBe(true)
  expect(answered).toMatchObject({ version: 3, hidden: { reason: '辱骂' }, reply: { text: '已核实，方案不变。', byName: OFFICE.name } })
  expect(() => hide(answered, '再次', OFFICE, NOW)).toThrow('已经隐藏')
})

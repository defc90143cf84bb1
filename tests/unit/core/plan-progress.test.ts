/**
 * changeProgress (src/core/plan.ts): how a published item moves through its owners' decision and
 * its works, as `plans.setProgress` applies it.
 */
import { AppError } from '@/core/errors'
import { changeProgress, type DecisionKind, type ItemProgress, type ProgressChange } from '@/core/plan'
import type { Stage } from '@/core/stages'

const NOW = new Date('2026-12-20T02:00:00.000Z')
const BY = { userId: 'u-off', now: NOW }
const REF = '2026年12月业主大会表决结果'

const item = (decisionKind: DecisionKind) => ({ _id: 'i-1', decisionKind })
const progress = (p: Partial<ItemProgress> = {}): ItemProgress => ({
  status: 'proposed',
  decision: 'pending',
  decisionRef: null,
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: 'u-x',
  ...p,
})

function refusal(f: () => unknown): AppError {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).message).toMatch(/[\u4e00-\u9fa5]/)
    return e as AppError
  }
  throw new Error('expected a refusal')
}

describe('the owners\' decision', () => {
  test('passed with its record, stamped with who and when', () => {
    const next = changeProgress(item('ordinary'), progress(), { decision: 'passed', decisionRef: `  ${REF} ` }, 'approval', BY)
    expect(next).toEqual({ status: 'proposed', decision: 'passed', decisionRef: REF, updatedAt: NOW.toISOString(), updatedBy: 'u-off' })
  })

  test.each(['passed', 'rejected'] as const)('%s needs a record of where it was decided', (decision) => {
    for (const decisionRef of [undefined, '', '   ']) {
      const e = refusal(() => changeProgress(item('major'), progress(), { decision, decisionRef }, 'approval', BY))
      expect(e.code).toBe('INVALID_INPUT')
      expect(e.message).toContain('表决结果的依据')
    }
  })

  test('rejected drops the item, and it cannot then be chosen or put back', () => {
    const dropped = changeProgress(item('major'), progress({ status: 'chosen', decision: 'passed', decisionRef: 'x' }), { decision: 'rejected', decisionRef: REF }, 'tender', BY)
    expect(dropped).toMatchObject({ status: 'dropped', decision: 'rejected', decisionRef: REF })
    expect(refusal(() => changeProgress(item('major'), progress(), { decision: 'rejected', decisionRef: REF, status: 'chosen' }, 'tender', BY)).message).toContain('只能标记为“不实施”')
    expect(refusal(() => changeProgress(item('major'), dropped, { status: 'proposed' }, 'tender', BY)).message).toContain('只能标记为“不实施”')
  })

  test('survey items take no owners\' decision', () => {
    expect(refusal(() => changeProgress(item('survey'), progress(), { decision: 'passed', decisionRef: REF }, 'approval', BY)).message).toContain('意见征询类项目不需要')
  })

  test('a record without a decision is refused; the record of a decision can be corrected', () => {
    expect(refusal(() => changeProgress(item('ordinary'), progress(), { decisionRef: REF }, 'approval', BY)).code).toBe('INVALID_INPUT')
    const passed = progress({ decision: 'passed', decisionRef: '旧的' })
    expect(changeProgress(item('ordinary'), passed, { decisionRef: REF }, 'approval', BY)).toMatchObject({ decision: 'passed', decisionRef: REF })
  })

  test('a changed decision needs its own record (the old one does not carry over)', () => {
    const passed = progress({ decision: 'passed', decisionRef: REF })
    expect(refusal(() => changeProgress(item('ordinary'), passed, { decision: 'rejected' }, 'approval', BY)).message).toContain('表决结果的依据')
  })

  test('back to pending clears the record, but not while the item is chosen', () => {
    expect(changeProgress(item('ordinary'), progress({ decision: 'passed', decisionRef: REF }), { decision: 'pending' }, 'approval', BY)).toMatchObject({ decision: 'pending', decisionRef: null })
    const chosen = progress({ status: 'chosen', decision: 'passed', decisionRef: REF })
    expect(refusal(() => changeProgress(item('ordinary'), chosen, { decision: 'pending' }, 'approval', BY)).message).toContain('表决通过')
  })
})

describe('status', () => {
  const passed = progress({ decision: 'passed', decisionRef: REF })

  test('chosen needs the decision passed, except for survey items', () => {
    expect(refusal(() => changeProgress(item('ordinary'), progress(), { status: 'chosen' }, 'approval', BY)).message).toContain('请先录入“表决通过”')
    expect(changeProgress(item('ordinary'), passed, { status: 'chosen' }, 'approval', BY).status).toBe('chosen')
    expect(changeProgress(item('survey'), progress(), { status: 'chosen' }, 'approval', BY).status).toBe('chosen')
  })

  test('decision and choice in one step', () => {
    expect(changeProgress(item('major'), progress(), { decision: 'passed', decisionRef: REF, status: 'chosen' }, 'approval', BY)).toMatchObject({ status: 'chosen', decision: 'passed' })
  })

  test.each(['survey', 'consultation', 'design', 'publicity', 'approval', 'budget', 'tender'] as Stage[])('works is refused before 开工 (at %s)', (stage) => {
    const chosen = progress({ status: 'chosen', decision: 'passed', decisionRef: REF })
    expect(refusal(() => changeProgress(item('ordinary'), chosen, { status: 'works' }, stage, BY)).message).toContain('还没有进入“开工”阶段')
  })

  test.each(['start', 'works', 'completion'] as Stage[])('works from chosen once the project is at %s or later', (stage) => {
    const chosen = progress({ status: 'chosen', decision: 'passed', decisionRef: REF })
    expect(changeProgress(item('ordinary'), chosen, { status: 'works' }, stage, BY).status).toBe('works')
  })

  test.each(['proposed', 'dropped'] as const)('works only from chosen (not from %s)', (status) => {
    expect(refusal(() => changeProgress(item('survey'), progress({ status }), { status: 'works' }, 'works', BY)).message).toContain('只有“已确定”')
  })

  test('done only from works', () => {
    const chosen = progress({ status: 'chosen', decision: 'passed', decisionRef: REF })
    expect(refusal(() => changeProgress(item('ordinary'), chosen, { status: 'done' }, 'works', BY)).message).toContain('只有“施工中”')
    const works = { ...chosen, status: 'works' as const }
    expect(changeProgress(item('ordinary'), works, { status: 'done' }, 'works', BY).status).toBe('done')
  })

  test.each([
    ['works', { status: 'dropped' }],
    ['works', { status: 'proposed' }],
    ['works', { status: 'chosen' }],
    ['done', { status: 'dropped' }],
    ['works', { decision: 'rejected', decisionRef: REF }],
    ['done', { decisionRef: '另一份记录' }],
  ] as [ItemProgress['status'], ProgressChange][])('once works began (%s) nothing goes back: %j', (status, change) => {
    const started = progress({ status, decision: 'passed', decisionRef: REF })
    expect(refusal(() => changeProgress(item('ordinary'), started, change, 'works', BY)).code).toBe('INVALID_INPUT')
  })

  test('dropping and putting back before works', () => {
    const dropped = changeProgress(item('ordinary'), passed, { status: 'dropped' }, 'approval', BY)
    expect(dropped).toMatchObject({ status: 'dropped', decision: 'passed' })
    expect(changeProgress(item('ordinary'), dropped, { status: 'chosen' }, 'approval', BY).status).toBe('chosen')
  })

  test('an empty or a no-op change is refused', () => {
    expect(refusal(() => changeProgress(item('ordinary'), passed, {}, 'approval', BY)).message).toContain('请选择')
    expect(refusal(() => changeProgress(item('ordinary'), passed, { status: 'proposed' }, 'approval', BY)).message).toContain('没有变化')
  })

  test('acceptance set by issue 6 is kept', () => {
    const works = progress({ status: 'works', decision: 'passed', decisionRef: REF, acceptedAt: null })
    expect(changeProgress(item('ordinary'), works, { status: 'done' }, 'works', BY)).toHaveProperty('acceptedAt', null)
  })
})

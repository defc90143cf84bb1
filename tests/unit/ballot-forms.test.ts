import { answerLabel, fromAnswer, newRequestId, toAnswer } from '@/packageVote/ballot/answers'
import { chinaInstant, chinaTime, decisionItems, decisionQuestion, emptyForm, formFromBallot, move, optionLines, parsePicks, scopeOf, toDraft } from '@/packageOffice/ballot-edit/form'
import type { Ballot, Question } from '@/core/ballot'
import type { ItemView } from '@/core/plan-view'

/** The pure parts of the ballot pages: the office's form (China times) and the resident's answers. */

describe('ballot form times are China time (UTC+8, no daylight saving)', () => {
  test.each([
    ['2026-12-01', '08:00', '2026-12-01T00:00:00.000Z'],
    ['2026-12-15', '20:00', '2026-12-15T12:00:00.000Z'],
    // Just after midnight in China is the previous day in UTC.
    ['2026-12-01', '00:30', '2026-11-30T16:30:00.000Z'],
    ['2026-12-01', '23:59', '2026-12-01T15:59:00.000Z'],
    // A full-width colon as typed by a Chinese keyboard.
    ['2026-12-01', '08：00', '2026-12-01T00:00:00.000Z'],
  ])('%s %s → %s, and back', (date, time, iso) => {
    expect(chinaInstant(date, time)).toBe(iso)
    expect(chinaTime(iso)).toBe(time.replace('：', ':'))
  })

  test.each([
    ['2026-02-30', '08:00'],
    ['2026-12-01', '24:00'],
    ['2026-12-01', '8:00'],
    ['2026/12/01', '08:00'],
    ['', ''],
  ])('%s %s is refused', (date, time) => {
    expect(chinaInstant(date, time)).toBeNull()
  })

  test('a new ballot opens tomorrow 08:00 and closes 14 days later 20:00, China dates', () => {
    // 2026-11-30 17:00 UTC is already 12-01 01:00 in China: tomorrow is 12-02.
    const f = emptyForm(new Date('2026-11-30T17:00:00.000Z'))
    expect([f.opensDate, f.opensTime, f.closesDate, f.closesTime]).toEqual(['2026-12-02', '08:00', '2026-12-16', '20:00'])
  })
})

describe('toDraft', () => {
  const q: Question = { kind: 'text', _id: 'q1', title: '建议', scope: { kind: 'community' } }
  const form = { ...emptyForm(new Date('2026-11-25T00:00:00Z')), title: ' 表决 ', questions: [q] }

  test('a complete form becomes the draft the function takes', () => {
    expect(toDraft(form)).toEqual({
      draft: { title: '表决', opensAt: '2026-11-26T00:00:00.000Z', closesAt: '2026-12-10T12:00:00.000Z', showRunningConsent: false, questions: [q] },
    })
  })

  test.each([
    ['no title', { title: '  ' }, '请填写投票的名称。'],
    ['title too long', { title: '长'.repeat(61) }, '投票名称不能超过 60 个字。'],
    ['closing equals opening', { closesDate: '2026-11-26', closesTime: '08:00' }, '截止时间要晚于开始时间。'],
    ['bad opening', { opensTime: '25:00' }, '开始时间请按“2026-12-01”和“08:00”的格式填写。'],
    ['no questions', { questions: [] }, '请至少添加一个问题。'],
  ])('%s is refused in Chinese', (_name, patch, message) => {
    expect(toDraft({ ...form, ...patch })).toEqual({ error: message })
  })

  test('a stored ballot comes back into the form unchanged', () => {
    const b = { title: 'T', opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-15T12:00:00.000Z', showRunningConsent: true, questions: [q] } as Ballot
    const draft = toDraft(formFromBallot(b))
    expect(draft).toEqual({ draft: { title: 'T', opensAt: b.opensAt, closesAt: b.closesAt, showRunningConsent: true, questions: [q] } })
  })
})

describe('questions', () => {
  const item = (id: string, decisionKind: ItemView['decisionKind']) => ({ _id: id, title: `项目${id}`, scope: { kind: 'unit', unitId: 'u1' }, decisionKind }) as ItemView

  test('decisions come only from ordinary/major items, with the item’s scope and kind', () => {
    const items = [item('a', 'survey'), item('b', 'ordinary'), item('c', 'major')]
    expect(decisionItems(items).map((i) => i._id)).toEqual(['b', 'c'])
    expect(decisionQuestion(items[2], 'q')).toEqual({ kind: 'decision', _id: 'q', title: '是否同意实施“项目c”', scope: { kind: 'unit', unitId: 'u1' }, itemId: 'c', decisionKind: 'major' })
    expect(() => decisionQuestion(items[0])).toThrow()
  })

  test('options one per line, picks within range, scopes complete, moves within bounds', () => {
    expect(optionLines(' 甲 \n\n乙\r\n  \n丙')).toEqual(['甲', '乙', '丙'])
    expect([parsePicks('2', 3), parsePicks('0', 3), parsePicks('4', 3), parsePicks('1.5', 3), parsePicks(' 3 ', 3)]).toEqual([2, null, null, null, 3])
    expect(scopeOf({ kind: 'buildings', buildingIds: [], unitId: '' })).toBe('请至少选择一栋楼。')
    expect(scopeOf({ kind: 'unit', buildingIds: [], unitId: '' })).toBe('请选择一个单元。')
    expect(scopeOf({ kind: 'unit', buildingIds: ['b1'], unitId: 'u2' })).toEqual({ kind: 'unit', unitId: 'u2' })
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c'])
  })
})

describe('answers', () => {
  const choice: Question = { kind: 'choice', _id: 'c', title: '座椅', scope: { kind: 'community' }, options: ['北门', '广场'], maxPicks: 2 }
  const menu: Question = { kind: 'menu', _id: 'm', title: '菜单', scope: { kind: 'community' }, options: ['i1', 'i2'], maxPicks: 1 }
  const text: Question = { kind: 'text', _id: 't', title: '意见', scope: { kind: 'community' } }

  test('unanswered questions are not sent; text is trimmed; answers round-trip', () => {
    expect(toAnswer(choice, undefined)).toBeNull()
    expect(toAnswer(choice, { picks: [] })).toBeNull()
    expect(toAnswer(text, { text: '   ' })).toBeNull()
    expect(toAnswer(text, { text: ' 好 ' })).toEqual({ questionId: 't', text: '好' })
    const a = { questionId: 'c', picks: [1, 0] }
    expect(toAnswer(choice, fromAnswer(a))).toEqual(a)
  })

  test('answers in words', () => {
    expect(answerLabel(choice, { questionId: 'c', picks: [1, 0] }, {})).toBe('广场、北门')
    expect(answerLabel(menu, { questionId: 'm', picks: ['i2'] }, { i2: '加装电梯' })).toBe('加装电梯')
    expect(answerLabel({ kind: 'yesno', _id: 'y', title: '颜色', scope: { kind: 'community' } }, { questionId: 'y', choice: 'abstain' }, {})).toBe('弃权')
    expect(answerLabel(text, { questionId: 't', text: '加装扶手' }, {})).toBe('加装扶手')
  })

  test('request ids fit the function’s pattern and differ', () => {
    const ids = Array.from({ length: 200 }, newRequestId)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

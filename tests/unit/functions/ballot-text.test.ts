/**
 * Receipt codes and the result notice of a closed ballot (cloudfunctions/ballots/record-vote.ts,
 * result-notice.ts): receipts have the published shape and are typed back in any form; the notice
 * fits the notice limits whatever the ballot holds and says 通过/未通过 with exact percentages.
 */
import { contentHash, lostRace, newReceipt, normalizeReceipt, RECEIPT_ALPHABET, RetryTransaction, withRetries } from '../../../cloudfunctions/ballots/record-vote'
import type { Store } from '../../../cloudfunctions/common/store'
import { chineseNumber, decisionLines, resultBody, resultTitle } from '../../../cloudfunctions/ballots/result-notice'
import type { QuestionCount } from '../../../cloudfunctions/ballots/count'
import { QUESTION_TITLE_MAX, QUESTIONS_MAX, type Question } from '../../../src/core/ballot'
import { BODY_MAX, TITLE_MAX } from '../../../src/core/notice'
import { tallyRows } from '../../../src/core/tally'
import { RECEIPT_PATTERN } from '../../../src/core/votes'

describe('receipt codes', () => {
  test('every code has the published pattern, and 2,000 codes are all different and use the whole alphabet', () => {
    const codes = Array.from({ length: 2000 }, newReceipt)
    for (const c of codes) expect(c).toMatch(RECEIPT_PATTERN)
    expect(new Set(codes).size).toBe(codes.length)
    expect(new Set(codes.join('').replace(/-/g, ''))).toEqual(new Set(RECEIPT_ALPHABET))
    // No 0/O, 1/I/L that people confuse.
    expect(RECEIPT_ALPHABET).not.toMatch(/[01OIL]/)
  })

  test.each([
    ['abcd-efgh-jkmn', 'ABCD-EFGH-JKMN'],
    ['ABCDEFGHJKMN', 'ABCD-EFGH-JKMN'],
    [' abcd efgh jkmn ', 'ABCD-EFGH-JKMN'],
    ['ABCD-EFGH-JKM', null],
    ['ABCD-EFGH-JKMNP', null],
  ])('%j → %j', (typed, code) => {
    expect(normalizeReceipt(typed)).toBe(code)
  })

  test('the content hash ignores the order answers were sent in, not what they say', () => {
    const base = { householdId: 'h1', userId: 'u1', assistedBy: null, via: 'online' as const }
    const a = contentHash({ ...base, answers: [{ questionId: 'q1', choice: 'yes' }, { questionId: 'q2', picks: [1] }] })
    const b = contentHash({ ...base, answers: [{ questionId: 'q2', picks: [1] }, { questionId: 'q1', choice: 'yes' }] })
    const c = contentHash({ ...base, answers: [{ questionId: 'q1', choice: 'no' }, { questionId: 'q2', picks: [1] }] })
    const d = contentHash({ ...base, userId: 'u2', answers: [{ questionId: 'q1', choice: 'yes' }, { questionId: 'q2', picks: [1] }] })
    expect(a).toBe(b)
    expect(new Set([a, c, d]).size).toBe(3)
  })
})

describe('the result notice', () => {
  const shape = { buildings: [{ _id: 'b1', number: 1 }], units: [{ _id: 'b1-u1', buildingId: 'b1', number: 1 }] }

  test.each([
    [1, '一'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [47, '四十七'],
    [60, '六十'],
  ])('question %i is numbered %s', (n, text) => {
    expect(chineseNumber(n)).toBe(text)
  })

  test('a decision reads as fractions with exact percentages (voting-law.md example 1, ordinary)', () => {
    // 10 owners; flats 1–6 and 10 vote (480 of 660 m²); yes = 1–4 and 10 (360 m²).
    const t = tallyRows('ordinary', { heads: 10, areaCentiM2: 66000 }, [
      ...[1, 2, 3, 4].map(() => ({ choice: 'yes' as const, areaCentiM2: 6000 })),
      { choice: 'yes', areaCentiM2: 12000 },
      { choice: 'no', areaCentiM2: 6000 },
      { choice: 'abstain', areaCentiM2: 6000 },
    ])
    expect(decisionLines(t)).toEqual([
      '参与表决：7/10 户（70.00%），面积 480/660 ㎡（72.73%）（人数和面积都要达到三分之二以上），达到；',
      '同意：5/7 户（71.43%），面积 360/480 ㎡（75.00%）（人数和面积都要超过参与表决的一半），达到；',
      '不同意 1 户，弃权 1 户。',
    ])
  })

  test('title and body stay within the notice limits for the largest ballot', () => {
    const long = '问'.repeat(QUESTION_TITLE_MAX)
    // Half owners' decisions, half surveys with 20 long options each: far more than a notice holds.
    const tally = tallyRows('major', { heads: 12, areaCentiM2: 120000 }, Array.from({ length: 10 }, () => ({ choice: 'yes' as const, areaCentiM2: 10000 })))
    const counts: QuestionCount[] = Array.from({ length: QUESTIONS_MAX }, (_, i): QuestionCount => {
      const q: Question =
        i % 2 === 0
          ? { kind: 'decision', _id: `q${i}`, title: `${i}${long}`.slice(0, QUESTION_TITLE_MAX), scope: { kind: 'unit', unitId: 'b1-u1' }, itemId: `i${i}`, decisionKind: 'major' }
          : { kind: 'choice', _id: `q${i}`, title: long, scope: { kind: 'unit', unitId: 'b1-u1' }, options: Array.from({ length: 20 }, (_, j) => `选项${j}`.padEnd(40, '长')), maxPicks: 3 }
      return q.kind === 'decision' ? { question: q, decision: tally, survey: null } : { question: q, decision: null, survey: { households: 12, responses: 7, counts: { '0': 7 }, texts: [] } }
    })
    const body = resultBody({ title: '标'.repeat(60) }, counts, shape, null, new Date('2026-12-01T02:00:00Z'))
    expect(Array.from(body).length).toBeLessThanOrEqual(BODY_MAX)
    expect(body).toContain('2026年12月1日 10:00')
    // Every owners' decision keeps its verdict, the last one included.
    expect(body.match(/、[^\n]*：通过/g)).toHaveLength(QUESTIONS_MAX / 2)
    expect(body).toContain(`五十九、58问问`)
    expect(body).toContain(`另有 ${QUESTIONS_MAX / 2} 个意见征询问题。`)
    expect(Array.from(resultTitle('标'.repeat(60))).length).toBe(TITLE_MAX)
    expect(resultTitle('屋面防水表决')).toBe('投票结果：屋面防水表决')
  })
})

describe('transactions that lost a race are run again', () => {
  const storeFailing = (errors: unknown[]) => {
    let calls = 0
    const store = {
      transaction: async <R>(fn: (tx: never) => Promise<R>) => {
        calls += 1
        const e = errors.shift()
        if (e) throw e
        return fn({} as never)
      },
    } as unknown as Store
    return { store, calls: () => calls }
  }

  test('CloudBase write conflicts and our own retries, up to 5 attempts; anything else at once', async () => {
    const conflict = Object.assign(new Error('transaction conflict'), { code: 'DATABASE_TRANSACTION_CONFLICT' })
    const a = storeFailing([conflict, new RetryTransaction('counter moved')])
    await expect(withRetries(a.store, async () => 'done')).resolves.toBe('done')
    expect(a.calls()).toBe(3)

    const b = storeFailing(Array.from({ length: 5 }, () => conflict))
    await expect(withRetries(b.store, async () => 'done')).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(b.calls()).toBe(5)

    const c = storeFailing([new Error('disk full')])
    await expect(withRetries(c.store, async () => 'done')).rejects.toThrow('disk full')
    expect(c.calls()).toBe(1)
    expect(lostRace(new Error('DATABASE_DUPLICATE_WRITE'))).toBeNull()
  })
})

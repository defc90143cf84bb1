/**
 * Notice rules (src/core/notice.ts) and the China-time helpers they stand on (src/core/time.ts).
 * China is UTC+8 all year, so a China date starts at 16:00Z of the day before; the boundary
 * cases below sit on both sides of UTC midnight and of China midnight.
 */
import * as z from 'zod/mini'
import { AppError } from '@/core/errors'
import {
  checkPublicityPeriod,
  editDraft,
  isVisibleToResidents,
  newDraft,
  noticeFieldsSchema,
  publicityLabel,
  publicityState,
  publish,
  withdraw,
  PUBLICITY_MAX_DAYS,
  type Notice,
  type NoticeFields,
} from '@/core/notice'
import { chinaDate, daysBetween, endOfChinaDay, formatChinaDate, formatChinaDateTime, isValidDate } from '@/core/time'

/** 10:00 on 2026-11-25 in China. */
const NOW = new Date('2026-11-25T02:00:00.000Z')
const IDS = { id: 'n-1', communityId: 'c-1', userId: 'u-office' }
const FIELDS: NoticeFields = { title: '停水通知', body: '12月2日上午停水。', kind: 'notice' }
const PUBLICITY: NoticeFields = { title: '改造方案公示', body: '方案如下。', kind: 'publicity', publicityEndsOn: '2026-12-02' }

const at = (iso: string) => new Date(iso)
const draft = (fields: NoticeFields = FIELDS, now = NOW) => newDraft(fields, IDS, now)

/** Runs `fn` and returns the AppError it throws (fails the test if it does not throw one). */
function appError(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

const CHINESE = /[\u4e00-\u9fa5]/

describe('time helpers (China is UTC+8, no daylight saving)', () => {
  test.each([
    ['just before China midnight', '2026-11-30T15:59:59.999Z', '2026-11-30'],
    ['China midnight is 16:00Z the day before', '2026-11-30T16:00:00.000Z', '2026-12-01'],
    ['UTC midnight is already 08:00 in China', '2026-12-01T00:00:00.000Z', '2026-12-01'],
    ['new year in China while it is still 31 Dec in UTC', '2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['leap day', '2028-02-28T16:30:00.000Z', '2028-02-29'],
  ])('chinaDate: %s', (_case, instant, expected) => {
    expect(chinaDate(instant)).toBe(expected)
    expect(chinaDate(new Date(instant))).toBe(expected)
  })

  test('endOfChinaDay is 15:59:59.999Z of that date', () => {
    expect(endOfChinaDay('2026-11-29').toISOString()).toBe('2026-11-29T15:59:59.999Z')
    expect(endOfChinaDay('2027-01-01').toISOString()).toBe('2027-01-01T15:59:59.999Z')
    expect(chinaDate(endOfChinaDay('2027-01-01'))).toBe('2027-01-01')
    expect(chinaDate(new Date(endOfChinaDay('2027-01-01').getTime() + 1))).toBe('2027-01-02')
  })

  test.each([
    ['same day', '2026-11-25', '2026-11-25', 0],
    ['next day', '2026-11-25', '2026-11-26', 1],
    ['backwards', '2026-11-26', '2026-11-25', -1],
    ['over a month end', '2026-11-25', '2026-12-02', 7],
    ['February of a common year', '2026-02-28', '2026-03-01', 1],
    ['February of a leap year', '2028-02-28', '2028-03-01', 2],
    ['over the new year', '2026-12-31', '2027-01-01', 1],
    ['a whole year', '2026-01-01', '2027-01-01', 365],
  ])('daysBetween: %s', (_case, from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected)
  })

  test.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-12-31', true],
    ['2026-02-29', false], // 2026 is not a leap year
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-01', false], // used to throw RangeError (Invalid time value) instead of answering
    ['2026-00-10', false],
    ['2026-12-00', false],
    ['2026-12-32', false],
    ['9999-99-99', false],
    ['2026-1-01', false],
    ['20261201', false],
    ['2026/12/01', false],
    ['2026-12-01T00:00', false],
    [' 2026-12-01', false],
    ['2026-12-01\n', false],
    ['', false],
  ])('isValidDate(%j) is %s and never throws', (date, expected) => {
    expect(isValidDate(date)).toBe(expected)
  })

  test.each([
    ['2026-11-25T06:05:00.000Z', '2026年11月25日 14:05'],
    ['2026-11-25T16:30:00.000Z', '2026年11月26日 00:30'],
    ['2026-03-04T23:59:00.000Z', '2026年3月5日 07:59'],
  ])('formatChinaDateTime(%s) = %s', (instant, expected) => {
    expect(formatChinaDateTime(instant)).toBe(expected)
  })

  test('formatChinaDate drops leading zeros', () => {
    expect(formatChinaDate('2026-03-05')).toBe('2026年3月5日')
    expect(formatChinaDate('2026-12-15')).toBe('2026年12月15日')
  })
})

describe('notice fields as parsed at the edge (noticeFieldsSchema)', () => {
  const parse = (input: unknown) => z.safeParse(noticeFieldsSchema, input)

  test('title and body are trimmed; publicityEndsOn may be omitted or null', () => {
    const r = parse({ title: '  标题  ', body: '\n正文\n', kind: 'notice' })
    expect(r.success && r.data).toEqual({ title: '标题', body: '正文', kind: 'notice' })
    expect(parse({ ...FIELDS, publicityEndsOn: null }).success).toBe(true)
  })

  test.each([
    ['60-character title (TITLE_MAX)', { ...FIELDS, title: '标'.repeat(60) }, true],
    ['61-character title', { ...FIELDS, title: '标'.repeat(61) }, false],
    ['empty title', { ...FIELDS, title: '' }, false],
    ['whitespace title', { ...FIELDS, title: ' \t ' }, false],
    ['5000-character body (BODY_MAX)', { ...FIELDS, body: '字'.repeat(5000) }, true],
    ['5001-character body', { ...FIELDS, body: '字'.repeat(5001) }, false],
    ['whitespace body', { ...FIELDS, body: '  \n  ' }, false],
    ['unknown kind', { ...FIELDS, kind: 'urgent' }, false],
    ['numeric title', { ...FIELDS, title: 5 }, false],
    ['real end date', { ...PUBLICITY, publicityEndsOn: '2026-12-31' }, true],
    ['end date 2026-02-30', { ...PUBLICITY, publicityEndsOn: '2026-02-30' }, false],
    ['end date in month 13 (must be refused, not throw)', { ...PUBLICITY, publicityEndsOn: '2026-13-01' }, false],
  ])('%s → valid: %s', (_case, input, valid) => {
    expect(parse(input).success).toBe(valid)
  })

  test('refusals carry the Chinese message the form shows', () => {
    const r = parse({ ...FIELDS, title: '标'.repeat(61) })
    expect(r.success).toBe(false)
    expect(!r.success && r.error.issues[0].message).toBe('标题不能超过 60 个字')
  })
})

describe('newDraft', () => {
  test('a draft at version 1 with the fields, ids and time given', () => {
    expect(draft()).toEqual({
      _id: 'n-1',
      communityId: 'c-1',
      title: '停水通知',
      body: '12月2日上午停水。',
      kind: 'notice',
      status: 'draft',
      publicityEndsOn: null,
      version: 1,
      createdBy: 'u-office',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      publishAt: null,
      publishedBy: null,
      withdrawnAt: null,
      withdrawnBy: null,
      withdrawReason: null,
    })
  })

  test('keeps the publicity end date', () => {
    expect(draft(PUBLICITY).publicityEndsOn).toBe('2026-12-02')
  })
})

describe('editDraft', () => {
  const later = at('2026-11-25T03:00:00.000Z')

  test('replaces the fields, bumps the version and updatedAt, keeps who and when created', () => {
    const before = draft()
    const after = editDraft(before, PUBLICITY, later)
    expect(after).toEqual({
      ...before,
      title: PUBLICITY.title,
      body: PUBLICITY.body,
      kind: 'publicity',
      publicityEndsOn: '2026-12-02',
      version: 2,
      updatedAt: later.toISOString(),
    })
    expect(before.version).toBe(1) // the input is not changed
  })

  test('clears the end date when the edit has none', () => {
    expect(editDraft(draft(PUBLICITY), FIELDS, later).publicityEndsOn).toBeNull()
  })

  test.each([
    ['published', () => publish(draft(), 'u-office', NOW)],
    ['withdrawn', () => withdraw(publish(draft(), 'u-office', NOW), 'u-office', '发错了', NOW)],
  ])('a %s notice cannot be edited (NOTICE_NOT_DRAFT)', (_status, make) => {
    expect(appError(() => editDraft(make(), FIELDS, later)).code).toBe('NOTICE_NOT_DRAFT')
  })
})

describe('publish', () => {
  test('now: published at now by the user, version bumped', () => {
    const p = publish(draft(), 'u-office', NOW)
    expect(p).toMatchObject({ status: 'published', publishAt: NOW.toISOString(), publishedBy: 'u-office', version: 2, updatedAt: NOW.toISOString() })
  })

  test.each([
    ['a later time schedules it', '2026-11-26T00:00:00.000Z', '2026-11-26T00:00:00.000Z'],
    ['an earlier time means now', '2026-11-24T00:00:00.000Z', NOW.toISOString()],
    ['exactly now means now', NOW.toISOString(), NOW.toISOString()],
  ])('%s', (_case, requested, expected) => {
    const p = publish(draft(), 'u-office', NOW, at(requested))
    expect(p.publishAt).toBe(expected)
    expect(p.updatedAt).toBe(NOW.toISOString())
  })

  test.each([
    ['published', () => publish(draft(), 'u-office', NOW)],
    ['withdrawn', () => withdraw(publish(draft(), 'u-office', NOW), 'u-office', '发错了', NOW)],
  ])('a %s notice cannot be published again (NOTICE_NOT_DRAFT)', (_status, make) => {
    expect(appError(() => publish(make(), 'u-office', NOW)).code).toBe('NOTICE_NOT_DRAFT')
  })
})

describe('publicity period (checked against the China date of publication)', () => {
  // Publishing on 2026-11-25 (China); 2026-11-25 + 90 days = 2027-02-23 (5 + 31 + 31 + 23).
  test.each([
    ['a plain notice needs no end date', 'notice', null, null],
    ['a plain notice ignores an end date, even a past one', 'notice', '2020-01-01', null],
    ['publicity without end date', 'publicity', null, '公示需要填写公示截止日期。'],
    ['ending on the publish day', 'publicity', '2026-11-25', '公示截止日期要晚于发布日期。'],
    ['ending before the publish day', 'publicity', '2026-11-24', '公示截止日期要晚于发布日期。'],
    ['ending the next day (1 day)', 'publicity', '2026-11-26', null],
    ['exactly PUBLICITY_MAX_DAYS (90)', 'publicity', '2027-02-23', null],
    ['91 days', 'publicity', '2027-02-24', `公示期不能超过 ${PUBLICITY_MAX_DAYS} 天，请检查截止日期。`],
  ] as const)('%s', (_case, kind, endsOn, message) => {
    const check = () => checkPublicityPeriod(kind, endsOn, '2026-11-25')
    if (message === null) expect(check).not.toThrow()
    else {
      const e = appError(check)
      expect(e.code).toBe('INVALID_INPUT')
      expect(e.message).toBe(message)
    }
  })

  test.each([
    ['23:59:59 in China (15:59:59Z): still the 25th, so the 26th is after it', '2026-11-25T15:59:59.000Z', true],
    ['00:00 in China (16:00Z): already the 26th although UTC says the 25th', '2026-11-25T16:00:00.000Z', false],
  ])('publish at %s with end date 2026-11-26', (_case, now, ok) => {
    const p = () => publish(draft({ ...PUBLICITY, publicityEndsOn: '2026-11-26' }, at(now)), 'u-office', at(now))
    if (ok) expect(p().status).toBe('published')
    else expect(appError(p).code).toBe('INVALID_INPUT')
  })

  test('a scheduled publication is checked against its own day, not today', () => {
    const scheduled = at('2026-11-27T02:00:00.000Z')
    const ending27 = draft({ ...PUBLICITY, publicityEndsOn: '2026-11-27' })
    expect(appError(() => publish(ending27, 'u-office', NOW, scheduled)).message).toBe('公示截止日期要晚于发布日期。')
    const ending28 = draft({ ...PUBLICITY, publicityEndsOn: '2026-11-28' })
    expect(publish(ending28, 'u-office', NOW, scheduled).publishAt).toBe(scheduled.toISOString())
  })

  test('a refused publication is reported in Chinese', () => {
    expect(appError(() => publish(draft({ ...PUBLICITY, publicityEndsOn: null }), 'u-office', NOW)).message).toMatch(CHINESE)
  })
})

describe('withdraw', () => {
  const later = at('2026-11-26T02:00:00.000Z')

  test('a published notice is withdrawn with the reason, who and when', () => {
    const p = publish(draft(), 'u-office', NOW)
    expect(withdraw(p, 'u-office-2', '时间改了', later)).toEqual({
      ...p,
      status: 'withdrawn',
      withdrawnAt: later.toISOString(),
      withdrawnBy: 'u-office-2',
      withdrawReason: '时间改了',
      version: 3,
      updatedAt: later.toISOString(),
    })
  })

  test.each([
    ['draft', () => draft()],
    ['withdrawn', () => withdraw(publish(draft(), 'u-office', NOW), 'u-office', '发错了', NOW)],
  ])('a %s notice cannot be withdrawn (NOTICE_NOT_PUBLISHED)', (_status, make) => {
    expect(appError(() => withdraw(make(), 'u-office', '原因', later)).code).toBe('NOTICE_NOT_PUBLISHED')
  })
})

describe('isVisibleToResidents', () => {
  const published = publish(draft(), 'u-office', NOW)
  test.each([
    ['a draft', draft(), NOW, false],
    ['published, at the publish instant', published, NOW, true],
    ['published, later', published, at('2026-12-25T00:00:00.000Z'), true],
    ['published, 1 ms before the publish instant', published, new Date(NOW.getTime() - 1), false],
    ['scheduled, before its time', publish(draft(), 'u-office', NOW, at('2026-11-26T00:00:00.000Z')), NOW, false],
    ['withdrawn', withdraw(published, 'u-office', '发错了', NOW), NOW, false],
    ['published without a publish time (corrupt)', { ...published, publishAt: null }, NOW, false],
  ] as [string, Notice, Date, boolean][])('%s → %s', (_case, notice, now, expected) => {
    expect(isVisibleToResidents(notice, now)).toBe(expected)
  })
})

describe('publicityState and publicityLabel', () => {
  // Published 10:00 on 2026-11-22 (China), running to the end of 2026-11-29: 8 days counting both ends.
  const running = publish(
    draft({ ...PUBLICITY, publicityEndsOn: '2026-11-29' }, at('2026-11-22T02:00:00.000Z')),
    'u-office',
    at('2026-11-22T02:00:00.000Z'),
  )

  test.each([
    ['the publish day', '2026-11-22T02:00:00.000Z', { daysLeft: 8, elapsedDays: 0 }],
    ['23:59 China on the 28th', '2026-11-28T15:59:00.000Z', { daysLeft: 2, elapsedDays: 6 }],
    ['00:00 China on the 29th (still 28th in UTC)', '2026-11-28T16:00:00.000Z', { daysLeft: 1, elapsedDays: 7 }],
    ['UTC midnight of the 29th (08:00 China)', '2026-11-29T00:00:00.000Z', { daysLeft: 1, elapsedDays: 7 }],
    ['the last millisecond of the last day', '2026-11-29T15:59:59.999Z', { daysLeft: 1, elapsedDays: 7 }],
  ])('running on %s', (_case, now, expected) => {
    const state = publicityState(running, at(now))
    expect(state).toEqual({ kind: 'running', totalDays: 8, endsOn: '2026-11-29', ...expected })
    expect(publicityLabel(state)).toBe(`公示期至 2026年11月29日，还剩 ${expected.daysLeft} 天`)
  })

  test.each([
    ['00:00 China on the day after (16:00Z)', '2026-11-29T16:00:00.000Z'],
    ['UTC midnight of the day after', '2026-11-30T00:00:00.000Z'],
    ['a month later', '2026-12-29T00:00:00.000Z'],
  ])('ended on %s', (_case, now) => {
    const state = publicityState(running, at(now))
    expect(state).toEqual({ kind: 'ended', endsOn: '2026-11-29' })
    expect(publicityLabel(state)).toBe('公示期已于 2026年11月29日 结束')
  })

  test('a draft counts from today', () => {
    const state = publicityState(draft({ ...PUBLICITY, publicityEndsOn: '2026-11-27' }), NOW)
    expect(state).toEqual({ kind: 'running', daysLeft: 3, totalDays: 3, elapsedDays: 0, endsOn: '2026-11-27' })
  })

  test('a scheduled one has the whole period ahead, never negative elapsed days', () => {
    const scheduled = publish(draft({ ...PUBLICITY, publicityEndsOn: '2026-12-04' }), 'u-office', NOW, at('2026-11-27T02:00:00.000Z'))
    const state = publicityState(scheduled, NOW)
    expect(state).toEqual({ kind: 'running', daysLeft: 8, totalDays: 8, elapsedDays: 0, endsOn: '2026-12-04' })
  })

  test.each([
    ['a plain notice', draft()],
    ['a publicity notice without end date', draft({ ...PUBLICITY, publicityEndsOn: null })],
  ])('%s has no period', (_case, notice) => {
    expect(publicityState(notice, NOW)).toEqual({ kind: 'none' })
    expect(publicityLabel({ kind: 'none' })).toBe('')
  })
})

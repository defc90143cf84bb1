/**
 * Binding codes and membership rules (src/core/bind-code.ts, src/core/membership.ts), from the
 * issue 3 brief: 8 characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ printed "ABCD-EFGH"; 0/O and
 * 1/I/L are refused, not guessed; 5 failures within an hour lock binding for an hour; the last
 * owner cannot be removed; owners must match the register by name and ID tail.
 */
import {
  afterFailure,
  BIND_CODE_ALPHABET,
  formatBindCode,
  isBindLocked,
  normaliseBindCode,
  type BindAttempts,
} from '@/core/bind-code'
import { matchOwner, relationForCode, removalRefusal } from '@/core/membership'
import type { Membership } from '@/core/roles'

describe('the alphabet', () => {
  test('31 characters, none of the look-alikes 0 O 1 I L', () => {
    expect(BIND_CODE_ALPHABET).toHaveLength(31)
    expect(new Set(BIND_CODE_ALPHABET).size).toBe(31)
    for (const c of '01OIL') expect(BIND_CODE_ALPHABET).not.toContain(c)
  })
})

describe('normaliseBindCode', () => {
  test.each([
    ['ABCD-EFGH', 'ABCDEFGH'],
    ['abcd-efgh', 'ABCDEFGH'],
    [' abcd efgh ', 'ABCDEFGH'],
    ['AB CD—EF_GH', 'ABCDEFGH'],
    ['ＡＢＣＤ－ＥＦＧＨ', 'ABCDEFGH'], // full-width, as a Chinese IME types it
    ['2345\u3000789Z', '2345789Z'], // ideographic space
  ])('%j → %s', (typed, code) => {
    expect(normaliseBindCode(typed)).toEqual({ ok: true, code })
  })

  test.each([
    ['', /请输入/],
    [' - ', /请输入/],
    ['ABCD-EFG0', /0 和字母 O/],
    ['ABCD-EFGo', /0 和字母 O/],
    ['ABCD-EFG1', /1 和字母 I、L/],
    ['abcd-efgi', /1 和字母 I、L/],
    ['ABCD-EFGL', /1 和字母 I、L/],
    ['ABCD-EFG', /8 位，您输入了 7 位/],
    ['ABCD-EFGHJ', /8 位，您输入了 9 位/],
    ['ABCD-EFG#', /数字 2–9 和英文字母/],
    ['绑定码ABCDE', /数字 2–9 和英文字母/],
  ])('%j is refused with a reason', (typed, message) => {
    const r = normaliseBindCode(typed)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })

  test('printing and reading back round-trips', () => {
    expect(formatBindCode('ABCDEFGH')).toBe('ABCD-EFGH')
    expect(normaliseBindCode(formatBindCode('Z9Y8X7W6'))).toEqual({ ok: true, code: 'Z9Y8X7W6' })
  })
})

describe('failed tries and the lock', () => {
  const T0 = new Date('2026-11-25T02:00:00.000Z')
  const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000)
  const fail = (n: number, start = 0, attempts: BindAttempts | null = null) => {
    let a = attempts
    for (let i = 0; i < n; i++) a = afterFailure(a, 'o-1', at(start + i))
    return a!
  }

  test('4 failures do not lock; the 5th within the hour locks for an hour from then', () => {
    expect(isBindLocked(fail(4), at(4))).toBe(false)
    const locked = fail(5)
    expect(locked).toMatchObject({ _id: 'o-1', failures: [], lockedUntil: at(4 + 60).toISOString(), version: 5 })
    expect(isBindLocked(locked, at(4 + 60) /* exactly then: free */)).toBe(false)
    expect(isBindLocked(locked, new Date(at(4 + 60).getTime() - 1))).toBe(true)
  })

  test('failures older than the window are forgotten', () => {
    const four = fail(4)
    // At minute 61 the failures of minutes 0 and 1 are an hour old or more: only 2, 3 and 61 count.
    const later = afterFailure(four, 'o-1', at(61))
    expect(later.failures).toEqual([at(2), at(3), at(61)].map((d) => d.toISOString()))
    expect(later.lockedUntil).toBeNull()
    expect(afterFailure(four, 'o-1', at(120)).failures).toEqual([at(120).toISOString()])
  })

  test('no attempts, no lock', () => {
    expect(isBindLocked(null, T0)).toBe(false)
  })
})

describe('owners must match the register', () => {
  const household = { owners: [{ name: '王建国', idTail: '123X' }, { name: '李秀兰', idTail: '0302' }, { name: '张无尾' }] }
  test.each([
    ['王建国', '123X', '王建国'],
    ['王建国', '123x', '王建国'],
    ['王 建国', '123X', '王建国'],
    ['李秀兰', '0302', '李秀兰'],
    ['王建国', '0302', null], // the other owner's tail
    ['王建', '123X', null],
    ['王建国', undefined, null],
    ['张无尾', '0000', null], // no idTail registered: only the office can confirm them
  ] as const)('%s / %s → %s', (name, tail, expected) => {
    expect(matchOwner(household, name, tail)?.name ?? null).toBe(expected)
  })

  test('a family invitation makes family whatever was asked', () => {
    expect(relationForCode('family', 'owner')).toBe('family')
    expect(relationForCode('family', 'tenant')).toBe('family')
    expect(relationForCode('household', 'tenant')).toBe('tenant')
  })
})

describe('who may remove whom', () => {
  const m = (userId: string, relation: Membership['relation']): Membership => ({
    _id: `h:${userId}`, householdId: 'h', communityId: 'c', userId, relation, via: 'code', addedBy: 'x', createdAt: '',
  })
  const owner = m('u-owner', 'owner')
  const owner2 = m('u-owner2', 'owner')
  const fam = m('u-fam', 'family')
  const tenant = m('u-ten', 'tenant')
  const one = [owner, fam, tenant]
  const two = [owner, owner2, fam]

  test.each([
    ['owner removes family', one, fam, 'u-owner', false, null],
    ['owner removes tenant', one, tenant, 'u-owner', false, null],
    ['owner removes themselves, the only owner', one, owner, 'u-owner', false, 'LAST_OWNER'],
    ['office removes the only owner', one, owner, 'u-off', true, 'LAST_OWNER'],
    ['owner removes themselves, another owner stays', two, owner, 'u-owner', false, null],
    ['owner removes the other owner', two, owner2, 'u-owner', false, 'FORBIDDEN'],
    ['office removes one of two owners', two, owner2, 'u-off', true, null],
    ['family leaves', one, fam, 'u-fam', false, null],
    ['family removes the tenant', one, tenant, 'u-fam', false, 'FORBIDDEN'],
    ['tenant removes the owner', one, owner, 'u-ten', false, 'FORBIDDEN'],
    ['a stranger removes family', one, fam, 'u-x', false, 'FORBIDDEN'],
  ] as const)('%s', (_case, members, target, userId, isOffice, expected) => {
    expect(removalRefusal([...members], target, { userId, isOffice })).toBe(expected)
  })
})

/**
 * Issue report rules (src/core/reports.ts): routing (warranty → utility line → property manager →
 * office), the status machine, similar reports, due times and overdue.
 */
import { AppError } from '@/core/errors'
import type { Party } from '@/core/parties'
import {
  dueAt,
  isOverdue,
  isSimilar,
  nextStatus,
  OPEN_STATUSES,
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  REPORT_STEP_KEYS,
  routeReport,
  type ReportStatus,
  type ReportStep,
  type WarrantyFacts,
} from '@/core/reports'

const party = (_id: string, kind: Party['kind'], name: string, lines: Party['lines'] = []): Party => ({
  _id, kind, name, lines, phone: '', communityId: 'c1', createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'u-off-1', version: 1,
})
const CONTRACTOR = party('p-con', 'contractor', '示例建设工程有限公司')
const WATER = party('p-water', 'utility', '示例自来水公司', ['water'])
const POWER = party('p-power', 'utility', '示例供电公司', ['power'])
const PROPERTY = party('p-prop', 'property', '示例物业服务有限公司')
const ALL = [CONTRACTOR, WATER, POWER, PROPERTY]
const NOW = new Date('2026-11-25T02:00:00.000Z')

/** An item whose warranty ends on 2027-06-30 (China date). */
const PIPES: WarrantyFacts = { itemTitle: '雨污分流改造', warrantyEndsOn: '2027-06-30', contractorPartyId: CONTRACTOR._id }
/** 23:59 on the last warranty day in China, and one minute later (00:00 on 1 July). */
const LAST_MINUTE = new Date('2027-06-30T15:59:00.000Z')
const NEXT_DAY = new Date('2027-06-30T16:00:00.000Z')

describe('routeReport', () => {
  test('under warranty (its last day included, in China time): the contractor, whatever the category', () => {
    for (const category of ['water', 'drain', 'other'] as const) {
      const a = routeReport({ category, item: PIPES }, ALL, LAST_MINUTE)
      expect(a).toMatchObject({ kind: 'contractor', partyId: 'p-con', name: CONTRACTOR.name })
      expect(a.reason).toContain('保修期内')
      expect(a.reason).toContain('2027-06-30')
    }
  })

  test('the day after the warranty ends: a water problem goes to the water company that owns the line', () => {
    const a = routeReport({ category: 'water', item: PIPES }, ALL, NEXT_DAY)
    expect(a).toMatchObject({ kind: 'utility', partyId: 'p-water', name: WATER.name })
    expect(a.reason).toContain('已过保修期')
  })

  test('a utility owning another line does not take it: gas with only water and power companies → property manager', () => {
    expect(routeReport({ category: 'gas', item: null }, ALL, NEXT_DAY)).toMatchObject({ kind: 'property', partyId: 'p-prop' })
    expect(routeReport({ category: 'power', item: null }, ALL, NEXT_DAY)).toMatchObject({ kind: 'utility', partyId: 'p-power' })
  })

  test('a category without a line goes to the property manager even where utilities exist', () => {
    const a = routeReport({ category: 'drain', item: PIPES }, ALL, NEXT_DAY)
    expect(a).toMatchObject({ kind: 'property', partyId: 'p-prop', name: PROPERTY.name })
    expect(a.reason).toContain('已过保修期')
  })

  test('no property manager (无物业): the community office', () => {
    const a = routeReport({ category: 'lighting', item: null }, [CONTRACTOR, WATER], NOW)
    expect(a).toEqual({ kind: 'office', partyId: null, name: '社区', reason: expect.stringContaining('暂无物业') })
    expect(routeReport({ category: 'gas', item: null }, [], NOW)).toMatchObject({ kind: 'office', partyId: null })
  })

  test('no warranty recorded, or its contractor not among the parties: the rule goes on to the line', () => {
    expect(routeReport({ category: 'water', item: { ...PIPES, warrantyEndsOn: null } }, ALL, LAST_MINUTE)).toMatchObject({ kind: 'utility', partyId: 'p-water' })
    expect(routeReport({ category: 'water', item: { ...PIPES, contractorPartyId: null } }, ALL, LAST_MINUTE)).toMatchObject({ kind: 'utility', partyId: 'p-water' })
    expect(routeReport({ category: 'water', item: PIPES }, [WATER, PROPERTY], LAST_MINUTE)).toMatchObject({ kind: 'utility', partyId: 'p-water' })
  })
})

/** What each step leads to from each status (null: a status jump), written out by hand. */
const MACHINE: Record<ReportStatus, Partial<Record<ReportStep, ReportStatus>>> = {
  submitted: { accept: 'accepted' },
  accepted: { assign: 'assigned' },
  assigned: { assign: 'assigned', start: 'inProgress' },
  inProgress: { assign: 'assigned', resolve: 'resolved' },
  resolved: { confirm: 'confirmed', reopen: 'reopened' },
  confirmed: {},
  reopened: { assign: 'assigned', start: 'inProgress' },
}

describe('nextStatus', () => {
  const cells = REPORT_STATUSES.flatMap((status) => REPORT_STEP_KEYS.map((step) => [status, step] as const))
  test.each(cells)('from %s, %s', (status, step) => {
    const to = MACHINE[status][step]
    if (to) {
      expect(nextStatus(status, step)).toBe(to)
      return
    }
    let error: unknown
    try {
      nextStatus(status, step)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'STATUS_JUMP' })
    // Says where it is, and what can be done instead (or that it is finished).
    const message = (error as AppError).message
    expect(message).toMatch(/报修单现在是“/)
    expect(message).toMatch(status === 'confirmed' ? /已经办结/ : /现在可以：/)
  })

  test('the hand-written table covers every status', () => {
    expect(Object.keys(MACHINE).sort()).toEqual([...REPORT_STATUSES].sort())
  })
})

describe('isSimilar', () => {
  const open = { status: 'submitted' as ReportStatus, itemId: null, category: 'drain' as const, buildingId: 'b3', unitId: 'b3-u2' }
  const draft = { itemId: null, category: 'drain' as const, buildingId: 'b3', unitId: 'b3-u2' }

  test('same category in the same building and unit', () => {
    expect(isSimilar(open, draft)).toBe(true)
  })
  test('a unit on only one side still matches (the building is the same)', () => {
    expect(isSimilar({ ...open, unitId: null }, draft)).toBe(true)
    expect(isSimilar(open, { ...draft, unitId: null })).toBe(true)
  })
  test('another unit, another building or another category does not', () => {
    expect(isSimilar(open, { ...draft, unitId: 'b3-u1' })).toBe(false)
    expect(isSimilar(open, { ...draft, buildingId: 'b4', unitId: null })).toBe(false)
    expect(isSimilar(open, { ...draft, category: 'water' })).toBe(false)
  })
  test('when an item is named, the item decides (not the category)', () => {
    expect(isSimilar({ ...open, itemId: 'i1' }, { ...draft, itemId: 'i1', category: 'building' })).toBe(true)
    expect(isSimilar({ ...open, itemId: 'i1' }, draft)).toBe(false)
    expect(isSimilar(open, { ...draft, itemId: 'i1' })).toBe(false)
    expect(isSimilar({ ...open, itemId: 'i1' }, { ...draft, itemId: 'i2' })).toBe(false)
  })
  test('only open reports are offered', () => {
    for (const status of REPORT_STATUSES) expect(isSimilar({ ...open, status }, draft)).toBe(OPEN_STATUSES.includes(status))
    expect(isSimilar({ ...open, status: 'resolved' }, draft)).toBe(false)
    expect(isSimilar({ ...open, status: 'reopened' }, draft)).toBe(true)
  })
})

describe('due times', () => {
  test('due after the category’s hours: gas 4 h, water 24 h, drain 72 h, roads a week', () => {
    expect(dueAt('gas', NOW)).toBe('2026-11-25T06:00:00.000Z')
    expect(dueAt('water', NOW)).toBe('2026-11-26T02:00:00.000Z')
    expect(dueAt('drain', NOW)).toBe('2026-11-28T02:00:00.000Z')
    expect(dueAt('road', NOW)).toBe('2026-12-02T02:00:00.000Z')
    for (const [category, c] of Object.entries(REPORT_CATEGORIES)) {
      expect(new Date(dueAt(category as keyof typeof REPORT_CATEGORIES, NOW)).getTime() - NOW.getTime()).toBe(c.dueHours * 3600_000)
    }
  })

  test('overdue: open and past its due instant (not at it); resolved and confirmed never are', () => {
    const due = dueAt('water', NOW)
    const at = new Date(due)
    const after = new Date(at.getTime() + 1)
    expect(isOverdue({ status: 'assigned', dueAt: due }, at)).toBe(false)
    expect(isOverdue({ status: 'assigned', dueAt: due }, after)).toBe(true)
    for (const status of REPORT_STATUSES) expect(isOverdue({ status, dueAt: due }, after)).toBe(OPEN_STATUSES.includes(status))
    expect(isOverdue({ status: 'resolved', dueAt: due }, after)).toBe(false)
    expect(isOverdue({ status: 'reopened', dueAt: due }, after)).toBe(true)
  })
})

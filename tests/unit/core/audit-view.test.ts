import { AUDIT_ACTION_LABELS, auditChanges } from '@/core/audit-view'
import { PERMISSIONS } from '@/core/permissions'

/** The change log as people read it (src/core/audit-view.ts). */
test.each([
  ['a changed floor', { floor: 5, version: 1 }, { floor: 6, version: 2 }, ['楼层：5 → 6']],
  ['owners replaced, by name', { owners: [{ name: '王建国', idTail: '1234' }] }, { owners: [{ name: '李秀兰', idTail: '5678' }] }, ['业主：王建国 → 李秀兰']],
  ['a new record', null, { relation: 'owner' }, ['关系：（新增） → owner']],
  ['areas in square metres, exactly', { areaCentiM2: 7236 }, { areaCentiM2: 7150 }, ['专有面积：72.36 ㎡ → 71.5 ㎡']],
  ['flags as 是/否', { tenantOccupied: false }, { tenantOccupied: true }, ['出租：否 → 是']],
  ['nothing but bookkeeping changed', { updatedAt: 'a', version: 1 }, { updatedAt: 'b', version: 2 }, []],
])('%s', (_case, before, after, expected) => {
  expect(auditChanges(before, after)).toEqual(expected)
})

test('every logged action has a Chinese name, and names only real actions', () => {
  for (const action of Object.keys(AUDIT_ACTION_LABELS)) {
    expect(action in PERMISSIONS || action === 'households.import' || action === 'ledger.import').toBe(true)
    expect(AUDIT_ACTION_LABELS[action]).toMatch(/[\u4e00-\u9fa5]/)
  }
})

import { AUDIT_ACTION_LABELS, AUDIT_WITHHELD, auditChanges, auditEntryFor, type AuditEntry } from '@/core/audit-view'
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

describe('auditEntryFor: the log as its reader may see it', () => {
  const entry = (before: unknown, after: unknown, extra: Partial<AuditEntry> = {}): AuditEntry => ({
    _id: 'a1',
    communityId: 'c1',
    at: '2026-11-25T02:00:00.000Z',
    byUserId: 'u1',
    byName: '王建国',
    action: 'households.update',
    entity: 'household',
    entityId: 'c1-b1-u1-101',
    before,
    after,
    ...extra,
  })
  const household = (owners: unknown[], floor = 5) => ({ _id: 'c1-b1-u1-101', floor, owners, version: 1, updatedAt: 'x' })
  const wang = { name: '王建国', idTail: '1234', phone: '13912345678' }
  const li = { name: '李秀兰', idTail: '5678' }

  test('office: OPENID keys dropped at any depth (arrays included), phones masked, names and ID tails kept', () => {
    const e = entry(
      { membership: null, user: null },
      {
        membership: { relation: 'owner', userId: 'u2' },
        user: { _id: 'u2', openid: 'o-abc', OpenId: 'o-abc', name: '王建国', profile: { openid: 'o-abc', phone: '13912345678' } },
        requests: [{ openid: 'o-abc', applicantPhone: '13800001111', contact: '13700002222' }],
        owners: [wang, li],
      },
    )
    const out = auditEntryFor(e, 'office')
    expect(out.after).toEqual({
      membership: { relation: 'owner', userId: 'u2' },
      user: { _id: 'u2', name: '王建国', profile: { phone: '139****5678' } },
      requests: [{ applicantPhone: '138****1111', contact: '137****2222' }],
      owners: [{ name: '王建国', idTail: '1234', phone: '139****5678' }, li],
    })
    expect(out.before).toEqual({ membership: null, user: null })
    expect(JSON.stringify(out)).not.toMatch(/openid|o-abc|1\d{10}/i)
    // Nothing else about the entry changes, and the stored entry is not touched.
    expect({ ...out, before: e.before, after: e.after }).toEqual(e)
    expect((e.after as { user: { openid: string } }).user.openid).toBe('o-abc')
  })

  test('office and district: a code hash is withheld, as entity id and as a value', () => {
    const hash = 'ab'.repeat(32)
    const e = entry(null, { _id: hash, householdId: 'c1-b1-u1-101' }, { entity: 'bindCodes', entityId: hash, action: 'members.invite' })
    for (const viewer of ['office', 'district'] as const) expect(JSON.stringify(auditEntryFor(e, viewer))).not.toContain(hash)
    expect(auditEntryFor(e, 'office')).toMatchObject({ entityId: AUDIT_WITHHELD, after: { _id: AUDIT_WITHHELD, householdId: 'c1-b1-u1-101' } })
  })

  test('district: only the names of the changed fields, values withheld; the author masked', () => {
    const e = entry(household([wang], 5), { ...household([li], 6), version: 2, updatedAt: 'y' })
    const out = auditEntryFor(e, 'district')
    expect(out).toEqual({ ...e, byName: '王*国', before: { floor: AUDIT_WITHHELD, owners: AUDIT_WITHHELD }, after: { floor: AUDIT_WITHHELD, owners: AUDIT_WITHHELD } })
    const text = JSON.stringify(out)
    for (const secret of ['王建国', '李秀兰', '1234', '5678', '13912345678', '139****5678']) expect(text).not.toContain(secret)
    // The log page reads it as "which fields changed".
    expect(auditChanges(out.before, out.after)).toEqual(['楼层：有改动', '业主：有改动'])
  })

  test('district: created and removed stay null on their side; nested personal data never shows', () => {
    const created = auditEntryFor(entry(null, { user: { openid: 'o-1', name: '王建国' }, relation: 'owner' }), 'district')
    expect([created.before, created.after]).toEqual([null, { user: AUDIT_WITHHELD, relation: AUDIT_WITHHELD }])
    expect(auditChanges(created.before, created.after)).toEqual(['user：有改动', '关系：有改动'])
    const removed = auditEntryFor(entry({ relation: 'family', userId: 'u2' }, null), 'district')
    expect([removed.before, removed.after]).toEqual([{ relation: AUDIT_WITHHELD, userId: AUDIT_WITHHELD }, null])
    expect(JSON.stringify(created)).not.toMatch(/王建国|o-1/)
  })

  test('district: an entry that changed only bookkeeping shows no field', () => {
    const out = auditEntryFor(entry({ version: 1, updatedAt: 'a' }, { version: 2, updatedAt: 'b' }), 'district')
    expect([out.before, out.after]).toEqual([{}, {}])
  })
})

/**
 * account.me (cloudfunctions/account/handler.ts): who the caller is, with the role label from
 * src/core/roles.ts ROLE_LABELS and the community from the demo seed (server/seed.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handleAccount } from '../../cloudfunctions/account/handler'
import { openEmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import type { Deps } from '../../cloudfunctions/common/router'
import type { Store } from '../../cloudfunctions/common/store'
import { DEMO, seedDemo } from '../../server/seed'
import { ERROR_MESSAGES, type ErrorCode } from '../../src/core/errors'

const NOW = new Date('2026-11-25T02:00:00.000Z')
let dir: string
let store: Store
let deps: Deps

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gj-account-'))
  store = openEmbeddedStore(join(dir, 'store.sqlite'))
  await seedDemo(store, NOW)
  deps = { store, now: () => NOW, newId: () => 'unused' }
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const BIANXIULI = { _id: DEMO.communityId, name: '汴绣里小区', districtId: DEMO.districtId, street: '龙亭区北道门街道', yearBuilt: 1993, buildingCount: 5, householdCount: 120, ownershipType: 'reform', management: 'none', originalPropertyUnit: '开封市某纺织厂（示例）', exclusions: [], batchYear: 2019, floorAreaCentiM2: expect.any(Number) }
const LONGTING = { _id: DEMO.districtId, name: '龙亭区', city: '开封市' }
const LIANGYUAN = { _id: DEMO.otherCommunityId, name: '梁苑新村', districtId: DEMO.districtId, street: '龙亭区大兴街道', yearBuilt: 1988, buildingCount: 2, householdCount: 48, ownershipType: 'reform', management: 'none', exclusions: [], batchYear: 2019, floorAreaCentiM2: expect.any(Number) }

test.each([
  ['resident', DEMO.resident, { _id: 'u-res-1', name: '居民 王一（示例）', role: 'resident', roleLabel: '居民', householdLabel: '1号楼1单元302' }, BIANXIULI],
  ['second resident', DEMO.resident2, { _id: 'u-res-2', name: '居民 李二（示例）', role: 'resident', roleLabel: '居民', householdLabel: '3号楼2单元501' }, BIANXIULI],
  ['office', DEMO.office, { _id: 'u-off-1', name: '社区干事 赵三（示例）', role: 'office', roleLabel: '社区工作人员', householdLabel: null }, BIANXIULI],
  ['office of the other community', DEMO.otherOffice, { _id: 'u-off-2', name: '社区干事 钱四（示例）', role: 'office', roleLabel: '社区工作人员', householdLabel: null }, LIANGYUAN],
  ['district officer (no community of its own)', DEMO.district, { _id: 'u-dis-1', name: '区住建 孙五（示例）', role: 'district', roleLabel: '区住建工作人员', householdLabel: null }, null],
])('me for the %s', async (_case, openid, user, community) => {
  // Everyone here is in the demo district, with or without a community of their own.
  const households = user.householdLabel ? [expect.objectContaining({ label: user.householdLabel })] : []
  expect(await handleAccount(deps, { openid }, { action: 'me', data: {} })).toEqual({ ok: true, data: { user, community, district: LONGTING, households, party: null } })
})

test('me lists the households a resident is bound to, with the relation (seed: 王一 owns 1-1-302, 李二 rents 3-2-501)', async () => {
  const one = (await handleAccount(deps, { openid: DEMO.resident }, { action: 'me', data: {} })) as { ok: true; data: { households: unknown[] } }
  expect(one.data.households).toEqual([{ householdId: `${DEMO.communityId}-b1-u1-302`, relation: 'owner', label: '1号楼1单元302' }])
  const two = (await handleAccount(deps, { openid: DEMO.resident2 }, { action: 'me', data: {} })) as { ok: true; data: { households: unknown[] } }
  expect(two.data.households).toEqual([{ householdId: `${DEMO.communityId}-b3-u2-501`, relation: 'tenant', label: '3号楼2单元501' }])
})

test('a WeChat user not bound to any flat is a visitor, not refused', async () => {
  const r = await handleAccount(deps, { openid: 'o-newcomer' }, { action: 'me', data: {} })
  expect(r).toMatchObject({ ok: true, data: { user: { role: 'visitor', roleLabel: '未绑定房屋的用户' }, community: null, households: [] } })
})

test('me needs no data, and data naming someone else changes nothing', async () => {
  const r = await handleAccount(deps, { openid: DEMO.resident }, { action: 'me', data: { openid: DEMO.office } })
  expect(r).toMatchObject({ ok: true, data: { user: { _id: 'u-res-1' } } })
  expect(await handleAccount(deps, { openid: DEMO.resident }, { action: 'me' })).toMatchObject({ ok: true, data: { user: { _id: 'u-res-1' } } })
})

test('me does not leak the openid or other stored fields', async () => {
  const r = await handleAccount(deps, { openid: DEMO.resident }, { action: 'me' })
  expect(JSON.stringify(r)).not.toContain(DEMO.resident)
})

test.each([
  ['no openid', undefined, { action: 'me' }, 'UNAUTHENTICATED'],
  ['unknown action', DEMO.resident, { action: 'delete' }, 'UNKNOWN_ACTION'],
  ['no action', DEMO.resident, {}, 'INVALID_INPUT'],
] as [string, string | undefined, unknown, ErrorCode][])('%s → %s', async (_case, openid, event, code) => {
  const r = await handleAccount(deps, { openid }, event)
  expect(r).toMatchObject({ ok: false, code, message: ERROR_MESSAGES[code] })
})

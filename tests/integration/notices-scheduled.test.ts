/**
 * Scheduled notices: the office can find them before they are due (定时发布 list), residents
 * cannot; one withdrawn before its time was never public and stays hidden from residents.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import type { Deps } from '../../cloudfunctions/common/router'
import type { Store } from '../../cloudfunctions/common/store'
import { handleNotices } from '../../cloudfunctions/notices/handler'
import { DEMO, seedDemo } from '../../server/seed'
import type { Notice } from '../../src/core/notice'

const NOW = new Date('2026-11-25T02:00:00.000Z')
const LATER = '2026-11-27T01:00:00.000Z'
let dir: string
let store: Store
let now = NOW
let seq = 0
let deps: Deps

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gj-sched-'))
  store = openEmbeddedStore(join(dir, 's.sqlite'))
  await seedDemo(store, NOW)
  now = NOW
  deps = { store, now: () => now, newId: () => `s-${++seq}`, log: () => {} }
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const call = (openid: string, action: string, data: unknown) => handleNotices(deps, { openid }, { action, data }) as Promise<any>

async function scheduleOne(): Promise<Notice> {
  const created = await call(DEMO.office, 'create', { kind: 'notice', title: '周末停电检修', body: '周六全天停电。' })
  const published = await call(DEMO.office, 'publish', { id: created.data._id, version: created.data.version, publishAt: LATER })
  expect(published.ok).toBe(true)
  return published.data
}

test('the office lists a scheduled notice under 定时发布, not under 已发布; residents see neither until it is due', async () => {
  const n = await scheduleOne()
  const scheduled = await call(DEMO.office, 'list', { status: 'scheduled' })
  expect(scheduled.data.items.map((x: Notice) => x._id)).toEqual([n._id])
  const published = await call(DEMO.office, 'list', { status: 'published' })
  expect(published.data.items.map((x: Notice) => x._id)).not.toContain(n._id)
  expect(await call(DEMO.resident, 'list', { status: 'scheduled' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await call(DEMO.resident, 'get', { id: n._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' })

  now = new Date(LATER)
  const due = await call(DEMO.resident, 'list', {})
  expect(due.data.items[0]._id).toBe(n._id)
  expect((await call(DEMO.office, 'list', { status: 'scheduled' })).data.items).toEqual([])
})

test('a scheduled notice withdrawn before its time stays hidden from residents; one withdrawn after going out shows', async () => {
  const early = await scheduleOne()
  const w1 = await call(DEMO.office, 'withdraw', { id: early._id, version: early.version, reason: '时间改了' })
  expect(w1.ok).toBe(true)
  expect(await call(DEMO.resident, 'get', { id: early._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' })

  const late = await scheduleOne()
  now = new Date(new Date(LATER).getTime() + 3600_000)
  const w2 = await call(DEMO.office, 'withdraw', { id: late._id, version: late.version, reason: '已完成' })
  expect(w2.ok).toBe(true)
  const seen = await call(DEMO.resident, 'get', { id: late._id })
  expect(seen).toMatchObject({ ok: true, data: { notice: { status: 'withdrawn', withdrawReason: '已完成' } } })
})

/**
 * Shared set-up for the reports integration tests: the `reports` caller, the community's parties
 * and their staff, and an item's accepted progress written straight into the plan (what an
 * accepted acceptance leaves there: acceptedAt, warrantyEndsOn, contractorPartyId), so these tests
 * do not depend on the acceptance use case.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handleReports } from '../../cloudfunctions/reports/handler'
import type { Store } from '../../cloudfunctions/common/store'
import { DEMO } from '../../server/seed'
import type { Result } from '../../src/core/errors'
import type { Party } from '../../src/core/parties'
import { planId, type ItemFields, type Plan } from '../../src/core/plan'
import type { ReportFields } from '../../src/core/reports'
import type { StoredUser } from '../../src/core/roles'
import { JPEG } from '../fixtures/photos'
import { C, building, itemFields, NO_FUNDING, unit, WANG_HH } from './plans-helpers'
import type { World } from './worlds'

export function reports(w: World, openid: string | null | undefined, action: string, data?: unknown): Promise<Result<unknown>> {
  return handleReports(w.deps, { openid }, { action, data })
}

const party = (_id: string, kind: Party['kind'], name: string, lines: Party['lines'] = [], communityId: string = C): Party => ({
  _id,
  kind,
  name,
  lines,
  phone: '0371-0000000',
  communityId,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u-off-1',
  version: 1,
})

/** The demo community's parties (invented names). */
export const PARTIES = {
  contractor: party('p-con', 'contractor', '示例建设工程有限公司'),
  water: party('p-water', 'utility', '示例自来水公司', ['water']),
  property: party('p-prop', 'property', '示例物业服务有限公司'),
  supervisor: party('p-sup', 'supervisor', '示例工程监理有限公司'),
  /** A property manager of the neighbouring community. */
  otherProperty: party('p-other-prop', 'property', '梁苑示例物业', [], DEMO.otherCommunityId),
}

/** One staff member per repairing party (role 'party'): openid `wx-<party id>`. */
export const STAFF = {
  contractor: 'wx-p-con',
  water: 'wx-p-water',
  property: 'wx-p-prop',
} as const

/** Writes the parties (default: contractor, water company, property manager) and their staff. */
export async function addParties(store: Store, which: (keyof typeof PARTIES)[] = ['contractor', 'water', 'property']): Promise<void> {
  await store.transaction(async (tx) => {
    for (const key of which) {
      const p = PARTIES[key]
      await tx.insert('parties', p)
      if (key in STAFF) {
        const user: StoredUser = { _id: `u-${p._id}`, openid: `wx-${p._id}`, name: `${p.name} 维修员`, role: 'party', partyId: p._id, communityId: p.communityId }
        await tx.insert('users', user)
      }
    }
  })
}

/** The plan items of these tests: building 1's downpipes, the water mains, an elevator (never accepted). */
export const ITEMS: ItemFields[] = [
  itemFields({ menuKey: 'downpipes', title: '1号楼落水管更换', scope: { kind: 'buildings', buildingIds: [building(1)] }, costFen: 100_000, funding: { ...NO_FUNDING, district: 100_000 }, decisionKind: 'ordinary' }),
  itemFields({ menuKey: 'water', title: '供水管网改造', costFen: 500_000, funding: { ...NO_FUNDING, central: 500_000 }, decisionKind: 'major' }),
  itemFields({ menuKey: 'elevator', title: '1号楼1单元加装电梯', category: 'upgrade', scope: { kind: 'unit', unitId: unit(1, 1) }, shareRule: 'floor' }),
]

/** Writes an item's accepted progress into the plan, as an accepted acceptance would. */
export async function acceptItem(store: Store, itemId: string, warranty: { warrantyEndsOn: string; contractorPartyId: string | null; acceptedAt?: string }): Promise<void> {
  const plan = (await store.get<Plan>('plans', planId(C)))!
  const current = plan.progress[itemId]
  if (!current) throw new Error(`no progress for ${itemId}`)
  const next: Plan = {
    ...plan,
    progress: {
      ...plan.progress,
      [itemId]: {
        ...current,
        status: 'done',
        acceptedAt: warranty.acceptedAt ?? '2026-10-01T02:00:00.000Z',
        acceptanceId: `acc-${itemId}`,
        warrantyEndsOn: warranty.warrantyEndsOn,
        contractorPartyId: warranty.contractorPartyId,
      },
    },
    version: plan.version + 1,
  }
  if (!(await store.replaceIfVersion('plans', next, plan.version))) throw new Error('plan changed')
}

let requests = 0
/** A fresh request id per call (as the page makes one per report). */
export const newRequestId = () => `req-test-${String(++requests).padStart(6, '0')}`

/** A report from 王一's household, building 1 unit 1 (override anything). */
export function reportFields(more: Partial<ReportFields> = {}): ReportFields & { requestId: string } {
  return {
    householdId: WANG_HH,
    itemId: null,
    category: 'drain',
    buildingId: building(1),
    unitId: unit(1, 1),
    spot: '1单元门口东侧落水管',
    text: '落水管接口漏水，下雨时水流到单元门口。',
    photos: [],
    requestId: newRequestId(),
    ...more,
  }
}

/** Local uploads for the world (the CloudBase world has none by default): photos the tests write. */
export function uploads(w: World): string {
  if (!w.deps.uploadsDir) w.deps.uploadsDir = join(mkdtempSync(join(tmpdir(), 'gj-rep-')), 'uploads')
  return w.deps.uploadsDir
}

/** Writes `bytes` as `userId`'s upload `name` and returns its fileID. */
export function upload(w: World, userId: string, name: string, bytes: Buffer = JPEG): string {
  const folder = join(uploads(w), 'photos', userId)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, name), bytes)
  return `local:photos/${userId}/${name}`
}

/**
 * Shared set-up for the plans and feedback integration tests: callers of both functions, item
 * fields, and the steps that bring the demo community's plan to where a test starts (a draft at
 * 方案设计, a published edition).
 */
import { handleFeedback } from '../../cloudfunctions/feedback/handler'
import { handlePlans } from '../../cloudfunctions/plans/handler'
import type { Store } from '../../cloudfunctions/common/store'
import { DEMO } from '../../server/seed'
import type { Household } from '../../src/core/community'
import type { Result } from '../../src/core/errors'
import type { Funding, ItemFields, Plan } from '../../src/core/plan'
import type { DraftView } from '../../src/core/plan-view'
import { membershipId, type Membership, type StoredUser } from '../../src/core/roles'
import { ok, snapshot, type World } from './worlds'

export const C = DEMO.communityId
export const building = (b: number) => `${C}-b${b}`
export const unit = (b: number, u: number) => `${C}-b${b}-u${u}`
export const household = (b: number, u: number, room: string) => `${C}-b${b}-u${u}-${room}`
/** 王一 (DEMO.resident) owns it; 李二 (DEMO.resident2) rents 3-2-501. */
export const WANG_HH = household(1, 1, '302')
export const LI_HH = household(3, 2, '501')

export function plans(w: World, openid: string | null | undefined, action: string, data?: unknown): Promise<Result<unknown>> {
  return handlePlans(w.deps, { openid }, { action, data })
}

export function feedback(w: World, openid: string | null | undefined, action: string, data?: unknown): Promise<Result<unknown>> {
  return handleFeedback(w.deps, { openid }, { action, data })
}

export const NO_FUNDING: Funding = { central: 0, provincial: 0, city: 0, district: 0, propertyUnit: 0, utility: 0, residents: 0, donation: 0 }

/** A valid item: 道路 for the whole community, 10,000 yuan of which residents pay 2,000 by area. */
export function itemFields(more: Partial<ItemFields> = {}): ItemFields {
  return {
    menuKey: 'roads',
    title: '小区道路修缮',
    category: 'basic',
    scope: { kind: 'community' },
    description: '主路重新铺设沥青。',
    photos: [],
    costFen: 1_000_000,
    funding: { ...NO_FUNDING, central: 600_000, district: 200_000, residents: 200_000 },
    shareRule: 'area',
    decisionKind: 'major',
    ...more,
  }
}

/** An elevator for one stairwell unit, shared by floor weights (ground floor 0). */
export function elevatorFields(b: number, u: number, residents = 450_000): ItemFields {
  return itemFields({
    menuKey: 'elevator',
    title: `${b}号楼${u}单元加装电梯`,
    category: 'upgrade',
    scope: { kind: 'unit', unitId: unit(b, u) },
    costFen: 200_000 + residents,
    funding: { ...NO_FUNDING, provincial: 200_000, residents },
    shareRule: 'floor',
    decisionKind: 'major',
  })
}

export async function draft(w: World): Promise<DraftView> {
  return ok<DraftView>(await plans(w, DEMO.office, 'getDraft', {}))
}

/** Creates the plan and moves it to 方案设计 (where it can be published). */
export async function planAtDesign(w: World, title = '汴绣里小区改造方案'): Promise<Plan> {
  let plan = ok<Plan>(await plans(w, DEMO.office, 'create', { title, summary: '一区一策，先急后缓。' }))
  for (const to of ['consultation', 'design']) {
    ok(await plans(w, DEMO.office, 'advance', { version: plan.version, to, note: '', documents: [] }))
    plan = (await draft(w)).plan
  }
  return plan
}

/** Saves items one after the other; returns the plan after the last. */
export async function addItems(w: World, plan: Plan, items: ItemFields[]): Promise<Plan> {
  let p = plan
  for (const item of items) p = ok<Plan>(await plans(w, DEMO.office, 'saveItem', { version: p.version, item }))
  return p
}

/** A plan at design with `items`, published for `days` (default 7). */
export async function publishedPlan(w: World, items: ItemFields[] = [itemFields(), elevatorFields(1, 1)], days?: number): Promise<Plan> {
  const p = await addItems(w, await planAtDesign(w), items)
  return ok<Plan>(await plans(w, DEMO.office, 'publish', { version: p.version, publicityDays: days }))
}

/** Binds one made-up resident to each of `households` as owner (openid `wx-<household id>`). */
export async function bindEach(store: Store, households: readonly Household[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const h of households) {
      const userId = `u-${h._id}`
      await tx.insert<StoredUser>('users', { _id: userId, openid: `wx-${h._id}`, name: `住户${h.room}`, role: 'resident', communityId: h.communityId })
      const m: Membership = { _id: membershipId(h._id, userId), householdId: h._id, communityId: h.communityId, userId, relation: 'owner', via: 'seed', addedBy: 'u-off-1', createdAt: '2026-01-01T00:00:00.000Z' }
      await tx.insert('members', m)
    }
  })
}

/** Everything the plans and feedback functions may write. */
export const PLAN_COLLECTIONS = ['plans', 'planEditions', 'stageChanges', 'notices', 'feedback', 'notifications', 'audit'] as const
export const planSnapshot = (store: Store) => snapshot(store, PLAN_COLLECTIONS)

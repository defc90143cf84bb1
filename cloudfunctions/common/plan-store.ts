import type { Building, Household, Unit } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { publicityState, type PublicityState } from '../../src/core/notice'
import { editionId, planId, type CommunityShape, type Plan, type PlanEdition } from '../../src/core/plan'
import type { User } from '../../src/core/roles'
import type { Payer } from '../../src/core/shares'
import { endOfChinaDay } from '../../src/core/time'
import { communityTarget } from './community-target'
import type { StoreOps } from './store'

/**
 * Reading a community's renovation plan, its editions and its roster: shared by the `plans` and
 * `feedback` functions.
 */

/** The community an action is about: the one named (district officers), else the caller's own. */
export async function targetCommunity(store: StoreOps, user: User, communityId: string | undefined) {
  const id = communityId ?? user.communityId
  if (!id) throw new AppError('INVALID_INPUT', 'communityId is required for this role', '请选择小区。')
  return communityTarget(store, id)
}

export function loadPlan(store: StoreOps, communityId: string): Promise<Plan | null> {
  return store.get<Plan>('plans', planId(communityId))
}

export async function requirePlan(store: StoreOps, communityId: string): Promise<Plan> {
  const plan = await loadPlan(store, communityId)
  if (!plan) throw new AppError('NOT_FOUND', `no plan for community ${communityId}`, '本小区还没有改造方案，请先新建方案。')
  return plan
}

/** Edits carry the version they were made on; a stale one is refused. */
export function checkPlanVersion(plan: Plan, version: number): void {
  if (plan.version !== version) throw new AppError('CONFLICT', `plan ${plan._id} is at version ${plan.version}, not ${version}`, '方案刚被别人修改过，请刷新后再试。')
}

/** Stores a changed plan unless someone changed it since `expectedVersion`. */
export async function savePlan(store: StoreOps, next: Plan, expectedVersion: number): Promise<Plan> {
  if (!(await store.replaceIfVersion('plans', next, expectedVersion))) {
    throw new AppError('CONFLICT', `plan ${next._id} is no longer at version ${expectedVersion}`, '方案刚被别人修改过，请刷新后再试。')
  }
  return next
}

export function loadEdition(store: StoreOps, plan: Pick<Plan, '_id'>, edition: number): Promise<PlanEdition | null> {
  return store.get<PlanEdition>('planEditions', editionId(plan._id, edition))
}

/** The newest published edition (null before the first publication). */
export async function latestEdition(store: StoreOps, plan: Plan): Promise<PlanEdition | null> {
  return plan.publishedEdition === null ? null : loadEdition(store, plan, plan.publishedEdition)
}

export async function loadShape(store: StoreOps, communityId: string): Promise<{ buildings: Building[]; units: Unit[] } & CommunityShape> {
  const [buildings, units] = await Promise.all([
    store.find<Building>('buildings', { communityId }, { orderBy: [{ field: 'number', direction: 'asc' }] }),
    store.find<Unit>('units', { communityId }),
  ])
  const numberOf = new Map(buildings.map((b) => [b._id, b.number]))
  units.sort((a, b) => (numberOf.get(a.buildingId) ?? 0) - (numberOf.get(b.buildingId) ?? 0) || a.number - b.number)
  return { buildings, units }
}

/**
 * The roster a published edition's shares were computed on, frozen when it was published: a roster
 * correction afterwards does not move a published share (the next edition picks it up).
 */
export interface EditionPayers {
  /** The edition's id. */
  _id: string
  planId: string
  edition: number
  payers: Payer[]
}

export async function loadEditionPayers(store: StoreOps, edition: Pick<PlanEdition, '_id'>): Promise<Payer[]> {
  const doc = await store.get<EditionPayers>('editionPayers', edition._id)
  if (!doc) throw new AppError('INTERNAL', `edition ${edition._id} has no frozen roster (editionPayers)`)
  return doc.payers
}

/** Every household of the community (shares are computed over all of them). */
export function loadHouseholds(store: StoreOps, communityId: string): Promise<Household[]> {
  return store.find<Household>('households', { communityId })
}

/**
 * Where an edition's 公示 stands. Taken from the edition itself (its publication time and last
 * day), which never changes, rather than from the notice, which the office could withdraw: the
 * period the plan was published with is the one objections are taken in.
 */
export function editionPublicity(edition: Pick<PlanEdition, 'publishedAt' | 'publicityEndsOn'>, now: Date): PublicityState {
  return publicityState(
    {
      _id: '',
      communityId: '',
      title: '',
      body: '',
      kind: 'publicity',
      status: 'published',
      publicityEndsOn: edition.publicityEndsOn,
      version: 1,
      createdBy: '',
      createdAt: edition.publishedAt,
      updatedAt: edition.publishedAt,
      publishAt: edition.publishedAt,
      publishedBy: null,
      withdrawnAt: null,
      withdrawnBy: null,
      withdrawReason: null,
    },
    now,
  )
}

/** The 公示 runs from publication to the end of its last day (China time). */
export function publicityRunning(edition: Pick<PlanEdition, 'publishedAt' | 'publicityEndsOn'>, now: Date): boolean {
  return now >= new Date(edition.publishedAt) && now <= endOfChinaDay(edition.publicityEndsOn)
}

import type { Building, Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import type { User } from '../../src/core/roles'
import { communityTarget } from '../common/community-target'
import type { StoreOps } from '../common/store'

/** The community an action is about: the one named, else the caller's own (office, resident). */
export async function targetCommunity(store: StoreOps, user: User, communityId: string | undefined) {
  const id = communityId ?? user.communityId
  if (!id) throw new AppError('INVALID_INPUT', 'communityId is required for this role', '请选择小区。')
  return communityTarget(store, id)
}

export async function loadHousehold(store: StoreOps, id: string): Promise<Household> {
  const household = await store.get<Household>('households', id)
  if (!household) throw new AppError('NOT_FOUND', `household ${id}`, '没有找到这户房屋。')
  return household
}

export function loadBuildings(store: StoreOps, communityId: string): Promise<Building[]> {
  return store.find<Building>('buildings', { communityId }, { orderBy: [{ field: 'number', direction: 'asc' }] })
}

/** Every household of a community in roster order (building, unit, floor, room). */
export function loadRoster(store: StoreOps, communityId: string): Promise<Household[]> {
  return store.find<Household>('households', { communityId }, { orderBy: ROSTER_ORDER })
}

export const ROSTER_ORDER = [
  { field: 'buildingNumber', direction: 'asc' as const },
  { field: 'unitNumber', direction: 'asc' as const },
  { field: 'floor', direction: 'asc' as const },
  { field: 'room', direction: 'asc' as const },
]

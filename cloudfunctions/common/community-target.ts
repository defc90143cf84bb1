import { AppError } from '../../src/core/errors'
import type { Community } from '../../src/core/community'
import type { Target } from '../../src/core/permissions'
import type { StoreOps } from './store'

/** The permission target of a community: its id and its district. */
export async function communityTarget(store: StoreOps, communityId: string): Promise<Target & { community: Community }> {
  const community = await store.get<Community>('communities', communityId)
  if (!community) throw new AppError('NOT_FOUND', `community ${communityId}`)
  return { communityId: community._id, districtId: community.districtId, community }
}

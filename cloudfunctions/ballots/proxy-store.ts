import { proxyApplies, type ProxyDoc } from '../../src/core/proxies'
import type { StoreOps } from '../common/store'

/**
 * The proxy (if any) that lets `userId` vote for `householdId` in `ballotId` now. Looked up by the
 * caller's own id, so a non-member learns nothing about other households from it.
 */
export async function activeProxy(store: StoreOps, userId: string, householdId: string, ballotId: string | null): Promise<ProxyDoc | null> {
  const found = await store.find<ProxyDoc>('proxies', { userId, householdId, revokedAt: null }, { limit: 50 })
  return found.find((p) => proxyApplies(p, ballotId)) ?? null
}

import type { Ballot } from '../../src/core/ballot'
import { maskName } from '../../src/core/privacy'
import { proxyView, type ProxyDoc } from '../../src/core/proxies'
import { targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import type { Where } from '../common/store'
import { listProxiesInput } from './paper-schemas'

/**
 * The office's list of proxies of its community (newest first; revoked ones too, marked), for one
 * household or ballot if asked. Names are masked as in every list (王*国).
 * Outcomes: { items: ProxyView[] } | FORBIDDEN.
 */
export const listProxies = action(listProxiesInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'ballots.listProxies', target)
  const where: Where = { communityId: target.communityId! }
  if (input.householdId) where.householdId = input.householdId
  let proxies = await deps.store.find<ProxyDoc>('proxies', where, { orderBy: [{ field: 'createdAt', direction: 'desc' }], limit: 1000 })
  if (input.ballotId) proxies = proxies.filter((p) => p.ballotId === null || p.ballotId === input.ballotId)
  const ballots = await deps.store.find<Ballot>('ballots', { communityId: target.communityId! }, { limit: 1000 })
  const titles = Object.fromEntries(ballots.map((b) => [b._id, b.title]))
  return {
    items: proxies.map((p) => {
      const v = proxyView(p, titles)
      return { ...v, userName: maskName(v.userName), grantorName: maskName(v.grantorName) }
    }),
  }
})

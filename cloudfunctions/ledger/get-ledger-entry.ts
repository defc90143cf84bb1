import type { District } from '../../src/core/community'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { rosterCounts } from './list-ledger'
import { view, type LedgerCommunity } from './ledger-store'
import { getInput } from './schemas'

/**
 * One ledger entry with its eligibility (and why not), roster counts and district, for the
 * district officer of its district, the community's own office, or an admin.
 * Outcomes: { community, counts, district } | NOT_FOUND | FORBIDDEN.
 */
export const getLedgerEntry = action(getInput, async ({ deps, user, input }) => {
  const target = await communityTarget(deps.store, input.id)
  authorize(user, 'ledger.get', target)
  const community = target.community as LedgerCommunity
  const district = await deps.store.get<District>('districts', community.districtId)
  return {
    community: view(community),
    counts: await rosterCounts(deps.store, community._id),
    district: district ? { _id: district._id, name: district.name } : null,
  }
})

import { eligibility } from '../../src/core/ledger'
import { normalizeName } from '../../src/core/ledger-sheet'
import { action } from '../common/router'
import type { StoreOps, Where } from '../common/store'
import { byStreetAndName, ledgerDistrict, view, type LedgerCommunity } from './ledger-store'
import { listInput } from './schemas'

/** How much of an entry's roster is in the system: buildings and households actually stored. */
export async function rosterCounts(store: StoreOps, communityId: string): Promise<{ buildings: number; households: number }> {
  const [buildings, households] = await Promise.all([store.count('buildings', { communityId }), store.count('households', { communityId })])
  return { buildings, households }
}

/**
 * The district ledger: the caller's district (an admin may name one, or none for all), filtered
 * by eligibility, ownership, management, batch year and a search text, ordered by street and
 * name. Each item is the community with its eligibility and roster counts; the summary covers
 * every entry that matches, not just the page.
 * Outcomes: { items, total, summary } | FORBIDDEN (not a district officer of that district, nor admin).
 */
export const listLedger = action(listInput, async ({ deps, user, input }) => {
  const districtId = ledgerDistrict(user, 'ledger.list', input.districtId)
  const where: Where = {}
  if (districtId) where.districtId = districtId
  if (input.ownershipType) where.ownershipType = input.ownershipType
  if (input.management) where.management = input.management
  if (input.batchYear !== undefined) where.batchYear = input.batchYear
  const q = input.q ? normalizeName(input.q) : ''
  const matching = (await deps.store.find<LedgerCommunity>('communities', where))
    .filter((c) => input.eligible === undefined || eligibility(c).eligible === input.eligible)
    .filter((c) => !q || [c.name, c.street, c.originalPropertyUnit ?? ''].some((text) => normalizeName(text).includes(q)))
    .sort(byStreetAndName)
  const offset = input.offset ?? 0
  const page = matching.slice(offset, offset + (input.limit ?? 50))
  const items = await Promise.all(page.map(async (c) => ({ ...view(c), counts: await rosterCounts(deps.store, c._id) })))
  const eligible = matching.filter((c) => eligibility(c).eligible).length
  return {
    items,
    total: matching.length,
    summary: {
      eligible,
      ineligible: matching.length - eligible,
      householdCount: matching.reduce((sum, c) => sum + c.householdCount, 0),
      floorAreaCentiM2: matching.reduce((sum, c) => sum + c.floorAreaCentiM2, 0),
    },
  }
})

import { householdLabel, type Household } from '../../src/core/community'
import type { RosterListItem } from '../../src/core/roster'
import { maskName, maskPhone } from '../../src/core/privacy'
import type { Membership } from '../../src/core/roles'
import { action, authorize } from '../common/router'
import type { Where } from '../common/store'
import { loadRoster, ROSTER_ORDER, targetCommunity } from './load-household'
import { listInput } from './schemas'

function listItem(h: Household, memberCount: number): RosterListItem {
  return {
    _id: h._id,
    label: householdLabel(h),
    buildingNumber: h.buildingNumber,
    unitNumber: h.unitNumber,
    room: h.room,
    floor: h.floor,
    areaCentiM2: h.areaCentiM2,
    owners: h.owners.map((o) => (o.phone ? { name: maskName(o.name), phone: maskPhone(o.phone) } : { name: maskName(o.name) })),
    coOwned: h.coOwned,
    developerUnsold: h.developerUnsold,
    tenantOccupied: h.tenantOccupied,
    version: h.version,
    memberCount,
  }
}

/**
 * The roster of the office's community, page by page, optionally one building / unit, or
 * searched by room or owner name (`q`). Names and phones are masked.
 * Outcomes: { items, total } | FORBIDDEN (anyone but that community's office) | NOT_FOUND.
 */
export const listHouseholds = action(listInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'households.list', target)
  const where: Where = { communityId: target.communityId! }
  if (input.buildingNumber !== undefined) where.buildingNumber = input.buildingNumber
  if (input.unitNumber !== undefined) where.unitNumber = input.unitNumber
  const limit = input.limit ?? 20
  const offset = input.offset ?? 0
  let page: Household[]
  let total: number
  if (input.q) {
    // Owners are an array and rooms are matched in part: filter the community's roster in memory
    // (at most ROSTER_MAX_ROWS documents).
    const q = input.q
    const all = (await loadRoster(deps.store, target.communityId!)).filter(
      (h) =>
        (input.buildingNumber === undefined || h.buildingNumber === input.buildingNumber) &&
        (input.unitNumber === undefined || h.unitNumber === input.unitNumber) &&
        (h.room.includes(q) || h.owners.some((o) => o.name.includes(q))),
    )
    total = all.length
    page = all.slice(offset, offset + limit)
  } else {
    ;[page, total] = await Promise.all([
      deps.store.find<Household>('households', where, { orderBy: ROSTER_ORDER, limit, skip: offset }),
      deps.store.count('households', where),
    ])
  }
  const members = page.length
    ? await deps.store.find<Membership>('members', { householdId: { $in: page.map((h) => h._id) } })
    : []
  const counts = new Map<string, number>()
  for (const m of members) counts.set(m.householdId, (counts.get(m.householdId) ?? 0) + 1)
  return { items: page.map((h) => listItem(h, counts.get(h._id) ?? 0)), total }
})

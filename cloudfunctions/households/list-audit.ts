import { auditEntryFor } from '../../src/core/audit-view'
import { can } from '../../src/core/permissions'
import type { AuditEntry } from '../common/audit'
import { action, authorize } from '../common/router'
import { targetCommunity } from './load-household'
import { auditInput } from './schemas'

/**
 * The change log of a community's roster, members and roles, newest first: who, when, what,
 * before and after, as the reader may see it (src/core/audit-view.ts auditEntryFor): the office
 * (who keeps the register) gets before/after without any OPENID and with phones masked; the
 * district officer only which fields changed (no names, ID tails or phones).
 * Outcomes: { items, total } | FORBIDDEN (office of the community and its district only) | NOT_FOUND.
 */
export const listAudit = action(auditInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'households.audit', target)
  // Whoever may export the unmasked register reads the log as the office; anyone else as the district.
  const viewer = can(user, 'households.export', target) ? 'office' : 'district'
  const where = { communityId: target.communityId! }
  const [items, total] = await Promise.all([
    deps.store.find<AuditEntry>('audit', where, { orderBy: [{ field: 'at', direction: 'desc' }, { field: '_id', direction: 'desc' }], limit: input.limit ?? 20, skip: input.offset ?? 0 }),
    deps.store.count('audit', where),
  ])
  return { items: items.map((e) => auditEntryFor(e, viewer)), total }
})

import type { AuditEntry } from '../common/audit'
import { action, authorize } from '../common/router'
import { targetCommunity } from './load-household'
import { auditInput } from './schemas'

/**
 * The change log of a community's roster, members and roles, newest first: who, when, what,
 * before and after. Outcomes: { items, total } | FORBIDDEN (office of the community and its
 * district only) | NOT_FOUND.
 */
export const listAudit = action(auditInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'households.audit', target)
  const where = { communityId: target.communityId! }
  const [items, total] = await Promise.all([
    deps.store.find<AuditEntry>('audit', where, { orderBy: [{ field: 'at', direction: 'desc' }, { field: '_id', direction: 'desc' }], limit: input.limit ?? 20, skip: input.offset ?? 0 }),
    deps.store.count('audit', where),
  ])
  return { items, total }
})

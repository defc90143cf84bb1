import type { AuditEntry } from '../../src/core/audit-view'

export type { AuditEntry }
import type { User } from '../../src/core/roles'
import type { StoreOps } from './store'

/**
 * The change log for the roster, members and roles: who, when, what, before and after.
 * Written inside the same transaction as the change, so a change and its record stand or fall together.
 */

export async function recordAudit(
  tx: StoreOps,
  entry: { id: string; communityId: string; at: Date; by: User; action: string; entity: string; entityId: string; before: unknown; after: unknown },
): Promise<void> {
  const doc: AuditEntry = {
    _id: entry.id,
    communityId: entry.communityId,
    at: entry.at.toISOString(),
    byUserId: entry.by._id,
    byName: entry.by.name,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  }
  await tx.insert('audit', doc)
}

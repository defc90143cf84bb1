import { AppError } from '../../src/core/errors'
import { ledgerFieldsOf, sameLedgerFields } from '../../src/core/ledger-sheet'
import { recordAudit } from '../common/audit'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { checkNameFree, saveCommunity, versionOf, view, type LedgerCommunity } from './ledger-store'
import { updateInput } from './schemas'

/**
 * Edits one ledger entry (district officer of its district, or admin). The change and its audit
 * entry (before/after) are written in one transaction; an edit that changes nothing writes nothing.
 * Outcomes: entry (with version and eligibility) | NOT_FOUND | FORBIDDEN | CONFLICT (stale version)
 * | INVALID_INPUT (bad field, or a name another community of the district has).
 */
export const updateLedgerEntry = action(updateInput, async ({ deps, user, input }) => {
  const { id, version, ...fields } = input
  return deps.store.transaction(async (tx) => {
    const target = await communityTarget(tx, id)
    authorize(user, 'ledger.update', target)
    const current = target.community as LedgerCommunity
    const at = versionOf(current)
    if (version !== undefined && version !== at) throw new AppError('CONFLICT', `community ${id} is at version ${at}, not ${version}`)
    if (sameLedgerFields(current, fields)) return view(current)
    await checkNameFree(tx, current.districtId, fields.name, id)
    const { originalPropertyUnit: _old, ...rest } = current
    const next = { ...rest, ...ledgerFieldsOf(fields), version: at + 1, updatedAt: deps.now().toISOString() }
    await saveCommunity(tx, current, next)
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: id,
      at: deps.now(),
      by: user,
      action: 'ledger.update',
      entity: 'community',
      entityId: id,
      before: ledgerFieldsOf(current),
      after: ledgerFieldsOf(next),
    })
    return view(next)
  })
})

import { ids, type Building, type District } from '../../src/core/community'
import { AppError, ERROR_MESSAGES } from '../../src/core/errors'
import { ledgerFieldsOf, parseLedger, sameLedgerFields } from '../../src/core/ledger-sheet'
import { recordAudit } from '../common/audit'
import { loadUpload, readSheet, uploadFolder } from '../common/excel'
import { action } from '../common/router'
import { ledgerDistrict, saveCommunity, versionOf, type LedgerCommunity } from './ledger-store'
import { importInput } from './schemas'

/** A refused import lists at most this many problems (a whole bad file would be thousands). */
export const MAX_REPORTED_ERRORS = 200

/**
 * Imports the district ledger from Excel (district officer: their district; admin: the district
 * named). The whole file is checked first (src/core/ledger-sheet.ts); if any row is wrong nothing
 * is stored and the row-by-row report comes back. Otherwise, in one transaction, each row creates
 * or updates the community with its deterministic id (or the stored one of the same name), a new
 * community also gets buildings 1..楼栋数 (floors unknown until the roster is imported), and every
 * created or changed entry gets an audit record. Existing communities keep their buildings;
 * communities not in the file are left as they are.
 * Outcomes: { created, updated, unchanged } | FORBIDDEN (also a fileID not under `imports/<districtId>/`) | NOT_FOUND (district) | INVALID_INPUT
 * | FILE_INVALID | FILE_TOO_LARGE | IMPORT_REJECTED (with `errors`: row, column, message).
 */
export const importLedger = action(importInput, async ({ deps, user, input }) => {
  const districtId = ledgerDistrict(user, 'ledger.import', input.districtId)
  if (!districtId) throw new AppError('INVALID_INPUT', 'districtId is required for this role', '请选择要导入到哪个区。')
  if (!(await deps.store.get<District>('districts', districtId))) throw new AppError('NOT_FOUND', `district ${districtId}`)

  // A cloud-storage file must have been uploaded for this district: imports/<districtId>/<name>.
  const matrix = await readSheet(await loadUpload(deps, input, uploadFolder(districtId)))
  const existing = await deps.store.find<LedgerCommunity>('communities', { districtId })
  const { entries, errors } = parseLedger(matrix, { districtId, existing })
  if (errors.length) {
    const shown = errors.slice(0, MAX_REPORTED_ERRORS)
    const more = errors.length > shown.length ? `（共 ${errors.length} 处错误，这里列出前 ${shown.length} 处）` : `（共 ${errors.length} 处错误）`
    throw new AppError('IMPORT_REJECTED', `${errors.length} problems, first at row ${errors[0].row}`, `${ERROR_MESSAGES.IMPORT_REJECTED}${more}`, shown)
  }

  const now = deps.now()
  return deps.store.transaction(async (tx) => {
    const counts = { created: 0, updated: 0, unchanged: 0 }
    for (const { _id, ...fields } of entries) {
      const current = await tx.get<LedgerCommunity>('communities', _id)
      const audit = (before: unknown, after: unknown) =>
        recordAudit(tx, { id: deps.newId(), communityId: _id, at: now, by: user, action: 'ledger.import', entity: 'community', entityId: _id, before, after })
      if (!current) {
        const created = { _id, districtId, ...ledgerFieldsOf(fields), version: 1, updatedAt: now.toISOString() }
        await tx.insert('communities', created)
        for (let n = 1; n <= fields.buildingCount; n++) {
          const building: Building = { _id: ids.building(_id, n), communityId: _id, number: n, floors: null }
          if (!(await tx.get('buildings', building._id))) await tx.insert('buildings', building)
        }
        await audit(null, ledgerFieldsOf(created))
        counts.created++
      } else if (current.districtId !== districtId) {
        throw new AppError('CONFLICT', `community ${_id} belongs to district ${current.districtId}, not ${districtId}`)
      } else if (sameLedgerFields(current, fields)) {
        counts.unchanged++
      } else {
        const { originalPropertyUnit: _old, ...rest } = current
        const next = { ...rest, ...ledgerFieldsOf(fields), version: versionOf(current) + 1, updatedAt: now.toISOString() }
        await saveCommunity(tx, current, next)
        await audit(ledgerFieldsOf(current), ledgerFieldsOf(next))
        counts.updated++
      }
    }
    return counts
  })
})

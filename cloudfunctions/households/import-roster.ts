import { AppError, type RowError } from '../../src/core/errors'
import { parseRoster, ROSTER_MAX_ROWS, rowLimitError } from '../../src/core/roster'
import { countSheetRows, loadUpload, readSheet, uploadFolder } from '../common/excel'
import { action, authorize } from '../common/router'
import { applyRoster } from './apply-roster'
import { loadBuildings, targetCommunity } from './load-household'
import { importInput } from './schemas'

/** At most this many row errors travel back (the count is in `detail`). */
const MAX_REPORTED_ERRORS = 1000

function rejected(errors: RowError[]): AppError {
  const first = errors[0]
  return new AppError(
    'IMPORT_REJECTED',
    `${errors.length} problem(s); first: row ${first?.row} [${first?.column}] ${first?.message}`,
    undefined,
    errors.slice(0, MAX_REPORTED_ERRORS),
  )
}

/**
 * The office imports its community's roster from an .xlsx file (columns: src/core/roster.ts).
 * The whole file is checked first; any problem refuses the import with a row-by-row report and
 * nothing is stored. Otherwise one transaction stores it (cloudfunctions/households/apply-roster.ts).
 * Outcomes: { created, updated, unchanged, notInFile } | FORBIDDEN (also a fileID not under
 * `imports/<communityId>/`) | FILE_TOO_LARGE | FILE_INVALID |
 * IMPORT_REJECTED (with `errors`) | CONFLICT (someone changed the roster meanwhile) | INVALID_INPUT.
 */
export const importRoster = action(importInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'households.import', target)
  const communityId = target.communityId!
  // A cloud-storage file must have been uploaded for this community: imports/<communityId>/<name>.
  const buffer = await loadUpload(deps, input, uploadFolder(communityId))
  // A huge sheet is refused from a row count of its XML, before exceljs reads any cell.
  const filled = await countSheetRows(buffer)
  if (filled !== null && filled - 1 > ROSTER_MAX_ROWS) throw rejected([rowLimitError(filled - 1)])
  const matrix = await readSheet(buffer)
  const buildings = await loadBuildings(deps.store, communityId)
  const now = deps.now()
  const parsed = parseRoster(matrix, { communityId, buildings, now })
  if (parsed.errors.length) throw rejected(parsed.errors)
  return deps.store.transaction((tx) => applyRoster(tx, { communityId, households: parsed.households, at: now, audit: { by: user, newId: deps.newId } }))
})

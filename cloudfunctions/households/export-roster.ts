import { householdToRow, ROSTER_COLUMNS } from '../../src/core/roster'
import { chinaDate } from '../../src/core/time'
import { writeSheet } from '../common/excel'
import { action, authorize } from '../common/router'
import { loadRoster, targetCommunity } from './load-household'
import { exportInput } from './schemas'

/**
 * The office's roster as an .xlsx in the import's columns (unmasked: it is the office's own
 * register); importing the file unchanged changes nothing.
 * Outcomes: { fileBase64, fileName, rows } | FORBIDDEN | NOT_FOUND.
 */
export const exportRoster = action(exportInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'households.export', target)
  const households = await loadRoster(deps.store, target.communityId!)
  const rows = households.map((h) => ROSTER_COLUMNS.map((c) => householdToRow(h)[c]))
  const buffer = await writeSheet(ROSTER_COLUMNS, rows, '住户名册')
  const day = chinaDate(deps.now()).replace(/-/g, '')
  return { fileBase64: buffer.toString('base64'), fileName: `${target.community.name}住户名册-${day}.xlsx`, rows: rows.length }
})

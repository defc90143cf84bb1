import type { District } from '../../src/core/community'
import { LEDGER_EXPORT_HEADERS, ledgerRows } from '../../src/core/ledger-sheet'
import { chinaDate } from '../../src/core/time'
import { writeSheet } from '../common/excel'
import { action } from '../common/router'
import type { Where } from '../common/store'
import { byStreetAndName, ledgerDistrict, type LedgerCommunity } from './ledger-store'
import { exportInput } from './schemas'

/**
 * The district ledger as an .xlsx file in the import layout (plus a read-only eligibility column),
 * so that it can be edited and imported again. District officer: their district; admin: the one
 * named, or all. Outcomes: { fileBase64, fileName } | FORBIDDEN.
 */
export const exportLedger = action(exportInput, async ({ deps, user, input }) => {
  const districtId = ledgerDistrict(user, 'ledger.export', input.districtId)
  const where: Where = districtId ? { districtId } : {}
  const communities = (await deps.store.find<LedgerCommunity>('communities', where)).sort(byStreetAndName)
  const district = districtId ? await deps.store.get<District>('districts', districtId) : null
  const buffer = await writeSheet(LEDGER_EXPORT_HEADERS, ledgerRows(communities))
  const day = chinaDate(deps.now()).replace(/-/g, '')
  return { fileBase64: buffer.toString('base64'), fileName: `老旧小区改造台账-${district?.name ?? '全部'}-${day}.xlsx` }
})

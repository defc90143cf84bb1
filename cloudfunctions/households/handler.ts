import { createRouter } from '../common/router'
import { exportRoster } from './export-roster'
import { getElectorate } from './get-electorate'
import { getHousehold } from './get-household'
import { importRoster } from './import-roster'
import { listAudit } from './list-audit'
import { listHouseholds } from './list-households'
import { updateHousehold } from './update-household'

/** The household roster (住户名册): lists, one household, edits, Excel import/export, electorate, change log. */
export const handleHouseholds = createRouter('households', {
  list: listHouseholds,
  get: getHousehold,
  update: updateHousehold,
  import: importRoster,
  export: exportRoster,
  electorate: getElectorate,
  audit: listAudit,
})

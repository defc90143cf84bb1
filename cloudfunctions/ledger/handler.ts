import { createRouter } from '../common/router'
import { exportLedger } from './export-ledger'
import { getLedgerEntry } from './get-ledger-entry'
import { importLedger } from './import-ledger'
import { listLedger } from './list-ledger'
import { updateLedgerEntry } from './update-ledger-entry'

/** The district ledger (项目库/台账): district officers and admins; a community's office may read its own entry. */
export const handleLedger = createRouter('ledger', {
  list: listLedger,
  get: getLedgerEntry,
  update: updateLedgerEntry,
  import: importLedger,
  export: exportLedger,
})

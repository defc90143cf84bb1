import type { Community } from '@/core/community'
import type { Eligibility } from '@/core/ledger'
import { call } from './api'
import type { Upload } from './files'

export type LedgerRow = Community & { eligibility: Eligibility }

export const ledgerApi = {
  list: (input: { eligible?: boolean; ownershipType?: string; management?: string; batchYear?: number; q?: string; limit?: number; offset?: number }) =>
    call<{ items: LedgerRow[]; total: number }>('ledger', 'list', input),
  import: (file: Upload) =>
    call<{ created: number; updated: number; unchanged: number }>('ledger', 'import', 'fileID' in file ? { fileID: file.fileID } : { fileBase64: file.fileBase64 }),
  export: () => call<{ fileBase64: string; fileName: string }>('ledger', 'export', {}),
}

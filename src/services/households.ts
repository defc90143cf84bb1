import type { Household } from '@/core/community'
import type { AuditEntry } from '@/core/audit-view'
import type { RosterListItem } from '@/core/roster'
import { call } from './api'
import type { Upload } from './files'

export interface ImportResult {
  created: number
  updated: number
  unchanged: number
  notInFile: string[]
}

export type ElectorateScope = { kind: 'community' } | { kind: 'building'; buildingId: string } | { kind: 'unit'; unitId: string }


export const householdsApi = {
  audit: (input: { limit?: number; offset?: number }) => call<{ items: AuditEntry[]; total: number }>('households', 'audit', input),
  list: (input: { buildingNumber?: number; unitNumber?: number; q?: string; limit?: number; offset?: number }) =>
    call<{ items: RosterListItem[]; total: number }>('households', 'list', input),
  get: (id: string) => call<Household>('households', 'get', { id }),
  update: (input: Record<string, unknown>) => call<Household>('households', 'update', input),
  import: (file: Upload) => call<ImportResult>('households', 'import', 'fileID' in file ? { fileID: file.fileID } : { fileBase64: file.fileBase64 }),
  export: () => call<{ fileBase64: string; fileName: string }>('households', 'export', {}),
  electorate: (scope: ElectorateScope) =>
    call<{ flats: number; areaCentiM2: number; heads: number; unsoldFlats: number }>('households', 'electorate', { scope }),
}

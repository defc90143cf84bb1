import type { Household } from '@/core/community'
import { call } from './api'
import type { Upload } from './files'

/** A row of the office roster: names and phones masked. */
export interface RosterRow {
  _id: string
  label: string
  buildingNumber: number
  unitNumber: number
  room: string
  floor: number
  areaCentiM2: number
  owners: { name: string; phone?: string }[]
  coOwned: boolean
  developerUnsold: boolean
  tenantOccupied: boolean
  memberCount?: number
}

export interface ImportResult {
  created: number
  updated: number
  unchanged: number
  notInFile: string[]
}

export type ElectorateScope = { kind: 'community' } | { kind: 'building'; buildingId: string } | { kind: 'unit'; unitId: string }

export interface AuditRow {
  _id: string
  at: string
  byName: string
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
}

export const householdsApi = {
  audit: (input: { limit?: number; offset?: number }) => call<{ items: AuditRow[]; total: number }>('households', 'audit', input),
  list: (input: { buildingNumber?: number; unitNumber?: number; q?: string; limit?: number; offset?: number }) =>
    call<{ items: RosterRow[]; total: number }>('households', 'list', input),
  get: (id: string) => call<Household>('households', 'get', { id }),
  update: (input: Record<string, unknown>) => call<Household>('households', 'update', input),
  import: (file: Upload) => call<ImportResult>('households', 'import', 'fileID' in file ? { fileID: file.fileID } : { fileBase64: file.fileBase64 }),
  export: () => call<{ fileBase64: string; fileName: string }>('households', 'export', {}),
  electorate: (scope: ElectorateScope) =>
    call<{ flats: number; areaCentiM2: number; heads: number; unsoldFlats: number }>('households', 'electorate', { scope }),
}

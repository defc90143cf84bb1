import type { Rating, ReportFields, ReportStep } from '@/core/reports'
import type { QueueFilter, ReportSummary, ReportView, ReportsOverview } from '@/core/works-view'
import { call } from './api'

/** The `reports` function: issue reports (报事报修). */
export const reportsApi = {
  /** Open reports like this draft ("me too" instead of a duplicate). */
  similar: (draft: Pick<ReportFields, 'itemId' | 'category' | 'buildingId' | 'unitId'>) => call<{ items: ReportSummary[] }>('reports', 'similar', draft),
  create: (fields: ReportFields & { requestId: string }) => call<ReportView>('reports', 'create', fields),
  meToo: (reportId: string) => call<ReportView>('reports', 'meToo', { reportId }),
  /** Reports I filed or joined, newest first. */
  mine: () => call<{ items: ReportSummary[] }>('reports', 'mine', {}),
  get: (reportId: string) => call<ReportView>('reports', 'get', { reportId }),
  /** The office's queue (all of the community), or a party's (theirs only). */
  queue: (filter: QueueFilter = {}) => call<{ items: ReportSummary[]; parties: { partyId: string | null; name: string }[] }>('reports', 'queue', filter),
  /**
   * One step of the status machine (src/core/reports.ts REPORT_STEPS). assign takes partyId (null:
   * the office itself); confirm takes the rating; reopen takes why in note.
   */
  step: (reportId: string, version: number, step: ReportStep, extra: { note?: string; partyId?: string | null; rating?: Rating } = {}) =>
    call<ReportView>('reports', step, { reportId, version, ...extra }),
  overview: () => call<ReportsOverview>('reports', 'overview', {}),
}

import { action, authorize } from '../common/router'
import { reportInput } from './schemas'
import { loadReport, reportTarget, viewFor } from './views'

/**
 * A report's page: residents of the community (others' reports without who filed them), the office
 * (with the reporter's name and flat), the district, and staff of the party it is assigned to now.
 * `canDo` lists the steps the caller may take.
 * Outcomes: ReportView | NOT_FOUND | FORBIDDEN.
 */
export const getReport = action(reportInput, async ({ deps, user, input }) => {
  const r = await loadReport(deps.store, input.reportId)
  authorize(user, 'reports.get', reportTarget(r))
  return viewFor(deps.store, user, r, deps.now())
})

import { createRouter } from '../common/router'
import { createReport } from './create-report'
import { getReport } from './get-report'
import { meToo } from './me-too'
import { myReports } from './my-reports'
import { reportsOverview } from './overview'
import { reportQueue } from './report-queue'
import { similarReports } from './similar-reports'
import { takeStep } from './take-step'

/** The `reports` function: issue reports (报事报修) after acceptance; see src/services/reports.ts. */
export const handleReports = createRouter('reports', {
  similar: similarReports,
  create: createReport,
  meToo,
  mine: myReports,
  get: getReport,
  queue: reportQueue,
  accept: takeStep('accept'),
  assign: takeStep('assign'),
  start: takeStep('start'),
  resolve: takeStep('resolve'),
  confirm: takeStep('confirm'),
  reopen: takeStep('reopen'),
  overview: reportsOverview,
})

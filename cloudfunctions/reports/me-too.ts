import { AppError } from '../../src/core/errors'
import { OPEN_STATUSES, type Report } from '../../src/core/reports'
import { action, authorize } from '../common/router'
import { reportInput } from './schemas'
import { loadReport, reportTarget, staleReport, viewFor } from './views'

/**
 * "Me too" (我也遇到): a resident of the community with the same problem joins an open report
 * instead of filing a duplicate; it counts them once and tells them when it is fixed. Not the
 * reporter themselves; joining twice changes nothing (the report is returned as it is). The
 * report is replaced at the version read (CONFLICT if someone changed it meanwhile).
 * Outcomes: ReportView | INVALID_INPUT (resolved or confirmed; one's own report) | CONFLICT |
 * NOT_FOUND | FORBIDDEN.
 */
export const meToo = action(reportInput, async ({ deps, user, input }) => {
  const r = await loadReport(deps.store, input.reportId)
  authorize(user, 'reports.meToo', reportTarget(r))
  const now = deps.now()
  if (!OPEN_STATUSES.includes(r.status)) {
    throw new AppError('INVALID_INPUT', `report ${r._id} is ${r.status}`, '这张报修单已经办结。如果问题还在，请重新报修。')
  }
  if (r.reporterId === user._id) throw new AppError('INVALID_INPUT', `${user._id} filed report ${r._id}`, '这是您自己报的问题，不用再点“我也遇到”。')
  if (r.meToo.includes(user._id)) return viewFor(deps.store, user, r, now)
  const at = now.toISOString()
  const next: Report = {
    ...r,
    meToo: [...r.meToo, user._id],
    history: [...r.history, { at, what: 'meToo', byUserId: user._id, byLabel: '居民', from: r.status, to: r.status, note: '' }],
    version: r.version + 1,
    updatedAt: at,
  }
  await deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('reports', next, r.version))) throw staleReport(r._id, r.version)
  })
  return viewFor(deps.store, user, next, now)
})

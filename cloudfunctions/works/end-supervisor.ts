import { AppError } from '../../src/core/errors'
import type { Supervisor } from '../../src/core/works'
import { recordAudit } from '../common/audit'
import { communityTarget } from '../common/community-target'
import { latestEdition, loadPlan, loadShape } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { endSupervisorInput } from './schemas'
import { supervisorView, targetLabel } from './works-store'

/**
 * The office ends someone's supervisor role (a resident who moved away, or no longer takes part and
 * cannot step down themselves): the record is kept, ended now, with an audit entry saying who and why,
 * written together. Ending it twice is refused; version-checked.
 * Outcomes: SupervisorView | INVALID_INPUT (already ended) | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const endSupervisor = action(endSupervisorInput, async ({ deps, user, input }) => {
  const s = await deps.store.get<Supervisor>('supervisors', input.supervisorId)
  if (!s) throw new AppError('NOT_FOUND', `supervisor ${input.supervisorId}`, '没有找到这位监督员，请刷新后再试。')
  authorize(user, 'works.endSupervisor', await communityTarget(deps.store, s.communityId))
  if (s.endedAt !== null) throw new AppError('INVALID_INPUT', `supervisor ${s._id} ended at ${s.endedAt}`, '这位监督员已经不再担任了。')
  const stale = () => new AppError('CONFLICT', `supervisor ${s._id} is no longer at version ${input.version}`, '这位监督员的报名刚刚有变动，请刷新后再试。')
  if (s.version !== input.version) throw stale()
  const now = deps.now()
  const ended: Supervisor = { ...s, endedAt: now.toISOString(), version: s.version + 1 }
  await deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('supervisors', ended, input.version))) throw stale()
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: s.communityId,
      at: now,
      by: user,
      action: 'works.endSupervisor',
      entity: 'supervisors',
      entityId: s._id,
      before: { supervisor: s.displayName, endedAt: null },
      after: { supervisor: s.displayName, endedAt: ended.endedAt, reason: input.reason },
    })
  })
  const [shape, plan] = await Promise.all([loadShape(deps.store, s.communityId), loadPlan(deps.store, s.communityId)])
  const items = plan ? ((await latestEdition(deps.store, plan))?.items ?? []) : []
  return supervisorView(ended, user._id, targetLabel(ended.target, items, shape))
})

import { AppError } from '../../src/core/errors'
import type { Supervisor } from '../../src/core/works'
import { latestEdition, loadPlan, loadShape } from '../common/plan-store'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { stepDownInput } from './schemas'
import { supervisorView, targetLabel } from './works-store'

/**
 * A supervisor steps down (the record is kept, with when). Only their own record: anyone else's
 * is not found for them. Stepping down twice is refused.
 * Outcomes: SupervisorView | INVALID_INPUT (already stepped down) | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const stepDown = action(stepDownInput, async ({ deps, user, input }) => {
  const s = await deps.store.get<Supervisor>('supervisors', input.supervisorId)
  const mine = () => new AppError('NOT_FOUND', `supervisor ${input.supervisorId} is not ${user._id}'s`, '没有找到您的这项监督员报名。')
  if (!s) throw mine()
  const communityId = s.communityId
  authorize(user, 'works.volunteer', await communityTarget(deps.store, communityId))
  if (s.userId !== user._id) {
    throw mine()
  }
  if (s.endedAt !== null) throw new AppError('INVALID_INPUT', `supervisor ${s._id} ended at ${s.endedAt}`, '您已经不再担任这项监督员了。')
  const stale = () => new AppError('CONFLICT', `supervisor ${s._id} is no longer at version ${input.version}`, '您的报名刚刚有变动，请刷新后再试。')
  if (s.version !== input.version) throw stale()
  const ended: Supervisor = { ...s, endedAt: deps.now().toISOString(), version: s.version + 1 }
  if (!(await deps.store.replaceIfVersion('supervisors', ended, input.version))) throw stale()
  const [shape, plan] = await Promise.all([loadShape(deps.store, communityId), loadPlan(deps.store, communityId)])
  const items = plan ? ((await latestEdition(deps.store, plan))?.items ?? []) : []
  return supervisorView(ended, user._id, targetLabel(ended.target, items, shape))
})

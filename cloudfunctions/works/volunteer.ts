import type { Building } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import type { ItemProgress } from '../../src/core/plan'
import { supervisorId, type Supervisor } from '../../src/core/works'
import { loadShape } from '../common/plan-store'
import { action } from '../common/router'
import { DuplicateKeyError } from '../common/store'
import { volunteerInput } from './schemas'
import { inWorks, requireItem, requirePublished, supervisorView, targetLabel, worksTarget } from './works-store'

/** Why an item takes no supervisors now (null: it does). */
export function supervisionRefusal(progress: Pick<ItemProgress, 'status' | 'acceptedAt'>): string | null {
  if (!inWorks(progress)) return '这个项目还没有确定实施，暂时不能报名监督。'
  if (progress.acceptedAt) return '这个项目已经验收，施工监督已经结束；发现问题请用“报事报修”。'
  return null
}

/**
 * A resident bound to a household of the community volunteers as supervisor (监督员) of an item of
 * the published plan (chosen, under way or finished, not yet accepted) or of a building. Volunteering
 * for the same thing again gives the same record (and takes back a stepping down).
 * Outcomes: SupervisorView | INVALID_INPUT | PLAN_NOT_PUBLISHED | NOT_FOUND (item, building) | CONFLICT | FORBIDDEN.
 */
export const volunteer = action(volunteerInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'works.volunteer')
  const communityId = target.community._id
  const shape = await loadShape(deps.store, communityId)
  let items: { _id: string; title: string }[] = []
  if (input.target.kind === 'item') {
    const published = await requirePublished(deps.store, communityId)
    const { progress } = requireItem(published, input.target.itemId)
    const refusal = supervisionRefusal(progress)
    if (refusal) throw new AppError('INVALID_INPUT', `item ${input.target.itemId} is ${progress.status}${progress.acceptedAt ? ', accepted' : ''}`, refusal)
    items = published.edition.items
  } else {
    const building = await deps.store.get<Building>('buildings', input.target.buildingId)
    if (!building || building.communityId !== communityId) {
      throw new AppError('NOT_FOUND', `building ${input.target.buildingId} is not in ${communityId}`, '本小区没有这栋楼，请刷新后再试。')
    }
  }
  const label = targetLabel(input.target, items, shape)
  const now = deps.now().toISOString()
  const id = supervisorId(communityId, user._id, input.target)
  const existing = await deps.store.get<Supervisor>('supervisors', id)
  if (existing && existing.endedAt === null) return supervisorView(existing, user._id, label)
  if (existing) {
    const back: Supervisor = { ...existing, displayName: input.displayName, since: now, endedAt: null, version: existing.version + 1 }
    if (!(await deps.store.replaceIfVersion('supervisors', back, existing.version))) {
      throw new AppError('CONFLICT', `supervisor ${id} moved`, '您的报名刚刚有变动，请刷新后再试。')
    }
    return supervisorView(back, user._id, label)
  }
  const record: Supervisor = { _id: id, communityId, userId: user._id, displayName: input.displayName, target: input.target, since: now, endedAt: null, version: 1 }
  try {
    await deps.store.insert('supervisors', record)
  } catch (e) {
    // Tapped twice: the first one stands.
    if (!(e instanceof DuplicateKeyError)) throw e
    const first = await deps.store.get<Supervisor>('supervisors', id)
    if (!first) throw e
    return supervisorView(first, user._id, label)
  }
  return supervisorView(record, user._id, label)
})

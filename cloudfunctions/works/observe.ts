import { checkDailyLimit, insertWithinDailyLimit, type DailyLimit } from '../common/daily-limit'
import { AppError } from '../../src/core/errors'
import { observationRefusal, type Observation } from '../../src/core/works'
import { checkPhotos } from '../common/photos'
import { loadShape } from '../common/plan-store'
import { action } from '../common/router'
import { observeInput } from './schemas'
import { authorLabel, observationView, requireItem, requirePublished, scopeBuildings, worksTarget } from './works-store'

/** A person may post at most this many observations per China day. */
export const DAILY_MAX = 20

/**
 * Someone of the community (a resident, or the office) posts an observation on an item during the
 * works: quality, safety, noise, blocked access…, with photos of their own. Only while the item
 * takes them (chosen, under way or finished, not accepted: observationRefusal) — an accepted item's
 * problems are issue reports (报事报修). A building named must be one the item touches.
 * Outcomes: ObservationView | INVALID_INPUT (item not in works, accepted, more than 20 a day, photos)
 * | SCOPE_OUTSIDE | FILE_INVALID | FILE_TOO_LARGE | PLAN_NOT_PUBLISHED | NOT_FOUND | FORBIDDEN.
 */
export const observe = action(observeInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'works.observe')
  const communityId = target.community._id
  const published = await requirePublished(deps.store, communityId)
  const { item, progress } = requireItem(published, input.itemId)
  const refusal = observationRefusal(progress)
  if (refusal) throw new AppError('INVALID_INPUT', `item ${item._id} is ${progress.status}${progress.acceptedAt ? ', accepted' : ''}`, refusal)
  const shape = await loadShape(deps.store, communityId)
  const buildings = scopeBuildings(item.scope, shape)
  if (input.buildingId !== null) {
    if (!shape.buildings.some((b) => b._id === input.buildingId)) throw new AppError('SCOPE_OUTSIDE', `building ${input.buildingId} is not in ${communityId}`)
    if (!buildings.includes(input.buildingId)) {
      throw new AppError('INVALID_INPUT', `building ${input.buildingId} is outside item ${item._id}'s scope`, `“${item.title}”不涉及这栋楼，请重新选择楼栋。`)
    }
  }
  const now = deps.now()
  const limit: DailyLimit = {
    collection: 'observations',
    prefix: 'ob',
    countWhere: (dayStart) => ({ authorId: user._id, at: { $gte: dayStart } }),
    max: DAILY_MAX,
    refusal: (n) => new AppError('INVALID_INPUT', `${user._id} posted ${n} observations today`, `您今天已经提交了 ${DAILY_MAX} 条施工监督意见，请明天再提交；紧急的安全问题请直接联系社区。`),
  }
  const today = await checkDailyLimit(deps.store, limit, now)
  await checkPhotos(deps, user, input.photos)
  const { label, bySupervisor } = await authorLabel(deps.store, user, { communityId, itemId: item._id, buildingId: input.buildingId, buildings })
  const observation: Observation = {
    _id: '', // the day's next free number (insertWithinDailyLimit)
    communityId,
    planId: published.plan._id,
    itemId: item._id,
    buildingId: input.buildingId,
    kind: input.kind,
    text: input.text,
    photos: input.photos,
    authorId: user._id,
    authorLabel: label,
    bySupervisor,
    at: now.toISOString(),
    answers: [],
    version: 1,
  }
  const stored = await insertWithinDailyLimit(deps.store, limit, user._id, now, today, observation)
  return observationView(stored, user._id, item.title)
})

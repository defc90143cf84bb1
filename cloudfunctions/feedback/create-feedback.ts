import { householdLabel, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { checkCanLodge, type Feedback } from '../../src/core/feedback'
import { communityTarget } from '../common/community-target'
import { checkPhotos } from '../common/photos'
import { latestEdition, loadPlan, publicityRunning } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { checkDailyLimit, insertWithinDailyLimit, type DailyLimit } from '../common/daily-limit'
import { createInput } from './schemas'
import { feedbackView, titlesOf } from './views'

/** A person may post at most this many comments and objections per China day. */
export const DAILY_MAX = 20


const dailyLimit = (userId: string): DailyLimit => ({
  collection: 'feedback',
  prefix: 'fb',
  countWhere: (dayStart) => ({ authorId: userId, createdAt: { $gte: dayStart } }),
  max: DAILY_MAX,
  refusal: (n) => new AppError('INVALID_INPUT', `${userId} posted ${n} today`, `您今天已经提交了 ${DAILY_MAX} 条意见，请明天再提交；急事请直接联系社区。`),
})

/**
 * A comment (any time a plan is out) or an objection (only while the newest edition's 公示 runs)
 * on the plan or one of its items, from a member of the household it is written for — owners,
 * family and tenants alike. Photos must be the caller's own uploads.
 * Outcomes: FeedbackView | PLAN_NOT_PUBLISHED | PUBLICITY_CLOSED | NOT_FOUND (household, item) |
 * INVALID_INPUT (incl. more than 20 a day) | FORBIDDEN.
 */
export const createFeedback = action(createInput, async ({ deps, user, input }) => {
  // Membership first, so that nobody learns which households exist by probing ids.
  authorize(user, 'feedback.create', { householdId: input.householdId })
  const household = await deps.store.get<Household>('households', input.householdId)
  if (!household) throw new AppError('NOT_FOUND', `household ${input.householdId}`, '没有找到这户房屋。')
  const { communityId, districtId } = await communityTarget(deps.store, household.communityId)
  authorize(user, 'feedback.create', { communityId, districtId, householdId: household._id })
  const plan = await loadPlan(deps.store, communityId!)
  const edition = plan ? await latestEdition(deps.store, plan) : null
  if (!plan || !edition) throw new AppError('PLAN_NOT_PUBLISHED', `community ${communityId} has no published plan`, '本小区的改造方案还没有发布，发布后才能留言。')
  if (input.itemId !== null && !edition.items.some((i) => i._id === input.itemId)) {
    throw new AppError('NOT_FOUND', `item ${input.itemId} is not in edition ${edition.edition}`, '方案里没有这个项目，请刷新后再试。')
  }
  const now = deps.now()
  checkCanLodge(input.kind, publicityRunning(edition, now))
  await checkPhotos(deps, user, input.photos)
  const limit = dailyLimit(user._id)
  const today = await checkDailyLimit(deps.store, limit, now)
  const entry: Feedback = {
    _id: '', // the day's next free number (insertWithinDailyLimit)
    communityId: plan.communityId,
    planId: plan._id,
    edition: edition.edition,
    itemId: input.itemId,
    kind: input.kind,
    text: input.text,
    photos: input.photos,
    authorId: user._id,
    householdId: household._id,
    householdLabel: householdLabel(household),
    createdAt: now.toISOString(),
    reply: null,
    hidden: null,
    version: 1,
  }
  // Photos may take seconds to check: an objection must still be inside the 公示 when it is stored.
  checkCanLodge(input.kind, publicityRunning(edition, deps.now()))
  const stored = await insertWithinDailyLimit(deps.store, limit, user._id, now, today, entry)
  return feedbackView(stored, { userId: user._id, full: true }, titlesOf(edition))
})

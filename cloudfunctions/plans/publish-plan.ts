import { AppError } from '../../src/core/errors'
import { newDraft, publish, PUBLICITY_DEFAULT_DAYS, type Notice } from '../../src/core/notice'
import { checkItem, checkPublishable, publishPlan } from '../../src/core/plan'
import { payerOf, shareTable } from '../../src/core/shares'
import type { StageChange } from '../../src/core/stages'
import { chinaDate } from '../../src/core/time'
import { checkPlanVersion, type EditionPayers, latestEdition, loadHouseholds, loadShape, requirePlan, targetCommunity } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { DuplicateKeyError } from '../common/store'
import { publicityBody, publicityTitle } from './publicity-notice'
import { publishInput } from './schemas'

const DAY = 24 * 3600 * 1000

/** The China date `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10)
}

/**
 * Publishes the draft as the next edition and opens its 公示, all in one transaction: the plan
 * (published), the frozen edition, a published 公示 notice (kind publicity, ending `publicityDays`
 * China days after today) and, when the project is at 方案设计, its move to 方案公示 with a stage
 * change. Every item is checked again against the roster as it is now (scope in the community,
 * funding adds up, residents' part can be shared), so no edition is published with a share
 * nobody can compute; that roster is frozen with the edition (editionPayers), so its shares never move.
 * Outcomes: Plan | PLAN_NOT_DRAFT | STAGE_GATE (before 方案设计, or after 立项) | INVALID_INPUT (no items) |
 * SHARE_IMPOSSIBLE | SCOPE_OUTSIDE | FUNDING_MISMATCH | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const publishPlanAction = action(publishInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'plans.publish', target)
  const plan = await requirePlan(deps.store, target.community._id)
  checkPlanVersion(plan, input.version)
  checkPublishable(plan)
  const [shape, households] = await Promise.all([loadShape(deps.store, plan.communityId), loadHouseholds(deps.store, plan.communityId)])
  for (const item of plan.items) {
    checkItem(item, shape)
    shareTable(item, households)
  }

  const now = deps.now()
  const today = chinaDate(now)
  // A revision published during a running 公示 never shortens it.
  const previous = await latestEdition(deps.store, plan)
  const asked = addDays(today, input.publicityDays ?? PUBLICITY_DEFAULT_DAYS)
  const endsOn = previous && previous.publicityEndsOn > asked ? previous.publicityEndsOn : asked
  const noticeId = deps.newId()
  const { plan: published, edition } = publishPlan(plan, { userId: user._id, now, publicityEndsOn: endsOn, noticeId })
  const draft = newDraft(
    { kind: 'publicity', title: publicityTitle(plan.title, edition.edition), body: publicityBody(edition, shape, today, endsOn), publicityEndsOn: endsOn },
    { id: noticeId, communityId: plan.communityId, userId: user._id },
    now,
  )
  const notice: Notice = publish(draft, user._id, now)
  const change: StageChange | null =
    plan.stage === 'design'
      ? {
          _id: deps.newId(),
          planId: plan._id,
          communityId: plan.communityId,
          from: 'design',
          to: 'publicity',
          at: now.toISOString(),
          byUserId: user._id,
          byName: user.name,
          note: `发布方案公示（第${edition.edition}版）`,
          documents: [],
        }
      : null
  const next = change ? { ...published, stage: change.to } : published

  return deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('plans', next, input.version))) {
      throw new AppError('CONFLICT', `plan ${plan._id} is no longer at version ${input.version}`, '方案刚被别人修改过，请刷新后再试。')
    }
    try {
      await tx.insert('planEditions', edition)
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw new AppError('CONFLICT', `edition ${edition._id} exists`, '这一版方案已经发布过了，请刷新后再试。')
      throw e
    }
    await tx.insert('notices', notice)
    const frozen: EditionPayers = { _id: edition._id, planId: plan._id, edition: edition.edition, payers: households.map(payerOf) }
    await tx.insert('editionPayers', frozen)
    if (change) await tx.insert('stageChanges', change)
    return next
  })
})

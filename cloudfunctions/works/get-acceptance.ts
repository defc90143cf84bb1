import dayjs from 'dayjs'
import { DEFAULT_CHECKLIST, DEFAULT_WARRANTY_YEARS } from '../../src/core/acceptance'
import { ITEM_STATUS_LABELS, type ItemProgress } from '../../src/core/plan'
import { chinaDate } from '../../src/core/time'
import type { AcceptanceView } from '../../src/core/works-view'
import { action } from '../common/router'
import { acceptanceInput } from './schemas'
import { partiesOf, planAcceptances, requireItem, requirePublished, sortParties, worksTarget } from './works-store'

/** Why no acceptance may be recorded for the item now (null: it may). */
export function acceptanceRefusal(progress: Pick<ItemProgress, 'status' | 'acceptedAt'>): string | null {
  if (progress.acceptedAt) return '这个项目已经验收合格，不能再记录验收；之后发现的问题请用“报事报修”。'
  if (progress.status !== 'done') return `项目现在是“${ITEM_STATUS_LABELS[progress.status]}”，完工以后才能验收。`
  return null
}

/**
 * An item's acceptance: its attempts (oldest first), whether a new one may be recorded now and why
 * not, the community's parties for the signature lines, and what the form starts from (the default
 * checklist, a warranty of two years from today), with the plan's version to send back.
 * Outcomes: AcceptanceView | PLAN_NOT_PUBLISHED | NOT_FOUND | FORBIDDEN.
 */
export const getAcceptance = action(acceptanceInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'acceptance.get')
  const published = await requirePublished(deps.store, target.community._id)
  const { item, progress } = requireItem(published, input.itemId)
  const [attempts, parties] = await Promise.all([planAcceptances(deps.store, published.plan._id, item._id), partiesOf(deps.store, target.community._id)])
  const refusal = acceptanceRefusal(progress)
  const today = chinaDate(deps.now())
  const view: AcceptanceView = {
    itemId: item._id,
    itemTitle: item.title,
    status: progress.status,
    planVersion: published.plan.version,
    canRecord: refusal === null,
    refusal,
    attempts,
    parties: sortParties(parties),
    defaults: { checklist: [...DEFAULT_CHECKLIST], warrantyEndsOn: dayjs(`${today}T00:00:00Z`).add(DEFAULT_WARRANTY_YEARS, 'year').toISOString().slice(0, 10) },
  }
  return view
})

import { householdLabel, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { inScope } from '../../src/core/plan'
import type { MineView, MyItem } from '../../src/core/plan-view'
import { shareFormula, shareTable } from '../../src/core/shares'
import { communityTarget } from '../common/community-target'
import { latestEdition, loadEditionPayers, loadPlan, loadShape } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { mineInput } from './schemas'
import { itemView } from './views'

/**
 * My household's items in the newest published edition ("what changes at my door") with what my
 * household pays for each: its share of the residents' part by the item's rule, computed over all
 * the community's households as the edition froze them at publication, with the formula spelled out. totalFen leaves out
 * items marked 不实施 (nobody pays for those). Members of the household only.
 * Outcomes: MineView | null (nothing published yet) | NOT_FOUND (household) | FORBIDDEN.
 */
export const myShares = action(mineInput, async ({ deps, user, input }) => {
  // Membership first, so that nobody learns which households exist by probing ids.
  authorize(user, 'plans.mine', { householdId: input.householdId })
  const household = await deps.store.get<Household>('households', input.householdId)
  if (!household) throw new AppError('NOT_FOUND', `household ${input.householdId}`, '没有找到这户房屋。')
  const { communityId, districtId } = await communityTarget(deps.store, household.communityId)
  authorize(user, 'plans.mine', { communityId, districtId, householdId: household._id })
  const plan = await loadPlan(deps.store, household.communityId)
  if (!plan) return null
  const edition = await latestEdition(deps.store, plan)
  if (!edition) return null
  // Shares as published: computed on the roster frozen with the edition, so a later roster
  // correction does not move them. A flat registered since has no share in this edition.
  const [shape, households] = await Promise.all([loadShape(deps.store, plan.communityId), loadEditionPayers(deps.store, edition)])
  const payer = households.find((h) => h._id === household._id)
  const items: MyItem[] = []
  for (const item of payer ? edition.items : []) {
    if (!inScope(item.scope, payer!)) continue
    const table = shareTable(item, households)
    const share = table.shares.find((s) => s.householdId === household._id)
    if (!share) continue
    items.push({ item: itemView(item, plan, shape, households), shareFen: share.fen, formula: shareFormula(table, share) })
  }
  const view: MineView = {
    householdId: household._id,
    householdLabel: householdLabel(household),
    planTitle: edition.title,
    edition: edition.edition,
    stage: plan.stage,
    items,
    ...(payer ? {} : { note: '您家是在这一版方案公示之后才登记的，出资将在下一版方案中列出。' }),
    totalFen: items.filter((i) => i.item.status !== 'dropped').reduce((sum, i) => sum + i.shareFen, 0),
  }
  return view
})

import { AppError } from '../../src/core/errors'
import type { Plan } from '../../src/core/plan'
import { recordAudit } from '../common/audit'
import { checkPlanVersion, loadShape, savePlan } from '../common/plan-store'
import { action } from '../common/router'
import { setContractorInput } from './schemas'
import { inWorks, loadWorksItem, partiesOf, requireItem, requireParty, requirePublished, worksTarget } from './works-store'

/**
 * The office records who builds an item (a contractor of the community) while it is chosen, under
 * way or finished and not yet accepted — its staff may then answer observations on it. The
 * acceptance records the contractor again (it answers for the warranty). Setting the same one
 * again changes nothing. The plan (version-checked) and an audit entry are written together.
 * Outcomes: WorksItem | INVALID_INPUT | CONFLICT | PLAN_NOT_PUBLISHED | NOT_FOUND | FORBIDDEN.
 */
export const setContractor = action(setContractorInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'works.setContractor')
  const communityId = target.community._id
  const published = await requirePublished(deps.store, communityId)
  const { plan } = published
  const { item, progress } = requireItem(published, input.itemId)
  checkPlanVersion(plan, input.planVersion)
  if (!inWorks(progress)) throw new AppError('INVALID_INPUT', `item ${item._id} is ${progress.status}`, '这个项目还没有确定实施，不能指定施工单位。')
  if (progress.acceptedAt) throw new AppError('INVALID_INPUT', `item ${item._id} is accepted`, '这个项目已经验收，施工单位以验收记录为准，不能再改。')
  const parties = await partiesOf(deps.store, communityId)
  const party = requireParty(parties, input.partyId, 'contractor', '选择的单位')
  const shape = await loadShape(deps.store, communityId)
  if (progress.contractorPartyId === party._id) return loadWorksItem(deps.store, published, item._id, shape)

  const now = deps.now()
  const next: Plan = {
    ...plan,
    progress: { ...plan.progress, [item._id]: { ...progress, contractorPartyId: party._id, updatedAt: now.toISOString(), updatedBy: user._id } },
    version: plan.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: user._id,
  }
  const before = parties.find((p) => p._id === progress.contractorPartyId)
  await deps.store.transaction(async (tx) => {
    await savePlan(tx, next, input.planVersion)
    await recordAudit(tx, {
      id: deps.newId(),
      communityId,
      at: now,
      by: user,
      action: 'works.setContractor',
      entity: 'plans',
      entityId: `${plan._id}/${item._id}`,
      before: { item: item.title, contractor: before?.name ?? null },
      after: { item: item.title, contractor: party.name },
    })
  })
  return loadWorksItem(deps.store, { ...published, plan: next }, item._id, shape)
})

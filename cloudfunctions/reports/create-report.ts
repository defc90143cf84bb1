import { createHash } from 'node:crypto'
import type { Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import type { Party } from '../../src/core/parties'
import { scopeLabel } from '../../src/core/plan'
import { dueAt, routeReport, type Report, type ReportFields } from '../../src/core/reports'
import { communityTarget } from '../common/community-target'
import { checkPhotos } from '../common/photos'
import { latestEdition, loadPlan, loadShape } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { DuplicateKeyError } from '../common/store'
import { createInput } from './schemas'
import { viewFor, whereLabel } from './views'

/** A report's id: derived from who files it and their request id, so a retry finds the first attempt. */
export function reportId(userId: string, requestId: string): string {
  return `r-${createHash('sha256').update(`${userId}\n${requestId}`).digest('hex').slice(0, 32)}`
}

/** What a retry must repeat exactly to get the stored report back. */
function sameContent(r: ReportFields, f: ReportFields): boolean {
  return (
    r.householdId === f.householdId &&
    r.itemId === f.itemId &&
    r.category === f.category &&
    r.buildingId === f.buildingId &&
    r.unitId === f.unitId &&
    r.spot === f.spot &&
    r.text === f.text &&
    r.photos.length === f.photos.length &&
    r.photos.every((p, i) => p === f.photos[i])
  )
}

function replayed(requestId: string, id: string): AppError {
  return new AppError('REQUEST_REPLAYED', `request ${requestId} was stored as report ${id} with other content`, '这次提交的编号已经用过，但内容不同，没有保存。请刷新页面后重新报修。')
}

/**
 * A resident reports a problem (报事报修) from one of their households: what (an accepted plan item
 * or a category), where (a building of the community, a unit of that building, the exact spot),
 * text and at most 9 photos (their own uploads, images only). Routed by routeReport (contractor
 * under warranty → the utility owning the line → the property manager → the office) and due by the
 * category's due time. Stored as 'submitted' in one insert; the office accepts and assigns it.
 *
 * Idempotent: the report's id comes from the caller and `requestId`; a retry with the same content
 * gets the stored report back, other content under the same request id is REQUEST_REPLAYED.
 * Outcomes: ReportView | ITEM_NOT_ACCEPTED (the item exists but is not accepted: observations are for
 * the works) | NOT_FOUND (household, item not in the plan) | INVALID_INPUT (building/unit, a place
 * outside the item's scope, photos) |
 * FILE_INVALID | FILE_TOO_LARGE | REQUEST_REPLAYED | FORBIDDEN.
 */
export const createReport = action(createInput, async ({ deps, user, input }) => {
  // Membership first, so that nobody learns which households exist by probing ids.
  authorize(user, 'reports.create', { householdId: input.householdId })
  const { requestId, ...fields } = input
  const id = reportId(user._id, requestId)
  const earlier = await deps.store.get<Report>('reports', id)
  if (earlier) {
    if (!sameContent(earlier, fields)) throw replayed(requestId, id)
    return viewFor(deps.store, user, earlier, deps.now())
  }

  const household = await deps.store.get<Household>('households', input.householdId)
  if (!household) throw new AppError('NOT_FOUND', `household ${input.householdId}`, '没有找到这户房屋。')
  const target = await communityTarget(deps.store, household.communityId)
  const communityId = target.community._id
  authorize(user, 'reports.create', { communityId, districtId: target.districtId, householdId: household._id })

  const shape = await loadShape(deps.store, communityId)
  const building = shape.buildings.find((b) => b._id === input.buildingId)
  if (!building) throw new AppError('INVALID_INPUT', `building ${input.buildingId} is not in community ${communityId}`, '选择的楼栋不属于本小区，请重新选择。')
  const unit = input.unitId === null ? null : (shape.units.find((u) => u._id === input.unitId) ?? null)
  if (input.unitId !== null && (!unit || unit.buildingId !== building._id)) {
    throw new AppError('INVALID_INPUT', `unit ${input.unitId} is not a unit of building ${building._id}`, `选择的单元不在${building.number}号楼，请重新选择。`)
  }

  let item: { title: string; warrantyEndsOn: string | null; contractorPartyId: string | null } | null = null
  if (input.itemId !== null) {
    const plan = await loadPlan(deps.store, communityId)
    const edition = plan ? await latestEdition(deps.store, plan) : null
    const planned = plan?.items.find((i) => i._id === input.itemId) ?? edition?.items.find((i) => i._id === input.itemId)
    const progress = plan?.progress[input.itemId]
    if (!plan || !planned || !progress) throw new AppError('NOT_FOUND', `item ${input.itemId} is not in the plan of ${communityId}`, '方案里没有这个项目，请刷新后再试。')
    if (!progress.acceptedAt) {
      throw new AppError('ITEM_NOT_ACCEPTED', `item ${input.itemId} (${progress.status}) has no acceptedAt`, `“${planned.title}”还没有验收，施工期间发现的问题请到“施工监督”里反映。`)
    }
    // The item's warranty covers its own scope: a place elsewhere is not its contractor's to fix.
    const scope = planned.scope
    const scopeUnit = scope.kind === 'unit' ? shape.units.find((u) => u._id === scope.unitId) : undefined
    const outside =
      scope.kind === 'buildings'
        ? !scope.buildingIds.includes(building._id)
        : scope.kind === 'unit'
          ? unit
            ? unit._id !== scope.unitId
            : scopeUnit?.buildingId !== building._id
          : false
    if (outside) {
      throw new AppError(
        'INVALID_INPUT',
        `${whereLabel(building, unit)} is outside the scope of item ${input.itemId}`,
        `“${planned.title}”只涉及${scopeLabel(scope, shape)}，您选的${whereLabel(building, unit)}不在里面。如果问题不是这个项目造成的，请回到第 1 步选“不是改造项目的问题，或者不清楚”。`,
      )
    }
    item = { title: planned.title, warrantyEndsOn: progress.warrantyEndsOn ?? null, contractorPartyId: progress.contractorPartyId ?? null }
  }

  await checkPhotos(deps, user, input.photos)
  const parties = await deps.store.find<Party>('parties', { communityId })
  const now = deps.now()
  const routed = routeReport({ category: input.category, item: item && { itemTitle: item.title, warrantyEndsOn: item.warrantyEndsOn, contractorPartyId: item.contractorPartyId } }, parties, now)
  const at = now.toISOString()
  const report: Report = {
    ...fields,
    _id: id,
    communityId,
    districtId: target.districtId ?? null,
    reporterId: user._id,
    itemTitle: item?.title ?? null,
    whereLabel: whereLabel(building, unit),
    status: 'submitted',
    routed,
    assignee: null,
    assigneePartyId: null,
    dueAt: dueAt(input.category, now),
    meToo: [],
    rating: null,
    history: [{ at, what: 'submit', byUserId: user._id, byLabel: '报修人', from: null, to: 'submitted', note: '' }],
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
  const stored = await deps.store
    .transaction(async (tx) => {
      const raced = await tx.get<Report>('reports', id)
      if (raced) return raced
      await tx.insert('reports', report)
      return report
    })
    .catch(async (e: unknown) => {
      // Two tries of one request at once: the other insert won.
      if (!(e instanceof DuplicateKeyError)) throw e
      const raced = await deps.store.get<Report>('reports', id)
      if (!raced) throw e
      return raced
    })
  if (stored !== report && !sameContent(stored, fields)) throw replayed(requestId, id)
  return viewFor(deps.store, user, stored, now)
})

import { AppError } from '../../src/core/errors'
import { householdToRow, parseRosterRow, rosterContent, type RosterRow } from '../../src/core/roster'
import { recordAudit } from '../common/audit'
import { demoteFormerOwners } from '../common/former-owners'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { loadBuildings, loadHousehold } from './load-household'
import { updateInput } from './schemas'

/**
 * The office corrects one household (floor, exclusive area, owners, 共有/开发商未售/出租). The
 * result is checked exactly like an imported roster row; building, unit and room identify the
 * flat and do not change. The change and its audit entry (before/after) are stored together.
 * Outcomes: household | NOT_FOUND | FORBIDDEN | INVALID_INPUT (with `errors` per column) |
 * CONFLICT (changed since `version`).
 */
export const updateHousehold = action(updateInput, async ({ deps, user, input }) => {
  const before = await loadHousehold(deps.store, input.id)
  const target = await communityTarget(deps.store, before.communityId)
  authorize(user, 'households.update', target)
  if (before.version !== input.version) throw new AppError('CONFLICT', `household ${before._id} is at version ${before.version}, not ${input.version}`)

  const row: RosterRow = householdToRow(before)
  if (input.floor !== undefined) row['楼层'] = input.floor
  if (input.area !== undefined) row['专有面积(㎡)'] = input.area
  if (input.owners !== undefined) {
    row['业主姓名'] = input.owners.map((o) => o.name).join('、')
    row['身份证后四位'] = input.owners.map((o) => o.idTail).join('、')
    row['联系电话'] = input.owners.map((o) => o.phone ?? '').join('、')
  }
  if (input.coOwned !== undefined) row['共有'] = input.coOwned
  if (input.developerUnsold !== undefined) row['开发商未售'] = input.developerUnsold
  if (input.tenantOccupied !== undefined) row['出租'] = input.tenantOccupied
  const now = deps.now()
  const buildings = await loadBuildings(deps.store, before.communityId)
  const parsed = parseRosterRow(row, { communityId: before.communityId, buildings, now }, 0)
  if (!parsed.household) {
    const errors = parsed.errors
    throw new AppError('INVALID_INPUT', errors.map((e) => `${e.column}: ${e.message}`).join('; '), errors[0]?.message, errors)
  }
  const after = { ...parsed.household, _id: before._id, buildingId: before.buildingId, unitId: before.unitId, version: before.version + 1 }
  if (rosterContent(after) === rosterContent(before)) return before

  await deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('households', after, before.version))) {
      throw new AppError('CONFLICT', `household ${before._id} changed while saving`)
    }
    await recordAudit(tx, { id: deps.newId(), communityId: before.communityId, at: now, by: user, action: 'households.update', entity: 'household', entityId: before._id, before, after })
    await demoteFormerOwners(tx, before, after, { by: user, at: now, newId: deps.newId, action: 'households.update' })
  })
  return after
})

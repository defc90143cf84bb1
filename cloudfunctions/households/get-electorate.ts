import { buildingLabel, type Building, type Unit } from '../../src/core/community'
import { electorate } from '../../src/core/electorate'
import { AppError } from '../../src/core/errors'
import { action, authorize } from '../common/router'
import { loadRoster, targetCommunity } from './load-household'
import { electorateInput } from './schemas'

/**
 * The electorate of a scope (the community, one building, one stairwell unit): flats, total
 * exclusive area (centi-m², exact), owner heads and unsold flats, counted per voting-law.md
 * (src/core/electorate.ts). Totals only, no personal data.
 * Outcomes: { scope, label, flats, areaCentiM2, heads, unsoldFlats } | FORBIDDEN | NOT_FOUND.
 */
export const getElectorate = action(electorateInput, async ({ deps, user, input }) => {
  const target = await targetCommunity(deps.store, user, input.communityId)
  authorize(user, 'households.electorate', target)
  const communityId = target.communityId!
  const scope = input.scope
  let label = target.community.name
  if (scope.kind === 'building') {
    const b = await deps.store.get<Building>('buildings', scope.buildingId)
    if (!b || b.communityId !== communityId) throw new AppError('NOT_FOUND', `building ${scope.buildingId} in ${communityId}`, '没有找到这栋楼。')
    label = buildingLabel(b)
  } else if (scope.kind === 'unit') {
    const u = await deps.store.get<Unit>('units', scope.unitId)
    const b = u ? await deps.store.get<Building>('buildings', u.buildingId) : null
    if (!u || !b || u.communityId !== communityId) throw new AppError('NOT_FOUND', `unit ${scope.unitId} in ${communityId}`, '没有找到这个单元。')
    label = `${buildingLabel(b)}${u.number}单元`
  }
  const households = await loadRoster(deps.store, communityId)
  return { scope, label, ...electorate(households, scope) }
})

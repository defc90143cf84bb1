import { AppError } from '../../src/core/errors'
import { PARTY_KIND_LABELS, partyProblems, UTILITY_LINE_LABELS, type Party, type PartyFields } from '../../src/core/parties'
import { recordAudit } from '../common/audit'
import { loadPlan } from '../common/plan-store'
import { action } from '../common/router'
import { DuplicateKeyError } from '../common/store'
import { savePartyInput } from './schemas'
import { partiesOf, worksTarget } from './works-store'

/** A party as the change log shows it (in words). */
function logged(p: PartyFields) {
  return { name: p.name, partyKind: PARTY_KIND_LABELS[p.kind], phone: p.phone || null, lines: p.lines.map((l) => UTILITY_LINE_LABELS[l]) }
}

/**
 * The office records a new party of its community (no id) or changes one (id + the version it was
 * read at). Refused: lines on anything but a utility, a utility without a line (partyProblems), a
 * second party of the same name, and turning an item's contractor into another kind (reports under
 * warranty are routed to it). The party and an audit entry ('parties.save') are written together.
 * Outcomes: Party | INVALID_INPUT | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const saveParty = action(savePartyInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'parties.save')
  const communityId = target.community._id
  const fields: PartyFields = { kind: input.kind, name: input.name, phone: input.phone, lines: input.lines }
  const problems = partyProblems(fields)
  if (problems.length > 0) throw new AppError('INVALID_INPUT', `party: ${problems.join(' ')}`, problems.join(''))

  const parties = await partiesOf(deps.store, communityId)
  const before = input.id === undefined ? null : (parties.find((p) => p._id === input.id) ?? null)
  if (input.id !== undefined) {
    if (!before) throw new AppError('NOT_FOUND', `party ${input.id} is not a party of ${communityId}`, '没有找到这个单位，请刷新后再试。')
    if (input.version === undefined) throw new AppError('INVALID_INPUT', `party ${input.id}: version missing`, '缺少版本号，请刷新后再试。')
    if (before.version !== input.version) throw stale(before._id, input.version)
  }
  if (parties.some((p) => p._id !== input.id && p.name === fields.name)) {
    throw new AppError('INVALID_INPUT', `party name ${fields.name} exists in ${communityId}`, `本小区已经登记了“${fields.name}”，请直接修改它。`)
  }
  if (before && before.kind === 'contractor' && fields.kind !== 'contractor') {
    const plan = await loadPlan(deps.store, communityId)
    const built = plan ? Object.values(plan.progress).filter((p) => p.contractorPartyId === before._id).length : 0
    if (built > 0) {
      throw new AppError('INVALID_INPUT', `party ${before._id} is the contractor of ${built} items`, `“${before.name}”是 ${built} 个项目的施工单位，不能改成别的单位类型。`)
    }
  }

  const now = deps.now()
  const party: Party = before
    ? { ...before, ...fields, version: before.version + 1 }
    : { _id: deps.newId(), communityId, ...fields, createdAt: now.toISOString(), createdBy: user._id, version: 1 }
  return deps.store.transaction(async (tx) => {
    if (before) {
      if (!(await tx.replaceIfVersion('parties', party, before.version))) throw stale(before._id, before.version)
    } else {
      try {
        await tx.insert('parties', party)
      } catch (e) {
        if (e instanceof DuplicateKeyError) throw new AppError('CONFLICT', `party ${party._id} exists`, '这个单位刚被登记过，请刷新后再试。')
        throw e
      }
    }
    await recordAudit(tx, {
      id: deps.newId(),
      communityId,
      at: now,
      by: user,
      action: 'parties.save',
      entity: 'parties',
      entityId: party._id,
      before: before ? logged(before) : null,
      after: logged(party),
    })
    return party
  })
})

function stale(partyId: string, version: number): AppError {
  return new AppError('CONFLICT', `party ${partyId} is no longer at version ${version}`, '这个单位的信息刚被别人修改过，请刷新后再试。')
}

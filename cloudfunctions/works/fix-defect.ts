import type { Acceptance } from '../../src/core/acceptance'
import { AppError } from '../../src/core/errors'
import { recordAudit } from '../common/audit'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { fixDefectInput } from './schemas'

/**
 * The office marks one defect of a "passed with fixes" record as fixed (fixedAt[defect] = now).
 * Only that outcome has fixes to follow; a defect is marked once. Version-checked (the record's
 * version when the caller sends it, and always against the one read); with an audit entry.
 * Outcomes: Acceptance | INVALID_INPUT | CONFLICT | NOT_FOUND | FORBIDDEN.
 */
export const fixDefect = action(fixDefectInput, async ({ deps, user, input }) => {
  const a = await deps.store.get<Acceptance>('acceptances', input.acceptanceId)
  if (!a) throw new AppError('NOT_FOUND', `acceptance ${input.acceptanceId}`, '没有找到这份验收记录，请刷新后再试。')
  const target = await communityTarget(deps.store, a.communityId)
  authorize(user, 'acceptance.fixDefect', target)
  if (a.outcome !== 'passedWithFixes') {
    throw new AppError('INVALID_INPUT', `acceptance ${a._id} is ${a.outcome}`, '只有“验收合格，限期整改”的记录需要逐项标记整改完成。')
  }
  const defect = a.defects[input.defect]
  if (!defect) throw new AppError('INVALID_INPUT', `acceptance ${a._id} has ${a.defects.length} defects, not #${input.defect}`, '验收记录里没有这一项问题，请刷新后再试。')
  if (a.fixedAt[input.defect]) throw new AppError('INVALID_INPUT', `defect ${input.defect} of ${a._id} fixed at ${a.fixedAt[input.defect]}`, '这个问题已经标记为整改完成了。')
  const expected = input.version ?? a.version
  const stale = () => new AppError('CONFLICT', `acceptance ${a._id} is no longer at version ${expected}`, '这份验收记录刚被别人更新过，请刷新后再试。')
  if (a.version !== expected) throw stale()
  const now = deps.now()
  const fixedAt = a.defects.map((_d, i) => (i === input.defect ? now.toISOString() : (a.fixedAt[i] ?? null)))
  const next: Acceptance = { ...a, fixedAt, version: a.version + 1 }
  return deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('acceptances', next, expected))) throw stale()
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: a.communityId,
      at: now,
      by: user,
      action: 'acceptance.fixDefect',
      entity: 'acceptances',
      entityId: a._id,
      before: { item: a.itemTitle, defect: defect.text, fixed: '未整改' },
      after: { item: a.itemTitle, defect: defect.text, fixed: '已整改' },
    })
    return next
  })
})

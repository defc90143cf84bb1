import { formatBindCode, HOUSEHOLD_CODE_DAYS } from '../../src/core/bind-code'
import { householdLabel, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { recordAudit } from '../common/audit'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { DuplicateKeyError, type StoreOps, type Where } from '../common/store'
import { insertNewCode, type BindCodeDoc } from './codes'
import { issueCodesInput } from './schemas'

const DAY = 24 * 3600 * 1000

/**
 * The office prints a sheet of household codes for one building (or the whole community): every
 * household gets a new code valid 30 days, and its earlier unused household codes are revoked
 * (a lost sheet stops working). All in one transaction with one audit entry; the plain codes
 * are returned this once and never stored.
 * Outcomes: [{ householdId, label, buildingNumber, unitNumber, room, code, printed, expiresAt }]
 * sorted by building, unit, floor, room | FORBIDDEN | NOT_FOUND (community, or no such building).
 */
export const issueCodes = action(issueCodesInput, async ({ deps, user, input }) => {
  const communityId = input.communityId ?? user.communityId
  if (!communityId) throw new AppError('INVALID_INPUT', 'communityId is required for this role', '请选择小区。')
  authorize(user, 'members.issueCodes', await communityTarget(deps.store, communityId))
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + HOUSEHOLD_CODE_DAYS * DAY).toISOString()

  return deps.store.transaction(async (tx) => {
    const where: Where = input.buildingNumber === undefined ? { communityId } : { communityId, buildingNumber: input.buildingNumber }
    const households = await tx.find<Household>('households', where, {
      orderBy: [
        { field: 'buildingNumber', direction: 'asc' },
        { field: 'unitNumber', direction: 'asc' },
        { field: 'floor', direction: 'asc' },
        { field: 'room', direction: 'asc' },
      ],
    })
    if (households.length === 0) {
      throw new AppError('NOT_FOUND', `no households in ${communityId} building ${input.buildingNumber ?? '*'}`, '这个楼栋没有登记住户，请先导入名册。')
    }
    // One guard document per building, rewritten by every sheet that covers it: two sheets for
    // the same building at once (a double click) write the same document and cannot both commit,
    // so a flat never ends up with two valid codes.
    for (const b of [...new Set(households.map((h) => h.buildingNumber))]) await bumpSheetGuard(tx, `issue:${communityId}-b${b}`)
    const inScope = new Set(households.map((h) => h._id))
    const open = await tx.find<BindCodeDoc>('bindCodes', { communityId, kind: 'household', usedAt: null, revokedAt: null })
    const revoked = open.filter((c) => inScope.has(c.householdId))
    for (const c of revoked) {
      const next: BindCodeDoc = { ...c, revokedAt: now.toISOString(), version: c.version + 1 }
      if (!(await tx.replaceIfVersion('bindCodes', next, c.version))) throw new AppError('CONFLICT', `code ${c._id} changed meanwhile`, '有绑定码刚被使用，请重新生成。')
    }
    const sheet = []
    for (const h of households) {
      const { code } = await insertNewCode(tx, {
        householdId: h._id,
        communityId,
        kind: 'household',
        issuedBy: user._id,
        issuedAt: now.toISOString(),
        expiresAt,
      })
      sheet.push({
        householdId: h._id,
        label: householdLabel(h),
        buildingNumber: h.buildingNumber,
        unitNumber: h.unitNumber,
        room: h.room,
        code,
        printed: formatBindCode(code),
        expiresAt,
      })
    }
    await recordAudit(tx, {
      id: deps.newId(),
      communityId,
      at: now,
      by: user,
      action: 'members.issueCodes',
      entity: 'bindCodes',
      entityId: input.buildingNumber === undefined ? communityId : `${communityId}-b${input.buildingNumber}`,
      before: { openCodes: revoked.length },
      after: { issued: sheet.length, households: sheet.map((s) => s.householdId), expiresAt },
    })
    return sheet
  })
})

/** The per-building guard (a bindCodes document without code fields, never listed: no `kind`, no `communityId`). */
async function bumpSheetGuard(tx: StoreOps, id: string): Promise<void> {
  const conflict = () => new AppError('CONFLICT', `codes for ${id} are being issued meanwhile`, '这栋楼的绑定码正在生成，请稍后刷新。')
  const guard = await tx.get<{ _id: string; version: number }>('bindCodes', id)
  if (!guard) {
    try {
      await tx.insert('bindCodes', { _id: id, version: 1 })
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw conflict()
      throw e
    }
  } else if (!(await tx.replaceIfVersion('bindCodes', { _id: id, version: guard.version + 1 }, guard.version))) throw conflict()
}

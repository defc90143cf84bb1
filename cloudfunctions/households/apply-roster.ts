import { householdLabel, ids, type Community, type Household, type Unit } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { rosterContent } from '../../src/core/roster'
import type { User } from '../../src/core/roles'
import { recordAudit } from '../common/audit'
import { demoteFormerOwners } from '../common/former-owners'
import { DuplicateKeyError, type StoreOps } from '../common/store'

export interface RosterImportSummary {
  /** New households stored. */
  created: number
  /** Households whose roster content changed (their version went up by one). */
  updated: number
  /** Households in the file exactly as stored: not written at all. */
  unchanged: number
  /** Labels of stored households the file does not list: kept, reported for the office to check. */
  notInFile: string[]
}

/**
 * The core of a roster import, inside the caller's transaction: `households` is a checked roster
 * (parseRoster without errors). Creates missing stairwell units, inserts new households, replaces
 * changed ones (version + 1), leaves unchanged ones untouched, keeps households missing from the
 * file, and keeps the community's household count in step. Every created or changed household
 * gets an audit entry (before/after), and the import one summary entry.
 * The demo seed (server/seed.ts) runs the same function with `audit: null`: loading the invented
 * demo data is nobody's change, so the change log starts empty.
 */
export async function applyRoster(
  tx: StoreOps,
  args: { communityId: string; households: readonly Household[]; at: Date; audit: { by: User; newId: () => string } | null },
): Promise<RosterImportSummary> {
  const { communityId, at } = args
  const community = await tx.get<Community>('communities', communityId)
  if (!community) throw new AppError('NOT_FOUND', `community ${communityId}`)
  const stored = await tx.find<Household>('households', { communityId })
  const storedById = new Map(stored.map((h) => [h._id, h]))
  const units = await tx.find<Unit>('units', { communityId })
  const unitIdOf = new Map(units.map((u) => [`${u.buildingId}|${u.number}`, u._id]))
  const log = args.audit
  const audit = async (action: string, entity: string, entityId: string, before: unknown, after: unknown) => {
    if (log) await recordAudit(tx, { id: log.newId(), communityId, at, by: log.by, action, entity, entityId, before, after })
  }

  const summary: RosterImportSummary = { created: 0, updated: 0, unchanged: 0, notInFile: [] }
  const inFile = new Set<string>()
  for (const parsed of args.households) {
    inFile.add(parsed._id)
    const unitKey = `${parsed.buildingId}|${parsed.unitNumber}`
    let unitId = unitIdOf.get(unitKey)
    if (!unitId) {
      const unit: Unit = { _id: ids.unit(communityId, parsed.buildingNumber, parsed.unitNumber), communityId, buildingId: parsed.buildingId, number: parsed.unitNumber }
      try {
        await tx.insert('units', unit)
      } catch (e) {
        if (e instanceof DuplicateKeyError) throw new AppError('CONFLICT', `unit ${unit._id} was created meanwhile`)
        throw e
      }
      await audit('households.import', 'unit', unit._id, null, unit)
      unitIdOf.set(unitKey, unit._id)
      unitId = unit._id
    }
    const next: Household = { ...parsed, unitId, updatedAt: at.toISOString() }
    const before = storedById.get(parsed._id)
    if (!before) {
      const created = { ...next, version: 1 }
      try {
        await tx.insert('households', created)
      } catch (e) {
        if (e instanceof DuplicateKeyError) throw new AppError('CONFLICT', `household ${created._id} was created meanwhile`)
        throw e
      }
      await audit('households.import', 'household', created._id, null, created)
      summary.created++
    } else if (rosterContent(before) === rosterContent(next)) {
      summary.unchanged++
    } else {
      const updated = { ...next, version: before.version + 1 }
      if (!(await tx.replaceIfVersion('households', updated, before.version))) {
        throw new AppError('CONFLICT', `household ${before._id} changed during the import`)
      }
      await audit('households.import', 'household', updated._id, before, updated)
      if (log) await demoteFormerOwners(tx, before, updated, { by: log.by, at, newId: log.newId, action: 'households.import' })
      summary.updated++
    }
  }
  summary.notInFile = stored.filter((h) => !inFile.has(h._id)).map(householdLabel)

  const householdCount = stored.length + summary.created
  if (community.householdCount !== householdCount) await saveCommunity(tx, { ...community, householdCount })
  await audit('households.import', 'roster', communityId, { householdCount: community.householdCount }, { householdCount, ...summary })
  return summary
}

/** Communities carry no version yet: replace by version if they have one, else remove and re-insert (in the transaction). */
async function saveCommunity(tx: StoreOps, next: Community): Promise<void> {
  const version = (next as Community & { version?: unknown }).version
  if (typeof version === 'number') {
    if (!(await tx.replaceIfVersion('communities', { ...next, version: version + 1 }, version))) {
      throw new AppError('CONFLICT', `community ${next._id} changed during the import`)
    }
    return
  }
  await tx.remove('communities', next._id)
  await tx.insert('communities', next)
}

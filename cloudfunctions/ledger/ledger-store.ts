import type { Community } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { eligibility, type Eligibility } from '../../src/core/ledger'
import { normalizeName } from '../../src/core/ledger-sheet'
import type { PermissionAction } from '../../src/core/permissions'
import type { User } from '../../src/core/roles'
import { authorize } from '../common/router'
import type { StoreOps } from '../common/store'

/**
 * A community as the ledger stores it. Entries written before the ledger function existed (the
 * demo seed, console entries) have no `version`: they count as version 1.
 */
export type LedgerCommunity = Community & { version?: number; updatedAt?: string }

export function versionOf(c: LedgerCommunity): number {
  return typeof c.version === 'number' ? c.version : 1
}

/** What the ledger shows for an entry: the stored community, its version, and whether it is eligible. */
export function view(c: LedgerCommunity): LedgerCommunity & { version: number; eligibility: Eligibility } {
  return { ...c, version: versionOf(c), eligibility: eligibility(c) }
}

/**
 * Whose ledger a call is about, checked against the table: a district officer's own district
 * (naming another is refused), or the district an admin names (none = all districts, where allowed).
 */
export function ledgerDistrict(user: User, what: PermissionAction, districtId: string | undefined): string | undefined {
  const scope = user.role === 'district' ? (districtId ?? user.districtId) : districtId
  authorize(user, what, scope ? { districtId: scope } : {})
  return scope
}

/**
 * Replaces a stored community inside a transaction, unless it moved on from `current`.
 * An entry without a version field cannot go through replaceIfVersion (it matches on the
 * field), so it is replaced by remove + insert, atomic within the same transaction.
 */
export async function saveCommunity(tx: StoreOps, current: LedgerCommunity, next: LedgerCommunity & { version: number }): Promise<void> {
  if (typeof current.version === 'number') {
    if (!(await tx.replaceIfVersion('communities', next, current.version))) {
      throw new AppError('CONFLICT', `community ${current._id} is no longer at version ${current.version}`)
    }
    return
  }
  if (!(await tx.remove('communities', current._id))) throw new AppError('CONFLICT', `community ${current._id} was removed meanwhile`)
  await tx.insert('communities', next)
}

/** Refuses a name another community of the same district already has (names compare without spaces). */
export async function checkNameFree(tx: StoreOps, districtId: string, name: string, selfId: string): Promise<void> {
  const others = await tx.find<LedgerCommunity>('communities', { districtId })
  const clash = others.find((c) => c._id !== selfId && normalizeName(c.name) === normalizeName(name))
  if (clash) throw new AppError('INVALID_INPUT', `community ${clash._id} is already named ${clash.name}`, `本区已有名为“${clash.name}”的小区，请换一个名称。`)
}

/** Communities in ledger order: by street, then by name (pinyin order of the Chinese). */
export function byStreetAndName(a: Community, b: Community): number {
  return a.street.localeCompare(b.street, 'zh-Hans-CN') || a.name.localeCompare(b.name, 'zh-Hans-CN') || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)
}

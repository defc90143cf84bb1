import type { Acceptance } from '../../src/core/acceptance'
import type { Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { PARTY_KIND_LABELS, PARTY_KINDS, type Party, type PartyKind } from '../../src/core/parties'
import type { PermissionAction } from '../../src/core/permissions'
import { scopeLabel, type CommunityShape, type ItemProgress, type Plan, type PlanEdition, type PlanItem, type Scope } from '../../src/core/plan'
import type { User } from '../../src/core/roles'
import { observationRefusal, type Observation, type Supervisor, type SupervisionTarget } from '../../src/core/works'
import type { ObservationView, SupervisorView, WorksItem } from '../../src/core/works-view'
import { latestEdition, loadPlan, targetCommunity } from '../common/plan-store'
import { authorize } from '../common/router'
import type { StoreOps } from '../common/store'

/**
 * Loading and showing what the `works` use cases share: the caller's community, the published plan
 * and its items, parties, supervisors and observations as the pages see them.
 */

/** Reads at most this many of a kind per community (a community has tens of items, hundreds of observations). */
export const READ_MAX = 2000

/** The community acted on (the caller's own; district officers name it) once `permission` allows it. */
export async function worksTarget(store: StoreOps, user: User, communityId: string | undefined, permission: PermissionAction) {
  const target = await targetCommunity(store, user, communityId)
  authorize(user, permission, target)
  return target
}

export interface Published {
  plan: Plan
  edition: PlanEdition
}

/** The community's plan and its newest published edition, or PLAN_NOT_PUBLISHED. */
export async function requirePublished(store: StoreOps, communityId: string): Promise<Published> {
  const plan = await loadPlan(store, communityId)
  const edition = plan ? await latestEdition(store, plan) : null
  if (!plan || !edition) throw new AppError('PLAN_NOT_PUBLISHED', `community ${communityId} has no published plan`, '本小区的改造方案还没有发布。')
  return { plan, edition }
}

/** An item of the published edition with its progress, or NOT_FOUND. */
export function requireItem(p: Published, itemId: string): { item: PlanItem; progress: ItemProgress } {
  const item = p.edition.items.find((i) => i._id === itemId)
  const progress = p.plan.progress[itemId]
  if (!item || !progress) throw new AppError('NOT_FOUND', `item ${itemId} is not in edition ${p.edition.edition} of ${p.plan._id}`, '方案里没有这个项目，请刷新后再试。')
  return { item, progress }
}

/** Items the works concern: chosen for them, under way or finished (accepted ones included). */
export function inWorks(progress: Pick<ItemProgress, 'status'> | undefined): boolean {
  return progress?.status === 'chosen' || progress?.status === 'works' || progress?.status === 'done'
}

/** The buildings an item's scope covers (the whole community: every building). */
export function scopeBuildings(scope: Scope, shape: CommunityShape): string[] {
  if (scope.kind === 'community') return shape.buildings.map((b) => b._id)
  if (scope.kind === 'buildings') return scope.buildingIds
  const unit = shape.units.find((u) => u._id === scope.unitId)
  return unit ? [unit.buildingId] : []
}

/** Whether a supervisor watches over an item (its own target, or a building the item touches). */
export function watches(s: Pick<Supervisor, 'target'>, itemId: string, buildings: readonly string[]): boolean {
  return s.target.kind === 'item' ? s.target.itemId === itemId : buildings.includes(s.target.buildingId)
}

export function partiesOf(store: StoreOps, communityId: string): Promise<Party[]> {
  return store.find<Party>('parties', { communityId }, { limit: 500 })
}

/** Parties by kind (contractors first, as PARTY_KINDS lists them), then by when they were recorded. */
export function sortParties(parties: Party[]): Party[] {
  const order = (k: PartyKind) => PARTY_KINDS.indexOf(k)
  return [...parties].sort((a, b) => order(a.kind) - order(b.kind) || a.createdAt.localeCompare(b.createdAt) || a._id.localeCompare(b._id))
}

/** A party of the community of the given kind, or INVALID_INPUT saying what is wrong. */
export function requireParty(parties: readonly Party[], partyId: string, kind: PartyKind, what: string): Party {
  const party = parties.find((p) => p._id === partyId)
  if (!party) throw new AppError('INVALID_INPUT', `party ${partyId} is not a party of this community`, `${what}不是本小区登记的单位，请先在“参建单位”里登记。`)
  if (party.kind !== kind) {
    throw new AppError('INVALID_INPUT', `party ${partyId} is a ${party.kind}, not a ${kind}`, `${what}应是${PARTY_KIND_LABELS[kind]}，“${party.name}”登记的是${PARTY_KIND_LABELS[party.kind]}。`)
  }
  return party
}

export function activeSupervisors(store: StoreOps, communityId: string): Promise<Supervisor[]> {
  return store.find<Supervisor>('supervisors', { communityId, endedAt: null }, { orderBy: [{ field: 'since', direction: 'asc' }], limit: READ_MAX })
}

export function planAcceptances(store: StoreOps, planId: string, itemId?: string): Promise<Acceptance[]> {
  return store.find<Acceptance>('acceptances', itemId === undefined ? { planId } : { planId, itemId }, { orderBy: [{ field: 'attempt', direction: 'asc' }], limit: READ_MAX })
}

export function itemObservations(store: StoreOps, planId: string, itemId?: string): Promise<Observation[]> {
  return store.find<Observation>('observations', itemId === undefined ? { planId } : { planId, itemId }, { orderBy: [{ field: 'at', direction: 'desc' }], limit: READ_MAX })
}

export interface ItemFacts {
  shape: CommunityShape
  parties: readonly Party[]
  /** The item's acceptance attempts, oldest first. */
  attempts: readonly Acceptance[]
  /** The item's observations. */
  observations: readonly Observation[]
  /** The community's active supervisors. */
  supervisors: readonly Supervisor[]
}

export function worksItem(item: PlanItem, progress: ItemProgress, f: ItemFacts): WorksItem {
  const buildings = scopeBuildings(item.scope, f.shape)
  const contractorPartyId = progress.contractorPartyId ?? null
  const last = f.attempts[f.attempts.length - 1]
  return {
    itemId: item._id,
    title: item.title,
    scopeLabel: scopeLabel(item.scope, f.shape),
    status: progress.status,
    observable: observationRefusal(progress) === null,
    acceptedAt: progress.acceptedAt ?? null,
    warrantyEndsOn: progress.warrantyEndsOn ?? null,
    contractorPartyId,
    contractorName: contractorPartyId ? (f.parties.find((p) => p._id === contractorPartyId)?.name ?? null) : null,
    lastOutcome: last ? last.outcome : null,
    observations: f.observations.length,
    unanswered: f.observations.filter((o) => o.answers.length === 0).length,
    // People, not records: someone watching both the item and its building counts once.
    supervisors: new Set(f.supervisors.filter((s) => watches(s, item._id, buildings)).map((s) => s.userId)).size,
  }
}

/** One item as WorksItem, its facts read from the store (after a change to it). */
export async function loadWorksItem(store: StoreOps, p: Published, itemId: string, shape: CommunityShape): Promise<WorksItem> {
  const { item, progress } = requireItem(p, itemId)
  const [parties, attempts, observations, supervisors] = await Promise.all([
    partiesOf(store, p.plan.communityId),
    planAcceptances(store, p.plan._id, itemId),
    itemObservations(store, p.plan._id, itemId),
    activeSupervisors(store, p.plan.communityId),
  ])
  return worksItem(item, progress, { shape, parties, attempts, observations, supervisors })
}

/** "3号楼" for a building target, the item's title for an item. */
export function targetLabel(t: SupervisionTarget, items: readonly Pick<PlanItem, '_id' | 'title'>[], shape: CommunityShape): string {
  if (t.kind === 'item') return items.find((i) => i._id === t.itemId)?.title ?? '（已不在方案里的项目）'
  const b = shape.buildings.find((x) => x._id === t.buildingId)
  return b ? `${b.number}号楼` : '（未知楼栋）'
}

export function supervisorView(s: Supervisor, viewerId: string, label: string): SupervisorView {
  return { _id: s._id, displayName: s.displayName, target: s.target, since: s.since, version: s.version, targetLabel: label, mine: s.userId === viewerId }
}

export function observationView(o: Observation, viewerId: string, itemTitle: string): ObservationView {
  const { authorId, ...shown } = o
  return { ...shown, mine: authorId === viewerId, itemTitle }
}

/**
 * How an observation's author is shown: "社区" for the office; "监督员 <称呼>" for a supervisor of
 * the item or of the building it concerns; otherwise "居民（3号楼）" (the building of their home in
 * the community, never the flat or the name), or "居民" when they have none.
 */
export async function authorLabel(
  store: StoreOps,
  user: User,
  at: { communityId: string; itemId: string; buildingId: string | null; buildings: readonly string[] },
): Promise<{ label: string; bySupervisor: boolean }> {
  if (user.role === 'office') return { label: '社区', bySupervisor: false }
  const mine = await store.find<Supervisor>('supervisors', { communityId: at.communityId, userId: user._id, endedAt: null }, { limit: 100 })
  const where = at.buildingId !== null ? [at.buildingId] : at.buildings
  const supervising = mine.find((s) => watches(s, at.itemId, where))
  if (supervising) return { label: `监督员 ${supervising.displayName}`, bySupervisor: true }
  const homes = (user.memberships ?? []).filter((m) => m.communityId === at.communityId)
  const households = (await Promise.all(homes.map((m) => store.get<Household>('households', m.householdId)))).filter((h): h is Household => h !== null)
  const home = households.find((h) => h.buildingId === at.buildingId) ?? households[0]
  return { label: home ? `居民（${home.buildingNumber}号楼）` : '居民', bySupervisor: false }
}

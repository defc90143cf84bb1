import { householdLabel, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { can, type PermissionAction, type Target } from '../../src/core/permissions'
import { isOverdue, REPORT_STEP_KEYS, REPORT_STEPS, type Report, type ReportStatus, type ReportStep, type StepActor } from '../../src/core/reports'
import type { StoredUser, User } from '../../src/core/roles'
import type { ReportSummary, ReportView } from '../../src/core/works-view'
import type { StoreOps } from '../common/store'

/** "3号楼2单元", or "3号楼" when no unit is named. */
export function whereLabel(building: { number: number }, unit: { number: number } | null): string {
  return unit ? `${building.number}号楼${unit.number}单元` : `${building.number}号楼`
}

export async function loadReport(store: StoreOps, id: string): Promise<Report> {
  const r = await store.get<Report>('reports', id)
  if (!r) throw new AppError('NOT_FOUND', `report ${id}`, '没有找到这张报修单，请刷新后再试。')
  return r
}

export function staleReport(id: string, version: number): AppError {
  return new AppError('CONFLICT', `report ${id} is no longer at version ${version}`, '这张报修单刚被别人处理过，请刷新后再试。')
}

/** The permission target of a report: its community, district and the party it is assigned to. */
export function reportTarget(r: Pick<Report, 'communityId' | 'districtId' | 'assigneePartyId'>): Target {
  const t: Target = { communityId: r.communityId }
  if (r.districtId) t.districtId = r.districtId
  if (r.assigneePartyId) t.partyId = r.assigneePartyId
  return t
}

/**
 * Who the caller is to this report (the one place of the rule): the office of its community, staff
 * of the party it is assigned to now, its reporter.
 */
export function actorsOf(user: User, r: Pick<Report, 'communityId' | 'assigneePartyId' | 'reporterId'>): StepActor[] {
  const actors: StepActor[] = []
  if (user.role === 'office' && !!user.communityId && user.communityId === r.communityId) actors.push('office')
  if (user.role === 'party' && !!user.partyId && user.communityId === r.communityId && r.assigneePartyId !== null && user.partyId === r.assigneePartyId) actors.push('assignee')
  if (user._id === r.reporterId) actors.push('reporter')
  return actors
}

/** May the caller take `step` on this report (the permission table and the step's actors; not the status)? */
export function mayTake(user: User, r: Report, step: ReportStep): boolean {
  const actors = actorsOf(user, r)
  return can(user, `reports.${step}` as PermissionAction, reportTarget(r)) && (REPORT_STEPS[step].by as readonly StepActor[]).some((a) => actors.includes(a))
}

/** The steps the caller may take now (status and actor): the page's buttons. */
export function stepsFor(user: User, r: Report): ReportStep[] {
  return REPORT_STEP_KEYS.filter((s) => (REPORT_STEPS[s].from as readonly ReportStatus[]).includes(r.status) && mayTake(user, r, s))
}

/** Why the caller may not take `step`, in words they understand. */
export function stepRefusal(user: User, r: Report, step: ReportStep): AppError {
  const detail = `${user.role} ${user._id} may not ${step} report ${r._id} (actors: ${actorsOf(user, r).join(',') || 'none'}; step by ${REPORT_STEPS[step].by.join('|')})`
  let message: string
  if (step === 'confirm') message = '只有报修人本人可以确认维修结果。'
  else if (step === 'reopen') message = '只有报修人本人可以退回这张报修单。'
  else if (user.role === 'party' && !actorsOf(user, r).includes('assignee')) message = '这张报修单不是派给贵单位的，不能处理。'
  else if (step === 'accept' || step === 'assign') message = '只有本社区的工作人员可以受理和派单。'
  else message = '只有本社区的工作人员或接单的维修单位可以办理这一步。'
  return new AppError('FORBIDDEN', detail, message)
}

/** The reporter and the office see everything; anyone else sees neither the household nor residents' user ids. */
function seesReporter(user: User, r: Report): boolean {
  return user._id === r.reporterId || actorsOf(user, r).includes('office')
}

/**
 * A report as the caller sees it. `officeLabel`: the reporter's name and flat, for the office
 * (viewFor loads it).
 */
export function reportView(r: Report, user: User, now: Date, officeLabel?: string): ReportView {
  const { reporterId, meToo, ...rest } = r
  const mine = reporterId === user._id
  const full = seesReporter(user, r)
  const residents = new Set([reporterId, ...meToo])
  const reporterLabel = mine
    ? '我'
    : actorsOf(user, r).includes('office')
      ? (officeLabel ?? '居民')
      : user.role === 'resident' || user.role === 'visitor'
        ? '居民'
        : `居民（${r.whereLabel}）`
  return {
    ...rest,
    householdId: full ? r.householdId : '',
    history: full ? r.history : r.history.map((e) => (residents.has(e.byUserId) ? { ...e, byUserId: '' } : e)),
    reporterLabel,
    mine,
    joined: meToo.includes(user._id),
    meTooCount: meToo.length,
    overdue: isOverdue(r, now),
    canDo: stepsFor(user, r),
  }
}

/** reportView with the reporter's name and flat loaded when the caller is the office. */
export async function viewFor(store: StoreOps, user: User, r: Report, now: Date): Promise<ReportView> {
  if (!actorsOf(user, r).includes('office') || user._id === r.reporterId) return reportView(r, user, now)
  const [reporter, household] = await Promise.all([store.get<StoredUser>('users', r.reporterId), store.get<Household>('households', r.householdId)])
  const name = reporter?.name ?? '居民'
  return reportView(r, user, now, household ? `${name}（${householdLabel(household)}）` : name)
}

/** One line of a list. */
export function reportSummary(r: Report, user: User, now: Date): ReportSummary {
  return {
    _id: r._id,
    communityId: r.communityId,
    category: r.category,
    itemTitle: r.itemTitle,
    whereLabel: r.whereLabel,
    spot: r.spot,
    text: r.text,
    status: r.status,
    assignee: r.assignee,
    dueAt: r.dueAt,
    overdue: isOverdue(r, now),
    meTooCount: r.meToo.length,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    rating: r.rating,
    mine: r.reporterId === user._id,
    joined: r.meToo.includes(user._id),
  }
}

/** Newest first (ties: by id, so lists are stable). */
export function newestFirst(a: Pick<Report, 'createdAt' | '_id'>, b: Pick<Report, 'createdAt' | '_id'>): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a._id < b._id ? 1 : a._id > b._id ? -1 : 0
}

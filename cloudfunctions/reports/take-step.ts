import { AppError } from '../../src/core/errors'
import type { Party } from '../../src/core/parties'
import { dueAt, nextStatus, type Assignee, type Report, type ReportEvent, type ReportStep } from '../../src/core/reports'
import type { User } from '../../src/core/roles'
import type { NotificationDoc } from '../feedback/views'
import { action, type Deps } from '../common/router'
import { stepInput, type StepInput } from './schemas'
import { actorsOf, loadReport, mayTake, staleReport, stepRefusal, viewFor } from './views'

/** Kinds of party a report may be assigned to (those who repair). */
const REPAIRERS: readonly Party['kind'][] = ['contractor', 'utility', 'property']

/** The first 60 characters of a text (a notification's body). */
function excerpt(text: string, max = 60): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`
}

/** How the history shows who took a step. */
function byLabel(user: User, r: Report): string {
  const actors = actorsOf(user, r)
  if (actors.includes('office')) return `社区 ${user.name}`
  if (actors.includes('assignee')) return r.assignee?.name ?? '维修单位'
  return '报修人'
}

/** assign: the party chosen (or the office itself), with why when it is not what the rule said. */
async function assigneeFor(deps: Deps, r: Report, input: StepInput): Promise<Assignee> {
  if (input.partyId === undefined) throw new AppError('INVALID_INPUT', 'assign needs partyId (a party id, or null for the office)', '请选择派给哪个单位（或由社区自己处理）。')
  const note = input.note ?? ''
  const reason = (partyId: string | null) => (partyId === r.routed.partyId ? r.routed.reason : note ? `社区改派：${note}` : '社区改派。')
  if (input.partyId === null) return { kind: 'office', partyId: null, name: '社区', reason: reason(null) }
  const party = await deps.store.get<Party>('parties', input.partyId)
  if (!party || party.communityId !== r.communityId) throw new AppError('NOT_FOUND', `party ${input.partyId} is not a party of ${r.communityId}`, '没有找到这个单位，请刷新后再试。')
  if (!REPAIRERS.includes(party.kind)) throw new AppError('INVALID_INPUT', `party ${party._id} is a ${party.kind}`, '报修单只能派给施工单位、管线单位或物业服务企业。')
  return { kind: party.kind as Assignee['kind'], partyId: party._id, name: party.name, reason: reason(party._id) }
}

/**
 * One step of a report's status machine (src/core/reports.ts REPORT_STEPS), registered as its own
 * action per step. Checks, in this order: the caller may take the step — the permission table
 * ('reports.<step>' on the report's community and assigned party) and the step's actors (the
 * office, the party it is assigned to now, the reporter) — else FORBIDDEN saying who may; the
 * version the page saw (CONFLICT); the status (STATUS_JUMP); the step's own input (assign: partyId,
 * confirm: rating, reopen: why). Then one replaceIfVersion of the report with the step appended to
 * its history; `resolve` also notifies the reporter and everyone who said "me too" (in-app
 * notifications, same transaction). Nothing else is written.
 * Outcomes: ReportView | FORBIDDEN | CONFLICT | STATUS_JUMP | INVALID_INPUT | NOT_FOUND.
 */
export function takeStep(step: ReportStep) {
  return action(stepInput, async ({ deps, user, input }) => {
    const r = await loadReport(deps.store, input.reportId)
    if (!mayTake(user, r, step)) throw stepRefusal(user, r, step)
    if (r.version !== input.version) throw staleReport(r._id, input.version)
    const to = nextStatus(r.status, step)
    const now = deps.now()
    const at = now.toISOString()
    const note = input.note ?? ''

    let next: Report = { ...r, status: to, version: r.version + 1, updatedAt: at }
    const event: ReportEvent = { at, what: step, byUserId: user._id, byLabel: byLabel(user, r), from: r.status, to, note }
    if (step === 'assign') {
      const assignee = await assigneeFor(deps, r, input)
      next = { ...next, assignee, assigneePartyId: assignee.partyId }
      event.assignee = assignee
    }
    if (step === 'confirm') {
      if (!input.rating) throw new AppError('INVALID_INPUT', 'confirm needs a rating', '请给维修结果打分（1 到 5 颗星）。')
      next = { ...next, rating: input.rating }
    }
    if (step === 'reopen') {
      if (!note) throw new AppError('INVALID_INPUT', 'reopen needs a note', '请写明哪里还没修好，方便维修单位再来处理。')
      next = { ...next, dueAt: dueAt(r.category, now) }
    }
    next = { ...next, history: [...r.history, event] }

    const notifications: NotificationDoc[] =
      step === 'resolve'
        ? [r.reporterId, ...r.meToo.filter((u) => u !== r.reporterId)].map((userId) => ({
            _id: deps.newId(),
            userId,
            communityId: r.communityId,
            title: userId === r.reporterId ? '您报修的问题已修好，请确认' : '您也遇到的问题已修好',
            body: excerpt(`${r.whereLabel} ${r.spot}：${r.text}`),
            feedbackId: null,
            reportId: r._id,
            at,
            readAt: null,
          }))
        : []
    await deps.store.transaction(async (tx) => {
      if (!(await tx.replaceIfVersion('reports', next, r.version))) throw staleReport(r._id, r.version)
      for (const n of notifications) await tx.insert('notifications', n)
    })
    return viewFor(deps.store, user, next, now)
  })
}

import type { DoorKnockRow } from '../../src/core/ballot-view'
import { householdLabel } from '../../src/core/community'
import { inScope } from '../../src/core/plan'
import { maskName, maskPhone } from '../../src/core/privacy'
import { headVotes } from '../../src/core/tally'
import { chinaDate } from '../../src/core/time'
import { writeSheet } from '../common/excel'
import { loadHouseholds } from '../common/plan-store'
import { action, authorize } from '../common/router'
import { decisionVotes } from './count'
import { hideDraft, loadBallot, loadRoster, loadVotes } from './load-ballot'
import { doorKnockInput } from './schemas'

export const DOOR_KNOCK_COLUMNS = ['楼栋', '单元', '房号', '未回答的问题数', '业主（已打码）', '联系电话（已打码）'] as const

const byRoom = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true })

/**
 * The office's door-knock list: every flat on the ballot's roster that is in the scope of at least
 * one question and has not answered all of its questions (an owners' decision counts as answered
 * once the flat's owner head has a standing vote, e.g. given through the owner's other flat; a
 * survey only by the flat's own answer), by building, unit and room, with the
 * owners' names and a phone masked (src/core/privacy.ts); or the same as an .xlsx.
 * Outcomes: { rows } | { fileName, fileBase64 } | BALLOT_NOT_OPEN (a draft) | NOT_FOUND | FORBIDDEN.
 */
export const doorKnock = action(doorKnockInput, async ({ deps, user, input }) => {
  const { ballot, target } = await loadBallot(deps.store, user, input.ballotId)
  authorize(user, 'ballots.doorKnock', target)
  hideDraft(ballot, user)
  const roster = await loadRoster(deps.store, ballot)
  const [votes, households] = await Promise.all([loadVotes(deps.store, ballot._id), loadHouseholds(deps.store, ballot.communityId)])
  const answered = new Map(votes.map((v) => [v.householdId, v.answers]))
  // An owners' decision is answered for every flat of a head that has a standing vote (one vote
  // covers all of an owner's flats in the question's scope): the heads as the count forms them.
  const decided = new Map<string, Set<string>>()
  for (const q of ballot.questions) {
    if (q.kind !== 'decision') continue
    decided.set(q._id, new Set(headVotes(roster.flats, q.scope, decisionVotes(votes, q._id)).flatMap(({ head, vote }) => (vote ? head.householdIds : []))))
  }
  const live = new Map(households.map((h) => [h._id, h]))
  const rows: (DoorKnockRow & { room: string })[] = []
  for (const flat of roster.flats) {
    const mine = ballot.questions.filter((q) => inScope(q.scope, flat))
    if (mine.length === 0) continue
    const answers = answered.get(flat._id) ?? {}
    // Surveys stay per household.
    const missing = mine.filter((q) => !(q.kind === 'decision' ? decided.get(q._id)!.has(flat._id) : answers[q._id])).length
    if (missing === 0) continue
    const h = live.get(flat._id)
    const owners = h?.developerUnsold ? '开发商未售' : (h?.owners ?? []).map((o) => maskName(o.name)).join('、')
    const phone = h?.owners.find((o) => o.phone)?.phone
    rows.push({
      householdId: flat._id,
      label: householdLabel(flat),
      buildingNumber: flat.buildingNumber,
      unitNumber: flat.unitNumber,
      room: flat.room,
      missing,
      owners,
      phone: phone ? maskPhone(phone) : '',
    })
  }
  rows.sort((a, b) => a.buildingNumber - b.buildingNumber || a.unitNumber - b.unitNumber || byRoom(a.room, b.room))
  if (input.format === 'xlsx') {
    const sheet = rows.map((r) => [`${r.buildingNumber}号楼`, `${r.unitNumber}单元`, r.room, r.missing, r.owners, r.phone])
    const buffer = await writeSheet(DOOR_KNOCK_COLUMNS, sheet, '上门走访名单')
    const day = chinaDate(deps.now()).replace(/-/g, '')
    return { fileName: `${ballot.title.replace(/[\\/:*?"<>|]/g, '_')}-上门走访名单-${day}.xlsx`, fileBase64: buffer.toString('base64') }
  }
  return { rows: rows.map(({ room: _room, ...row }) => row) }
})

import type { Answer, Question, VoteChoice } from '@/core/ballot'
import type { Household } from '@/core/community'
import { householdsApi } from '@/services/households'

/** What the form holds for one question while the office copies a paper ballot. */
export interface DraftAnswer {
  choice?: VoteChoice
  picks?: (number | string)[]
  text?: string
}

/** The answer to send, or null when the paper leaves the question blank. */
export function toAnswer(q: Question, d: DraftAnswer | undefined): Answer | null {
  if (!d) return null
  if (q.kind === 'decision' || q.kind === 'yesno') return d.choice ? { questionId: q._id, choice: d.choice } : null
  if (q.kind === 'text') return d.text && d.text.trim() ? { questionId: q._id, text: d.text.trim() } : null
  return d.picks && d.picks.length > 0 ? { questionId: q._id, picks: [...d.picks] } : null
}

/** 楼号 / 单元 / 房号 as typed (full-width digits and "号楼" tolerated). */
export interface FlatAddress {
  building: string
  unit: string
  room: string
}

const digits = (s: string) => s.normalize('NFKC').replace(/[^0-9A-Za-z]/g, '')

/**
 * Finds the flat the office typed in the roster (households.list by building and unit, then the
 * exact room), and loads it whole (its building and unit decide which questions it answers).
 * Returns a Chinese message when it is not there.
 */
export async function findFlat(address: FlatAddress): Promise<Household | string> {
  const building = Number(digits(address.building))
  const unit = Number(digits(address.unit))
  const room = digits(address.room)
  if (!Number.isInteger(building) || building < 1 || !Number.isInteger(unit) || unit < 1 || !room) return '请填写楼号、单元和房号（例如 1 号楼 1 单元 302）。'
  const { items } = await householdsApi.list({ buildingNumber: building, unitNumber: unit, q: room, limit: 100 })
  const hit = items.find((h) => h.room === room)
  if (!hit) return `名册里没有 ${building}号楼${unit}单元${room}，请核对。`
  return householdsApi.get(hit._id)
}

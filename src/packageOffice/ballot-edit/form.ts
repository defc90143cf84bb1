import * as z from 'zod/mini'
import { questionSchema, QUESTIONS_MAX, type Ballot, type Question } from '@/core/ballot'
import type { Scope } from '@/core/plan'
import type { ItemView } from '@/core/plan-view'
import { chinaDate, CHINA_OFFSET_MINUTES, isValidDate } from '@/core/time'
import type { BallotDraft } from '@/services/ballots'

/** The ballot form as the office types it: dates and times in China time. */
export interface BallotForm {
  title: string
  opensDate: string
  opensTime: string
  closesDate: string
  closesTime: string
  showRunningConsent: boolean
  questions: Question[]
}

export const BALLOT_TITLE_MAX = 60
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

/** "08:00" in China at an instant. */
export function chinaTime(instant: string | Date): string {
  return new Date(new Date(instant).getTime() + CHINA_OFFSET_MINUTES * 60_000).toISOString().slice(11, 16)
}

/** The instant (ISO) of a China date and time, or null when either is not real. */
export function chinaInstant(date: string, time: string): string | null {
  const d = date.trim()
  const t = time.trim().replace('：', ':')
  if (!isValidDate(d) || !TIME.test(t)) return null
  return new Date(`${d}T${t}:00+08:00`).toISOString()
}

/** A new ballot: opens tomorrow at 08:00 and closes 14 days later at 20:00 (China time). */
export function emptyForm(now: Date): BallotForm {
  const day = 24 * 3600 * 1000
  return {
    title: '',
    opensDate: chinaDate(new Date(now.getTime() + day)),
    opensTime: '08:00',
    closesDate: chinaDate(new Date(now.getTime() + 15 * day)),
    closesTime: '20:00',
    showRunningConsent: false,
    questions: [],
  }
}

export function formFromBallot(b: Ballot): BallotForm {
  return {
    title: b.title,
    opensDate: chinaDate(b.opensAt),
    opensTime: chinaTime(b.opensAt),
    closesDate: chinaDate(b.closesAt),
    closesTime: chinaTime(b.closesAt),
    showRunningConsent: b.showRunningConsent,
    questions: b.questions,
  }
}

/** What the `ballots` function takes, or the first problem in Chinese. */
export function toDraft(form: BallotForm): { draft: BallotDraft } | { error: string } {
  const title = form.title.trim()
  if (!title) return { error: '请填写投票的名称。' }
  if (title.length > BALLOT_TITLE_MAX) return { error: `投票名称不能超过 ${BALLOT_TITLE_MAX} 个字。` }
  const opensAt = chinaInstant(form.opensDate, form.opensTime)
  if (!opensAt) return { error: '开始时间请按“2026-12-01”和“08:00”的格式填写。' }
  const closesAt = chinaInstant(form.closesDate, form.closesTime)
  if (!closesAt) return { error: '截止时间请按“2026-12-15”和“20:00”的格式填写。' }
  if (closesAt <= opensAt) return { error: '截止时间要晚于开始时间。' }
  if (form.questions.length === 0) return { error: '请至少添加一个问题。' }
  if (form.questions.length > QUESTIONS_MAX) return { error: `一次投票最多 ${QUESTIONS_MAX} 个问题。` }
  return { draft: { title, opensAt, closesAt, showRunningConsent: form.showRunningConsent, questions: form.questions } }
}

/** A question id made on the client (the function keeps it). */
export function newQuestionId(): string {
  return `q-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

/** Checks a question with the shared schema; the question or the first problem in Chinese. */
export function checkQuestion(q: unknown): { question: Question } | { error: string } {
  const parsed = z.safeParse(questionSchema, q)
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? '问题填写有误。' }
  return { question: parsed.data }
}

/** Plan items that need an owners' decision (ordinary or major). */
export function decisionItems(items: readonly ItemView[]): ItemView[] {
  return items.filter((i) => i.decisionKind === 'ordinary' || i.decisionKind === 'major')
}

/** The owners' decision on a plan item: its scope and decision kind come from the item. */
export function decisionQuestion(item: ItemView, id = newQuestionId()): Question {
  if (item.decisionKind === 'survey') throw new Error(`item ${item._id} is decided by survey`)
  return { kind: 'decision', _id: id, title: `是否同意实施“${item.title}”`, scope: item.scope, itemId: item._id, decisionKind: item.decisionKind }
}

/** Options typed one per line: trimmed, empty lines dropped. */
export function optionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
}

/** "3" → 3; null when not a whole number from 1 to max. */
export function parsePicks(text: string, max: number): number | null {
  const t = text.trim()
  if (!/^\d{1,3}$/.test(t)) return null
  const n = Number(t)
  return n >= 1 && n <= max ? n : null
}

export type ScopeForm = { kind: Scope['kind']; buildingIds: string[]; unitId: string }

export function scopeOf(f: ScopeForm): Scope | string {
  if (f.kind === 'community') return { kind: 'community' }
  if (f.kind === 'buildings') return f.buildingIds.length ? { kind: 'buildings', buildingIds: f.buildingIds } : '请至少选择一栋楼。'
  return f.unitId ? { kind: 'unit', unitId: f.unitId } : '请选择一个单元。'
}

/** Moves a question up (-1) or down (+1); unchanged at the ends. */
export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by
  if (to < 0 || to >= list.length) return [...list]
  const next = [...list]
  ;[next[index], next[to]] = [next[to], next[index]]
  return next
}

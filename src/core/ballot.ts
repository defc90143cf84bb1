import * as z from 'zod/mini'
import { AppError } from './errors'
import { scopeSchema, type Scope } from './plan'

/**
 * Ballots (issue 5): an office opens one on a plan with a set of questions, each with its own
 * scope — the whole community decides greening, building 3 its roof, unit 3-2 its elevator.
 *
 * Question kinds:
 * - `decision`: an owners' decision (业主共同决定) on a plan item, ordinary or major; owners (or
 *   their proxies) only; yes / no / abstain; counted by src/core/tally.ts with Art.278.
 * - `yesno`: a survey question answered yes / no / abstain by any member of a household.
 * - `choice`: a survey question with options, one (`maxPicks` 1) or several.
 * - `menu`: "pick up to N items you want most": the options are plan items.
 * - `text`: a free-text survey answer.
 */
export const QUESTION_KINDS = ['decision', 'yesno', 'choice', 'menu', 'text'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  decision: '业主表决',
  yesno: '赞成/反对（意见征询）',
  choice: '选择题（意见征询）',
  menu: '最想要的项目（意见征询）',
  text: '填写意见（意见征询）',
}

export const VOTE_CHOICES = ['yes', 'no', 'abstain'] as const
export type VoteChoice = (typeof VOTE_CHOICES)[number]
export const VOTE_CHOICE_LABELS: Record<VoteChoice, string> = { yes: '同意', no: '不同意', abstain: '弃权' }

export const QUESTION_TITLE_MAX = 80
export const OPTION_MAX = 40
export const OPTIONS_MAX = 20
export const QUESTIONS_MAX = 60
export const TEXT_ANSWER_MAX = 300

const id = z.string().check(z.minLength(1), z.maxLength(80))
const title = z.string().check(z.trim(), z.minLength(1, '请填写问题'), z.maxLength(QUESTION_TITLE_MAX, `问题不能超过 ${QUESTION_TITLE_MAX} 个字`))
const option = z.string().check(z.trim(), z.minLength(1, '选项不能为空'), z.maxLength(OPTION_MAX, `选项不能超过 ${OPTION_MAX} 个字`))

export const questionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('decision'), _id: id, title, scope: scopeSchema, itemId: id, decisionKind: z.enum(['ordinary', 'major']) }),
  z.object({ kind: z.literal('yesno'), _id: id, title, scope: scopeSchema, itemId: z.optional(id) }),
  z.object({
    kind: z.literal('choice'),
    _id: id,
    title,
    scope: scopeSchema,
    options: z.array(option).check(z.minLength(2, '至少要有两个选项'), z.maxLength(OPTIONS_MAX)),
    maxPicks: z.number().check(z.int(), z.minimum(1), z.maximum(OPTIONS_MAX)),
  }),
  z.object({
    kind: z.literal('menu'),
    _id: id,
    title,
    scope: scopeSchema,
    /** Plan item ids to pick from. */
    options: z.array(id).check(z.minLength(2, '至少要有两个项目可选'), z.maxLength(120)),
    maxPicks: z.number().check(z.int(), z.minimum(1), z.maximum(120)),
  }),
  z.object({ kind: z.literal('text'), _id: id, title, scope: scopeSchema }),
])
export type Question = z.infer<typeof questionSchema>

/** One answer: a choice for decision/yesno, option indexes (choice), item ids (menu), or text. */
export const answerSchema = z.union([
  z.object({ questionId: id, choice: z.enum(VOTE_CHOICES, '请选择同意、不同意或弃权') }),
  z.object({ questionId: id, picks: z.array(z.union([z.number().check(z.int(), z.minimum(0)), id])).check(z.maxLength(120)) }),
  z.object({ questionId: id, text: z.string().check(z.trim(), z.maxLength(TEXT_ANSWER_MAX, `意见不能超过 ${TEXT_ANSWER_MAX} 个字`)) }),
])
export type Answer = z.infer<typeof answerSchema>

export interface Ballot {
  _id: string
  communityId: string
  planId: string
  title: string
  questions: Question[]
  opensAt: string
  closesAt: string
  /** Whether residents see running consent before closing (default: participation only). */
  showRunningConsent: boolean
  status: 'draft' | 'open' | 'closed'
  closedAt: string | null
  resultNoticeId: string | null
  createdBy: string
  version: number
}

export type BallotPhase = 'draft' | 'scheduled' | 'open' | 'closed'

/** Where a ballot stands at `now`: published ballots open at opensAt and stop at closesAt (or when closed). */
export function ballotPhase(b: Pick<Ballot, 'status' | 'opensAt' | 'closesAt'>, now: Date): BallotPhase {
  if (b.status === 'draft') return 'draft'
  if (b.status === 'closed') return 'closed'
  if (now < new Date(b.opensAt)) return 'scheduled'
  if (now >= new Date(b.closesAt)) return 'closed'
  return 'open'
}

export function checkOpen(b: Pick<Ballot, '_id' | 'status' | 'opensAt' | 'closesAt'>, now: Date): void {
  const phase = ballotPhase(b, now)
  if (phase === 'scheduled' || phase === 'draft') throw new AppError('BALLOT_NOT_OPEN', `ballot ${b._id} opens at ${b.opensAt}`)
  if (phase === 'closed') throw new AppError('BALLOT_CLOSED', `ballot ${b._id} closed at ${b.closesAt}`)
}

/**
 * Whether a member of a household may answer a question: surveys any member in scope; owners'
 * decisions the owners of a flat in scope, or a proxy the owner authorised (checked by the caller).
 */
export function mayAnswer(q: Pick<Question, 'kind' | 'scope'>, relation: 'owner' | 'family' | 'tenant' | 'proxy', inScope: boolean): boolean {
  if (!inScope) return false
  if (q.kind === 'decision') return relation === 'owner' || relation === 'proxy'
  return true
}

/** Checks one answer against its question; returns it normalised (picks sorted, deduplicated). */
export function checkAnswer(q: Question, a: Answer): Answer {
  const bad = (detail: string, message: string) => new AppError('INVALID_INPUT', `question ${q._id}: ${detail}`, message)
  if (q.kind === 'decision' || q.kind === 'yesno') {
    if (!('choice' in a)) throw bad('needs choice', `“${q.title}”请选择同意、不同意或弃权。`)
    return a
  }
  if (q.kind === 'text') {
    if (!('text' in a)) throw bad('needs text', `“${q.title}”请填写文字意见。`)
    return a
  }
  if (!('picks' in a)) throw bad('needs picks', `“${q.title}”请选择选项。`)
  const picks = [...new Set(a.picks)]
  if (picks.length !== a.picks.length) throw bad('repeated pick', `“${q.title}”同一个选项选了两次。`)
  if (picks.length === 0) throw bad('no pick', `“${q.title}”请至少选一项。`)
  if (picks.length > q.maxPicks) throw bad(`${picks.length} picks > ${q.maxPicks}`, `“${q.title}”最多选 ${q.maxPicks} 项。`)
  const valid = q.kind === 'choice' ? (p: number | string) => typeof p === 'number' && p < q.options.length : (p: number | string) => typeof p === 'string' && q.options.includes(p)
  if (!picks.every(valid)) throw bad('unknown option', `“${q.title}”的选项不对，请刷新后重新选择。`)
  return { questionId: a.questionId, picks: [...picks].sort() as (number | string)[] } as Answer
}

/** The scope of a question as the plan states it (re-exported for the count). */
export type { Scope }

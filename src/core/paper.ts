import * as z from 'zod/mini'
import type { Answer, Ballot, Question } from './ballot'
import { VOTE_CHOICE_LABELS } from './ballot'
import { electorateHeads } from './electorate'
import { inScope, type Scope } from './plan'
import type { Household } from './community'
import { AppError } from './errors'
import type { StoredAnswer, VoteVia, VoterRelation } from './votes'

/**
 * Paper ballots (issue 5): a resident fills in a printed ballot; the office enters it with a photo
 * of the paper; it counts only once a DIFFERENT staff member has confirmed it (four eyes).
 *
 * Status rules:
 * - entered → `pending` (nothing counts yet);
 * - confirmed by another staff member: if the household (or, for an owners' decision, any flat of
 *   the same owner head within that question's scope — one vote covers all an owner's flats there,
 *   headFlats) already has a standing answer to
 *   one of the paper's questions, the paper becomes a visible `conflict` and nothing is recorded;
 *   otherwise it is recorded like a vote (via 'paper') and becomes `confirmed`;
 * - a conflict is resolved by the office after speaking with the owner: keep the paper → recorded,
 *   `confirmed`; keep the vote already given (usually online) → `discarded`;
 * - a pending paper that was entered wrongly or is not valid (unsigned, the wrong flat…) is sent
 *   back with a reason → `rejected` (by anyone of the office, the one who entered it too); the
 *   corrected paper is entered again.
 * A ballot cannot be closed while any paper is `pending` or in `conflict`.
 *
 * Why a paper ballot conflicts with an earlier vote but a later online vote simply replaces a
 * confirmed paper: a paper ballot is signed before it is entered and nobody knows when, so against
 * an earlier vote "the last one counts" cannot be told; an online vote after the paper was entered
 * is certainly later, and the household's last vote stands as for any change of vote.
 */
export const PAPER_STATUSES = ['pending', 'confirmed', 'conflict', 'discarded', 'rejected'] as const
export type PaperStatus = (typeof PAPER_STATUSES)[number]
export const PAPER_STATUS_LABELS: Record<PaperStatus, string> = {
  pending: '待确认（须由另一位工作人员确认）',
  confirmed: '已确认，已计入',
  conflict: '与已有投票冲突，待社区与业主核实',
  discarded: '未计入（以已有投票为准）',
  rejected: '已退回，未计入（录入有误或选票无效）',
}

/** Papers that still need the office before the ballot can be closed. */
export const UNSETTLED_PAPER: readonly PaperStatus[] = ['pending', 'conflict']

export const VOTER_NAME_MAX = 20
export const PAPER_NOTE_MAX = 200
export const PAPER_PHOTOS_MAX = 9
export const HELPER_MAX = 40

/** Who signed the paper, as the office reads it from the paper (and the authorisation, for a proxy). */
export const PAPER_RELATIONS = ['owner', 'proxy', 'family', 'tenant'] as const satisfies readonly VoterRelation[]
export const PAPER_RELATION_LABELS: Record<VoterRelation, string> = { owner: '业主本人', proxy: '业主委托的代理人', family: '家庭成员', tenant: '租户' }

export const VIA_LABELS: Record<VoteVia, string> = { online: '网上投票', assisted: '网上投票（有人协助）', paper: '纸质选票' }

export const voterNameSchema = z.string().check(
  z.trim(),
  z.minLength(1, '请填写选票上签名的投票人姓名'),
  z.maxLength(VOTER_NAME_MAX, `投票人姓名不能超过 ${VOTER_NAME_MAX} 个字`),
)
export const paperNoteSchema = z.string().check(
  z.trim(),
  z.minLength(1, '请写明与业主核实的情况'),
  z.maxLength(PAPER_NOTE_MAX, `说明不能超过 ${PAPER_NOTE_MAX} 个字`),
)
export const helperSchema = z.string().check(z.trim(), z.maxLength(HELPER_MAX, `协助人不能超过 ${HELPER_MAX} 个字`))

export interface StaffRef {
  _id: string
  name: string
}

/** One of the paper's answers that meets a vote already standing. */
export interface PaperConflict {
  questionId: string
  /** The flat whose standing answer it meets (the paper's own, or another flat of the same owner). */
  householdId: string
  existing: Pick<StoredAnswer, 'answer' | 'at' | 'via' | 'seq' | 'receiptHash'>
}

export interface PaperBallot {
  _id: string
  ballotId: string
  communityId: string
  householdId: string
  householdLabel: string
  answers: Answer[]
  /** The photographed paper (and, for a proxy, the written authorisation). */
  photos: string[]
  voterName: string
  relation: VoterRelation
  /** Who helped fill it in, if anyone ("孙女 王小明"). */
  assistedBy: string | null
  status: PaperStatus
  enteredBy: StaffRef
  enteredAt: string
  confirmedBy: StaffRef | null
  confirmedAt: string | null
  conflicts: PaperConflict[]
  resolution: { keep: 'online' | 'paper'; note: string; by: StaffRef; at: string } | null
  /** Why a pending paper was sent back (not counted). */
  rejection: { reason: string; by: StaffRef; at: string } | null
  /** Set once recorded: give the receipt to the voter (the published list shows its hash). */
  receipt: string | null
  receiptHash: string | null
  version: number
}

export function newPaperBallot(
  fields: Pick<PaperBallot, 'ballotId' | 'communityId' | 'householdId' | 'householdLabel' | 'answers' | 'photos' | 'voterName' | 'relation' | 'assistedBy'>,
  staff: StaffRef,
  now: Date,
  id: string,
): PaperBallot {
  if (fields.photos.length === 0) throw new AppError('INVALID_INPUT', 'paper ballot without a photo', '请拍下纸质选票的照片（至少一张）。')
  if (fields.answers.length === 0) throw new AppError('INVALID_INPUT', 'paper ballot without answers', '请录入纸质选票上的回答（至少一项）。')
  return {
    _id: id,
    ...fields,
    status: 'pending',
    enteredBy: { _id: staff._id, name: staff.name },
    enteredAt: now.toISOString(),
    confirmedBy: null,
    confirmedAt: null,
    conflicts: [],
    resolution: null,
    rejection: null,
    receipt: null,
    receiptHash: null,
    version: 1,
  }
}

function notPending(paper: PaperBallot): AppError {
  return new AppError('CONFLICT', `paper ${paper._id} is ${paper.status}`, `这张纸质选票${paper.status === 'conflict' ? '与已有投票冲突，需要先处理冲突' : '已经处理过了'}，请刷新后查看。`)
}

/** Throws unless `staff` may confirm the paper now: it is pending and they did not enter it. */
export function checkConfirm(paper: PaperBallot, staff: StaffRef): void {
  if (paper.status !== 'pending') throw notPending(paper)
  if (paper.enteredBy._id === staff._id) {
    throw new AppError('FORBIDDEN', `${staff._id} entered paper ${paper._id} and may not confirm it`, '纸质选票须由另一位工作人员确认：录入这张选票的人不能自己确认。')
  }
}

/** The paper confirmed by a second staff member: `conflict` if it meets standing votes, else `confirmed`. */
export function confirmPaper(paper: PaperBallot, staff: StaffRef, now: Date, conflicts: PaperConflict[]): PaperBallot {
  checkConfirm(paper, staff)
  return {
    ...paper,
    status: conflicts.length > 0 ? 'conflict' : 'confirmed',
    confirmedBy: { _id: staff._id, name: staff.name },
    confirmedAt: now.toISOString(),
    conflicts,
    version: paper.version + 1,
  }
}

/** The office's decision on a conflict after speaking with the owner. */
export function resolvePaper(paper: PaperBallot, keep: 'online' | 'paper', note: string, staff: StaffRef, now: Date): PaperBallot {
  if (paper.status !== 'conflict') {
    throw new AppError('CONFLICT', `paper ${paper._id} is ${paper.status}, not conflict`, '这张纸质选票没有待处理的冲突，请刷新后查看。')
  }
  if (paper.enteredBy._id === staff._id) {
    throw new AppError('FORBIDDEN', `staff ${staff._id} entered paper ${paper._id} and may not resolve its conflict`, '录入这张纸质选票的工作人员不能处理它的冲突，请由另一位工作人员与业主核实后处理。')
  }
  const text = note.trim()
  if (!text) throw new AppError('INVALID_INPUT', 'resolution without a note', '请写明与业主核实的情况。')
  return {
    ...paper,
    status: keep === 'paper' ? 'confirmed' : 'discarded',
    resolution: { keep, note: text, by: { _id: staff._id, name: staff.name }, at: now.toISOString() },
    version: paper.version + 1,
  }
}

/** A pending paper sent back (entered wrongly, or the paper is not valid): never counted. */
export function rejectPaper(paper: PaperBallot, reason: string, staff: StaffRef, now: Date): PaperBallot {
  if (paper.status !== 'pending') throw notPending(paper)
  const text = reason.trim()
  if (!text) throw new AppError('INVALID_INPUT', 'rejection without a reason', '请写明退回的原因。')
  return { ...paper, status: 'rejected', rejection: { reason: text, by: { _id: staff._id, name: staff.name }, at: now.toISOString() }, version: paper.version + 1 }
}

/** The receipt of the vote the paper was recorded as. */
export function withReceipt(paper: PaperBallot, receipt: string, receiptHash: string): PaperBallot {
  return { ...paper, receipt, receiptHash }
}

type Flat = Pick<Household, '_id' | 'buildingId' | 'unitId' | 'areaCentiM2' | 'owners' | 'developerUnsold'>

/**
 * The flats whose vote on an owners' decision of `scope` is the same vote as `householdId`'s: the
 * flats of its owner head within that scope (one owner of several flats, co-owners joined
 * transitively, all unsold flats), itself first. Heads are formed as the count forms them
 * (src/core/tally.ts headVotes): only from the flats in the question's scope, so two flats linked
 * only through a flat outside the scope are separate heads there. A flat outside the scope: itself.
 */
export function headFlats(households: readonly Flat[], householdId: string, scope: Scope = { kind: 'community' }): string[] {
  const flats = households.filter((h) => inScope(scope, h))
  const head = electorateHeads(flats, { kind: 'community' }).find((h) => h.householdIds.includes(householdId))
  if (!head) return [householdId]
  return [householdId, ...head.householdIds.filter((id) => id !== householdId)]
}

/**
 * For each owners' decision of the ballot, the flats whose vote is the same vote as `householdId`'s
 * on that question (headFlats within the question's scope).
 */
export function headFlatsByQuestion(households: readonly Flat[], householdId: string, questions: readonly Pick<Question, '_id' | 'kind' | 'scope'>[]): Map<string, string[]> {
  return new Map(questions.filter((q) => q.kind === 'decision').map((q) => [q._id, headFlats(households, householdId, q.scope)]))
}

/**
 * The paper's answers that meet a standing answer: to the same question of the same flat, or —
 * for an owners' decision — of another flat of the same owner head within that question's scope
 * (whose one vote covers both). `siblings` maps a decision's question id → the flats of the
 * paper's head in its scope (headFlatsByQuestion); `standing` maps flat id → its standing answers
 * (householdVotes.answers).
 */
export function findConflicts(
  paper: Pick<PaperBallot, 'householdId' | 'answers'>,
  questions: readonly Pick<Question, '_id' | 'kind'>[],
  siblings: ReadonlyMap<string, readonly string[]>,
  standing: ReadonlyMap<string, Record<string, StoredAnswer>>,
): PaperConflict[] {
  const out: PaperConflict[] = []
  for (const a of paper.answers) {
    const q = questions.find((x) => x._id === a.questionId)
    const linked = q?.kind === 'decision' ? (siblings.get(a.questionId) ?? []) : []
    const flats = [paper.householdId, ...linked.filter((s) => s !== paper.householdId)]
    for (const flat of flats) {
      const s = standing.get(flat)?.[a.questionId]
      if (!s) continue
      out.push({ questionId: a.questionId, householdId: flat, existing: { answer: s.answer, at: s.at, via: s.via, seq: s.seq, receiptHash: s.receiptHash } })
      break
    }
  }
  return out
}

/** An answer in words: 同意 / 选项 / item titles / the text. */
export function answerText(q: Question | undefined, a: Answer, itemTitles: Readonly<Record<string, string>> = {}): string {
  if ('choice' in a) return VOTE_CHOICE_LABELS[a.choice]
  if ('text' in a) return a.text || '（未填写）'
  return a.picks
    .map((p) => {
      if (q?.kind === 'choice' && typeof p === 'number') return q.options[p] ?? `选项 ${p + 1}`
      return itemTitles[String(p)] ?? String(p)
    })
    .join('、')
}

/** What the office's paper list shows for one paper ballot. */
export interface PaperView {
  _id: string
  householdId: string
  householdLabel: string
  voterName: string
  relationLabel: string
  assistedBy: string | null
  answers: { questionId: string; title: string; answer: string }[]
  photos: string[]
  status: PaperStatus
  statusLabel: string
  enteredByName: string
  enteredAt: string
  confirmedByName: string | null
  confirmedAt: string | null
  /** The caller may confirm it (pending and not entered by them). */
  mayConfirm: boolean
  /** The answers it meets: what the paper says, what stands, and how that was given. */
  conflicts: { questionId: string; title: string; householdLabel: string; paper: string; existing: string; existingVia: string; existingAt: string }[]
  resolution: { keep: 'online' | 'paper'; keepLabel: string; note: string; byName: string; at: string } | null
  rejection: { reason: string; byName: string; at: string } | null
  receipt: string | null
  version: number
}

export const KEEP_LABELS = { online: '以已有投票为准', paper: '以纸质选票为准' } as const

export function paperView(
  paper: PaperBallot,
  ballot: Pick<Ballot, 'questions'>,
  viewer: Pick<StaffRef, '_id'>,
  labels: { itemTitles?: Readonly<Record<string, string>>; householdLabels?: Readonly<Record<string, string>> } = {},
): PaperView {
  const question = (id: string) => ballot.questions.find((q) => q._id === id)
  const titleOf = (id: string) => question(id)?.title ?? id
  return {
    _id: paper._id,
    householdId: paper.householdId,
    householdLabel: paper.householdLabel,
    voterName: paper.voterName,
    relationLabel: PAPER_RELATION_LABELS[paper.relation],
    assistedBy: paper.assistedBy,
    answers: paper.answers.map((a) => ({ questionId: a.questionId, title: titleOf(a.questionId), answer: answerText(question(a.questionId), a, labels.itemTitles) })),
    photos: paper.photos,
    status: paper.status,
    statusLabel: PAPER_STATUS_LABELS[paper.status],
    enteredByName: paper.enteredBy.name,
    enteredAt: paper.enteredAt,
    confirmedByName: paper.confirmedBy?.name ?? null,
    confirmedAt: paper.confirmedAt,
    mayConfirm: paper.status === 'pending' && paper.enteredBy._id !== viewer._id,
    conflicts: paper.conflicts.map((c) => {
      const mine = paper.answers.find((a) => a.questionId === c.questionId)
      return {
        questionId: c.questionId,
        title: titleOf(c.questionId),
        householdLabel: labels.householdLabels?.[c.householdId] ?? (c.householdId === paper.householdId ? paper.householdLabel : c.householdId),
        paper: mine ? answerText(question(c.questionId), mine, labels.itemTitles) : '',
        existing: answerText(question(c.questionId), c.existing.answer, labels.itemTitles),
        existingVia: VIA_LABELS[c.existing.via],
        existingAt: c.existing.at,
      }
    }),
    resolution: paper.resolution
      ? { keep: paper.resolution.keep, keepLabel: KEEP_LABELS[paper.resolution.keep], note: paper.resolution.note, byName: paper.resolution.by.name, at: paper.resolution.at }
      : null,
    rejection: paper.rejection ? { reason: paper.rejection.reason, byName: paper.rejection.by.name, at: paper.rejection.at } : null,
    receipt: paper.receipt,
    version: paper.version,
  }
}

/** Votes given with someone's help (online or on paper), for the office to see who helped. */
export interface AssistedRow {
  householdId: string
  householdLabel: string
  questionTitles: string[]
  via: VoteVia
  viaLabel: string
  assistedBy: string
  at: string
}

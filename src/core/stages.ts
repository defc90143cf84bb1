import * as z from 'zod/mini'
import { AppError } from './errors'

/**
 * The stages of a renovation project (seed 三, 六(四), 七(五)) and the gate each one must pass
 * before the project moves on. The backend collects the facts; this file is the one place
 * that decides.
 */
export const STAGES = [
  'survey',
  'consultation',
  'design',
  'publicity',
  'approval',
  'budget',
  'tender',
  'start',
  'works',
  'completion',
  'acceptance',
  'filing',
  'management',
] as const
export type Stage = (typeof STAGES)[number]

export const STAGE_LABELS: Record<Stage, string> = {
  survey: '调查摸底',
  consultation: '征求意见',
  design: '方案设计',
  publicity: '方案公示',
  approval: '立项',
  budget: '预算评审',
  tender: '公开招标',
  start: '开工',
  works: '施工',
  completion: '完工',
  acceptance: '验收',
  filing: '备案',
  management: '长效管理',
}

/** Entering these stages needs at least one document (批复、评审报告、中标通知书、开工报告、备案证明). */
export const DOCUMENT_REQUIRED: Partial<Record<Stage, string>> = {
  approval: '立项批复文件',
  budget: '预算（造价）评审报告',
  tender: '招标结果（中标通知书）',
  start: '开工报告或施工许可',
  filing: '备案证明',
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage)
}

export function nextStage(stage: Stage): Stage | null {
  return STAGES[stageIndex(stage) + 1] ?? null
}

/** What the backend knows about a project when someone asks to move it on. */
export interface GateFacts {
  /** Households on the community's roster. */
  households: number
  /** Opinion surveys (意见征询) still open on this plan (ballots, issue 5). */
  openSurveys: number
  /** The plan: a published edition exists and no unpublished revision is pending. */
  publishedEdition: number | null
  draftPending: boolean
  /** The 公示 of the last published edition has ended (its last day is over). */
  publicityEnded: boolean
  /** Objections lodged during any 公示 that the office has neither answered nor hidden as abuse. */
  unansweredObjections: number
  /** Items chosen for the works, and ordinary/major items whose owners' decision is still pending. */
  chosenItems: number
  undecidedItems: number
  /** Chosen items not yet finished / finished items not yet accepted (issue 6 records acceptance). */
  unfinishedItems: number
  unacceptedItems: number
  /** Documents attached to this change. */
  documents: number
}

/** Why the project cannot enter `to`: Chinese sentences, empty when the gate is open. */
export function gateProblems(to: Stage, f: GateFacts): string[] {
  const problems: string[] = []
  switch (to) {
    case 'consultation':
      if (f.households === 0) problems.push('还没有导入住户名册，无法征求居民意见。')
      break
    case 'design':
      if (f.openSurveys > 0) problems.push(`还有 ${f.openSurveys} 个意见征询没有结束。`)
      break
    case 'publicity':
      if (f.publishedEdition === null) problems.push('方案还没有发布公示。')
      break
    case 'approval':
      if (f.draftPending) problems.push('方案有尚未发布的修订，请先把修订后的方案发布公示。')
      if (f.publishedEdition === null) problems.push('方案还没有发布公示。')
      else if (!f.publicityEnded) problems.push('方案公示期还没有结束。')
      if (f.unansweredObjections > 0) problems.push(`还有 ${f.unansweredObjections} 条公示期异议没有答复。`)
      break
    case 'start':
      if (f.chosenItems === 0) problems.push('还没有确定要实施的项目。')
      if (f.undecidedItems > 0) problems.push(`还有 ${f.undecidedItems} 个项目没有经过业主共同决定。`)
      break
    case 'completion':
      if (f.unfinishedItems > 0) problems.push(`还有 ${f.unfinishedItems} 个项目没有完工。`)
      break
    case 'filing':
      if (f.unacceptedItems > 0) problems.push(`还有 ${f.unacceptedItems} 个项目没有通过业主代表参加的验收。`)
      break
    default:
      break
  }
  const doc = DOCUMENT_REQUIRED[to]
  if (doc && f.documents === 0) problems.push(`进入“${STAGE_LABELS[to]}”需要附上${doc}。`)
  return problems
}

/** Refuses anything but the next stage, and a next stage whose gate is closed. */
export function checkAdvance(from: Stage, to: Stage, facts: GateFacts): void {
  if (nextStage(from) !== to) {
    throw new AppError(
      'STAGE_GATE',
      `stage ${from} → ${to} is not the next step`,
      `项目只能从“${STAGE_LABELS[from]}”进入下一阶段${nextStage(from) ? `“${STAGE_LABELS[nextStage(from)!]}”` : '（已是最后阶段）'}。`,
    )
  }
  const problems = gateProblems(to, facts)
  if (problems.length > 0) {
    throw new AppError('STAGE_GATE', `gate ${from} → ${to}: ${problems.join(' ')}`, `还不能进入“${STAGE_LABELS[to]}”：${problems.join('')}`)
  }
}

export const DOC_TITLE_MAX = 60

export const stageDocumentSchema = z.object({
  title: z.string().check(z.trim(), z.minLength(1, '请填写文件名称'), z.maxLength(DOC_TITLE_MAX, `文件名称不能超过 ${DOC_TITLE_MAX} 个字`)),
  /** 文号 or other reference, e.g. "汴住建〔2026〕12号". */
  reference: z.string().check(z.trim(), z.maxLength(60, '文号不能超过 60 个字')),
  /** Photos or scans of the document. */
  photos: z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.maxLength(9, '每份文件最多 9 张照片')),
})
export type StageDocument = z.infer<typeof stageDocumentSchema>

/** One move of a project from one stage to the next: who, when, why, with what documents. */
export interface StageChange {
  _id: string
  planId: string
  communityId: string
  from: Stage
  to: Stage
  at: string
  byUserId: string
  byName: string
  note: string
  documents: StageDocument[]
}

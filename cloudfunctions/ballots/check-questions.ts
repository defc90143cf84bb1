import type { Question } from '../../src/core/ballot'
import { AppError } from '../../src/core/errors'
import { checkScope, type CommunityShape, type PlanEdition, type PlanItem } from '../../src/core/plan'
import type { QuestionInput } from './schemas'

/** Gives every question an `_id` (the office's own, or a new one) and refuses repeated ids. */
export function withIds(questions: readonly QuestionInput[], newId: () => string): Question[] {
  const out = questions.map((q) => ({ ...q, _id: q._id ?? newId() }) as Question)
  const seen = new Set<string>()
  for (const q of out) {
    if (seen.has(q._id)) throw new AppError('INVALID_INPUT', `question id ${q._id} repeated`, `问题“${q.title}”重复了，请删掉一个。`)
    seen.add(q._id)
  }
  return out
}

const sameScope = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The rules zod cannot see, checked when a ballot is saved and again when it opens:
 * - every scope lies inside the community (checkScope);
 * - an owners' decision is about an ordinary/major item of the newest published plan edition, with
 *   that item's decision kind and scope (its electorate), and at most one question per item;
 * - a yes/no question about an item names an item of that edition;
 * - menu options are that edition's item ids, each once; choice options are distinct;
 * - at most as many picks as options.
 */
export function checkQuestions(questions: readonly Question[], shape: CommunityShape, edition: PlanEdition | null): void {
  const items = new Map<string, PlanItem>((edition?.items ?? []).map((i) => [i._id, i]))
  const needEdition = (q: Question) => {
    if (!edition) {
      throw new AppError('PLAN_NOT_PUBLISHED', `question ${q._id} needs plan items but no edition is published`, `“${q.title}”要用到改造方案的项目，请先发布方案。`)
    }
  }
  const itemOf = (q: Question, itemId: string): PlanItem => {
    needEdition(q)
    const item = items.get(itemId)
    if (!item) throw new AppError('INVALID_INPUT', `question ${q._id}: item ${itemId} not in edition ${edition!.edition}`, `“${q.title}”选的项目不在已发布的方案里，请刷新后重新选择。`)
    return item
  }
  const decided = new Set<string>()
  for (const q of questions) {
    checkScope(q.scope, shape)
    if (q.kind === 'decision') {
      const item = itemOf(q, q.itemId)
      if (item.decisionKind === 'survey') {
        throw new AppError('INVALID_INPUT', `item ${item._id} is decided by survey`, `“${item.title}”在方案里是意见征询类项目，不需要业主表决；请改用意见征询问题。`)
      }
      if (item.decisionKind !== q.decisionKind) {
        throw new AppError('INVALID_INPUT', `question ${q._id}: decisionKind ${q.decisionKind}, item ${item.decisionKind}`, `“${q.title}”的表决方式要和方案里的项目一致（${item.decisionKind === 'major' ? '重大事项' : '一般事项'}）。`)
      }
      if (!sameScope(q.scope, item.scope)) {
        throw new AppError('INVALID_INPUT', `question ${q._id}: scope differs from item ${item._id}`, `“${q.title}”的表决范围要和方案里的项目范围一致。`)
      }
      if (decided.has(item._id)) throw new AppError('INVALID_INPUT', `item ${item._id} has two decision questions`, `“${item.title}”在这次投票里只能表决一次。`)
      decided.add(item._id)
    } else if (q.kind === 'yesno' && q.itemId !== undefined) {
      itemOf(q, q.itemId)
    } else if (q.kind === 'menu') {
      for (const id of q.options) itemOf(q, id)
      if (new Set(q.options).size !== q.options.length) throw new AppError('INVALID_INPUT', `question ${q._id}: repeated option`, `“${q.title}”有重复的项目。`)
      if (q.maxPicks > q.options.length) throw new AppError('INVALID_INPUT', `question ${q._id}: maxPicks ${q.maxPicks}`, `“${q.title}”最多可选的数目不能超过项目数（${q.options.length}）。`)
    } else if (q.kind === 'choice') {
      if (new Set(q.options).size !== q.options.length) throw new AppError('INVALID_INPUT', `question ${q._id}: repeated option`, `“${q.title}”有重复的选项。`)
      if (q.maxPicks > q.options.length) throw new AppError('INVALID_INPUT', `question ${q._id}: maxPicks ${q.maxPicks}`, `“${q.title}”最多可选的数目不能超过选项数（${q.options.length}）。`)
    }
  }
}

const HOUR = 3600 * 1000
const DAY = 24 * HOUR

/** Opening and closing times: closing after opening, at most `maxDays` apart, and (when opening) still ahead. */
export function checkTimes(opensAt: string, closesAt: string, maxDays: number, now: Date | null): void {
  const open = new Date(opensAt).getTime()
  const close = new Date(closesAt).getTime()
  if (now && close <= now.getTime()) throw new AppError('INVALID_INPUT', `closesAt ${closesAt} is past`, '结束时间已经过了，请重新选择。')
  if (close <= open) throw new AppError('INVALID_INPUT', `closesAt ${closesAt} <= opensAt ${opensAt}`, '结束时间要晚于开始时间。')
  if (close - open > maxDays * DAY) throw new AppError('INVALID_INPUT', `ballot runs ${(close - open) / DAY} days`, `投票时间不能超过 ${maxDays} 天。`)
}

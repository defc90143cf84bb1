import { CATEGORY_LABELS } from '../../src/core/menu'
import { yuanLabel } from '../../src/core/money'
import { BODY_MAX, TITLE_MAX } from '../../src/core/notice'
import { scopeLabel, type CommunityShape, type PlanEdition } from '../../src/core/plan'
import { formatChinaDate } from '../../src/core/time'

/** Cuts text to `max` characters (code points), marking the cut with "…". */
function cut(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/** "《汴绣里小区改造方案》第2版公示", shortened to the notice title limit if the plan's title is long. */
export function publicityTitle(planTitle: string, edition: number): string {
  const tail = `》第${edition}版公示`
  return `《${cut(planTitle, TITLE_MAX - 1 - Array.from(tail).length)}${tail}`
}

/**
 * The 公示 text: the period, the summary, every item with its scope, cost and residents' part,
 * and where to lodge objections. Plain text (the notice page shows it as text). Kept within the
 * notice body limit: past it, the list ends with how many items are left and where to read them.
 */
export function publicityBody(edition: Pick<PlanEdition, 'title' | 'summary' | 'items' | 'edition'>, shape: CommunityShape, from: string, endsOn: string): string {
  const head = [
    `《${edition.title}》（第${edition.edition}版）现予公示，公示期自 ${formatChinaDate(from)} 至 ${formatChinaDate(endsOn)}。`,
    ...(edition.summary ? [`方案说明：${edition.summary}`] : []),
    `改造项目共 ${edition.items.length} 项：`,
  ]
  const foot = [
    `对方案有异议的，请在 ${formatChinaDate(endsOn)} 24 时前，在小程序“改造方案”页面提出公示异议，社区将逐条答复；也可以到社区居委会当面反映。`,
    '每户具体出资金额和计算方法，请在“改造方案”页面查看。',
  ]
  const lines = edition.items.map(
    (item, i) =>
      `${i + 1}. ${item.title}（${CATEGORY_LABELS[item.category as keyof typeof CATEGORY_LABELS] ?? item.category}，范围：${scopeLabel(item.scope, shape)}）估算费用 ${yuanLabel(item.costFen)}，${item.funding.residents > 0 ? `其中居民出资 ${yuanLabel(item.funding.residents)}` : '居民不出资'}`,
  )
  const budget = BODY_MAX - [...head, ...foot].join('\n').length - 2
  const shown: string[] = []
  let used = 0
  for (const [i, line] of lines.entries()) {
    const rest = `……另有 ${lines.length - i} 项，详见小程序“改造方案”页面。`
    const last = i === lines.length - 1
    if (used + line.length + 1 + (last ? 0 : rest.length + 1) > budget) {
      shown.push(rest)
      break
    }
    shown.push(line)
    used += line.length + 1
  }
  return [...head, ...shown, ...foot].join('\n')
}

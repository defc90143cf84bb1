import { VOTE_CHOICES, VOTE_CHOICE_LABELS, type Question } from '../../src/core/ballot'
import { BODY_MAX, TITLE_MAX } from '../../src/core/notice'
import { scopeLabel, type CommunityShape, type PlanEdition } from '../../src/core/plan'
import { Ratio } from '../../src/core/ratio'
import { formatArea } from '../../src/core/roster'
import type { DecisionTally, Side, SurveyTally } from '../../src/core/tally'
import { formatChinaDateTime } from '../../src/core/time'
import type { QuestionCount } from './count'

/**
 * The result notice a ballot publishes when it closes, in plain Chinese: for each question whether
 * it passed, participation and consent by heads and by area as fractions and percentages (exact:
 * Ratio.toPercent), or a survey's counts.
 */
const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** 1 → 一, 12 → 十二, 25 → 二十五 (questions are at most 60). */
export function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n]
  if (n < 20) return `十${NUMERALS[n - 10]}`
  return `${NUMERALS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : NUMERALS[n % 10]}`
}

function share(part: number, whole: number, fmt: (n: number) => string, unit: string): string {
  const pct = whole > 0 ? `（${Ratio.of(part, whole).toPercent(2)}%）` : ''
  return `${fmt(part)}/${fmt(whole)} ${unit}${pct}`
}

const heads = (part: Side, whole: Side) => share(part.heads, whole.heads, String, '户')
const area = (part: Side, whole: Side) => share(part.areaCentiM2, whole.areaCentiM2, formatArea, '㎡')

export function decisionLines(t: DecisionTally): string[] {
  const consentRule = t.kind === 'major' ? '人数和面积都要达到参与表决的四分之三以上' : '人数和面积都要超过参与表决的一半'
  return [
    `参与表决：${heads(t.participated, t.electorate)}，面积 ${area(t.participated, t.electorate)}（人数和面积都要达到三分之二以上）${t.participation.met ? '，达到' : '，未达到'}；`,
    `同意：${heads(t.yes, t.participated)}，面积 ${area(t.yes, t.participated)}（${consentRule}）${t.consent.met ? '，达到' : '，未达到'}；`,
    `不同意 ${t.no.heads} 户，弃权 ${t.abstain.heads} 户。`,
  ]
}

export function surveyLines(q: Question, s: SurveyTally, edition: Pick<PlanEdition, 'items'> | null): string[] {
  const lines = [`回答：${s.responses}/${s.households} 户。`]
  const count = (key: string) => s.counts[key] ?? 0
  if (q.kind === 'yesno') lines.push(VOTE_CHOICES.map((c) => `${VOTE_CHOICE_LABELS[c]} ${count(c)} 户`).join('，') + '。')
  else if (q.kind === 'choice') lines.push(q.options.map((o, i) => `${o} ${count(String(i))} 户`).join('，') + '。')
  else if (q.kind === 'menu') {
    const titles = new Map((edition?.items ?? []).map((i) => [i._id, i.title]))
    const ranked = [...q.options].sort((a, b) => count(b) - count(a) || q.options.indexOf(a) - q.options.indexOf(b))
    lines.push(ranked.map((id) => `${titles.get(id) ?? id} ${count(id)} 户`).join('，') + '。')
  } else if (q.kind === 'text') lines.push(`收到文字意见 ${s.texts.length} 条，由社区整理后答复。`)
  return lines
}

function kindLabel(q: Question): string {
  if (q.kind === 'decision') return `业主共同决定·${q.decisionKind === 'major' ? '重大事项' : '一般事项'}`
  return '意见征询'
}

export function resultTitle(ballotTitle: string): string {
  const title = `投票结果：${ballotTitle}`
  return Array.from(title).length <= TITLE_MAX ? title : `${Array.from(title).slice(0, TITLE_MAX - 1).join('')}…`
}

/** The anchor of the vote log's hash chain as the notice prints it: entry count and the last hash's first 16 hex digits. */
export function logAnchorLine(log: { seq: number; hash: string }): string {
  return `投票记录共 ${log.seq} 条，末条哈希 ${log.hash.slice(0, 16)}…（与匿名选票清单中的一致，用来核对投票记录没有被删改）。`
}

/** `log`: the closing entry of the vote log (printed as logAnchorLine). */
export function resultBody(ballot: { title: string }, counts: readonly QuestionCount[], shape: CommunityShape, edition: Pick<PlanEdition, 'items'> | null, closedAt: Date, log?: { seq: number; hash: string }): string {
  const head = `「${ballot.title}」投票已于 ${formatChinaDateTime(closedAt)} 结束，结果如下。`
  const tail =
    '业主共同决定按《民法典》第二百七十八条计票：参与表决的业主人数和专有面积都要达到三分之二以上；一般事项要经参与表决人数和面积过半数同意，重大事项要经四分之三以上同意。' +
    '匿名选票清单（回执编码的哈希值、选择、面积）可以在投票结果页下载，任何人都可以用它重新计票核对；用回执编码可以查询自己的投票是否计入。' +
    (log ? logAnchorLine(log) : '')
  const sections = counts.map(({ question: q, decision, survey }, i) => {
    const verdict = decision ? `：${decision.passed ? '通过' : '未通过'}` : ''
    const first = `${chineseNumber(i + 1)}、${q.title}（${kindLabel(q)}，范围：${scopeLabel(q.scope, shape)}）${verdict}`
    const lines = decision ? decisionLines(decision) : survey ? surveyLines(q, survey, edition) : []
    return [first, ...lines.map((l) => `  ${l}`)].join('\n')
  })
  const body = [head, ...sections, tail].join('\n\n')
  if (Array.from(body).length <= BODY_MAX) return body
  // Very long ballots: keep every owners' decision's verdict (titles shortened), drop the figures and
  // the surveys' counts (the result page and the anonymised list have them all).
  const clip = (t: string) => (Array.from(t).length <= 30 ? t : `${Array.from(t).slice(0, 29).join('')}…`)
  const verdicts = counts.flatMap(({ question: q, decision }, i) => (decision ? [`${chineseNumber(i + 1)}、${clip(q.title)}：${decision.passed ? '通过' : '未通过'}`] : []))
  const surveys = counts.length - verdicts.length
  const compact = [head, ...verdicts, `${surveys > 0 ? `另有 ${surveys} 个意见征询问题。` : ''}各问题的参与和同意情况见投票结果页。`, tail].join('\n\n')
  return Array.from(compact).slice(0, BODY_MAX).join('')
}

import { Text, View } from '@tarojs/components'
import { QUESTION_KIND_LABELS, VOTE_CHOICE_LABELS, VOTE_CHOICES, type BallotPhase, type Question } from '@/core/ballot'
import type { DecisionTallyView, ParticipationOnlyTallyView, QuestionTally, RatioView } from '@/core/ballot-view'
import { Ratio } from '@/core/ratio'
import { formatArea } from '@/core/roster'
import type { Side } from '@/core/tally'
import { formatChinaDateTime } from '@/core/time'

/**
 * Pieces the ballot pages of residents (packageVote) and the office (packageOffice) share: the
 * phase tag, the voting period, and one question's live or final count.
 */

export const PHASE_LABELS: Record<BallotPhase, string> = { draft: '草稿', scheduled: '未开始', open: '投票中', closed: '已结束' }

export function PhaseTag({ phase }: { phase: BallotPhase }) {
  return <Text className={phase === 'open' ? 'gj-tag publicity' : 'gj-tag draft'}>{PHASE_LABELS[phase]}</Text>
}

/** "投票时间：2026年12月1日 08:00 至 2026年12月15日 20:00" */
export function periodLabel(opensAt: string, closesAt: string): string {
  return `投票时间：${formatChinaDateTime(opensAt)} 至 ${formatChinaDateTime(closesAt)}`
}

/** One line per decision kind: what it takes to pass (voting-law.md). */
export const DECISION_RULES: Record<'ordinary' | 'major', string> = {
  ordinary: '一般事项：参与表决的业主中，同意的人数和面积都要过半数才通过。',
  major: '重大事项：参与表决的业主中，同意的人数和面积都要达到四分之三以上才通过。',
}
export const PARTICIPATION_RULE = '表决有效需要范围内三分之二以上的业主参与（人数和专有面积都要达到）。'

/** A survey share (counts of households: no threshold applies, display only). */
const percent = (part: number, base: number) => (base > 0 ? `${Ratio.of(part, base).toPercent(1)}%` : '—')
/** A threshold's fraction as the function computed it. */
const pct = (r: RatioView | null) => (r ? `${r.percent}%` : '—')

/** "7/10 户、480/660 ㎡" */
export function sidesLabel(part: Side, base: Side): string {
  return `${part.heads}/${base.heads} 户、${formatArea(part.areaCentiM2)}/${formatArea(base.areaCentiM2)} ㎡`
}

function DecisionLines({ t, q }: { t: DecisionTallyView | ParticipationOnlyTallyView; q: QuestionTally }) {
  const need = t.kind === 'major' ? '达到四分之三' : '过半数'
  return (
    <View>
      <Text className="gj-body">
        已参与 {sidesLabel(t.participated, t.electorate)}
        {q.participationGap ? `，${q.participationGap}才达到参与要求（三分之二）` : t.participation.met ? '，参与已达到三分之二' : ''}
      </Text>
      <Text className="gj-muted">
        参与比例：人数 {pct(t.participation.heads)}，面积 {pct(t.participation.area)}
      </Text>
      {t.consent && t.yes && t.no && t.abstain && !q.participationOnly ? (
        <View>
          <Text className="gj-body">
            同意 {t.yes.heads} 户、{formatArea(t.yes.areaCentiM2)} ㎡；不同意 {t.no.heads} 户、{formatArea(t.no.areaCentiM2)} ㎡；弃权 {t.abstain.heads} 户、
            {formatArea(t.abstain.areaCentiM2)} ㎡
          </Text>
          <Text className="gj-body">
            同意占参与的 {sidesLabel(t.yes, t.participated)}（人数 {pct(t.consent.heads)}，面积 {pct(t.consent.area)}）
            {q.consentGap ? `，${q.consentGap}才${need}` : t.consent.met ? `，已${need}` : ''}
          </Text>
        </View>
      ) : (
        <Text className="gj-muted">同意、不同意的情况在投票结束后公布。</Text>
      )}
    </View>
  )
}

/** The label of a survey answer key: 同意/不同意/弃权, an option's text, or a plan item's title. */
function optionLabel(key: string, q: Question | undefined, itemTitles: Record<string, string>): string {
  if ((VOTE_CHOICES as readonly string[]).includes(key)) return VOTE_CHOICE_LABELS[key as keyof typeof VOTE_CHOICE_LABELS]
  if (q?.kind === 'choice') return q.options[Number(key)] ?? `选项 ${Number(key) + 1}`
  return itemTitles[key] ?? key
}

/** The keys a survey question can have, in the order to show them (all of them, also those no one picked). */
function surveyKeys(q: Question | undefined, counts: Record<string, number>): string[] {
  if (q?.kind === 'yesno') return [...VOTE_CHOICES]
  if (q?.kind === 'choice') return q.options.map((_, i) => String(i))
  if (q?.kind === 'menu') return [...q.options].sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))
  return Object.keys(counts).sort((a, b) => counts[b] - counts[a])
}

interface TallyProps {
  tally: QuestionTally
  /** The question (for option texts); absent when the page could not read the ballot. */
  question?: Question
  itemTitles?: Record<string, string>
  phase: BallotPhase
}

/** One question's count: participation and its gap, consent when shown, the result once closed; survey counts and shares. */
export function QuestionTallyCard({ tally: q, question, itemTitles = {}, phase }: TallyProps) {
  const d = q.decision
  const closed = phase === 'closed'
  return (
    <View className="gj-card" role="region" aria-label={q.title}>
      <Text className="gj-card-title">{q.title}</Text>
      <Text className="gj-muted">
        {QUESTION_KIND_LABELS[q.kind]}
        {d ? `（${d.kind === 'major' ? '重大事项' : '一般事项'}）` : ''} · 范围：{q.scopeLabel}
      </Text>
      {d && closed && d.consent && d.passed !== null && (
        <Text className={d.passed ? 'gj-tag publicity' : 'gj-tag draft'}>
          {d.passed ? '表决通过' : !d.participation.met ? '未通过（参与不足三分之二）' : `未通过（同意未${d.kind === 'major' ? '达到四分之三' : '过半数'}）`}
        </Text>
      )}
      {d && <DecisionLines t={d} q={q} />}
      {q.survey && (
        <View>
          <Text className="gj-body">
            已回答 {q.survey.responses}/{q.survey.households} 户
          </Text>
          {q.participationOnly && <Text className="gj-muted">各选项的结果在投票结束后公布。</Text>}
          {q.kind !== 'text' && !q.participationOnly && (
            <View role="list" aria-label={`${q.title}：各选项`}>
              {surveyKeys(question, q.survey.counts).map((key) => {
                const n = q.survey!.counts[key] ?? 0
                return (
                  <Text key={key} className="gj-body" role="listitem">
                    {optionLabel(key, question, itemTitles)}：{n} 户（{percent(n, q.survey!.responses)}）
                  </Text>
                )
              })}
            </View>
          )}
          {q.survey.texts.length > 0 && (
            <View role="list" aria-label={`${q.title}：居民填写的意见`}>
              {q.survey.texts.map((t, i) => (
                <Text key={i} className="gj-body" role="listitem">
                  · {t}
                </Text>
              ))}
            </View>
          )}
        </View>
      )}
    </View>
  )
}

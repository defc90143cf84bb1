import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { checkAnswer, TEXT_ANSWER_MAX, VOTE_CHOICE_LABELS, VOTE_CHOICES, type Answer, type Question, type VoteChoice } from '@/core/ballot'
import type { BallotForHousehold, CastResult, QuestionForHousehold } from '@/core/ballot-view'
import { AppError } from '@/core/errors'
import { yuanLabel } from '@/core/money'
import { RELATION_LABELS } from '@/core/roles'
import { formatChinaDateTime } from '@/core/time'
import type { VoteVia } from '@/core/votes'
import { ActionButton } from '@/components/ActionButton'
import { DECISION_RULES, PARTICIPATION_RULE, periodLabel, PhaseTag } from '@/components/BallotParts'
import { Choice } from '@/components/Choice'
import { HouseholdChoice } from '@/components/HouseholdChoice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { Toggle } from '@/components/Toggle'
import { useMyHousehold } from '@/hooks/useMyHousehold'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { ApiError, messageOf } from '@/services/api'
import { ballotsApi } from '@/services/ballots'
import { plansApi } from '@/services/plans'
import { answerLabel, ASSISTED_BY_MAX, fromAnswer, newRequestId, toAnswer, type DraftAnswer } from './answers'

const VIA_LABELS: Record<VoteVia, string> = { online: '网上投票', assisted: '有人协助的网上投票', paper: '纸质选票' }

const CONFLICT_NOTE = '您家里的另一位成员刚刚也投了票，您这次的选择没有保存。下面显示的是本户现在有效的投票，请看一看，需要的话修改后再提交。'
const OWNERS_ONLY_NOTE = '这是业主共同决定事项，只有业主本人或业主书面委托的代理人才能投票。您可以参加下面的意见征询。'
const NOT_ON_ROSTER_NOTE = '您家不在这次投票开始时的住户名册上，不能回答这一项。如有疑问，请联系社区。'

/** One question: what it is about, my share, the rule, the standing answer and the input. */
function QuestionBlock({
  qh,
  draft,
  editable,
  itemTitles,
  owner,
  onChange,
}: {
  qh: QuestionForHousehold
  draft: DraftAnswer | undefined
  editable: boolean
  /** The caller is an owner of the household (so a refusal is not about being an owner). */
  owner: boolean
  itemTitles: Record<string, string>
  onChange: (d: DraftAnswer) => void
}) {
  const q = qh.question
  const [limit, setLimit] = useState<string | null>(null)
  const canEdit = editable && qh.mayAnswer
  const picks = draft?.picks ?? []
  const options: { value: string | number; label: string }[] =
    q.kind === 'choice' ? q.options.map((o, i) => ({ value: i, label: o })) : q.kind === 'menu' ? q.options.map((id) => ({ value: id, label: itemTitles[id] ?? '（项目）' })) : []

  function toggle(value: string | number, on: boolean) {
    if (q.kind !== 'choice' && q.kind !== 'menu') return
    if (on && picks.length >= q.maxPicks) {
      setLimit(`最多选 ${q.maxPicks} 项。要换一项，请先取消已选的一项。`)
      return
    }
    setLimit(null)
    onChange({ picks: on ? [...picks, value] : picks.filter((p) => p !== value) })
  }

  return (
    <View className="gj-card" role="group" aria-label={q.title}>
      <Text className="gj-card-title">{q.title}</Text>
      <Text className="gj-muted">范围：{qh.scopeLabel}</Text>
      {qh.itemTitle && qh.itemTitle !== q.title && <Text className="gj-muted">改造项目：{qh.itemTitle}</Text>}
      {qh.shareFen !== null && <Text className="gj-share">我家出资 {yuanLabel(qh.shareFen)}</Text>}
      {q.kind === 'decision' && <Text className="gj-body">{DECISION_RULES[q.decisionKind]}</Text>}
      {qh.current && (
        <Text className="gj-body">
          本户现在的{q.kind === 'decision' ? '投票' : '回答'}：{answerLabel(q, qh.current.answer, itemTitles)}（{formatChinaDateTime(qh.current.at)}，
          {VIA_LABELS[qh.current.via]}，{qh.current.byMe ? '由您提交' : '由本户其他成员或社区代录'}）
        </Text>
      )}
      {!qh.mayAnswer && <Text className="gj-body">{q.kind === 'decision' && !owner ? OWNERS_ONLY_NOTE : NOT_ON_ROSTER_NOTE}</Text>}

      {(q.kind === 'decision' || q.kind === 'yesno') && (
        <Choice
          label="我的选择"
          options={VOTE_CHOICES.map((c) => ({ value: c, label: VOTE_CHOICE_LABELS[c] }))}
          value={draft?.choice ?? ''}
          disabled={!canEdit}
          onChange={(v) => onChange({ choice: v as VoteChoice })}
        />
      )}
      {(q.kind === 'choice' || q.kind === 'menu') && q.maxPicks === 1 && (
        <Choice
          label="我的选择（选一项）"
          options={options.map((o) => ({ value: String(o.value), label: o.label }))}
          value={picks.length ? String(picks[0]) : ''}
          disabled={!canEdit}
          onChange={(v) => onChange({ picks: [q.kind === 'choice' ? Number(v) : v] })}
        />
      )}
      {(q.kind === 'choice' || q.kind === 'menu') && q.maxPicks > 1 && (
        <View className="gj-field" role="group" aria-label={`最多选 ${q.maxPicks} 项`}>
          <Text className="gj-label">
            最多选 {q.maxPicks} 项（已选 {picks.length} 项）
          </Text>
          {options.map((o) => (
            <Toggle key={String(o.value)} label={o.label} checked={picks.includes(o.value)} disabled={!canEdit} onChange={(on) => toggle(o.value, on)} />
          ))}
          <ErrorNote message={limit} />
        </View>
      )}
      {q.kind === 'text' &&
        (canEdit ? (
          <TextField
            id={`answer-${q._id}`}
            label="我的意见"
            multiline
            showCount
            value={draft?.text ?? ''}
            maxLength={TEXT_ANSWER_MAX}
            onChange={(text) => onChange({ text })}
          />
        ) : (
          !qh.current && <Text className="gj-muted">（未填写）</Text>
        ))}
    </View>
  )
}

/** After a submission: the receipt in large letters and what was recorded, in full sentences. */
function Receipt({
  result,
  sent,
  view,
  itemTitles,
  onChange,
}: {
  result: CastResult
  sent: Answer[]
  view: BallotForHousehold
  itemTitles: Record<string, string>
  onChange: () => void
}) {
  const byId = new Map(view.questions.map((qh) => [qh.question._id, qh.question]))
  const verify = `/packageVote/ballot-result/index?id=${encodeURIComponent(view.ballot._id)}&receipt=${encodeURIComponent(result.receipt)}`
  return (
    <Screen>
      <Text className="gj-title">投票已提交</Text>
      <OkNote
        message={`您已为${view.householdLabel}提交 ${sent.length} 个问题的回答（${formatChinaDateTime(result.at)}）。${formatChinaDateTime(view.ballot.closesAt)}投票截止前可以修改，以最后一次提交为准。${result.replayed ? '这份投票之前已经保存过，没有重复计入，回执编码不变。' : ''}`}
      />
      <View className="gj-card" role="region" aria-label="回执">
        <Text className="gj-card-title">回执编码</Text>
        <Text className="gj-slip-code">{result.receipt}</Text>
        <Text className="gj-body">请保存好回执编码，可以用它核对您的投票是否被计入。</Text>
      </View>
      <View role="list" aria-label="您提交的回答">
        {sent.map((a) => {
          const q = byId.get(a.questionId)
          if (!q) return null
          return (
            <Text key={a.questionId} className="gj-body" role="listitem">
              · {q.title}：{answerLabel(q, a, itemTitles)}
            </Text>
          )
        })}
      </View>
      <View className="gj-actions">
        <ActionButton primary onClick={() => void Taro.navigateTo({ url: verify })}>
          核对这张回执
        </ActionButton>
        <ActionButton onClick={onChange}>修改我的投票</ActionButton>
        <ActionButton onClick={() => void Taro.navigateBack()}>返回</ActionButton>
      </View>
    </Screen>
  )
}

/**
 * 投票 (?id=): the questions of one ballot in my household's scope, owners' decisions first (with
 * what my household pays and the rule that decides it), then the surveys; all answers are sent at
 * once. A retry after a network failure sends the same request id, so it is never counted twice.
 */
export default function BallotPage() {
  const { me } = useSession()
  const ballotId = useRouter().params.id ?? ''
  const { households, householdId, choose } = useMyHousehold()
  const remote = useRemote(async () => (ballotId && householdId ? ballotsApi.forHousehold(ballotId, householdId) : null), [ballotId, householdId])
  const view = remote.data
  const needsPlan = !!view?.questions.some((qh) => qh.question.kind === 'menu')
  const plan = useRemote(async () => (needsPlan ? plansApi.get() : null), [needsPlan])
  const itemTitles: Record<string, string> = {}
  for (const i of plan.data?.items ?? []) itemTitles[i._id] = i.title

  const [drafts, setDrafts] = useState<Record<string, DraftAnswer>>({})
  const [assisted, setAssisted] = useState(false)
  const [assistedBy, setAssistedBy] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  /** A CONFLICT: the function's message and the version the page had then. */
  const [conflict, setConflict] = useState<{ message: string; version: number } | null>(null)
  const [done, setDone] = useState<{ result: CastResult; sent: Answer[] } | null>(null)
  /** The request id of the submission in flight or whose outcome is unknown, with what it carried. */
  const pending = useRef<{ key: string; requestId: string } | null>(null)

  /** The household and votes version the answers on the page were filled from. */
  const filledFrom = useRef<string | null>(null)

  // Pre-fill with the household's standing answers when they are first loaded or have changed
  // (someone voted); a reload that finds the same version keeps what the resident is filling in.
  useEffect(() => {
    if (!view) return
    const key = `${view.householdId}@${view.version}`
    if (filledFrom.current === key) return
    filledFrom.current = key
    const next: Record<string, DraftAnswer> = {}
    for (const qh of view.questions) if (qh.current) next[qh.question._id] = fromAnswer(qh.current.answer)
    setDrafts(next)
  }, [view])

  if (!view) {
    return (
      <Screen>
        <Text className="gj-title">投票</Text>
        <ErrorNote message={remote.error} />
        {remote.loading && !remote.error && householdId && <Text className="gj-muted">正在加载…</Text>}
        {me && !householdId && <Text className="gj-body">绑定房屋后才能投票。社区工作人员请在“投票（社区）”里查看计票。</Text>}
      </Screen>
    )
  }

  if (done) {
    return (
      <Receipt
        result={done.result}
        sent={done.sent}
        view={view}
        itemTitles={itemTitles}
        onChange={() => {
          setDone(null)
          void remote.reload()
        }}
      />
    )
  }

  const open = view.phase === 'open'
  const decisions = view.questions.filter((qh) => qh.question.kind === 'decision')
  const surveys = view.questions.filter((qh) => qh.question.kind !== 'decision')
  const answerable = view.questions.filter((qh) => qh.mayAnswer)
  const relation = households.find((h) => h.householdId === householdId)?.relation

  function collect(): Answer[] | string {
    const answers: Answer[] = []
    for (const qh of answerable) {
      const a = toAnswer(qh.question, drafts[qh.question._id])
      if (!a) continue
      try {
        answers.push(checkAnswer(qh.question as Question, a))
      } catch (e) {
        return e instanceof AppError ? e.message : String(e)
      }
    }
    if (answers.length === 0) return '请至少回答一个问题再提交。'
    return answers
  }

  async function submit() {
    if (!view || !householdId) return
    setError(null)
    setConflict(null)
    const answers = collect()
    if (typeof answers === 'string') return setError(answers)
    const helper = assisted ? assistedBy.trim() : ''
    if (assisted && !helper) return setError('请写下帮您投票的人，例如“孙女 王小明”或“网格员 李某”。')
    const key = JSON.stringify({ householdId, version: view.version, answers, helper })
    // Same answers as a submission whose outcome is unknown: send it again under the same request id.
    if (!pending.current || pending.current.key !== key) pending.current = { key, requestId: newRequestId() }
    setBusy(true)
    try {
      const result = await ballotsApi.cast({
        ballotId: view.ballot._id,
        householdId,
        requestId: pending.current.requestId,
        version: view.version,
        answers,
        ...(helper ? { assistedBy: helper } : {}),
      })
      pending.current = null
      setDone({ result, sent: answers })
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INTERNAL') {
        // The vote may or may not have been stored: keep the request id for the retry.
        setError(`${messageOf(e)}再点一次“提交全部回答”会重新发送同一份投票，不会重复计入。`)
      } else if (e instanceof ApiError && e.code === 'CONFLICT') {
        pending.current = null
        setConflict({ message: messageOf(e), version: view.version })
        await remote.reload()
      } else {
        pending.current = null
        setError(messageOf(e))
      }
    } finally {
      setBusy(false)
    }
  }

  const block = (qh: QuestionForHousehold) => (
    <QuestionBlock
      key={qh.question._id}
      qh={qh}
      draft={drafts[qh.question._id]}
      editable={open}
      itemTitles={itemTitles}
      owner={relation === 'owner'}
      onChange={(d) => setDrafts((all) => ({ ...all, [qh.question._id]: d }))}
    />
  )

  return (
    <Screen>
      <Text className="gj-title">{view.ballot.title}</Text>
      <View>
        <PhaseTag phase={view.phase} />
      </View>
      <Text className="gj-body">{periodLabel(view.ballot.opensAt, view.ballot.closesAt)}</Text>
      {view.phase === 'scheduled' && (
        <Text className="gj-body">投票将于 {formatChinaDateTime(view.ballot.opensAt)} 开始，现在可以先看一看要回答的问题。</Text>
      )}
      {view.phase === 'closed' && <Text className="gj-body">投票已于 {formatChinaDateTime(view.ballot.closesAt)} 结束，不能再投票或修改。</Text>}
      <HouseholdChoice households={households} value={householdId} onChange={choose} label="为哪一户投票" />
      <Text className="gj-muted">
        本户：{view.householdLabel}
        {relation ? `（您是${RELATION_LABELS[relation]}）` : ''}
      </Text>
      {/* Someone else in the household voted (the version moved), or the store was busy: its own message. */}
      {conflict && <ErrorNote message={view.version !== conflict.version ? CONFLICT_NOTE : conflict.message} />}
      <ErrorNote message={remote.error} />

      {view.questions.length === 0 && <Text className="gj-body">这次投票没有涉及您家所在范围的问题。</Text>}
      {decisions.length > 0 && (
        <View role="region" aria-label="业主表决">
          <Text className="gj-subtitle">业主表决（{decisions.length} 项）</Text>
          <Text className="gj-muted">{PARTICIPATION_RULE}</Text>
          {decisions.map(block)}
        </View>
      )}
      {surveys.length > 0 && (
        <View role="region" aria-label="意见征询">
          <Text className="gj-subtitle">意见征询（{surveys.length} 项）</Text>
          <Text className="gj-muted">本户的家庭成员和租户都可以回答；没有回答的问题不会提交。</Text>
          {surveys.map(block)}
        </View>
      )}

      {open && answerable.length > 0 && (
        <View>
          <View className="gj-field">
            <Toggle label="有人帮我投票" checked={assisted} onChange={setAssisted} />
          </View>
          {assisted && (
            <TextField
              id="assisted-by"
              label="帮您投票的人（姓名和关系）"
              value={assistedBy}
              maxLength={ASSISTED_BY_MAX}
              placeholder="例如：孙女 王小明、网格员 李某"
              onChange={setAssistedBy}
            />
          )}
          <ErrorNote message={error} />
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void submit()}>
              提交全部回答
            </ActionButton>
          </View>
          <Text className="gj-muted">投票截止前可以修改，以最后一次提交为准。</Text>
        </View>
      )}
      {view.phase === 'closed' && (
        <View className="gj-actions">
          <ActionButton primary onClick={() => void Taro.navigateTo({ url: `/packageVote/ballot-result/index?id=${encodeURIComponent(view.ballot._id)}` })}>
            查看结果
          </ActionButton>
        </View>
      )}
    </Screen>
  )
}

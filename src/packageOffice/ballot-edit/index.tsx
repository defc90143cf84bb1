import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { OPTION_MAX, OPTIONS_MAX, QUESTION_KIND_LABELS, QUESTION_KINDS, QUESTION_TITLE_MAX, type Ballot, type Question, type QuestionKind } from '@/core/ballot'
import { scopeLabel, type CommunityShape } from '@/core/plan'
import type { ItemView } from '@/core/plan-view'
import { ActionButton } from '@/components/ActionButton'
import { DECISION_RULES } from '@/components/BallotParts'
import { Choice } from '@/components/Choice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { Toggle } from '@/components/Toggle'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { messageOf } from '@/services/api'
import { ballotsApi } from '@/services/ballots'
import { plansApi } from '@/services/plans'
import {
  BALLOT_TITLE_MAX,
  checkQuestion,
  decisionItems,
  decisionQuestion,
  emptyForm,
  formFromBallot,
  move,
  newQuestionId,
  optionLines,
  parsePicks,
  scopeOf,
  toDraft,
  type BallotForm,
  type ScopeForm,
} from './form'

const SCOPE_OPTIONS = [
  { value: 'community', label: '全小区' },
  { value: 'buildings', label: '指定楼栋' },
  { value: 'unit', label: '某个单元' },
]

function ScopePicker({ value, shape, onChange }: { value: ScopeForm; shape: CommunityShape; onChange: (s: ScopeForm) => void }) {
  return (
    <View>
      <Choice label="谁来回答（范围）" options={SCOPE_OPTIONS} value={value.kind} onChange={(v) => onChange({ ...value, kind: v as ScopeForm['kind'] })} />
      {value.kind === 'buildings' && (
        <View className="gj-field" role="group" aria-label="选择楼栋">
          <Text className="gj-label">选择楼栋（可多选）</Text>
          {shape.buildings.map((b) => (
            <Toggle
              key={b._id}
              label={`${b.number}号楼`}
              checked={value.buildingIds.includes(b._id)}
              onChange={(on) => onChange({ ...value, buildingIds: on ? [...value.buildingIds, b._id] : value.buildingIds.filter((id) => id !== b._id) })}
            />
          ))}
        </View>
      )}
      {value.kind === 'unit' && (
        <Choice
          label="选择单元"
          options={shape.units.map((u) => ({ value: u._id, label: `${shape.buildings.find((b) => b._id === u.buildingId)?.number ?? '?'}号楼${u.number}单元` }))}
          value={value.unitId}
          onChange={(unitId) => onChange({ ...value, unitId })}
        />
      )}
    </View>
  )
}

const EMPTY_SCOPE: ScopeForm = { kind: 'community', buildingIds: [], unitId: '' }

/** 添加问题: pick a kind, fill it in, add it to the list. */
function AddQuestion({ items, taken, shape, onAdd }: { items: ItemView[]; taken: Set<string>; shape: CommunityShape; onAdd: (qs: Question[]) => void }) {
  const [kind, setKind] = useState<QuestionKind>('decision')
  const [itemId, setItemId] = useState('')
  const [title, setTitle] = useState('')
  const [scope, setScope] = useState<ScopeForm>(EMPTY_SCOPE)
  const [options, setOptions] = useState('')
  const [menuItems, setMenuItems] = useState<string[]>([])
  const [maxPicks, setMaxPicks] = useState('1')
  const [problem, setProblem] = useState<string | null>(null)
  const eligible = decisionItems(items).filter((i) => !taken.has(i._id))

  function reset() {
    setItemId('')
    setTitle('')
    setScope(EMPTY_SCOPE)
    setOptions('')
    setMenuItems([])
    setMaxPicks('1')
    setProblem(null)
  }

  function add() {
    if (kind === 'decision') {
      const item = eligible.find((i) => i._id === itemId)
      if (!item) return setProblem('请先选择一个需要业主表决的项目。')
      onAdd([decisionQuestion(item)])
      return reset()
    }
    const s = scopeOf(scope)
    if (typeof s === 'string') return setProblem(s)
    let raw: unknown
    if (kind === 'yesno' || kind === 'text') raw = { kind, _id: newQuestionId(), title, scope: s }
    else {
      const list = kind === 'choice' ? optionLines(options) : menuItems
      const picks = parsePicks(maxPicks, Math.max(1, list.length))
      if (list.length >= 2 && picks === null) return setProblem(`“最多选几项”请填 1 到 ${list.length} 之间的整数。`)
      raw = { kind, _id: newQuestionId(), title, scope: s, options: list, maxPicks: picks ?? 1 }
    }
    const checked = checkQuestion(raw)
    if ('error' in checked) return setProblem(checked.error)
    onAdd([checked.question])
    reset()
  }

  return (
    <View className="gj-card" role="region" aria-label="添加问题">
      <Text className="gj-card-title">添加问题</Text>
      <Choice
        label="问题类型"
        options={QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] }))}
        value={kind}
        onChange={(v) => {
          setKind(v as QuestionKind)
          setProblem(null)
        }}
      />
      {kind === 'decision' ? (
        <View>
          <Text className="gj-muted">从已发布的改造方案里选择需要业主共同决定的项目，范围和表决方式（一般事项或重大事项）跟项目一致。</Text>
          {eligible.length > 0 ? (
            <Choice
              label="选择项目"
              options={eligible.map((i) => ({ value: i._id, label: `${i.title}（${i.scopeLabel}，${i.decisionKind === 'major' ? '重大事项' : '一般事项'}）` }))}
              value={itemId}
              onChange={setItemId}
            />
          ) : (
            <Text className="gj-body">{items.length === 0 ? '还没有已发布的改造方案，发布方案后才能添加业主表决。' : '需要业主表决的项目都已经加进来了。'}</Text>
          )}
        </View>
      ) : (
        <View>
          <TextField id="question-title" label="问题" showCount value={title} maxLength={QUESTION_TITLE_MAX} onChange={setTitle} />
          {kind === 'choice' && (
            <TextField
              id="question-options"
              label={`选项（每行一个，最多 ${OPTIONS_MAX} 个，每个不超过 ${OPTION_MAX} 个字）`}
              multiline
              value={options}
              maxLength={OPTIONS_MAX * (OPTION_MAX + 1)}
              onChange={setOptions}
            />
          )}
          {kind === 'menu' && (
            <View className="gj-field" role="group" aria-label="可选的项目">
              <Text className="gj-label">可选的项目（已选 {menuItems.length} 个）</Text>
              {items.map((i) => (
                <Toggle
                  key={i._id}
                  label={i.title}
                  checked={menuItems.includes(i._id)}
                  onChange={(on) => setMenuItems((m) => (on ? [...m, i._id] : m.filter((x) => x !== i._id)))}
                />
              ))}
              {items.length === 0 && <Text className="gj-muted">还没有已发布的改造方案。</Text>}
            </View>
          )}
          {(kind === 'choice' || kind === 'menu') && <TextField id="question-max" label="每户最多选几项" value={maxPicks} maxLength={3} onChange={setMaxPicks} />}
          <ScopePicker value={scope} shape={shape} onChange={setScope} />
        </View>
      )}
      <ErrorNote message={problem} />
      <View className="gj-actions">
        <ActionButton onClick={add}>加入这个问题</ActionButton>
        {kind === 'decision' && eligible.length > 1 && (
          <ActionButton
            onClick={() => {
              onAdd(eligible.map((i) => decisionQuestion(i)))
              reset()
            }}
          >
            加入全部需要表决的项目（{eligible.length} 项）
          </ActionButton>
        )}
      </View>
    </View>
  )
}

/** One question in the list, with what it asks and who answers; move up/down, remove. */
function QuestionRow({ q, index, count, shape, itemTitles, onMove, onRemove }: {
  q: Question
  index: number
  count: number
  shape: CommunityShape
  itemTitles: Record<string, string>
  onMove: (by: -1 | 1) => void
  onRemove: () => void
}) {
  return (
    <View className="gj-card" role="group" aria-label={`第 ${index + 1} 题：${q.title}`}>
      <Text className="gj-muted">
        第 {index + 1} 题 · {QUESTION_KIND_LABELS[q.kind]}
      </Text>
      <Text className="gj-card-title">{q.title}</Text>
      <Text className="gj-body">范围：{scopeLabel(q.scope, shape)}</Text>
      {q.kind === 'decision' && <Text className="gj-muted">{DECISION_RULES[q.decisionKind]}</Text>}
      {q.kind === 'choice' && (
        <Text className="gj-body">
          选项：{q.options.join('、')}；每户最多选 {q.maxPicks} 项
        </Text>
      )}
      {q.kind === 'menu' && (
        <Text className="gj-body">
          可选项目：{q.options.map((id) => itemTitles[id] ?? id).join('、')}；每户最多选 {q.maxPicks} 项
        </Text>
      )}
      <View className="gj-row">
        {index > 0 && (
          <Text className="gj-link gj-choice" role="button" aria-label={`上移：${q.title}`} onClick={() => onMove(-1)}>
            上移
          </Text>
        )}
        {index < count - 1 && (
          <Text className="gj-link gj-choice" role="button" aria-label={`下移：${q.title}`} onClick={() => onMove(1)}>
            下移
          </Text>
        )}
        <Text className="gj-link gj-choice" role="button" aria-label={`删除：${q.title}`} onClick={onRemove}>
          删除
        </Text>
      </View>
    </View>
  )
}

/**
 * Office: a ballot (?id= a draft, or a new one): name, opening and closing (China time), whether
 * residents see running consent, and the questions — owners' decisions on plan items, yes/no,
 * choice, "pick up to N items" and free text — reordered or removed; saved as a draft, then
 * published (opened) after a confirmation.
 */
export default function BallotEdit() {
  useSession()
  const askedId = useRouter().params.id || null
  const [ballotId, setBallotId] = useState<string | null>(askedId)
  const [version, setVersion] = useState<number | null>(null)
  const [status, setStatus] = useState<Ballot['status']>('draft')
  const [form, setForm] = useState<BallotForm>(() => emptyForm(new Date()))
  const [items, setItems] = useState<ItemView[]>([])
  const [shape, setShape] = useState<CommunityShape>({ buildings: [], units: [] })
  const [loadError, setLoadError] = useState<string | null>(null)
  const [loading, setLoading] = useState(!!askedId)
  const [confirming, setConfirming] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const { busy, error, setError, submit } = useSubmit()

  useEffect(() => {
    plansApi
      .get()
      .then((p) => setItems(p?.items ?? []))
      .catch((e) => setLoadError(messageOf(e)))
    plansApi
      .getDraft()
      .then((d) => d && setShape({ buildings: d.buildings, units: d.units }))
      .catch((e) => setLoadError(messageOf(e)))
  }, [])

  useEffect(() => {
    if (!askedId) return
    ballotsApi
      .get(askedId)
      .then((b) => {
        setForm(formFromBallot(b))
        setVersion(b.version)
        setStatus(b.status)
      })
      .catch((e) => setLoadError(messageOf(e)))
      .finally(() => setLoading(false))
  }, [askedId])

  const update = (patch: Partial<BallotForm>) => {
    setSaved(null)
    setForm((f) => ({ ...f, ...patch }))
  }
  const itemTitles: Record<string, string> = {}
  for (const i of items) itemTitles[i._id] = i.title
  const taken = new Set(form.questions.flatMap((q) => (q.kind === 'decision' ? [q.itemId] : [])))

  if (loading || status !== 'draft') {
    return (
      <Screen>
        <Text className="gj-title">{form.title || '投票'}</Text>
        <ErrorNote message={loadError} />
        {loading && !loadError && <Text className="gj-muted">正在加载…</Text>}
        {!loading && status !== 'draft' && (
          <View>
            <Text className="gj-body">这次投票已经发布，问题和时间不能再修改。</Text>
            <View className="gj-actions">
              <ActionButton primary onClick={() => void Taro.redirectTo({ url: `/packageOffice/ballot-office/index?id=${encodeURIComponent(ballotId ?? '')}` })}>
                查看计票和上门走访名单
              </ActionButton>
            </View>
          </View>
        )}
      </Screen>
    )
  }

  /** Saves the form (creating the ballot the first time); returns the stored ballot or null. */
  async function save(): Promise<Ballot | null> {
    const result = toDraft(form)
    if ('error' in result) {
      setError(result.error)
      return null
    }
    const stored: { ballot?: Ballot } = {}
    const ok = await submit(async () => {
      stored.ballot = ballotId && version !== null ? await ballotsApi.update(ballotId, version, result.draft) : await ballotsApi.create(result.draft)
    })
    const b = stored.ballot
    if (!ok || !b) return null
    setBallotId(b._id)
    setVersion(b.version)
    setForm(formFromBallot(b))
    return b
  }

  async function saveDraft() {
    setSaved(null)
    if (await save()) setSaved('草稿已保存。发布之前居民看不到这次投票。')
  }

  function ask() {
    const result = toDraft(form)
    if ('error' in result) return setError(result.error)
    setError(null)
    setConfirming(true)
  }

  async function publish() {
    const b = await save()
    if (!b) return setConfirming(false)
    const ok = await submit(async () => {
      await ballotsApi.open(b._id, b.version)
    })
    setConfirming(false)
    if (!ok) return
    await Taro.showToast({ title: '投票已发布', icon: 'success' })
    await Taro.redirectTo({ url: `/packageOffice/ballot-office/index?id=${encodeURIComponent(b._id)}` })
  }

  const decisions = form.questions.filter((q) => q.kind === 'decision').length

  return (
    <Screen>
      <Text className="gj-title">{ballotId ? '修改投票草稿' : '新建投票'}</Text>
      <ErrorNote message={loadError} />
      <TextField
        id="ballot-title"
        label="投票名称"
        showCount
        value={form.title}
        maxLength={BALLOT_TITLE_MAX}
        placeholder="例如：汴绣里小区改造项目业主表决"
        onChange={(title) => update({ title })}
      />
      <Text className="gj-subtitle">投票时间（北京时间）</Text>
      <TextField id="opens-date" label="开始日期" value={form.opensDate} maxLength={10} placeholder="2026-12-01" onChange={(opensDate) => update({ opensDate })} />
      <TextField id="opens-time" label="开始时间" value={form.opensTime} maxLength={5} placeholder="08:00" onChange={(opensTime) => update({ opensTime })} />
      <TextField id="closes-date" label="截止日期" value={form.closesDate} maxLength={10} placeholder="2026-12-15" onChange={(closesDate) => update({ closesDate })} />
      <TextField id="closes-time" label="截止时间" value={form.closesTime} maxLength={5} placeholder="20:00" onChange={(closesTime) => update({ closesTime })} />
      <Choice
        label="投票期间居民能看到"
        options={[
          { value: 'participation', label: '只公布参与率' },
          { value: 'consent', label: '同时公布赞成情况' },
        ]}
        value={form.showRunningConsent ? 'consent' : 'participation'}
        onChange={(v) => update({ showRunningConsent: v === 'consent' })}
      />
      <Text className="gj-muted">社区工作人员随时能看到完整的计票；投票结束后所有结果都会公布。</Text>

      <Text className="gj-subtitle">问题（{form.questions.length} 个，其中业主表决 {decisions} 个）</Text>
      {form.questions.length === 0 && <Text className="gj-muted">还没有问题。用下面的“添加问题”加入业主表决或意见征询。</Text>}
      {form.questions.map((q, i) => (
        <QuestionRow
          key={q._id}
          q={q}
          index={i}
          count={form.questions.length}
          shape={shape}
          itemTitles={itemTitles}
          onMove={(by) => update({ questions: move(form.questions, i, by) })}
          onRemove={() => update({ questions: form.questions.filter((x) => x._id !== q._id) })}
        />
      ))}
      <AddQuestion items={items} taken={taken} shape={shape} onAdd={(qs) => update({ questions: [...form.questions, ...qs] })} />

      <OkNote message={saved} />
      <ErrorNote message={error} />
      {!confirming ? (
        <View className="gj-actions">
          <ActionButton primary loading={busy} onClick={ask}>
            发布投票
          </ActionButton>
          <ActionButton loading={busy} onClick={() => void saveDraft()}>
            保存草稿
          </ActionButton>
        </View>
      ) : (
        <View className="gj-card" role="region" aria-label="确认发布">
          <Text className="gj-body">
            确认发布“{form.title.trim()}”？共 {form.questions.length} 个问题，投票从 {form.opensDate} {form.opensTime} 开始，到 {form.closesDate} {form.closesTime}{' '}
            截止（北京时间）。发布后问题和时间不能再修改，居民会在“投票和意见征询”里看到它。
          </Text>
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void publish()}>
              确认发布
            </ActionButton>
            <ActionButton onClick={() => setConfirming(false)}>暂不发布</ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { CATEGORIES, CATEGORY_LABELS } from '@/core/menu'
import { yuanLabel } from '@/core/money'
import { PUBLICITY_DEFAULT_DAYS, PUBLICITY_MAX_DAYS } from '@/core/notice'
import { DECISION_LABELS, ITEM_STATUS_LABELS, PLAN_SUMMARY_MAX, PLAN_TITLE_MAX, planFieldsSchema, type Plan, PLAN_PUBLICITY_MIN_DAYS } from '@/core/plan'
import type { DraftView } from '@/core/plan-view'
import { STAGE_LABELS, stageIndex } from '@/core/stages'
import * as z from 'zod/mini'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote, OkNote } from '@/components/Notes'
import { PeriodMeter } from '@/components/PeriodMeter'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { plansApi } from '@/services/plans'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** Title and summary: a form before the plan exists and while it is a draft. */
function PlanFieldsForm({ initial, button, onSave }: { initial: { title: string; summary: string }; button: string; onSave: (f: { title: string; summary: string }) => Promise<boolean> }) {
  const [title, setTitle] = useState(initial.title)
  const [summary, setSummary] = useState(initial.summary)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    setTitle(initial.title)
    setSummary(initial.summary)
  }, [initial.title, initial.summary])
  async function save() {
    const parsed = z.safeParse(planFieldsSchema, { title, summary })
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? '填写的内容有误')
    setProblem(null)
    await onSave(parsed.data)
  }
  return (
    <View>
      <TextField id="plan-title" label="方案名称" showCount value={title} maxLength={PLAN_TITLE_MAX} placeholder="例如：汴绣里小区老旧小区改造方案" onChange={setTitle} />
      <TextField
        id="plan-summary"
        label="方案说明"
        multiline
        showCount
        value={summary}
        maxLength={PLAN_SUMMARY_MAX}
        placeholder="改造的目标、范围、时间安排和居民怎样参与"
        onChange={setSummary}
      />
      <ErrorNote message={problem} />
      <View className="gj-actions">
        <ActionButton primary onClick={() => void save()}>
          {button}
        </ActionButton>
      </View>
    </View>
  )
}

/** The items grouped by category, each with scope, cost, residents' part and households in scope. */
function Items({ view }: { view: DraftView }) {
  const { plan } = view
  const published = plan.status === 'published'
  if (plan.items.length === 0) return <Text className="gj-muted">方案里还没有项目。点“添加项目”从改造菜单里选择。</Text>
  return (
    <View>
      {CATEGORIES.map((c) => {
        const items = plan.items.filter((i) => i.category === c)
        if (items.length === 0) return null
        return (
          <View key={c} role="region" aria-label={CATEGORY_LABELS[c]}>
            <Text className="gj-subtitle">
              {CATEGORY_LABELS[c]}（{items.length} 项）
            </Text>
            {items.map((item) => {
              const progress = plan.progress[item._id]
              return (
                <View key={item._id} className="gj-card">
                  <Text className="gj-card-title">{item.title}</Text>
                  {published && progress && <Text className="gj-tag draft">{ITEM_STATUS_LABELS[progress.status]}</Text>}
                  <Text className="gj-body">
                    范围：{view.scopeLabels[item._id] ?? '—'}（{view.householdsInScope[item._id] ?? 0} 户）
                  </Text>
                  <Text className="gj-body">
                    估算费用 {yuanLabel(item.costFen)}，其中居民出资 {yuanLabel(item.funding.residents)}
                  </Text>
                  <Text className="gj-muted">{DECISION_LABELS[item.decisionKind]}</Text>
                  <View className="gj-row">
                    <Text
                      className="gj-link gj-choice"
                      role="link"
                      aria-label={`${published ? '查看' : '修改'}：${item.title}`}
                      onClick={go(`/pages/plan-item-edit/index?id=${encodeURIComponent(item._id)}`)}
                    >
                      {published ? '查看' : '修改'}
                    </Text>
                    {plan.publishedEdition !== null && progress && (
                      <Text
                        className="gj-link gj-choice"
                        role="link"
                        aria-label={`进度：${item.title}`}
                        onClick={go(`/pages/item-progress/index?id=${encodeURIComponent(item._id)}`)}
                      >
                        进度
                      </Text>
                    )}
                  </View>
                </View>
              )
            })}
          </View>
        )
      })}
    </View>
  )
}

/** 发布公示: how many days, then a confirmation saying what publishing means. */
function Publish({ plan, onDone }: { plan: Plan; onDone: (message: string) => Promise<void> }) {
  const [days, setDays] = useState(String(PUBLICITY_DEFAULT_DAYS))
  const [confirming, setConfirming] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const { busy, error, submit } = useSubmit()
  const n = /^\d{1,3}$/.test(days.trim()) ? Number(days.trim()) : NaN
  function ask() {
    if (!(n >= PLAN_PUBLICITY_MIN_DAYS && n <= PUBLICITY_MAX_DAYS)) {
      return setProblem(`公示天数请填 ${PLAN_PUBLICITY_MIN_DAYS} 到 ${PUBLICITY_MAX_DAYS} 之间的整数。`)
    }
    setProblem(null)
    setConfirming(true)
  }
  async function publish() {
    const ok = await submit(() => plansApi.publish(plan.version, n))
    setConfirming(false)
    if (ok) await onDone(`第${plan.edition}版方案已发布，公示 ${n} 天。居民可以在公示期内查看方案并提出异议。`)
  }
  return (
    <View className="gj-card" role="region" aria-label="发布公示">
      <Text className="gj-card-title">发布公示</Text>
      <Text className="gj-muted">发布后这一版方案不能再修改，同时发布一条公示公告；居民可以在公示期内提出异议，每条异议都要答复后才能立项。</Text>
      {stageIndex(plan.stage) < stageIndex('design') && (
        <Text className="gj-muted">
          现在是“{STAGE_LABELS[plan.stage]}”阶段：调查摸底和征求意见结束、进入“{STAGE_LABELS.design}”阶段后才能发布方案公示。
        </Text>
      )}
      <TextField id="publicity-days" label="公示天数" value={days} maxLength={3} onChange={setDays} />
      <ErrorNote message={problem ?? error} />
      {!confirming ? (
        <View className="gj-actions">
          <ActionButton primary onClick={ask}>
            发布公示
          </ActionButton>
        </View>
      ) : (
        <View>
          <Text className="gj-body">
            确认发布“{plan.title}”第{plan.edition}版（{plan.items.length} 个项目），公示 {n} 天？
          </Text>
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void publish()}>
              确认发布
            </ActionButton>
            <ActionButton onClick={() => setConfirming(false)}>暂不发布</ActionButton>
          </View>
        </View>
      )}
    </View>
  )
}

/** Where the project stands, what the next stage needs, and the way to move on. */
function StageBox({ view }: { view: DraftView }) {
  const { gate, plan } = view
  return (
    <View className="gj-card" role="region" aria-label="项目阶段">
      <Text className="gj-card-title">项目阶段：{STAGE_LABELS[plan.stage]}</Text>
      {gate.next ? (
        <View>
          <Text className="gj-body">下一阶段：{STAGE_LABELS[gate.next]}</Text>
          {gate.problems.length > 0 ? (
            <View>
              <Text className="gj-body">还不能进入下一阶段：</Text>
              <View role="list" aria-label="进入下一阶段还差的条件">
                {gate.problems.map((p) => (
                  <Text key={p} className="gj-body" role="listitem">
                    · {p}
                  </Text>
                ))}
              </View>
            </View>
          ) : (
            <Text className="gj-body">条件已满足，可以进入下一阶段。</Text>
          )}
          {gate.documentNeeded && <Text className="gj-muted">进入下一阶段时需要附上：{gate.documentNeeded}。</Text>}
        </View>
      ) : (
        <Text className="gj-body">已经是最后一个阶段。</Text>
      )}
      <View className="gj-actions">
        {gate.next && <ActionButton onClick={go('/pages/stage-advance/index')}>推进到下一阶段</ActionButton>}
        <ActionButton onClick={go('/pages/timeline/index')}>查看项目进度（各阶段记录）</ActionButton>
      </View>
    </View>
  )
}

/** Office: the community's renovation plan: the draft, its items, publishing, revising and the stages. */
export default function PlanEdit() {
  useSession()
  const remote = useRemote(() => plansApi.getDraft())
  const { busy, error, submit } = useSubmit()
  const [done, setDone] = useState<string | null>(null)
  const view = remote.data

  async function run(work: () => Promise<unknown>, message: string): Promise<boolean> {
    setDone(null)
    const ok = await submit(work)
    if (ok) {
      setDone(message)
      await remote.reload()
    }
    return ok
  }

  async function published(message: string) {
    setDone(message)
    await remote.reload()
  }

  if (!view) {
    return (
      <Screen>
        <Text className="gj-title">改造方案（社区）</Text>
        <ErrorNote message={remote.error ?? error} />
        {remote.loading && <Text className="gj-muted">正在加载…</Text>}
        {!remote.loading && !remote.error && (
          <View>
            <Text className="gj-body">本小区还没有改造方案。先写下方案名称和说明，再从改造菜单里添加项目。</Text>
            <PlanFieldsForm
              initial={{ title: '', summary: '' }}
              button="创建方案"
              onSave={(f) => run(() => plansApi.create(f), '方案已创建。现在可以添加改造项目了。')}
            />
          </View>
        )}
      </Screen>
    )
  }

  const { plan, openFeedback } = view
  const draft = plan.status === 'draft'
  return (
    <Screen>
      <Text className="gj-title">改造方案（社区）</Text>
      <View>
        <Text className={draft ? 'gj-tag draft' : 'gj-tag publicity'}>
          {draft ? '草稿' : '已发布'} 第{plan.edition}版
        </Text>
        <Text className="gj-muted">{view.communityName}</Text>
      </View>
      {draft && plan.publishedEdition !== null && (
        <Text className="gj-muted">正在修订：居民现在看到的仍是第{plan.publishedEdition}版，发布后才会看到新版本。</Text>
      )}
      <PeriodMeter state={view.publicity} />
      <OkNote message={done} />
      <ErrorNote message={remote.error ?? error} />

      {draft ? (
        <PlanFieldsForm
          initial={{ title: plan.title, summary: plan.summary }}
          button="保存方案名称和说明"
          onSave={(f) => run(() => plansApi.editFields(plan.version, f), '方案名称和说明已保存。')}
        />
      ) : (
        <View className="gj-card">
          <Text className="gj-card-title">{plan.title}</Text>
          {plan.summary && <Text className="gj-body">{plan.summary}</Text>}
        </View>
      )}

      <Text className="gj-subtitle">改造项目（{plan.items.length} 项）</Text>
      <Items view={view} />
      {draft && (
        <View className="gj-actions">
          <ActionButton primary onClick={go('/pages/plan-item-edit/index')}>
            添加项目
          </ActionButton>
        </View>
      )}

      {draft ? (
        <Publish plan={plan} onDone={published} />
      ) : (
        <View className="gj-actions">
          <ActionButton
            loading={busy}
            onClick={() =>
              void run(() => plansApi.revise(plan.version), `已新建第${plan.edition + 1}版草稿。修改后需要重新发布公示，居民在此之前仍看到第${plan.edition}版。`)
            }
          >
            修订方案（新建第{plan.edition + 1}版）
          </ActionButton>
        </View>
      )}

      <StageBox view={view} />

      <View className="gj-card" role="region" aria-label="居民意见">
        <Text className="gj-card-title">居民意见</Text>
        <Text className="gj-body">
          未答复的公示异议 {openFeedback.objections} 条，意见建议 {openFeedback.comments} 条。
        </Text>
        <View className="gj-actions">
          <ActionButton onClick={go('/pages/feedback-queue/index')}>答复意见和异议</ActionButton>
          {plan.publishedEdition !== null && <ActionButton onClick={go('/pages/plan/index')}>查看居民看到的方案</ActionButton>}
        </View>
      </View>
    </Screen>
  )
}

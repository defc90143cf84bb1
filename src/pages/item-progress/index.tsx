import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { DECISION_LABELS, DECISION_REF_MAX, ITEM_STATUS_LABELS, type DecisionOutcome, type ItemStatus } from '@/core/plan'
import { STAGE_LABELS, stageIndex } from '@/core/stages'
import { formatChinaDateTime } from '@/core/time'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { plansApi } from '@/services/plans'

const OUTCOME_LABELS: Record<DecisionOutcome, string> = { pending: '还没有结果', passed: '通过', rejected: '未通过' }

/**
 * Office: where one item of the published plan stands: record the owners' decision (until
 * issue 5's ballots record it), then 确定实施 → 开始施工 → 已完工, or 不实施.
 */
export default function ItemProgress() {
  useSession()
  const id = useRouter().params.id ?? ''
  const remote = useRemote(async () => {
    const [published, draft] = await Promise.all([plansApi.get(), plansApi.getDraft()])
    return { item: published?.items.find((i) => i._id === id) ?? null, draft }
  }, [id])
  const [outcome, setOutcome] = useState<'passed' | 'rejected'>('passed')
  const [ref, setRef] = useState('')
  const [dropping, setDropping] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const { busy, error, setError, submit } = useSubmit()

  const item = remote.data?.item
  const draft = remote.data?.draft
  if (!item || !draft) {
    return (
      <Screen>
        <Text className="gj-title">项目进度</Text>
        <ErrorNote message={remote.error} />
        {remote.loading && <Text className="gj-muted">正在加载…</Text>}
        {!remote.loading && !remote.error && <Text className="gj-body">没有找到这个项目：只有已发布方案里的项目才有进度。</Text>}
      </Screen>
    )
  }

  const { plan } = draft
  const progress = plan.progress[item._id]
  const status: ItemStatus = progress?.status ?? item.status
  const decision: DecisionOutcome = progress?.decision ?? item.decision
  const decisionRef = progress?.decisionRef ?? item.decisionRef
  const needsDecision = item.decisionKind !== 'survey'
  const beforeStart = stageIndex(plan.stage) < stageIndex('start')

  async function change(patch: { status?: ItemStatus; decision?: DecisionOutcome; decisionRef?: string }, message: string) {
    setDone(null)
    const ok = await submit(() => plansApi.setProgress(plan.version, item!._id, patch))
    if (ok) {
      setDone(message)
      setDropping(false)
      await remote.reload()
    }
  }

  function recordDecision() {
    if (!ref.trim()) return setError('请写明表决结果的依据，例如“2026年12月业主大会表决结果”。')
    void change(
      { decision: outcome, decisionRef: ref.trim() },
      outcome === 'passed' ? `已记录：“${item!.title}”业主表决通过。` : `已记录：“${item!.title}”业主表决未通过，项目不实施。`,
    )
  }

  return (
    <Screen>
      <Text className="gj-title">{item.title}</Text>
      <Text className="gj-muted">
        {item.scopeLabel}（{item.households} 户） · 项目阶段：{STAGE_LABELS[plan.stage]}
      </Text>
      <View className="gj-card">
        <Text className="gj-card-title">现在的状态：{ITEM_STATUS_LABELS[status]}</Text>
        <Text className="gj-body">决策方式：{DECISION_LABELS[item.decisionKind]}</Text>
        {needsDecision && (
          <Text className="gj-body">
            业主表决结果：{OUTCOME_LABELS[decision]}
            {decisionRef ? `（依据：${decisionRef}）` : ''}
          </Text>
        )}
        {progress && <Text className="gj-muted">最后更新：{formatChinaDateTime(progress.updatedAt)}</Text>}
      </View>
      <OkNote message={done} />
      <ErrorNote message={error ?? remote.error} />

      {status === 'proposed' && needsDecision && decision === 'pending' && (
        <View className="gj-card" role="region" aria-label="记录业主表决结果">
          <Text className="gj-card-title">记录业主表决结果</Text>
          <Choice
            label="表决结果"
            options={[
              { value: 'passed', label: '通过' },
              { value: 'rejected', label: '未通过' },
            ]}
            value={outcome}
            onChange={(v) => setOutcome(v as 'passed' | 'rejected')}
          />
          <TextField
            id="decision-ref"
            label="依据（会议或表决的名称和时间）"
            value={ref}
            maxLength={DECISION_REF_MAX}
            placeholder="例如：2026年12月业主大会表决结果"
            onChange={setRef}
          />
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={recordDecision}>
              记录表决结果
            </ActionButton>
          </View>
        </View>
      )}

      <View className="gj-actions">
        {status === 'proposed' && (!needsDecision || decision === 'passed') && (
          <ActionButton primary loading={busy} onClick={() => void change({ status: 'chosen' }, `“${item.title}”已确定实施。`)}>
            确定实施
          </ActionButton>
        )}
        {status === 'chosen' && (
          <ActionButton primary loading={busy} onClick={() => void change({ status: 'works' }, `“${item.title}”已开始施工。`)}>
            开始施工
          </ActionButton>
        )}
        {status === 'works' && (
          <ActionButton primary loading={busy} onClick={() => void change({ status: 'done' }, `“${item.title}”已标记为完工，等待验收。`)}>
            已完工
          </ActionButton>
        )}
        {(status === 'proposed' || status === 'chosen') && !dropping && <ActionButton onClick={() => setDropping(true)}>不实施</ActionButton>}
      </View>
      {status === 'proposed' && needsDecision && decision === 'pending' && (
        <Text className="gj-muted">这个项目需要业主共同决定：先记录表决通过，才能确定实施。</Text>
      )}
      {status === 'chosen' && beforeStart && (
        <Text className="gj-muted">项目进入“{STAGE_LABELS.start}”阶段后才能开始施工（现在是“{STAGE_LABELS[plan.stage]}”）。</Text>
      )}
      {dropping && (
        <View className="gj-card">
          <Text className="gj-card-title">确定“{item.title}”不实施吗？居民会在方案里看到这个项目“不实施”。</Text>
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void change({ status: 'dropped' }, `“${item.title}”已标记为不实施。`)}>
              确认不实施
            </ActionButton>
            <ActionButton onClick={() => setDropping(false)}>取消</ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

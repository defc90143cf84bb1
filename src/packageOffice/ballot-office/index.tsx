import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ballotPhase } from '@/core/ballot'
import type { DoorKnockRow } from '@/core/ballot-view'
import { formatChinaDateTime } from '@/core/time'
import { ActionButton } from '@/components/ActionButton'
import { periodLabel, PhaseTag, QuestionTallyCard } from '@/components/BallotParts'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { ballotsApi } from '@/services/ballots'
import { saveExport } from '@/services/files'
import { plansApi } from '@/services/plans'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** Door-knock rows by building and unit, in the order the function sorted them. */
function byUnit(rows: readonly DoorKnockRow[]): { key: string; label: string; rows: DoorKnockRow[] }[] {
  const groups = new Map<string, { key: string; label: string; rows: DoorKnockRow[] }>()
  for (const r of rows) {
    const key = `${r.buildingNumber}-${r.unitNumber}`
    let g = groups.get(key)
    if (!g) {
      g = { key, label: `${r.buildingNumber}号楼${r.unitNumber}单元`, rows: [] }
      groups.set(key, g)
    }
    g.rows.push(r)
  }
  return [...groups.values()]
}

/** 上门走访名单: households in scope that have not answered everything, to visit or phone. */
function DoorKnock({ ballotId }: { ballotId: string }) {
  const list = useRemote(() => ballotsApi.doorKnock(ballotId), [ballotId])
  const exporting = useSubmit()
  const rows = list.data?.rows ?? []
  return (
    <View role="region" aria-label="上门走访名单">
      <Text className="gj-subtitle">上门走访名单（{list.data ? `${rows.length} 户还没投完` : '加载中'}）</Text>
      <Text className="gj-muted">范围内还有问题没有回答的住户，按楼栋、单元排列。姓名和电话已打码，完整信息请查住户名册。</Text>
      <ErrorNote message={list.error ?? exporting.error} />
      <View className="gj-actions">
        <ActionButton loading={exporting.busy} onClick={() => void exporting.submit(() => saveExport(() => ballotsApi.exportDoorKnock(ballotId)))}>
          导出上门走访名单（Excel）
        </ActionButton>
      </View>
      {list.data && rows.length === 0 && <Text className="gj-body">范围内的住户都已经投完了。</Text>}
      {byUnit(rows).map((g) => (
        <View key={g.key} className="gj-card">
          <Text className="gj-card-title">
            {g.label}（{g.rows.length} 户）
          </Text>
          <View role="list" aria-label={`${g.label}（${g.rows.length} 户）`}>
            {g.rows.map((r) => (
              <Text key={r.householdId} className="gj-body gj-member" role="listitem">
                {r.label}：还有 {r.missing} 个问题没有回答；业主 {r.owners || '—'}；电话 {r.phone || '—'}
              </Text>
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}

/**
 * Office (?id=): the live count of one ballot — participation and consent with their gaps, survey
 * counts — the door-knock list with its Excel export, and closing (after a confirmation), which
 * publishes the result notice and the anonymised list.
 */
export default function BallotOffice() {
  useSession()
  const id = useRouter().params.id ?? ''
  const ballot = useRemote(() => ballotsApi.get(id), [id])
  const tally = useRemote(() => ballotsApi.tally(id), [id])
  const b = ballot.data
  const needsPlan = !!b?.questions.some((q) => q.kind === 'menu')
  const plan = useRemote(async () => (needsPlan ? plansApi.get() : null), [needsPlan])
  const itemTitles: Record<string, string> = {}
  for (const i of plan.data?.items ?? []) itemTitles[i._id] = i.title
  const [confirming, setConfirming] = useState(false)
  const [closedNote, setClosedNote] = useState<string | null>(null)
  const closing = useSubmit()

  if (!b) {
    return (
      <Screen>
        <Text className="gj-title">投票（社区）</Text>
        <ErrorNote message={ballot.error} />
        {ballot.loading && !ballot.error && <Text className="gj-muted">正在加载…</Text>}
      </Screen>
    )
  }

  const phase = tally.data?.phase ?? ballotPhase(b, new Date())
  const questions = new Map(b.questions.map((q) => [q._id, q]))

  async function close() {
    if (!b) return
    const ok = await closing.submit(() => ballotsApi.close(b._id, b.version))
    setConfirming(false)
    if (!ok) return
    setClosedNote('投票已结束。结果已经作为公告发布，匿名选票名单可以下载；需要业主表决的项目已记下通过或未通过。')
    await Promise.all([ballot.reload(), tally.reload()])
  }

  return (
    <Screen>
      <Text className="gj-title">{b.title}</Text>
      <View>
        <PhaseTag phase={phase} />
      </View>
      <Text className="gj-body">{periodLabel(b.opensAt, b.closesAt)}</Text>
      <Text className="gj-muted">居民在投票期间能看到：{b.showRunningConsent ? '参与率和赞成情况' : '只有参与率'}</Text>
      <OkNote message={closedNote} />
      <ErrorNote message={tally.error} />

      {b.status === 'draft' && (
        <View className="gj-actions">
          <ActionButton primary onClick={go(`/packageOffice/ballot-edit/index?id=${encodeURIComponent(b._id)}`)}>
            修改草稿
          </ActionButton>
        </View>
      )}
      {b.status === 'closed' && (
        <View className="gj-actions">
          {b.resultNoticeId && (
            <ActionButton primary onClick={go(`/pages/notice-detail/index?id=${encodeURIComponent(b.resultNoticeId)}`)}>
              查看结果公告
            </ActionButton>
          )}
          <ActionButton onClick={go(`/packageVote/ballot-result/index?id=${encodeURIComponent(b._id)}`)}>查看结果、下载匿名选票名单</ActionButton>
        </View>
      )}

      <Text className="gj-subtitle">{phase === 'closed' ? '计票结果' : '实时计票'}</Text>
      {tally.loading && !tally.data && <Text className="gj-muted">正在加载…</Text>}
      {tally.data?.questions.map((q) => (
        <QuestionTallyCard key={q.questionId} tally={q} question={questions.get(q.questionId)} itemTitles={itemTitles} phase={tally.data!.phase} />
      ))}

      {b.status === 'open' && (
        <View className="gj-actions">
          <ActionButton onClick={go(`/packageOffice/paper-ballots/index?id=${encodeURIComponent(b._id)}`)}>纸质选票和投票委托</ActionButton>
        </View>
      )}

      {b.status === 'open' && <DoorKnock ballotId={b._id} />}

      {b.status === 'open' && (
        <View className="gj-card" role="region" aria-label="结束投票">
          <Text className="gj-card-title">结束投票</Text>
          <Text className="gj-body">
            {phase === 'closed'
              ? `投票已于 ${formatChinaDateTime(b.closesAt)} 截止。结束投票后会计票，并把结果作为公告发布。`
              : `投票原定 ${formatChinaDateTime(b.closesAt)} 截止。提前结束后居民就不能再投票或修改了。`}
          </Text>
          <ErrorNote message={closing.error} />
          {!confirming ? (
            <View className="gj-actions">
              <ActionButton onClick={() => setConfirming(true)}>结束投票</ActionButton>
            </View>
          ) : (
            <View>
              <Text className="gj-body">确认现在结束“{b.title}”？结束后不能再投票，结果会立即作为公告发布，同时公布匿名选票名单。</Text>
              <View className="gj-actions">
                <ActionButton primary loading={closing.busy} onClick={() => void close()}>
                  确认结束并公布结果
                </ActionButton>
                <ActionButton onClick={() => setConfirming(false)}>暂不结束</ActionButton>
              </View>
            </View>
          )}
        </View>
      )}
    </Screen>
  )
}

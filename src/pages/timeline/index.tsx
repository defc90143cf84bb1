import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { STAGE_LABELS } from '@/core/stages'
import { formatChinaDateTime } from '@/core/time'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote } from '@/components/Notes'
import { PhotoGrid } from '@/components/PhotoGrid'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { plansApi } from '@/services/plans'

const STATE_LABELS = { done: '已完成', current: '当前阶段', todo: '未开始' } as const

/**
 * 项目进度: all 13 stages of the project in order, which are done, which one it is in now; for
 * each stage reached, who moved it on, when, why and with which documents (文号, scans).
 */
export default function Timeline() {
  useSession()
  const remote = useRemote(() => plansApi.timeline())
  const view = remote.data
  return (
    <Screen>
      <Text className="gj-title">项目进度</Text>
      <ErrorNote message={remote.error} />
      {remote.loading && !view && !remote.error && <Text className="gj-muted">正在加载…</Text>}
      {!remote.loading && !remote.error && !view && <Text className="gj-body">本小区还没有改造项目，社区开始调查摸底后会在这里显示进度。</Text>}
      {view && (
        <View>
          <Text className="gj-body">现在处于：{STAGE_LABELS[view.stage]}</Text>
          {view.gate.next && view.gate.problems.length > 0 && (
            <View className="gj-card">
              <Text className="gj-card-title">进入“{STAGE_LABELS[view.gate.next]}”之前还需要：</Text>
              {view.gate.problems.map((p) => (
                <Text key={p} className="gj-body">
                  · {p}
                </Text>
              ))}
            </View>
          )}
          <View role="list" aria-label="改造项目的各个阶段" className="gj-steps">
            {view.stages.map((s, i) => (
              <View
                key={s.stage}
                role="listitem"
                className={`gj-step ${s.state}`}
                aria-current={s.state === 'current' ? 'step' : undefined}
              >
                <Text className="gj-card-title">
                  {i + 1}. {s.label}
                  <Text className={`gj-tag step-${s.state}`}>{STATE_LABELS[s.state]}</Text>
                </Text>
                {s.changes.map((c) => (
                  <View key={c._id} className="gj-step-change">
                    <Text className="gj-muted">
                      {formatChinaDateTime(c.at)} · {c.byName}
                    </Text>
                    {c.note && <Text className="gj-body">{c.note}</Text>}
                    {c.documents.map((d, j) => (
                      <View key={j} className="gj-doc">
                        <Text className="gj-body">
                          文件：{d.title}
                          {d.reference ? `（文号：${d.reference}）` : ''}
                        </Text>
                        <PhotoGrid fileIDs={d.photos} />
                      </View>
                    ))}
                  </View>
                ))}
              </View>
            ))}
          </View>
          <View className="gj-actions">
            <ActionButton onClick={() => void Taro.navigateTo({ url: '/pages/plan/index' })}>查看改造方案</ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { formatChinaDateTime } from '@/core/time'
import { ActionButton } from '@/components/ActionButton'
import { FeedbackCard } from '@/components/FeedbackCard'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { feedbackApi } from '@/services/plans'

/**
 * 我的意见: the community's new replies to me (marked read once shown), then everything I wrote
 * on the plan with the answers.
 */
export default function MyFeedback() {
  useSession()
  const remote = useRemote(() => feedbackApi.mine())
  const notifications = remote.data?.notifications ?? []
  const unread = notifications.filter((n) => !n.read).length
  // Mark read once the unread ones have been on screen; they keep their "新" mark on this visit.
  const marking = useRef(false)
  useEffect(() => {
    if (unread === 0 || marking.current) return
    marking.current = true
    feedbackApi
      .markRead()
      .catch(() => undefined)
      .finally(() => {
        marking.current = false
      })
  }, [remote.data])

  const items = remote.data?.items ?? []
  return (
    <Screen>
      <Text className="gj-title">我的意见</Text>
      <ErrorNote message={remote.error} />
      {remote.loading && !remote.data && !remote.error && <Text className="gj-muted">正在加载…</Text>}
      {remote.data && (
        <View>
          <Text className="gj-subtitle">社区的回复通知{unread > 0 ? `（${unread} 条新回复）` : ''}</Text>
          {notifications.length === 0 && <Text className="gj-muted">还没有通知。</Text>}
          {notifications.map((n) => (
            <View key={n._id} className={n.read ? 'gj-card' : 'gj-card gj-unread'}>
              <View>
                {!n.read && <Text className="gj-tag">新</Text>}
                <Text className="gj-card-title">{n.title}</Text>
              </View>
              <Text className="gj-body">{n.body}</Text>
              <Text className="gj-muted">{formatChinaDateTime(n.at)}</Text>
              {n.reportId && (
                <ActionButton onClick={() => void Taro.navigateTo({ url: `/packageWorks/report-detail/index?id=${encodeURIComponent(n.reportId!)}` })}>查看报修单</ActionButton>
              )}
            </View>
          ))}
          <Text className="gj-subtitle">我提的意见和异议（{items.length} 条）</Text>
          {items.length === 0 && <Text className="gj-muted">您还没有提过意见。在“改造方案”里可以对整个方案或某个项目留言。</Text>}
          {items.map((f) => (
            <FeedbackCard key={f._id} feedback={f} showItem />
          ))}
          <View className="gj-actions">
            <ActionButton onClick={() => void Taro.navigateTo({ url: '/pages/plan/index' })}>查看改造方案</ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

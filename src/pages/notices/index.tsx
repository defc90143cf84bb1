import { ActionButton } from '@/components/ActionButton'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ErrorNote } from '@/components/Notes'
import { NoticeCard } from '@/components/NoticeCard'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { noticesApi, type NoticeListStatus } from '@/services/notices'

type Status = NoticeListStatus
const TABS: { status: Status; label: string }[] = [
  { status: 'published', label: '已发布' },
  { status: 'scheduled', label: '定时发布' },
  { status: 'draft', label: '草稿' },
  { status: 'withdrawn', label: '已撤回' },
]
const PAGE = 20

/** All notices of my community, newest first; the office also sees drafts and withdrawn ones. */
export default function Notices() {
  const { me } = useSession()
  const isOffice = me?.user.role === 'office'
  const [status, setStatus] = useState<Status>('published')
  const [limit, setLimit] = useState(PAGE)
  const list = useRemote(() => noticesApi.list({ status, limit }), [status, limit])
  const choose = (s: Status) => {
    setStatus(s)
    setLimit(PAGE)
  }
  return (
    <Screen>
      <Text className="gj-title">公告公示</Text>
      {isOffice && (
        <View className="gj-actions">
          <ActionButton primary onClick={() => Taro.navigateTo({ url: '/pages/notice-edit/index' })}>
            写新公告
          </ActionButton>
        </View>
      )}
      {isOffice && (
        <View className="gj-tabs" role="tablist">
          {TABS.map((t) => (
            <Text
              key={t.status}
              role="tab"
              aria-selected={status === t.status}
              className={status === t.status ? 'gj-choice selected' : 'gj-choice'}
              onClick={() => choose(t.status)}
            >
              {t.label}
            </Text>
          ))}
        </View>
      )}
      <ErrorNote message={list.error} />
      {list.data?.items.map((n) => <NoticeCard key={n._id} notice={n} />)}
      {list.data && list.data.items.length === 0 && <Text className="gj-muted">这里还没有内容。</Text>}
      {list.data && list.data.total > list.data.items.length && (
        <View className="gj-actions">
          <ActionButton
            onClick={() => setLimit(limit + PAGE)}
          >
            加载更多（共 {list.data.total} 条）
          </ActionButton>
        </View>
      )}
    </Screen>
  )
}

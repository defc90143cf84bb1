import { ActionButton } from '@/components/ActionButton'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ErrorNote } from '@/components/Notes'
import { NoticeCard } from '@/components/NoticeCard'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { noticesApi } from '@/services/notices'

/** Home: my community, who I am, the latest notices; the office also gets "发布公告". */
export default function Home() {
  const { me, error } = useSession()
  const latest = useRemote(() => noticesApi.list({ limit: 3 }))
  const isOffice = me?.user.role === 'office'
  return (
    <Screen>
      <Text className="gj-title">{me?.community?.name ?? latest.data?.community.name ?? '我的小区'}</Text>
      {me && (
        <View className="gj-card">
          <Text className="gj-card-title">{me.user.name}</Text>
          <Text className="gj-muted">
            {me.user.roleLabel}
            {me.user.householdLabel ? ` · ${me.user.householdLabel}` : ''}
            {me.community ? ` · ${me.community.street}` : ''}
          </Text>
        </View>
      )}
      <ErrorNote message={error} />
      {isOffice && (
        <View className="gj-actions">
          <ActionButton primary onClick={() => Taro.navigateTo({ url: '/pages/notice-edit/index' })}>
            发布公告
          </ActionButton>
        </View>
      )}
      <Text className="gj-subtitle">最新公告</Text>
      <ErrorNote message={latest.error} />
      {latest.data?.items.map((n) => <NoticeCard key={n._id} notice={n} />)}
      {latest.data && latest.data.items.length === 0 && <Text className="gj-muted">暂时还没有公告。</Text>}
      <View className="gj-actions">
        <ActionButton onClick={() => Taro.switchTab({ url: '/pages/notices/index' })}>
          查看全部公告
        </ActionButton>
      </View>
    </Screen>
  )
}

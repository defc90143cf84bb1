import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OPEN_STATUSES } from '@/core/reports'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote } from '@/components/Notes'
import { ReportCard } from '@/components/ReportParts'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { reportsApi } from '@/services/reports'

const open = (id: string) => () => void Taro.navigateTo({ url: `/packageWorks/report-detail/index?id=${encodeURIComponent(id)}` })

/**
 * 我的报修: the reports I filed or said "me too" to, newest first, with where each stands; the ones
 * past their due time are marked 已超时. Those fixed and waiting for my confirmation come first.
 */
export default function MyReports() {
  useSession()
  const list = useRemote(() => reportsApi.mine())
  const items = list.data?.items ?? []
  const toConfirm = items.filter((r) => r.mine && r.status === 'resolved')
  const open_ = items.filter((r) => !toConfirm.includes(r) && OPEN_STATUSES.includes(r.status))
  const closed = items.filter((r) => !toConfirm.includes(r) && !OPEN_STATUSES.includes(r.status))
  const section = (title: string, rs: typeof items) =>
    rs.length > 0 && (
      <View role="region" aria-label={title}>
        <Text className="gj-subtitle">
          {title}（{rs.length}）
        </Text>
        {rs.map((r) => (
          <ReportCard key={r._id} r={r} onOpen={open(r._id)} />
        ))}
      </View>
    )
  return (
    <Screen>
      <Text className="gj-title">我的报修</Text>
      <View className="gj-actions">
        <ActionButton primary onClick={() => void Taro.navigateTo({ url: '/packageWorks/report-new/index' })}>
          报事报修
        </ActionButton>
      </View>
      <ErrorNote message={list.error} />
      {list.loading && !list.data && <Text className="gj-muted">正在加载…</Text>}
      {list.data && items.length === 0 && <Text className="gj-body">您还没有报过修。小区里有东西坏了，点上面的“报事报修”。</Text>}
      {section('已修好，请您确认', toConfirm)}
      {section('正在办理', open_)}
      {section('已办结', closed)}
    </Screen>
  )
}

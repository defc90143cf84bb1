import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ErrorNote } from '@/components/Notes'
import { ReportCard } from '@/components/ReportParts'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { reportsApi } from '@/services/reports'

const open = (id: string) => () => void Taro.navigateTo({ url: `/packageWorks/report-detail/index?id=${encodeURIComponent(id)}` })

/**
 * 报修概况 (district): per community of the district, the reports still open, those overdue, those
 * confirmed fixed and the residents' average rating; then every overdue report, the longest overdue
 * first, marked 已超时.
 */
export default function DistrictReports() {
  const { me } = useSession()
  const remote = useRemote(() => reportsApi.overview())
  const view = remote.data
  const overdueTotal = view?.communities.reduce((s, c) => s + c.overdue, 0) ?? 0
  return (
    <Screen>
      <Text className="gj-title">报修概况</Text>
      {me?.district && <Text className="gj-muted">{me.district.name}各小区改造后的报事报修办理情况</Text>}
      <ErrorNote message={remote.error} />
      {remote.loading && !view && <Text className="gj-muted">正在加载…</Text>}
      {view && view.communities.length === 0 && <Text className="gj-body">辖区内还没有小区。</Text>}
      {view?.communities.map((c) => (
        <View key={c.communityId} className={c.overdue > 0 ? 'gj-card overdue' : 'gj-card'} role="region" aria-label={c.name}>
          <Text className="gj-card-title">{c.name}</Text>
          <Text className="gj-body">未办结 {c.open} 单</Text>
          <Text className={c.overdue > 0 ? 'gj-body gj-highlight' : 'gj-body'}>已超时 {c.overdue} 单</Text>
          <Text className="gj-body">已确认修好 {c.confirmed} 单</Text>
          <Text className="gj-body">居民平均评分：{c.averageStars === null ? '还没有评分' : `${c.averageStars.toFixed(1)} 星（满分 5 星）`}</Text>
        </View>
      ))}
      {view && (
        <View role="region" aria-label="已超时的报修">
          <Text className="gj-subtitle">已超时的报修（{overdueTotal} 单）</Text>
          {view.overdue.length === 0 && <Text className="gj-muted">没有超时的报修。</Text>}
          {view.overdue.map((r) => (
            <ReportCard key={r._id} r={r} prefix={r.communityName} onOpen={open(r._id)} showAssignee />
          ))}
          {view.overdue.length < overdueTotal && <Text className="gj-muted">只列出超时最久的 {view.overdue.length} 单。</Text>}
        </View>
      )}
    </Screen>
  )
}

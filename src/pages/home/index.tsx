import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote } from '@/components/Notes'
import { NoticeCard } from '@/components/NoticeCard'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { noticesApi } from '@/services/notices'
import { feedbackApi } from '@/services/plans'
import { reportsApi } from '@/services/reports'

const go = (url: string) => () => void Taro.navigateTo({ url })

/**
 * Home: who I am and my community's latest notices, with the one or two things my role does
 * most: a newcomer binds their flat, the office publishes and keeps the roster, the district
 * keeps the ledger; issue 6: residents report problems and supervise the works, the office handles
 * reports and acceptance, a party's staff see their work orders, the district the report overview.
 */
export default function Home() {
  const { me, error } = useSession()
  const role = me?.user.role
  const hasCommunity = role === 'resident' || role === 'office'
  const latest = useRemote(async () => (hasCommunity ? noticesApi.list({ limit: 3 }) : null), [hasCommunity])
  // Residents: how many of the community's replies to my comments I have not seen yet (a report's
  // "fixed" notification is not a reply), and how many of my reports wait for me to confirm the fix.
  const replies = useRemote(async () => (role === 'resident' ? feedbackApi.mine() : null), [role])
  const unread = replies.data?.notifications.filter((n) => !n.read && !n.reportId).length ?? 0
  const reports = useRemote(async () => (role === 'resident' ? reportsApi.mine() : null), [role])
  const fixed = reports.data?.items.filter((r) => r.mine && r.status === 'resolved').length ?? 0
  const title = me?.community?.name ?? (role === 'district' ? me?.district?.name : undefined) ?? '共建'
  return (
    <Screen>
      <Text className="gj-title">{title}</Text>
      {me && (
        <View className="gj-card">
          <Text className="gj-card-title">{me.user.name || '欢迎使用共建'}</Text>
          <Text className="gj-muted">
            {me.user.roleLabel}
            {me.households.length ? ` · ${me.households.map((h) => h.label).join('、')}` : ''}
            {me.community ? ` · ${me.community.street}` : ''}
          </Text>
        </View>
      )}
      <ErrorNote message={error} />
      {role === 'visitor' && (
        <View>
          <Text className="gj-body">绑定您的房屋后，就能看到本小区的公告、改造方案，参加投票和报修。</Text>
          <View className="gj-actions">
            <ActionButton primary onClick={go('/pages/bind/index')}>
              绑定我的房屋
            </ActionButton>
          </View>
        </View>
      )}
      {role === 'resident' && (
        <View className="gj-actions">
          <ActionButton primary onClick={go('/pages/plan/index')}>
            改造方案
          </ActionButton>
          <ActionButton onClick={go('/packageVote/ballots/index')}>投票和意见征询</ActionButton>
          <ActionButton onClick={go('/pages/my-door/index')}>我家门口的变化</ActionButton>
          <ActionButton onClick={go('/pages/my-feedback/index')}>{unread > 0 ? `我的意见（${unread} 条新回复）` : '我的意见'}</ActionButton>
          <ActionButton onClick={go('/packageWorks/report-new/index')}>报事报修</ActionButton>
          <ActionButton onClick={go('/packageWorks/my-reports/index')}>{fixed > 0 ? `我的报修（${fixed} 条已修好，请确认）` : '我的报修'}</ActionButton>
          <ActionButton onClick={go('/packageWorks/works/index')}>施工监督</ActionButton>
          <ActionButton onClick={go('/pages/household/index')}>我的房屋</ActionButton>
        </View>
      )}
      {role === 'office' && (
        <View className="gj-actions">
          <ActionButton primary onClick={go('/pages/notice-edit/index')}>
            发布公告
          </ActionButton>
          <ActionButton onClick={go('/pages/plan-edit/index')}>改造方案</ActionButton>
          <ActionButton onClick={go('/packageVote/ballots/index')}>投票和意见征询</ActionButton>
          <ActionButton onClick={go('/pages/roster/index')}>住户名册</ActionButton>
          <ActionButton onClick={go('/packageOffice/report-queue/index')}>报修工单</ActionButton>
          <ActionButton onClick={go('/packageWorks/works/index')}>施工与验收</ActionButton>
          <ActionButton onClick={go('/packageOffice/parties/index')}>参建单位</ActionButton>
        </View>
      )}
      {role === 'party' && (
        <View>
          <Text className="gj-body">
            您好！您是{me?.party ? `${me.party.name}（${me.party.kindLabel}）` : '维修单位'}的工作人员。居民的报修派给贵单位后，会出现在“我的工单”里。
          </Text>
          <View className="gj-actions">
            <ActionButton primary onClick={go('/packageOffice/report-queue/index')}>
              我的工单
            </ActionButton>
            <ActionButton onClick={go('/packageWorks/works/index')}>施工监督意见</ActionButton>
          </View>
        </View>
      )}
      {role === 'district' && (
        <View className="gj-actions">
          <ActionButton primary onClick={go('/pages/ledger/index')}>
            老旧小区项目库
          </ActionButton>
          <ActionButton onClick={go('/packageOffice/district-reports/index')}>报修概况</ActionButton>
        </View>
      )}
      {hasCommunity && (
        <View>
          <Text className="gj-subtitle">最新公告</Text>
          <ErrorNote message={latest.error} />
          {latest.data?.items.map((n) => <NoticeCard key={n._id} notice={n} />)}
          {latest.data && latest.data.items.length === 0 && <Text className="gj-muted">暂时还没有公告。</Text>}
          <View className="gj-actions">
            <ActionButton onClick={() => Taro.switchTab({ url: '/pages/notices/index' })}>查看全部公告</ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { BallotPhase } from '@/core/ballot'
import type { BallotSummary } from '@/core/ballot-view'
import { ActionButton } from '@/components/ActionButton'
import { periodLabel, PhaseTag } from '@/components/BallotParts'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { ballotsApi } from '@/services/ballots'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** Open ballots first, then those still to come, then drafts (office), then the closed ones. */
const ORDER: Record<BallotPhase, number> = { open: 0, scheduled: 1, draft: 2, closed: 3 }

function sortBallots(items: readonly BallotSummary[]): BallotSummary[] {
  return [...items].sort((a, b) => {
    const byPhase = ORDER[a.phase] - ORDER[b.phase]
    if (byPhase !== 0) return byPhase
    // Closing soonest first while running; the newest first once closed.
    return a.phase === 'closed' ? b.closesAt.localeCompare(a.closesAt) : a.closesAt.localeCompare(b.closesAt)
  })
}

const q = (id: string) => `?id=${encodeURIComponent(id)}`

/**
 * 投票和意见征询: the community's ballots with their phase and period. Residents go to vote or to
 * the results; the office edits drafts, follows the count and creates new ones.
 */
export default function Ballots() {
  const { me } = useSession()
  const office = me?.user.role === 'office'
  const list = useRemote(() => ballotsApi.list())
  const items = sortBallots(list.data?.items ?? [])
  return (
    <Screen>
      <Text className="gj-title">投票和意见征询</Text>
      <Text className="gj-muted">业主表决按人数和专有面积“双过半”（重大事项四分之三）计票；意见征询每户都可以参加。</Text>
      <ErrorNote message={list.error} />
      {list.loading && !list.data && <Text className="gj-muted">正在加载…</Text>}
      {office && (
        <View className="gj-actions">
          <ActionButton primary onClick={go('/packageOffice/ballot-edit/index')}>
            新建投票
          </ActionButton>
        </View>
      )}
      {list.data && items.length === 0 && <Text className="gj-body">现在还没有投票或意见征询。社区发起后会在这里显示。</Text>}
      {items.map((b) => (
        <View key={b._id} className="gj-card" role="region" aria-label={b.title}>
          <View>
            <PhaseTag phase={b.phase} />
          </View>
          <Text className="gj-card-title">{b.title}</Text>
          <Text className="gj-body">{periodLabel(b.opensAt, b.closesAt)}</Text>
          <Text className="gj-muted">共 {b.questions} 个问题</Text>
          {b.forMyHousehold === false && <Text className="gj-body">这次投票不涉及您家，只供了解。</Text>}
          <View className="gj-actions">
            {office ? (
              b.phase === 'draft' ? (
                <ActionButton primary onClick={go(`/packageOffice/ballot-edit/index${q(b._id)}`)}>
                  修改草稿
                </ActionButton>
              ) : (
                <ActionButton primary onClick={go(`/packageOffice/ballot-office/index${q(b._id)}`)}>
                  {b.phase === 'closed' ? '查看结果和名单' : '查看计票和上门走访名单'}
                </ActionButton>
              )
            ) : b.phase === 'open' && b.forMyHousehold !== false ? (
              <>
                <ActionButton primary onClick={go(`/packageVote/ballot/index${q(b._id)}`)}>
                  去投票
                </ActionButton>
                <ActionButton onClick={go(`/packageVote/ballot-result/index${q(b._id)}`)}>查看参与情况</ActionButton>
              </>
            ) : b.phase === 'open' ? (
              <ActionButton onClick={go(`/packageVote/ballot-result/index${q(b._id)}`)}>查看参与情况</ActionButton>
            ) : b.phase === 'closed' ? (
              <ActionButton primary onClick={go(`/packageVote/ballot-result/index${q(b._id)}`)}>
                查看结果
              </ActionButton>
            ) : (
              <ActionButton onClick={go(`/packageVote/ballot/index${q(b._id)}`)}>查看问题</ActionButton>
            )}
            {b.resultNoticeId && (
              <ActionButton onClick={go(`/pages/notice-detail/index${q(b.resultNoticeId)}`)}>查看结果公告</ActionButton>
            )}
          </View>
        </View>
      ))}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CATEGORY_LABELS } from '@/core/menu'
import { yuanLabel } from '@/core/money'
import { DECISION_LABELS, FUNDING_LABELS, FUNDING_PARTS, SHARE_RULE_LABELS } from '@/core/plan'
import { ActionButton } from '@/components/ActionButton'
import { FeedbackCard } from '@/components/FeedbackCard'
import { HouseholdChoice } from '@/components/HouseholdChoice'
import { ItemStatusTag } from '@/components/ItemStatusTag'
import { MyShare } from '@/components/MyShare'
import { ErrorNote } from '@/components/Notes'
import { PhotoGrid } from '@/components/PhotoGrid'
import { Screen } from '@/components/Screen'
import { useMyHousehold } from '@/hooks/useMyHousehold'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { feedbackApi, plansApi } from '@/services/plans'

const DECISION_OUTCOME_LABELS = { pending: '尚未表决', passed: '业主表决已通过', rejected: '业主表决未通过' } as const

/**
 * 项目详情 (?id=&edition=): one item of the plan: what, where, how much, who pays what, how it
 * is decided, what my household pays and how that is worked out; comments and the office's
 * answers; a button to comment.
 */
export default function PlanItemPage() {
  useSession()
  const params = useRouter().params
  const id = params.id ?? ''
  const asked = params.edition ? Number(params.edition) : undefined
  const plan = useRemote(() => plansApi.get(asked ? { edition: asked } : {}), [asked])
  const { households, householdId, choose } = useMyHousehold()
  const mine = useRemote(async () => (householdId ? plansApi.mine(householdId) : null), [householdId])
  const comments = useRemote(() => feedbackApi.list({ itemId: id }), [id])

  const view = plan.data
  const item = view?.items.find((i) => i._id === id)
  if (!view || !item) {
    return (
      <Screen>
        <Text className="gj-title">项目详情</Text>
        <ErrorNote message={plan.error} />
        {plan.loading && !plan.error && <Text className="gj-muted">正在加载…</Text>}
        {!plan.loading && !plan.error && <Text className="gj-body">没有找到这个项目，它可能不在这一版方案里。</Text>}
      </Screen>
    )
  }

  const newest = view.editions[0]?.edition ?? view.edition
  const isOld = view.edition !== newest
  const my = !isOld && mine.data && mine.data.edition === view.edition ? mine.data.items.find((m) => m.item._id === id) : undefined
  const parts = FUNDING_PARTS.filter((p) => item.funding[p] > 0)
  const running = view.publicity.kind === 'running' && !isOld
  const canSpeak = households.length > 0 && !isOld
  const itemQuery = `itemId=${encodeURIComponent(item._id)}`

  return (
    <Screen>
      <Text className="gj-muted">
        {view.title} · 第{view.edition}版{isOld ? '（旧版本）' : ''}
      </Text>
      <Text className="gj-title">{item.title}</Text>
      <View>
        <ItemStatusTag status={item.status} />
        <Text className="gj-tag draft">{CATEGORY_LABELS[item.category]}</Text>
        {isOld && <Text className="gj-tag draft">旧版本</Text>}
      </View>
      <View className="gj-card">
        <Text className="gj-body">范围：{item.scopeLabel}（{item.households} 户）</Text>
        <Text className="gj-body">估算费用：{yuanLabel(item.costFen)}</Text>
        <Text className="gj-body">决策方式：{DECISION_LABELS[item.decisionKind]}</Text>
        {item.decisionKind !== 'survey' && (
          <Text className="gj-body">
            表决情况：{DECISION_OUTCOME_LABELS[item.decision]}
            {item.decisionRef ? `（${item.decisionRef}）` : ''}
          </Text>
        )}
      </View>
      {item.description && (
        <View>
          <Text className="gj-subtitle">项目说明</Text>
          <Text className="gj-body">{item.description}</Text>
        </View>
      )}
      {item.photos.length > 0 && (
        <View>
          <Text className="gj-subtitle">现状照片</Text>
          <PhotoGrid fileIDs={item.photos} />
        </View>
      )}

      <Text className="gj-subtitle">钱从哪里来</Text>
      <View className="gj-card">
        <View role="list" aria-label="资金来源">
          {parts.map((p) => (
            <View key={p} role="listitem" className={p === 'residents' ? 'gj-row gj-money-row gj-highlight' : 'gj-row gj-money-row'}>
              <Text>{FUNDING_LABELS[p]}</Text>
              <Text>{yuanLabel(item.funding[p])}</Text>
            </View>
          ))}
        </View>
        {item.funding.donation > 0 && item.donationNote && <Text className="gj-muted">捐赠说明：{item.donationNote}</Text>}
        {item.funding.residents === 0 ? (
          <Text className="gj-body">这个项目居民不出资。</Text>
        ) : (
          <Text className="gj-body">
            居民出资由范围内 {item.households} 户分摊，分摊方式：{SHARE_RULE_LABELS[item.shareRule]}。
          </Text>
        )}
      </View>

      {households.length > 0 && !isOld && (
        <View>
          <Text className="gj-subtitle">我家出资</Text>
          <HouseholdChoice households={households} value={householdId} onChange={choose} />
          <ErrorNote message={mine.error} />
          {my && (
            <View className="gj-card">
              <MyShare item={item} fen={my.shareFen} prefix={`${mine.data!.householdLabel}：`} />
              <Text className="gj-body">计算方法：{my.formula}</Text>
            </View>
          )}
          {mine.data && !my && <Text className="gj-body">{mine.data.householdLabel}不在这个项目的范围内，不需要为它出钱。</Text>}
        </View>
      )}

      <Text className="gj-subtitle">居民留言（{comments.data?.items.length ?? 0} 条）</Text>
      <ErrorNote message={comments.error} />
      {comments.data?.items.map((f) => <FeedbackCard key={f._id} feedback={f} />)}
      {comments.data && comments.data.items.length === 0 && <Text className="gj-muted">还没有人留言。</Text>}
      <View className="gj-actions">
        {canSpeak && (
          <ActionButton primary onClick={() => void Taro.navigateTo({ url: `/pages/feedback-new/index?kind=comment&${itemQuery}` })}>
            我要留言
          </ActionButton>
        )}
        {canSpeak && running && (
          <ActionButton onClick={() => void Taro.navigateTo({ url: `/pages/feedback-new/index?kind=objection&${itemQuery}` })}>
            对这个项目提出公示异议
          </ActionButton>
        )}
        <ActionButton onClick={() => void Taro.navigateTo({ url: '/pages/timeline/index' })}>项目进度（各阶段记录）</ActionButton>
      </View>
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { yuanLabel } from '@/core/money'
import { ITEM_STATUS_LABELS, type ItemStatus } from '@/core/plan'
import { STAGE_LABELS } from '@/core/stages'
import { ActionButton } from '@/components/ActionButton'
import { HouseholdChoice } from '@/components/HouseholdChoice'
import { MyShare } from '@/components/MyShare'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useMyHousehold } from '@/hooks/useMyHousehold'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { plansApi } from '@/services/plans'

/** The order a resident follows an item in: proposed → chosen → works → done; dropped last. */
const ORDER: ItemStatus[] = ['proposed', 'chosen', 'works', 'done', 'dropped']

/**
 * 我家门口的变化: the items whose scope covers my household (my building, my stairwell, the
 * whole community), grouped by where they stand, with what my household pays for each.
 */
export default function MyDoor() {
  const { me } = useSession()
  const { households, householdId, household, choose } = useMyHousehold()
  const mine = useRemote(async () => (householdId ? plansApi.mine(householdId) : null), [householdId])
  const view = mine.data
  const items = view?.items ?? []
  // The backend's total leaves out items marked 不实施 (nobody pays for those).
  const droppedPaid = items.some((m) => m.item.status === 'dropped' && m.shareFen > 0)

  return (
    <Screen>
      <Text className="gj-title">我家门口的变化</Text>
      {me && households.length === 0 && (
        <View>
          <Text className="gj-body">绑定您的房屋后，这里会列出您家所在楼栋、单元要改造的项目和您家要出的钱。</Text>
          <View className="gj-actions">
            <ActionButton primary onClick={() => void Taro.navigateTo({ url: '/pages/bind/index' })}>
              绑定我的房屋
            </ActionButton>
          </View>
        </View>
      )}
      <HouseholdChoice households={households} value={householdId} onChange={choose} />
      {household && <Text className="gj-card-title">我家：{view?.householdLabel ?? household.label}</Text>}
      {view?.note && <Text className="gj-body">{view.note}</Text>}
      <ErrorNote message={mine.error} />
      {householdId && !mine.loading && !mine.error && !view && (
        <Text className="gj-body">本小区的改造方案还在编制中，发布公示后会在这里显示。</Text>
      )}
      {view && (
        <View>
          <Text className="gj-muted">
            依据《{view.planTitle}》第{view.edition}版 · 项目进度：{STAGE_LABELS[view.stage]}
          </Text>
          <View className="gj-card">
            <Text className="gj-share">
              我家合计出资 {yuanLabel(view.totalFen)}
              {droppedPaid ? '（不含不实施的项目）' : ''}
            </Text>
            <Text className="gj-muted">涉及我家的项目共 {items.length} 个。每个项目的计算方法见项目详情。</Text>
          </View>
          {items.length === 0 && <Text className="gj-body">方案里没有涉及您家的项目。</Text>}
          {ORDER.map((status) => {
            const group = items.filter((m) => m.item.status === status)
            if (group.length === 0) return null
            return (
              <View key={status} role="region" aria-label={ITEM_STATUS_LABELS[status]}>
                <Text className="gj-subtitle">
                  {ITEM_STATUS_LABELS[status]}（{group.length} 项）
                </Text>
                {group.map(({ item, shareFen }) => (
                  <View
                    key={item._id}
                    className="gj-card"
                    role="link"
                    onClick={() =>
                      void Taro.navigateTo({ url: `/pages/plan-item/index?id=${encodeURIComponent(item._id)}&edition=${view.edition}` })
                    }
                  >
                    <Text className="gj-card-title">{item.title}</Text>
                    <Text className="gj-muted">范围：{item.scopeLabel}</Text>
                    {status === 'dropped' ? (
                      <Text className="gj-body">不实施，不需要出钱。</Text>
                    ) : (
                      <MyShare item={item} fen={shareFen} />
                    )}
                  </View>
                ))}
              </View>
            )
          })}
          <View className="gj-actions">
            <ActionButton onClick={() => void Taro.navigateTo({ url: '/pages/plan/index' })}>查看整个改造方案</ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

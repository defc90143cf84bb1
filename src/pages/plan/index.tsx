import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { CATEGORIES, CATEGORY_LABELS } from '@/core/menu'
import { yuanLabel } from '@/core/money'
import { chinaDate, formatChinaDate, formatChinaDateTime } from '@/core/time'
import { STAGE_LABELS } from '@/core/stages'
import type { ItemView } from '@/core/plan-view'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { HouseholdChoice } from '@/components/HouseholdChoice'
import { ItemStatusTag } from '@/components/ItemStatusTag'
import { MyShare } from '@/components/MyShare'
import { ErrorNote } from '@/components/Notes'
import { PeriodMeter } from '@/components/PeriodMeter'
import { Screen } from '@/components/Screen'
import { useMyHousehold } from '@/hooks/useMyHousehold'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { plansApi } from '@/services/plans'

const go = (url: string) => () => void Taro.navigateTo({ url })

const PLAN_NOT_YET = '本小区的改造方案还在编制中，发布公示后会在这里显示。'

/**
 * 改造方案: the published plan of my community (the newest edition, or `?edition=N` for an
 * older one, read-only and marked 旧版本): stage, the 公示 period with the objection button
 * while it runs, the items by category with what my household pays for each.
 */
export default function PlanPage() {
  useSession()
  const params = useRouter().params
  const asked = params.edition ? Number(params.edition) : undefined
  const plan = useRemote(() => plansApi.get(asked ? { edition: asked } : {}), [asked])
  const { households, householdId, choose } = useMyHousehold()
  const mine = useRemote(async () => (householdId ? plansApi.mine(householdId) : null), [householdId])
  const [onlyMine, setOnlyMine] = useState(false)

  const view = plan.data
  if (!view) {
    return (
      <Screen>
        <Text className="gj-title">改造方案</Text>
        <ErrorNote message={plan.error} />
        {plan.loading && !plan.error && <Text className="gj-muted">正在加载…</Text>}
        {!plan.loading && !plan.error && <Text className="gj-body">{PLAN_NOT_YET}</Text>}
      </Screen>
    )
  }

  const newest = view.editions[0]?.edition ?? view.edition
  const isOld = view.edition !== newest
  // My shares are worked out on the newest edition only.
  const shares = new Map<string, number>()
  if (!isOld && mine.data && mine.data.edition === view.edition) for (const m of mine.data.items) shares.set(m.item._id, m.shareFen)
  const canSpeak = households.length > 0 && !isOld
  const running = view.publicity.kind === 'running' && !isOld
  const shown = onlyMine ? view.items.filter((i) => shares.has(i._id)) : view.items
  const older = view.editions.filter((e) => e.edition !== view.edition)

  const itemUrl = (item: ItemView) => `/pages/plan-item/index?id=${encodeURIComponent(item._id)}&edition=${view.edition}`

  return (
    <Screen>
      <Text className="gj-muted">{view.communityName} · 改造方案</Text>
      <Text className="gj-title">{view.title}</Text>
      <View>
        <Text className="gj-tag publicity">第{view.edition}版</Text>
        {isOld && <Text className="gj-tag draft">旧版本</Text>}
      </View>
      {isOld && (
        <View className="gj-card">
          <Text className="gj-body">
            这是第{view.edition}版（旧版本），已被第{newest}版取代，只能查看，不能留言或提出异议。
          </Text>
          <View className="gj-actions">
            <ActionButton onClick={() => void Taro.redirectTo({ url: '/pages/plan/index' })}>查看最新的第{newest}版</ActionButton>
          </View>
        </View>
      )}
      <Text className="gj-muted">发布于 {formatChinaDateTime(view.publishedAt)}</Text>
      <View className="gj-card">
        <Text className="gj-card-title">项目进度：{STAGE_LABELS[view.stage]}</Text>
        <PeriodMeter state={view.publicity} />
        {running && view.publicity.kind === 'running' && (
          <Text className="gj-body">
            公示期内（{formatChinaDate(view.publicity.endsOn)} 前），您对方案有不同意见，可以提出公示异议，社区会逐条答复。
          </Text>
        )}
        {running && canSpeak && (
          <View className="gj-actions">
            <ActionButton primary onClick={go('/pages/feedback-new/index?kind=objection')}>
              对方案提出异议
            </ActionButton>
          </View>
        )}
      </View>
      {view.summary && <Text className="gj-body">{view.summary}</Text>}

      <HouseholdChoice households={households} value={householdId} onChange={choose} label="按哪一户计算我家出资" />
      <ErrorNote message={mine.error} />
      {households.length > 0 && !isOld && (
        <Choice
          label="显示哪些项目"
          options={[
            { value: 'all', label: '全部项目' },
            { value: 'mine', label: '只看与我家有关的项目' },
          ]}
          value={onlyMine ? 'mine' : 'all'}
          onChange={(v) => setOnlyMine(v === 'mine')}
        />
      )}
      {!isOld && mine.data && (
        <Text className="gj-body">
          {mine.data.note ?? `与${mine.data.householdLabel}有关的项目 ${mine.data.items.length} 个，我家合计出资 ${yuanLabel(mine.data.totalFen)}。`}
        </Text>
      )}

      {CATEGORIES.map((category) => {
        const items = shown.filter((i) => i.category === category)
        if (items.length === 0) return null
        return (
          <View key={category} role="region" aria-label={CATEGORY_LABELS[category]}>
            <Text className="gj-subtitle">
              {CATEGORY_LABELS[category]}（{items.length} 项）
            </Text>
            {items.map((item) => (
              <View key={item._id} className="gj-card" role="link" onClick={go(itemUrl(item))}>
                <View>
                  <ItemStatusTag status={item.status} />
                </View>
                <Text className="gj-card-title">{item.title}</Text>
                <Text className="gj-muted">范围：{item.scopeLabel}（{item.households} 户）</Text>
                <Text className="gj-body">估算费用 {yuanLabel(item.costFen)}</Text>
                {shares.has(item._id) && <MyShare item={item} fen={shares.get(item._id)!} />}
                <Text className="gj-link">项目详情</Text>
              </View>
            ))}
          </View>
        )
      })}
      {shown.length === 0 && <Text className="gj-muted">{onlyMine ? '方案里没有与您家有关的项目。' : '方案里还没有项目。'}</Text>}

      <View className="gj-actions">
        {canSpeak && <ActionButton onClick={go('/pages/feedback-new/index?kind=comment')}>对整个方案留言</ActionButton>}
        <ActionButton onClick={go('/packageVote/ballots/index')}>投票和意见征询</ActionButton>
        <ActionButton onClick={go('/pages/timeline/index')}>项目进度（各阶段记录）</ActionButton>
        {households.length > 0 && <ActionButton onClick={go('/pages/my-door/index')}>我家门口的变化</ActionButton>}
        {households.length > 0 && <ActionButton onClick={go('/pages/my-feedback/index')}>我的意见和社区答复</ActionButton>}
      </View>

      {older.length > 0 && (
        <View>
          <Text className="gj-subtitle">{isOld ? '其他版本' : '以前的版本（旧版本，只能查看）'}</Text>
          <View className="gj-actions">
            {older.map((e) => (
              <ActionButton
                key={e.edition}
                onClick={() =>
                  void Taro.redirectTo({ url: e.edition === newest ? '/pages/plan/index' : `/pages/plan/index?edition=${e.edition}` })
                }
              >
                {e.edition === newest ? `第${e.edition}版（最新）` : `第${e.edition}版（旧版本）`}，{formatChinaDate(chinaDate(e.publishedAt))}发布
              </ActionButton>
            ))}
          </View>
        </View>
      )}
    </Screen>
  )
}

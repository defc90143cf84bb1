import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ACCEPTANCE_OUTCOME_LABELS } from '@/core/acceptance'
import { formatChinaDate } from '@/core/time'
import type { WorksItem } from '@/core/works-view'
import { ActionButton } from '@/components/ActionButton'
import { ItemStatusTag } from '@/components/ItemStatusTag'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { worksApi } from '@/services/works'

const go = (url: string) => () => void Taro.navigateTo({ url })
const q = (itemId: string) => `?itemId=${encodeURIComponent(itemId)}`

/** "已验收，保修至 2028年12月1日" / "验收不合格，待重新验收" / "" */
function acceptanceLine(i: WorksItem): string {
  if (i.acceptedAt) return `已验收${i.warrantyEndsOn ? `，保修至 ${formatChinaDate(i.warrantyEndsOn)}` : ''}`
  if (i.lastOutcome === 'failed') return `${ACCEPTANCE_OUTCOME_LABELS.failed}，整改后重新验收`
  if (i.status === 'done') return '已完工，等待验收'
  return ''
}

/**
 * 施工监督 (residents) / 施工与验收 (office): the plan's items from 已确定 onwards with their status,
 * warranty and how many observations and supervisors each has. Tap an item for its observations;
 * the office records the acceptance of a finished item from here.
 */
export default function Works() {
  const { me } = useSession()
  const role = me?.user.role
  const office = role === 'office'
  const resident = role === 'resident'
  const list = useRemote(() => worksApi.items())
  const items = list.data?.items ?? []
  return (
    <Screen>
      <Text className="gj-title">{office ? '施工与验收' : '施工监督'}</Text>
      {office ? (
        <Text className="gj-muted">完工的项目在这里组织验收（业主代表和施工、监理、设计、勘察单位共同签字）；居民的施工监督意见请及时答复。</Text>
      ) : (
        <Text className="gj-body">施工期间，您可以当监督员，看到施工质量、安全、噪音、出行受阻等问题随时反映，社区和施工单位会答复。项目验收以后发现问题，请用“报事报修”。</Text>
      )}
      <View className="gj-actions">
        {office && (
          <>
            <ActionButton onClick={go('/packageOffice/report-queue/index')}>报修工单</ActionButton>
            <ActionButton onClick={go('/packageOffice/parties/index')}>参建单位</ActionButton>
          </>
        )}
        {resident && (
          <>
            <ActionButton onClick={go('/packageWorks/report-new/index')}>报事报修</ActionButton>
            <ActionButton onClick={go('/packageWorks/my-reports/index')}>我的报修</ActionButton>
          </>
        )}
      </View>
      <ErrorNote message={list.error} />
      {list.loading && !list.data && <Text className="gj-muted">正在加载…</Text>}
      {list.data && items.length === 0 && <Text className="gj-body">还没有确定实施的改造项目。项目确定实施后会在这里显示。</Text>}
      {items.map((i) => (
        <View key={i.itemId} className="gj-card" role="region" aria-label={i.title}>
          <View>
            <ItemStatusTag status={i.status} />
            {i.acceptedAt && <Text className="gj-tag done">已验收</Text>}
            {!i.acceptedAt && i.lastOutcome === 'failed' && <Text className="gj-tag">验收不合格</Text>}
          </View>
          <Text className="gj-card-title">{i.title}</Text>
          <Text className="gj-muted">范围：{i.scopeLabel}</Text>
          {acceptanceLine(i) && <Text className="gj-body">{acceptanceLine(i)}</Text>}
          {i.contractorName && <Text className="gj-body">施工单位：{i.contractorName}</Text>}
          <Text className="gj-body">
            监督意见 {i.observations} 条{i.unanswered > 0 ? `（${i.unanswered} 条还没有答复）` : ''} · 监督员 {i.supervisors} 人
          </Text>
          <View className="gj-actions">
            <ActionButton primary={!office || !(i.status === 'done' && !i.acceptedAt)} onClick={go(`/packageWorks/works-item/index${q(i.itemId)}`)}>
              {i.acceptedAt ? '查看详情' : role === 'party' ? '查看和答复监督意见' : '查看和提交监督意见'}
            </ActionButton>
            {office && i.status === 'done' && !i.acceptedAt && (
              <ActionButton primary onClick={go(`/packageOffice/acceptance/index${q(i.itemId)}`)}>
                验收
              </ActionButton>
            )}
            {office && (i.acceptedAt || i.lastOutcome) && (
              <ActionButton onClick={go(`/packageOffice/acceptance/index${q(i.itemId)}`)}>验收记录</ActionButton>
            )}
          </View>
        </View>
      ))}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { REPORT_STATUS_LABELS, REPORT_STATUSES, type ReportStatus } from '@/core/reports'
import type { QueueFilter } from '@/core/works-view'
import { Choice } from '@/components/Choice'
import { ErrorNote } from '@/components/Notes'
import { ReportCard } from '@/components/ReportParts'
import { Screen } from '@/components/Screen'
import { Toggle } from '@/components/Toggle'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { reportsApi } from '@/services/reports'

const ALL = 'all'
/** The party filter's value for reports the community office handles itself. */
const OFFICE = 'office'

const STATUS_OPTIONS = [
  { value: 'open', label: '未办结' },
  { value: ALL, label: '全部' },
  ...REPORT_STATUSES.map((s) => ({ value: s, label: REPORT_STATUS_LABELS[s] })),
]

const open = (id: string) => () => void Taro.navigateTo({ url: `/packageWorks/report-detail/index?id=${encodeURIComponent(id)}` })

/**
 * 报修工单 (office) / 我的工单 (a contractor's, utility's or property manager's staff): the reports of
 * the community, filtered by status (default 未办结), by who has it (the office only) and overdue
 * only; overdue ones carry a red 已超时 tag and a red edge. A party sees its own reports only (the
 * backend filters). Tap one to handle it.
 */
export default function ReportQueue() {
  const { me } = useSession()
  const party = me?.user.role === 'party'
  const [status, setStatus] = useState('open')
  const [partyId, setPartyId] = useState(ALL)
  const [overdue, setOverdue] = useState(false)
  const filter: QueueFilter = {
    ...(status !== ALL ? { status: status as ReportStatus | 'open' } : {}),
    ...(partyId !== ALL && !party ? { partyId } : {}),
    ...(overdue ? { overdue: true } : {}),
  }
  const list = useRemote(() => reportsApi.queue(filter), [status, partyId, overdue, party])
  const items = list.data?.items ?? []
  const late = items.filter((r) => r.overdue).length
  const partyOptions = [
    { value: ALL, label: '全部' },
    ...(list.data?.parties ?? []).filter((p) => p.partyId !== null).map((p) => ({ value: p.partyId as string, label: p.name })),
    { value: OFFICE, label: '社区自办' },
  ]

  return (
    <Screen>
      <Text className="gj-title">{party ? '我的工单' : '报修工单'}</Text>
      {party && <Text className="gj-muted">这里是派给贵单位的报修。修好后请在工单里“标记已修好”，由报修的居民确认。</Text>}
      <Choice label="办理状态" options={STATUS_OPTIONS} value={status} onChange={setStatus} />
      {!party && <Choice label="维修单位" options={partyOptions} value={partyId} onChange={setPartyId} />}
      <View className="gj-field">
        <Toggle label="只看已超时的" checked={overdue} onChange={setOverdue} />
      </View>
      <ErrorNote message={list.error} />
      {list.loading && !list.data && <Text className="gj-muted">正在加载…</Text>}
      {list.data && (
        <Text className="gj-body">
          共 {items.length} 单{late > 0 ? `，其中 ${late} 单已超时` : ''}
        </Text>
      )}
      {list.data && items.length === 0 && <Text className="gj-muted">没有符合条件的报修。</Text>}
      {items.map((r) => (
        <ReportCard key={r._id} r={r} onOpen={open(r._id)} showAssignee />
      ))}
    </Screen>
  )
}

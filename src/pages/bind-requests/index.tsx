import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { formatChinaDateTime } from '@/core/time'
import { RELATION_LABELS } from '@/core/roles'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { messageOf } from '@/services/api'
import { membersApi, type BindRequest } from '@/services/members'

/** Office: requests to be bound from residents without a code; check them, then approve or reject. */
export default function BindRequests() {
  useSession()
  const remote = useRemote(() => membersApi.listRequests('pending'))
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const items: BindRequest[] = !remote.data ? [] : Array.isArray(remote.data) ? remote.data : remote.data.items

  async function decide(r: BindRequest, approve: boolean) {
    setError(null)
    setDone(null)
    try {
      await membersApi.decide(r._id, approve, approve ? undefined : '信息与名册不符，请到社区核实')
      setDone(approve ? `已同意 ${r.name} 的绑定申请。` : `已拒绝 ${r.name} 的绑定申请。`)
      await remote.reload()
    } catch (e) {
      setError(messageOf(e))
    }
  }

  return (
    <Screen>
      <Text className="gj-title">绑定申请</Text>
      <ErrorNote message={remote.error ?? error} />
      <OkNote message={done} />
      {remote.data && items.length === 0 && <Text className="gj-muted">没有待处理的申请。</Text>}
      {items.map((r) => (
        <View key={r._id} className="gj-card">
          <Text className="gj-card-title">
            {r.label ?? `${r.buildingNumber}号楼${r.unitNumber}单元${r.room}`} · {r.name}（{RELATION_LABELS[r.relation]}）
          </Text>
          <Text className="gj-muted">提交于 {formatChinaDateTime(r.createdAt)}。请先核对名册和本人身份。</Text>
          <View className="gj-actions">
            <ActionButton primary onClick={() => decide(r, true)}>
              同意
            </ActionButton>
            <ActionButton onClick={() => decide(r, false)}>拒绝</ActionButton>
          </View>
        </View>
      ))}
    </Screen>
  )
}

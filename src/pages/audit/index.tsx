import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { AUDIT_ACTION_LABELS, auditChanges } from '@/core/audit-view'
import { formatChinaDateTime } from '@/core/time'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { householdsApi } from '@/services/households'

const PAGE = 30

/** Office and district: every change to the roster, members and roles — who, when, before and after. */
export default function AuditLog() {
  useSession()
  const [limit, setLimit] = useState(PAGE)
  const log = useRemote(() => householdsApi.audit({ limit }), [limit])
  return (
    <Screen>
      <Text className="gj-title">变更记录</Text>
      <ErrorNote message={log.error} />
      {log.data && log.data.items.length === 0 && <Text className="gj-muted">还没有变更。</Text>}
      {log.data?.items.map((e) => (
        <View key={e._id} className="gj-card">
          <Text className="gj-card-title">{AUDIT_ACTION_LABELS[e.action] ?? e.action}</Text>
          <Text className="gj-muted">
            {formatChinaDateTime(e.at)} · {e.byName}
          </Text>
          {auditChanges(e.before, e.after)
            .slice(0, 8)
            .map((line) => (
              <Text key={line} className="gj-body">
                {line}
              </Text>
            ))}
        </View>
      ))}
      {log.data && log.data.total > log.data.items.length && (
        <View className="gj-actions">
          <ActionButton onClick={() => setLimit(limit + PAGE)}>加载更多</ActionButton>
        </View>
      )}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { formatChinaDateTime } from '@/core/time'
import { RELATION_LABELS } from '@/core/roles'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { messageOf } from '@/services/api'
import { membersApi, type MyHousehold } from '@/services/members'

function asList(data: MyHousehold[] | { households: MyHousehold[] } | null): MyHousehold[] {
  if (!data) return []
  return Array.isArray(data) ? data : data.households
}

/** 我的房屋: the households I am bound to and who else is; owners invite family and remove members. */
export default function MyHouseholds() {
  useSession()
  const remote = useRemote(() => membersApi.mine())
  const [invite, setInvite] = useState<{ householdId: string; printed: string; expiresAt: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const households = asList(remote.data)

  async function run(work: () => Promise<unknown>, message: string) {
    setError(null)
    setDone(null)
    try {
      await work()
      setDone(message)
      await remote.reload()
    } catch (e) {
      setError(messageOf(e))
    }
  }

  return (
    <Screen>
      <Text className="gj-title">我的房屋</Text>
      <ErrorNote message={remote.error ?? error} />
      <OkNote message={done} />
      {remote.data && households.length === 0 && (
        <View>
          <Text className="gj-muted">您还没有绑定房屋。</Text>
          <View className="gj-actions">
            <ActionButton primary onClick={() => Taro.navigateTo({ url: '/pages/bind/index' })}>
              绑定我的房屋
            </ActionButton>
          </View>
        </View>
      )}
      {households.map((h) => (
        <View key={h.householdId} className="gj-card">
          <Text className="gj-card-title">{h.label}</Text>
          <Text className="gj-muted">我是{RELATION_LABELS[h.relation]}</Text>
          <Text className="gj-subtitle">这户已绑定的人</Text>
          {h.members.map((m) => (
            <View key={m.userId} className="gj-row gj-member">
              <Text>
                {m.name}（{RELATION_LABELS[m.relation]}）{m.isMe ? ' · 我' : ''}
              </Text>
              {h.isOwner && !m.isMe && (
                <ActionButton onClick={() => run(() => membersApi.remove(h.householdId, m.userId), `已把 ${m.name} 从这户移除。`)}>
                  移除
                </ActionButton>
              )}
            </View>
          ))}
          {h.isOwner && (
            <View className="gj-actions">
              <ActionButton
                onClick={() =>
                  run(async () => setInvite({ householdId: h.householdId, ...(await membersApi.invite(h.householdId)) }), '已生成家人邀请码。')
                }
              >
                邀请家人
              </ActionButton>
            </View>
          )}
          {invite?.householdId === h.householdId && (
            <View className="gj-ok">
              <Text className="gj-card-title">家人邀请码：{invite.printed}</Text>
              <Text>请把邀请码告诉家人：在“绑定我的房屋”里选择“家庭成员”并输入。{formatChinaDateTime(invite.expiresAt)} 前有效，只能用一次。</Text>
            </View>
          )}
        </View>
      ))}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { formatChinaDateTime } from '@/core/time'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { membersApi, type IssuedCode } from '@/services/members'

/**
 * Office: issue one-time binding codes per household (for one building or the whole community)
 * and print them as slips to hand out. Issuing again replaces unused codes; codes are shown only now.
 */
export default function PrintCodes() {
  const { me } = useSession()
  const [building, setBuilding] = useState('')
  const [codes, setCodes] = useState<IssuedCode[]>([])
  const { busy, error, setError, submit } = useSubmit()

  async function issue() {
    const b = building.trim() ? Number(building) : undefined
    if (b !== undefined && (!Number.isInteger(b) || b < 1)) return setError('楼号应为数字，例如 3；不填则为全小区生成。')
    await submit(async () => setCodes(await membersApi.issueCodes(b)))
  }

  return (
    <Screen>
      <View className="gj-no-print">
        <Text className="gj-title">打印绑定码</Text>
        <Text className="gj-muted">每户一个绑定码，只能用一次。重新生成后，这些户之前没用过的绑定码会作废。</Text>
        <TextField id="building" label="楼号（不填为全小区）" value={building} maxLength={3} placeholder="例如 3" onChange={setBuilding} />
        <ErrorNote message={error} />
        <View className="gj-actions">
          <ActionButton primary loading={busy} onClick={issue}>
            生成绑定码
          </ActionButton>
          {codes.length > 0 && process.env.TARO_ENV !== 'weapp' && <ActionButton onClick={() => window.print()}>打印</ActionButton>}
        </View>
        {codes.length > 0 && <Text className="gj-muted">已生成 {codes.length} 户的绑定码。请现在打印或保存：离开本页后不能再次查看。</Text>}
      </View>
      <View className="gj-slips">
        {codes.map((c) => (
          <View key={c.householdId} className="gj-slip">
            <Text className="gj-card-title">{me?.community?.name ?? ''} {c.label}</Text>
            <Text className="gj-slip-code">{c.printed}</Text>
            <Text className="gj-muted">
              打开“共建”小程序 → 绑定我的房屋 → 输入绑定码。{formatChinaDateTime(c.expiresAt)} 前有效，只能用一次。
            </Text>
          </View>
        ))}
      </View>
    </Screen>
  )
}

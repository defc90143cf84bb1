import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { householdLabel, type Household, type Owner } from '@/core/community'
import { formatArea, parseAreaCenti } from '@/core/roster'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ImportReport } from '@/components/ImportReport'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { messageOf } from '@/services/api'
import { householdsApi } from '@/services/households'

/** "王建国 1234 13912345678" per line ⇄ owners. */
function ownersToText(owners: Owner[]): string {
  return owners.map((o) => [o.name, o.idTail ?? '', o.phone ?? ''].join(' ').trim()).join('\n')
}

function textToOwners(text: string): Owner[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/).filter(Boolean))
    .filter((parts) => parts.length > 0)
    .map(([name, idTail, phone]) => ({ name, ...(idTail ? { idTail } : {}), ...(phone ? { phone } : {}) }))
}

/** Office: correct one household of the roster (every change is logged with before and after). */
export default function HouseholdEdit() {
  useSession()
  const id = useRouter().params.id ?? ''
  const [h, setH] = useState<Household | null>(null)
  const [floor, setFloor] = useState('')
  const [area, setArea] = useState('')
  const [owners, setOwners] = useState('')
  const [unsold, setUnsold] = useState('no')
  const [rented, setRented] = useState('no')
  const [done, setDone] = useState<string | null>(null)
  const { busy, error, setError, rowErrors, submit } = useSubmit()

  function show(household: Household) {
    setH(household)
    setFloor(String(household.floor))
    setArea(formatArea(household.areaCentiM2))
    setOwners(ownersToText(household.owners))
    setUnsold(household.developerUnsold ? 'yes' : 'no')
    setRented(household.tenantOccupied ? 'yes' : 'no')
  }

  useEffect(() => {
    householdsApi.get(id).then(show).catch((e) => setError(messageOf(e)))
  }, [id])

  async function save() {
    if (!h) return
    setDone(null)
    const checked = parseAreaCenti(area)
    if (typeof checked === 'string') return setError(`${checked}。`)
    const list = unsold === 'yes' ? [] : textToOwners(owners)
    await submit(async () => {
      const saved = await householdsApi.update({
        id: h._id,
        version: h.version,
        floor: Number(floor),
        area: area.trim(),
        owners: list,
        coOwned: list.length > 1,
        developerUnsold: unsold === 'yes',
        tenantOccupied: rented === 'yes',
      })
      show(saved)
      setDone('已保存。这次修改已记入变更记录。')
    })
  }

  const yesNo = [
    { value: 'no', label: '否' },
    { value: 'yes', label: '是' },
  ]
  return (
    <Screen>
      <Text className="gj-title">{h ? householdLabel(h) : '住户信息'}</Text>
      <ErrorNote message={error} />
      {h && (
        <View>
          <TextField id="floor" label="楼层" value={floor} maxLength={2} onChange={setFloor} />
          <TextField id="area" label="专有面积（㎡，按不动产登记）" value={area} maxLength={8} onChange={setArea} />
          <Choice label="开发商未售" options={yesNo} value={unsold} onChange={setUnsold} />
          {unsold === 'no' && (
            <TextField
              id="owners"
              label="业主（每行一位：姓名 身份证后四位 电话）"
              multiline
              value={owners}
              maxLength={500}
              onChange={setOwners}
            />
          )}
          <Choice label="出租" options={yesNo} value={rented} onChange={setRented} />
          <ImportReport errors={rowErrors} title="没有保存" />
          <OkNote message={done} />
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={save}>
              保存
            </ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

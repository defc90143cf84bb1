import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { RELATION_LABELS, RELATIONS, type Relation } from '@/core/roles'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { membersApi } from '@/services/members'
import { useAccount } from '@/stores/account'

/**
 * Bind my WeChat to my flat with the one-time code the community printed for it, or ask the
 * community to bind me (when the code is lost). Owners also give the last 4 digits of their ID.
 * A contractor's or repairer's staff member enters the code the office gave them instead
 * (members.bindParty), then goes home.
 */
export default function Bind() {
  const { me } = useSession()
  // The community comes from the QR poster / link the office shares (?c=…), or from an earlier binding.
  const communityId = useRouter().params.c ?? me?.community?._id ?? null
  const reload = useAccount((s) => s.load)
  const [mode, setMode] = useState<'code' | 'request' | 'party'>('code')
  const [relation, setRelation] = useState<Relation>('owner')
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  const [idTail, setIdTail] = useState('')
  const [building, setBuilding] = useState('')
  const [unit, setUnit] = useState('')
  const [room, setRoom] = useState('')
  const [phone, setPhone] = useState('')
  const { busy, error, setError, submit: run } = useSubmit()
  const [done, setDone] = useState<string | null>(null)

  async function submit() {
    setDone(null)
    if (mode === 'party') {
      return run(async () => {
        const { party } = await membersApi.bindParty(code)
        await reload()
        setDone(`绑定成功：您是${party.name}的工作人员。`)
      })
    }
    if (!name.trim()) return setError('请填写您的姓名。')
    await run(async () => {
      if (mode === 'code') {
        await membersApi.bind({ code, relation, name: name.trim(), ...(relation === 'owner' ? { ownerIdTail: idTail.trim() } : {}) })
        await reload()
        setDone(`绑定成功：您已作为${RELATION_LABELS[relation]}绑定了这户房屋。`)
      } else {
        if (!communityId) {
          setError('请扫描小区公告栏上的二维码进入本页再申请，或使用社区发的绑定码。')
          return
        }
        const b = Number(building)
        const u = Number(unit)
        if (!Number.isInteger(b) || b < 1 || !Number.isInteger(u) || u < 1 || !room.trim()) {
          setError('请填写楼号、单元号和房号（都是数字，例如 3 号楼 2 单元 501）。')
          return
        }
        await membersApi.request({
          communityId: communityId ?? undefined,
          buildingNumber: b,
          unitNumber: u,
          room: room.trim(),
          relation,
          name: name.trim(),
          ...(phone.trim() ? { phone: phone.trim() } : {}),
        })
        setDone('申请已提交。社区工作人员核实后会为您绑定，请留意通知。')
      }
    })
  }

  return (
    <Screen>
      <Text className="gj-title">绑定我的房屋</Text>
      <Text className="gj-muted">绑定以后，您可以查看本楼栋的改造方案、参加投票、报修。家里人可以帮您操作。</Text>
      <Choice
        label="绑定方式"
        options={[
          { value: 'code', label: '我有绑定码' },
          { value: 'request', label: '没有绑定码，申请绑定' },
          { value: 'party', label: '我是施工、维修单位的工作人员' },
        ]}
        value={mode}
        onChange={(v) => {
          setDone(null)
          setMode(v as 'code' | 'request' | 'party')
        }}
      />
      {mode === 'party' && (
        <TextField id="code" label="社区给您的工作人员绑定码（8 位）" value={code} maxLength={12} placeholder="例如 ABCD-2345" onChange={setCode} />
      )}
      {mode !== 'party' && (
        <Choice
          label="您和这户房屋的关系"
          options={RELATIONS.map((r) => ({ value: r, label: RELATION_LABELS[r] }))}
          value={relation}
          onChange={(v) => setRelation(v as Relation)}
        />
      )}
      {mode === 'code' && (
        <TextField id="code" label="绑定码（8 位，在社区发的绑定单上）" value={code} maxLength={12} placeholder="例如 ABCD-2345" onChange={setCode} />
      )}
      {mode !== 'party' && (
        <TextField id="name" label={relation === 'owner' ? '业主姓名（与房产证一致）' : '您的姓名'} value={name} maxLength={20} onChange={setName} />
      )}
      {mode === 'code' && relation === 'owner' && (
        <TextField id="idtail" label="业主身份证号后四位" value={idTail} maxLength={4} placeholder="例如 1234 或 123X" onChange={setIdTail} />
      )}
      {mode === 'request' && (
        <View>
          <TextField id="building" label="楼号" value={building} maxLength={3} placeholder="例如 3" onChange={setBuilding} />
          <TextField id="unit" label="单元号" value={unit} maxLength={2} placeholder="例如 2" onChange={setUnit} />
          <TextField id="room" label="房号" value={room} maxLength={10} placeholder="例如 501" onChange={setRoom} />
          <TextField id="phone" label="联系电话（选填，方便社区联系您）" value={phone} maxLength={11} onChange={setPhone} />
        </View>
      )}
      <ErrorNote message={error} />
      <OkNote message={done} />
      <View className="gj-actions">
        {done && mode === 'code' ? (
          <ActionButton primary onClick={() => Taro.navigateTo({ url: '/pages/household/index' })}>
            查看我的房屋
          </ActionButton>
        ) : done && mode === 'party' ? (
          <ActionButton primary onClick={() => Taro.reLaunch({ url: '/pages/home/index' })}>
            进入首页
          </ActionButton>
        ) : (
          <ActionButton primary loading={busy} onClick={submit}>
            {mode === 'request' ? '提交申请' : '绑定'}
          </ActionButton>
        )}
      </View>
    </Screen>
  )
}

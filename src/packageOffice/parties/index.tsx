import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import * as z from 'zod/mini'
import { PARTY_CODE_DAYS, PARTY_STAFF_KINDS } from '@/core/bind-code'
import { formatChinaDateTime } from '@/core/time'
import { PARTY_KIND_LABELS, PARTY_KINDS, PARTY_NAME_MAX, partyFieldsSchema, partyProblems, UTILITY_LINE_LABELS, UTILITY_LINES, type Party, type PartyKind, type UtilityLine } from '@/core/parties'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { Toggle } from '@/components/Toggle'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { worksApi, type IssuedPartyCode } from '@/services/works'

interface Draft {
  id?: string
  version?: number
  kind: PartyKind | ''
  name: string
  phone: string
  lines: UtilityLine[]
}

const EMPTY: Draft = { kind: '', name: '', phone: '', lines: [] }

/** Add or change one party: kind, name, phone and, for a utility company, the lines it owns. */
function PartyForm({ draft, onSaved, onCancel }: { draft: Draft; onSaved: (p: Party, created: boolean) => Promise<void>; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(draft)
  const { busy, error, setError, submit } = useSubmit()
  const update = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }))

  async function save() {
    const parsed = z.safeParse(partyFieldsSchema, { kind: d.kind, name: d.name, phone: d.phone, lines: d.kind === 'utility' ? d.lines : [] })
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '填写的内容有误')
    const problems = partyProblems(parsed.data)
    if (problems.length) return setError(problems.join(''))
    const out: { party?: Party } = {}
    const ok = await submit(async () => {
      out.party = await worksApi.saveParty({ ...parsed.data, ...(d.id ? { id: d.id, version: d.version } : {}) })
    })
    if (ok && out.party) await onSaved(out.party, !d.id)
  }

  const title = d.id ? `修改：${draft.name}` : '添加单位'
  return (
    <View className="gj-card" role="region" aria-label={title}>
      <Text className="gj-card-title">{title}</Text>
      <Choice label="单位类型" options={PARTY_KINDS.map((k) => ({ value: k, label: PARTY_KIND_LABELS[k] }))} value={d.kind} onChange={(v) => update({ kind: v as PartyKind })} />
      <TextField id="party-name" label="单位名称" value={d.name} maxLength={PARTY_NAME_MAX} placeholder="例如：某某建筑工程有限公司" onChange={(name) => update({ name })} />
      <TextField id="party-phone" label="联系电话（居民和社区会看到）" value={d.phone} maxLength={30} placeholder="例如：0371-12345678" onChange={(phone) => update({ phone })} />
      {d.kind === 'utility' && (
        <View className="gj-field" role="group" aria-label="负责的管线">
          <Text className="gj-label">负责的管线（这些管线的报修保修期外派给它）</Text>
          {UTILITY_LINES.map((l) => (
            <Toggle
              key={l}
              label={UTILITY_LINE_LABELS[l]}
              checked={d.lines.includes(l)}
              onChange={(on) => update({ lines: on ? [...d.lines, l] : d.lines.filter((x) => x !== l) })}
            />
          ))}
        </View>
      )}
      <ErrorNote message={error} />
      <View className="gj-actions">
        <ActionButton primary loading={busy} onClick={() => void save()}>
          保存
        </ActionButton>
        <ActionButton onClick={onCancel}>取消</ActionButton>
      </View>
    </View>
  )
}

/**
 * A one-time binding code for one staff member of a party (contractor, supervisor, utility,
 * property manager): the office types the person's name, the code is shown once, large, with a
 * copy button; the person enters it on the bind page (我是施工、维修单位的工作人员).
 */
function StaffCode({ party, onClose }: { party: Party; onClose: () => void }) {
  const [name, setName] = useState('')
  const [issued, setIssued] = useState<IssuedPartyCode | null>(null)
  const { busy, error, setError, submit } = useSubmit()

  async function issue() {
    if (!name.trim()) return setError('请填写这位工作人员的姓名。')
    await submit(async () => setIssued(await worksApi.issuePartyCode(party._id, name.trim())))
  }

  const title = `${party.name}的工作人员绑定码`
  return (
    <View className="gj-card" role="region" aria-label={title}>
      <Text className="gj-card-title">{title}</Text>
      {issued ? (
        <View>
          <Text className="gj-body">给 {issued.staffName} 的绑定码：</Text>
          <Text className="gj-slip-code">{issued.printed}</Text>
          <Text className="gj-body">{PARTY_CODE_DAYS} 天内有效，只能用一次（{formatChinaDateTime(issued.expiresAt)} 前）。</Text>
          <Text className="gj-muted">请交给本人：在小程序的“绑定”页选择“我是施工、维修单位的工作人员”后输入。绑定码只显示这一次。</Text>
          <View className="gj-actions">
            <ActionButton primary onClick={() => void Taro.setClipboardData({ data: issued.printed })}>
              复制绑定码
            </ActionButton>
            <ActionButton onClick={onClose}>完成</ActionButton>
          </View>
        </View>
      ) : (
        <View>
          <TextField id="staff-name" label="工作人员姓名（报修记录里会显示）" value={name} maxLength={20} placeholder="例如：王师傅" onChange={setName} />
          <ErrorNote message={error} />
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void issue()}>
              生成绑定码
            </ActionButton>
            <ActionButton onClick={onClose}>取消</ActionButton>
          </View>
        </View>
      )}
    </View>
  )
}

/**
 * 参建单位 (office): the contractors, supervising engineers, designers, surveyors, utility companies
 * and the property manager of the community. Acceptance signatures name them; issue reports are
 * routed to them (the contractor under warranty, a utility for its lines, else the property manager).
 */
export default function Parties() {
  const { me } = useSession()
  const office = me?.user.role === 'office'
  const list = useRemote(() => worksApi.parties())
  const [editing, setEditing] = useState<Draft | null>(null)
  /** The party whose staff code is being issued. */
  const [coding, setCoding] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const items = list.data?.items ?? []

  async function saved(p: Party, created: boolean) {
    setEditing(null)
    setDone(created ? `已添加“${p.name}”。` : `已保存“${p.name}”的修改。`)
    await list.reload()
  }

  return (
    <Screen>
      <Text className="gj-title">参建单位</Text>
      <Text className="gj-muted">报修按规则派单：保修期内找施工单位；供水、燃气、供电、供暖、通信管线找负责它的管线单位；其他找物业；没有物业的由社区安排。</Text>
      <OkNote message={done} />
      <ErrorNote message={list.error} />
      {office && !editing && (
        <View className="gj-actions">
          <ActionButton
            primary
            onClick={() => {
              setDone(null)
              setEditing(EMPTY)
            }}
          >
            添加单位
          </ActionButton>
        </View>
      )}
      {editing && <PartyForm key={editing.id ?? 'new'} draft={editing} onSaved={saved} onCancel={() => setEditing(null)} />}
      {list.loading && !list.data && <Text className="gj-muted">正在加载…</Text>}
      {list.data && items.length === 0 && <Text className="gj-body">还没有记录任何单位。验收签字和报修派单都要用到，请先添加。</Text>}
      {PARTY_KINDS.map((kind) => {
        const ps = items.filter((p) => p.kind === kind)
        if (ps.length === 0) return null
        return (
          <View key={kind} role="region" aria-label={PARTY_KIND_LABELS[kind]}>
            <Text className="gj-subtitle">
              {PARTY_KIND_LABELS[kind]}（{ps.length}）
            </Text>
            {ps.map((p) => (
              <View key={p._id} className="gj-card">
                <Text className="gj-card-title">{p.name}</Text>
                <Text className="gj-body">电话：{p.phone || '未填写'}</Text>
                {p.lines.length > 0 && <Text className="gj-body">负责的管线：{p.lines.map((l) => UTILITY_LINE_LABELS[l]).join('、')}</Text>}
                {office && !editing && coding !== p._id && (
                  <View className="gj-actions">
                    <ActionButton
                      onClick={() => {
                        setDone(null)
                        setEditing({ id: p._id, version: p.version, kind: p.kind, name: p.name, phone: p.phone, lines: [...p.lines] })
                      }}
                    >
                      修改{p.name}
                    </ActionButton>
                    {(PARTY_STAFF_KINDS as readonly string[]).includes(p.kind) && (
                      <ActionButton
                        onClick={() => {
                          setDone(null)
                          setCoding(p._id)
                        }}
                      >
                        生成工作人员绑定码
                      </ActionButton>
                    )}
                  </View>
                )}
                {office && coding === p._id && <StaffCode party={p} onClose={() => setCoding(null)} />}
              </View>
            ))}
          </View>
        )
      })}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import * as z from 'zod/mini'
import { buildingLabel } from '@/core/community'
import { chinaDate, formatChinaDate, formatChinaDateTime } from '@/core/time'
import {
  ANSWER_TEXT_MAX,
  OBSERVATION_KIND_LABELS,
  OBSERVATION_KINDS,
  OBSERVATION_PHOTOS_MAX,
  OBSERVATION_TEXT_MAX,
  observationFieldsSchema,
  observationRefusal,
  type SupervisionTarget,
} from '@/core/works'
import type { ObservationView } from '@/core/works-view'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ItemStatusTag } from '@/components/ItemStatusTag'
import { ErrorNote, OkNote } from '@/components/Notes'
import { PhotoGrid } from '@/components/PhotoGrid'
import { PhotoPicker } from '@/components/PhotoPicker'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useMyHousehold } from '@/hooks/useMyHousehold'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { householdsApi } from '@/services/households'
import { worksApi } from '@/services/works'
import '../../components/works.css'

/** How long a supervisor's shown name may be ("王阿姨（1号楼）"). */
const DISPLAY_NAME_MAX = 20

/** One observation with its answers; the office and the contractor answer it here. */
function ObservationCard({ o, canAnswer, onAnswered }: { o: ObservationView; canAnswer: boolean; onAnswered: (message: string) => Promise<void> }) {
  const [text, setText] = useState('')
  const { busy, error, setError, submit } = useSubmit()
  const label = `${OBSERVATION_KIND_LABELS[o.kind]}，${o.authorLabel}`

  async function answer() {
    if (!text.trim()) return setError('请先写好答复内容。')
    const ok = await submit(() => worksApi.answer(o._id, o.version, text.trim()))
    if (ok) {
      setText('')
      await onAnswered(`已答复${o.authorLabel}的监督意见。`)
    }
  }

  return (
    <View className="gj-card" role="article" aria-label={label}>
      <View>
        <Text className={o.kind === 'safety' ? 'gj-tag' : 'gj-tag publicity'}>{OBSERVATION_KIND_LABELS[o.kind]}</Text>
        {o.bySupervisor && <Text className="gj-tag draft">监督员</Text>}
        {o.mine && <Text className="gj-tag draft">我写的</Text>}
      </View>
      <Text className="gj-muted">
        {o.authorLabel} · {formatChinaDateTime(o.at)}
      </Text>
      <Text className="gj-body">{o.text}</Text>
      <PhotoGrid fileIDs={o.photos} />
      {o.answers.map((a, i) => (
        <View key={i} className="gj-reply">
          <Text className="gj-card-title">
            {a.as === 'office' ? '社区答复' : '施工单位答复'}（{a.byName}，{formatChinaDateTime(a.at)}）
          </Text>
          <Text className="gj-body">{a.text}</Text>
        </View>
      ))}
      {o.answers.length === 0 && <Text className="gj-muted">还没有答复。</Text>}
      {canAnswer && (
        <View>
          <TextField
            id={`answer-${o._id}`}
            label={o.answers.length ? '再答复一次' : '答复'}
            multiline
            value={text}
            maxLength={ANSWER_TEXT_MAX}
            placeholder="写清楚怎么处理、什么时候处理好"
            onChange={setText}
          />
          <ErrorNote message={error} />
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void answer()}>
              答复
            </ActionButton>
          </View>
        </View>
      )}
    </View>
  )
}

/**
 * 施工监督 of one item (?itemId=): its observations with answers and photos, a form to post one,
 * its supervisors and "我来当监督员". The office and the item's contractor answer observations. Once
 * the item is accepted, problems are issue reports: the page says until when the warranty runs and
 * offers 报事报修 instead of the form.
 */
export default function WorksItemPage() {
  const { me } = useSession()
  const role = me?.user.role
  const itemId = useRouter().params.itemId ?? ''
  const items = useRemote(() => worksApi.items())
  const observations = useRemote(() => worksApi.observations(itemId), [itemId])
  const supervisors = useRemote(() => worksApi.supervisors({ itemId }), [itemId])
  const { households, householdId } = useMyHousehold()
  const resident = role === 'resident' && households.length > 0
  const home = useRemote(async () => (resident && householdId ? householdsApi.get(householdId) : null), [resident, householdId])

  const [kind, setKind] = useState('')
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [done, setDone] = useState<string | null>(null)
  const post = useSubmit()

  const [volunteering, setVolunteering] = useState(false)
  const [target, setTarget] = useState<'item' | 'building'>('item')
  const [displayName, setDisplayName] = useState('')
  const join = useSubmit()
  const staff = useSubmit()
  // The office ends someone's supervisor role (moved away…): which one, and why.
  const [ending, setEnding] = useState<string | null>(null)
  const [endReason, setEndReason] = useState('')
  const parties = useRemote(async () => (role === 'office' ? worksApi.parties() : null), [role])
  const [contractor, setContractor] = useState('')

  const item = items.data?.items.find((i) => i.itemId === itemId)
  if (!item) {
    return (
      <Screen>
        <Text className="gj-title">施工监督</Text>
        <ErrorNote message={items.error} />
        {items.loading && !items.error && <Text className="gj-muted">正在加载…</Text>}
        {!items.loading && !items.error && <Text className="gj-body">没有找到这个项目：只有确定实施的改造项目才有施工监督。</Text>}
      </Screen>
    )
  }

  const canObserve = (resident || role === 'office') && item.observable && !item.acceptedAt
  const refusal = item.observable ? null : observationRefusal({ status: item.status, acceptedAt: item.acceptedAt })
  // The office, or staff of this item's contractor (the function refuses any other party).
  const canAnswer = role === 'office' || (role === 'party' && !!me?.party && me.party._id === item.contractorPartyId)
  const list = observations.data?.items ?? []
  const sups = supervisors.data?.items ?? []
  const mineForItem = sups.some((s) => s.mine && s.target.kind === 'item')
  const contractors = (parties.data?.items ?? []).filter((p) => p.kind === 'contractor')
  const mySups = sups.filter((s) => s.mine)
  const building = home.data ? { id: home.data.buildingId, label: buildingLabel({ number: home.data.buildingNumber }) } : null

  async function observe() {
    setDone(null)
    const parsed = z.safeParse(observationFieldsSchema, { itemId, buildingId: null, kind, text, photos })
    if (!parsed.success) return post.setError(parsed.error.issues[0]?.message ?? '填写的内容有误')
    const ok = await post.submit(() => worksApi.observe(parsed.data))
    if (ok) {
      setKind('')
      setText('')
      setPhotos([])
      setDone('您的监督意见已提交，社区和施工单位答复后会显示在下面。')
      await Promise.all([observations.reload(), items.reload()])
    }
  }

  async function volunteer() {
    setDone(null)
    const name = displayName.trim()
    if (!name) return join.setError('请填写在居民中显示的称呼，例如“王阿姨（1号楼）”。')
    const t: SupervisionTarget = target === 'building' && building ? { kind: 'building', buildingId: building.id } : { kind: 'item', itemId }
    const ok = await join.submit(() => worksApi.volunteer({ target: t, displayName: name }))
    if (ok) {
      setVolunteering(false)
      setDone(`谢谢您！您已经是${t.kind === 'building' ? building!.label : `“${item!.title}”`}的监督员了。`)
      await Promise.all([supervisors.reload(), items.reload()])
    }
  }

  async function stepDown(supervisorId: string, version: number) {
    setDone(null)
    const ok = await join.submit(() => worksApi.stepDown(supervisorId, version))
    if (ok) {
      setDone('您已不再担任监督员。谢谢您这段时间的监督！')
      await Promise.all([supervisors.reload(), items.reload()])
    }
  }

  async function endSupervisor(supervisorId: string, version: number) {
    setDone(null)
    const ok = await staff.submit(() => worksApi.endSupervisor(supervisorId, version, endReason))
    if (ok) {
      setEnding(null)
      setEndReason('')
      setDone('已撤下这位监督员。')
      await Promise.all([supervisors.reload(), items.reload()])
    }
  }

  async function saveContractor() {
    setDone(null)
    const planVersion = items.data?.planVersion
    const partyId = contractor || item!.contractorPartyId
    if (!partyId) return staff.setError('请选择施工单位。')
    if (planVersion == null) return staff.setError('还没有读到改造方案，请稍后再试。')
    const ok = await staff.submit(() => worksApi.setContractor({ itemId, partyId, planVersion }))
    if (ok) {
      setContractor('')
      setDone('已记下这个项目的施工单位：它的工作人员可以答复监督意见了。')
      await items.reload()
    }
  }

  async function answered(message: string) {
    setDone(message)
    await Promise.all([observations.reload(), items.reload()])
  }

  return (
    <Screen>
      <Text className="gj-muted">施工监督</Text>
      <Text className="gj-title">{item.title}</Text>
      <View>
        <ItemStatusTag status={item.status} />
        {item.acceptedAt && <Text className="gj-tag done">已验收</Text>}
      </View>
      <Text className="gj-muted">范围：{item.scopeLabel}</Text>
      {item.contractorName && <Text className="gj-body">施工单位：{item.contractorName}</Text>}
      <OkNote message={done} />
      {role === 'office' && !item.acceptedAt && contractors.length > 0 && (
        <View className="gj-card" role="region" aria-label="施工单位">
          <Choice
            label={item.contractorName ? '施工单位（可以更换）' : '施工单位（指定后它可以答复监督意见）'}
            options={contractors.map((p) => ({ value: p._id, label: p.name }))}
            value={contractor || item.contractorPartyId || ''}
            onChange={setContractor}
          />
          <ErrorNote message={staff.error} />
          <View className="gj-actions">
            <ActionButton loading={staff.busy} disabled={!contractor || contractor === item.contractorPartyId} onClick={() => void saveContractor()}>
              保存施工单位
            </ActionButton>
          </View>
        </View>
      )}

      {item.acceptedAt && (
        <View className="gj-card" role="region" aria-label="验收和保修">
          <Text className="gj-card-title">
            已验收{item.warrantyEndsOn ? `，保修至 ${formatChinaDate(item.warrantyEndsOn)}` : ''}
          </Text>
          <Text className="gj-body">
            项目已于 {formatChinaDate(chinaDate(item.acceptedAt))} 验收。发现问题请用“报事报修”
            {item.warrantyEndsOn ? `：保修期内由${item.contractorName ?? '施工单位'}免费维修。` : '。'}
          </Text>
          {resident && (
            <View className="gj-actions">
              <ActionButton primary onClick={() => void Taro.navigateTo({ url: `/packageWorks/report-new/index?itemId=${encodeURIComponent(item.itemId)}` })}>
                报事报修
              </ActionButton>
            </View>
          )}
        </View>
      )}
      {!item.acceptedAt && refusal && <Text className="gj-body">{refusal}</Text>}

      {canObserve && (
        <View className="gj-card" role="region" aria-label="提交监督意见">
          <Text className="gj-card-title">我看到的情况</Text>
          <Choice
            label="问题类型"
            options={OBSERVATION_KINDS.map((k) => ({ value: k, label: OBSERVATION_KIND_LABELS[k] }))}
            value={kind}
            onChange={setKind}
          />
          <TextField
            id="observation-text"
            label="具体情况"
            multiline
            showCount
            value={text}
            maxLength={OBSERVATION_TEXT_MAX}
            placeholder="例如：3号楼东侧脚手架没有防护网，老人小孩经过很危险"
            onChange={setText}
          />
          <PhotoPicker value={photos} onChange={setPhotos} max={OBSERVATION_PHOTOS_MAX} label="照片（可以不加）" />
          <ErrorNote message={post.error} />
          <View className="gj-actions">
            <ActionButton primary loading={post.busy} onClick={() => void observe()}>
              提交监督意见
            </ActionButton>
          </View>
        </View>
      )}

      <Text className="gj-subtitle">监督员（{sups.length} 人）</Text>
      <ErrorNote message={supervisors.error} />
      {sups.length === 0 && supervisors.data && <Text className="gj-muted">这个项目还没有监督员。</Text>}
      {sups.length > 0 && (
        <View role="list" aria-label="监督员">
          {sups.map((s) => (
            <Text key={s._id} className="gj-body" role="listitem">
              · {s.displayName}（{s.targetLabel}，{formatChinaDate(chinaDate(s.since))}起）{s.mine ? ' — 我' : ''}
            </Text>
          ))}
        </View>
      )}
      {role === 'office' && sups.length > 0 && ending === null && (
        <View className="gj-actions">
          {sups.map((s) => (
            <ActionButton key={s._id} onClick={() => setEnding(s._id)}>
              撤下监督员 {s.displayName}
            </ActionButton>
          ))}
        </View>
      )}
      {role === 'office' &&
        sups
          .filter((s) => s._id === ending)
          .map((s) => (
            <View key={s._id} className="gj-card" role="region" aria-label={`撤下监督员 ${s.displayName}`}>
              <TextField id="end-reason" label={`撤下“${s.displayName}”的原因（例如“已搬走”）`} value={endReason} maxLength={100} onChange={setEndReason} />
              <ErrorNote message={staff.error} />
              <View className="gj-actions">
                <ActionButton primary loading={staff.busy} onClick={() => void endSupervisor(s._id, s.version)}>
                  确认撤下
                </ActionButton>
                <ActionButton onClick={() => setEnding(null)}>取消</ActionButton>
              </View>
            </View>
          ))}
      {resident && !item.acceptedAt && !mineForItem && !volunteering && (
        <View className="gj-actions">
          <ActionButton onClick={() => setVolunteering(true)}>我来当监督员</ActionButton>
        </View>
      )}
      {resident && mineForItem && <Text className="gj-muted">您是这个项目的监督员，谢谢您！</Text>}
      {mySups.length > 0 && !volunteering && (
        <View className="gj-actions">
          {mySups.map((s) => (
            <ActionButton key={s._id} loading={join.busy} onClick={() => void stepDown(s._id, s.version)}>
              不再担任{s.targetLabel}的监督员
            </ActionButton>
          ))}
        </View>
      )}
      {!volunteering && <ErrorNote message={join.error} />}
      {volunteering && (
        <View className="gj-card" role="region" aria-label="我来当监督员">
          <Text className="gj-card-title">我来当监督员</Text>
          <Text className="gj-body">监督员经常看看施工现场，发现问题及时反映。您的称呼会显示给本小区居民看。</Text>
          {building && (
            <Choice
              label="监督什么"
              options={[
                { value: 'item', label: `这个项目：${item.title}` },
                { value: 'building', label: `我家所在的${building.label}的施工` },
              ]}
              value={target}
              onChange={(v) => setTarget(v as 'item' | 'building')}
            />
          )}
          <TextField
            id="display-name"
            label="在居民中显示的称呼"
            value={displayName}
            maxLength={DISPLAY_NAME_MAX}
            placeholder="例如：王阿姨（1号楼）"
            onChange={setDisplayName}
          />
          <ErrorNote message={join.error} />
          <View className="gj-actions">
            <ActionButton primary loading={join.busy} onClick={() => void volunteer()}>
              确认当监督员
            </ActionButton>
            <ActionButton onClick={() => setVolunteering(false)}>取消</ActionButton>
          </View>
        </View>
      )}

      <Text className="gj-subtitle">监督意见（{list.length} 条）</Text>
      <ErrorNote message={observations.error} />
      {observations.data && list.length === 0 && <Text className="gj-muted">还没有人提交监督意见。</Text>}
      {list.map((o) => (
        <ObservationCard key={`${o._id}:${o.version}`} o={o} canAnswer={canAnswer} onAnswered={answered} />
      ))}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import * as z from 'zod/mini'
import { REPORT_CATEGORIES, REPORT_CATEGORY_KEYS, REPORT_PHOTOS_MAX, REPORT_TEXT_MAX, reportFieldsSchema, SPOT_MAX, type ReportFields } from '@/core/reports'
import { chinaDate, formatChinaDate, formatChinaDateTime } from '@/core/time'
import type { ReportSummary } from '@/core/works-view'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { HouseholdChoice } from '@/components/HouseholdChoice'
import { ErrorNote } from '@/components/Notes'
import { PhotoPicker } from '@/components/PhotoPicker'
import { categoryName, ReportStatusTag } from '@/components/ReportParts'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useMyHousehold } from '@/hooks/useMyHousehold'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { newRequestId } from '@/packageVote/ballot/answers'
import { ApiError, messageOf } from '@/services/api'
import { householdsApi } from '@/services/households'
import { reportsApi } from '@/services/reports'
import { worksApi } from '@/services/works'
import { placeOf, type WhereChoice } from './place'

/** The Choice value for "not about a renovation item". */
const NO_ITEM = 'none'
const STEPS = ['报什么问题', '问题在哪里', '说一说情况，拍张照片'] as const

const detailUrl = (id: string, extra = '') => `/packageWorks/report-detail/index?id=${encodeURIComponent(id)}${extra}`

/**
 * 报事报修 (?itemId= optional), step by step for old residents: 1 what (an accepted renovation item,
 * or none, and the kind of problem), 2 where (my unit, my building, or another building; the exact
 * spot), 3 describe it with up to 9 photos. Before it is filed, open reports like it are offered as
 * "我也遇到了（+1）" instead of a duplicate. A retry after a network failure carries the same request
 * id, so the report is never filed twice.
 */
export default function ReportNew() {
  const { me } = useSession()
  const askedItem = useRouter().params.itemId ?? ''
  const { households, householdId, choose } = useMyHousehold()
  const works = useRemote(() => worksApi.items())
  const home = useRemote(async () => (householdId ? householdsApi.get(householdId) : null), [householdId])
  const accepted = (works.data?.items ?? []).filter((i) => i.acceptedAt)

  const [step, setStep] = useState(0)
  const [itemId, setItemId] = useState(askedItem || NO_ITEM)
  const [category, setCategory] = useState('')
  const [where, setWhere] = useState<WhereChoice | ''>('')
  const [building, setBuilding] = useState('')
  const [unit, setUnit] = useState('')
  const [spot, setSpot] = useState('')
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [similar, setSimilar] = useState<ReportSummary[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  /** The refused item (ITEM_NOT_ACCEPTED): offer its works page instead. */
  const [notAccepted, setNotAccepted] = useState<string | null>(null)
  /** The request id of a submission whose outcome is unknown, with what it carried. */
  const pending = useRef<{ key: string; requestId: string } | null>(null)

  const flat = home.data
  const homeFlat = flat ? { communityId: flat.communityId, buildingId: flat.buildingId, unitId: flat.unitId, buildingNumber: flat.buildingNumber, unitNumber: flat.unitNumber } : null
  // Until the resident picks, the place defaults to their own stairwell unit (once known).
  const whereNow: WhereChoice = where || (homeFlat ? 'unit' : 'other')
  const chosenItem = accepted.find((i) => i.itemId === itemId)
  // An item asked for in the link that is not accepted (yet) is not offered: its problems are observations.
  const askedNotAccepted = !!askedItem && works.data && !works.data.items.some((i) => i.itemId === askedItem && i.acceptedAt)

  if (me && households.length === 0) {
    return (
      <Screen>
        <Text className="gj-title">报事报修</Text>
        <Text className="gj-body">绑定您的房屋后才能报修。</Text>
        <View className="gj-actions">
          <ActionButton primary onClick={() => void Taro.navigateTo({ url: '/pages/bind/index' })}>
            绑定我的房屋
          </ActionButton>
        </View>
      </Screen>
    )
  }

  function fields(): ReportFields | string {
    if (!householdId) return '还没有读到您的房屋，请稍后再试。'
    const place = placeOf(whereNow, homeFlat, { building, unit, communityId: me?.community?._id ?? null, buildingCount: me?.community?.buildingCount ?? null })
    if (typeof place === 'string') return place
    const parsed = z.safeParse(reportFieldsSchema, {
      householdId,
      itemId: chosenItem ? chosenItem.itemId : null,
      category,
      buildingId: place.buildingId,
      unitId: place.unitId,
      spot,
      text,
      photos,
    })
    return parsed.success ? parsed.data : (parsed.error.issues[0]?.message ?? '填写的内容有误')
  }

  function next() {
    setError(null)
    if (step === 0 && !category) return setError('请选择问题类别。')
    if (step === 1) {
      const place = placeOf(whereNow, homeFlat, { building, unit, communityId: me?.community?._id ?? null, buildingCount: me?.community?.buildingCount ?? null })
      if (typeof place === 'string') return setError(place)
      if (!spot.trim()) return setError('请写明具体位置，例如“3单元门口东侧”。')
    }
    setStep(step + 1)
  }

  function back() {
    setError(null)
    setSimilar(null)
    setStep(step - 1)
  }

  /** Looks for open reports like this one first; files it when there are none. */
  async function check() {
    setError(null)
    setNotAccepted(null)
    const f = fields()
    if (typeof f === 'string') return setError(f)
    setBusy(true)
    try {
      const found = await reportsApi.similar({ itemId: f.itemId, category: f.category, buildingId: f.buildingId, unitId: f.unitId })
      if (found.items.length > 0) setSimilar(found.items)
      else await create(f)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  async function create(f: ReportFields) {
    const key = JSON.stringify(f)
    // The same report as a submission whose outcome is unknown: send it again under the same request id.
    if (!pending.current || pending.current.key !== key) pending.current = { key, requestId: newRequestId() }
    try {
      const view = await reportsApi.create({ ...f, requestId: pending.current.requestId })
      pending.current = null
      await Taro.redirectTo({ url: detailUrl(view._id, '&created=1') })
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INTERNAL') {
        setError(`${messageOf(e)}再点一次“提交报修”会重新发送同一份报修，不会重复提交。`)
        return
      }
      pending.current = null
      if (e instanceof ApiError && e.code === 'ITEM_NOT_ACCEPTED') setNotAccepted(f.itemId)
      setError(messageOf(e))
    }
  }

  async function submitAnyway() {
    const f = fields()
    if (typeof f === 'string') return setError(f)
    setBusy(true)
    setError(null)
    try {
      await create(f)
    } finally {
      setBusy(false)
    }
  }

  async function meToo(r: ReportSummary) {
    setBusy(true)
    setError(null)
    try {
      await reportsApi.meToo(r._id)
      await Taro.redirectTo({ url: detailUrl(r._id, '&joined=1') })
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  const itemOptions = [
    ...accepted.map((i) => ({ value: i.itemId, label: `${i.title}（${i.scopeLabel}${i.warrantyEndsOn ? `，保修至 ${formatChinaDate(i.warrantyEndsOn)}` : ''}）` })),
    { value: NO_ITEM, label: '不是改造项目的问题，或者不清楚' },
  ]
  const homeLabel = homeFlat ? `${homeFlat.buildingNumber}号楼${homeFlat.unitNumber}单元` : ''
  const whereOptions = [
    ...(homeFlat
      ? [
          { value: 'unit', label: `我家所在的${homeLabel}（楼道里、单元门口）` },
          { value: 'building', label: `我家所在的${homeFlat.buildingNumber}号楼（楼外、楼顶、外墙）` },
        ]
      : []),
    { value: 'other', label: '别的楼栋，或小区里其他地方' },
  ]

  return (
    <Screen>
      <Text className="gj-title">报事报修</Text>
      <Text className="gj-stepper">
        第 {step + 1} 步（共 3 步）：{STEPS[step]}
      </Text>

      {step === 0 && (
        <View role="region" aria-label={STEPS[0]}>
          {askedNotAccepted && <Text className="gj-body">您点的这个项目还没有验收，施工期间发现的问题请到“施工监督”里反映；其他问题可以在这里报修。</Text>}
          {accepted.length > 0 && <Choice label="是哪个改造项目的问题？" options={itemOptions} value={chosenItem ? itemId : NO_ITEM} onChange={setItemId} />}
          {chosenItem?.warrantyEndsOn &&
            (chinaDate(new Date()) <= chosenItem.warrantyEndsOn ? (
              <Text className="gj-muted">
                这个项目在保修期内（至 {formatChinaDate(chosenItem.warrantyEndsOn)}），由施工单位{chosenItem.contractorName ? `“${chosenItem.contractorName}”` : ''}免费维修。
              </Text>
            ) : (
              <Text className="gj-muted">这个项目已过保修期（{formatChinaDate(chosenItem.warrantyEndsOn)}到期），社区会安排负责的单位维修。</Text>
            ))}
          <Choice
            label="问题类别"
            options={REPORT_CATEGORY_KEYS.map((c) => ({ value: c, label: REPORT_CATEGORIES[c].label }))}
            value={category}
            onChange={setCategory}
          />
          {category === 'gas' && <Text className="gj-error">闻到燃气味请先关掉燃气阀门、打开窗户，不要开关电器，并马上拨打燃气公司抢修电话。</Text>}
        </View>
      )}

      {step === 1 && (
        <View role="region" aria-label={STEPS[1]}>
          <HouseholdChoice households={households} value={householdId} onChange={choose} label="以哪一户的名义报修" />
          <ErrorNote message={home.error} />
          <Choice label="问题在哪里" options={whereOptions} value={whereNow} onChange={(v) => setWhere(v as WhereChoice)} />
          {whereNow === 'other' && (
            <View>
              <TextField id="report-building" label="楼号（在哪栋楼，或离哪栋楼最近）" value={building} maxLength={6} placeholder="例如：3" onChange={setBuilding} />
              <TextField id="report-unit" label="单元（不在单元里可以不填）" value={unit} maxLength={4} placeholder="例如：2" onChange={setUnit} />
            </View>
          )}
          <TextField id="report-spot" label="具体位置" value={spot} maxLength={SPOT_MAX} placeholder="例如：3单元门口东侧的落水管" onChange={setSpot} />
        </View>
      )}

      {step === 2 && !similar && (
        <View role="region" aria-label={STEPS[2]}>
          <TextField
            id="report-text"
            label="是什么问题"
            multiline
            showCount
            value={text}
            maxLength={REPORT_TEXT_MAX}
            placeholder="例如：落水管接口漏水，下雨时水顺着墙流进一楼"
            onChange={setText}
          />
          <PhotoPicker value={photos} onChange={setPhotos} max={REPORT_PHOTOS_MAX} label="照片（可以不加，最好拍一张）" />
        </View>
      )}

      {similar && (
        <View role="region" aria-label="已经有人报了类似的问题">
          <Text className="gj-subtitle">已经有人报了类似的问题</Text>
          <Text className="gj-body">如果是同一个问题，点“我也遇到了（+1）”就行，不用再报一次；维修进度会显示在“我的报修”里。</Text>
          {similar.map((r) => (
            <View key={r._id} className="gj-card" role="group" aria-label={`${categoryName(r.category)}，${r.whereLabel}`}>
              <View>
                <ReportStatusTag status={r.status} />
              </View>
              <Text className="gj-card-title">{r.itemTitle ? `${r.itemTitle}（${categoryName(r.category)}）` : categoryName(r.category)}</Text>
              <Text className="gj-body">
                {r.whereLabel} · {r.spot}
              </Text>
              <Text className="gj-body">{r.text}</Text>
              <Text className="gj-muted">
                {formatChinaDateTime(r.createdAt)}提交{r.meTooCount > 0 ? ` · 已有 ${r.meTooCount} 位居民也遇到了` : ''}
              </Text>
              {r.mine || r.joined ? (
                <View>
                  {/* Already mine: "+1" would only be refused; offer its progress instead. */}
                  <Text className="gj-body">{r.mine ? '这是您自己报的，不用再报。' : '您已经点过“我也遇到了”。'}</Text>
                  <View className="gj-actions">
                    <ActionButton primary onClick={() => void Taro.navigateTo({ url: detailUrl(r._id) })}>
                      查看进度
                    </ActionButton>
                  </View>
                </View>
              ) : (
                <View className="gj-actions">
                  <ActionButton primary loading={busy} onClick={() => void meToo(r)}>
                    我也遇到了（+1）
                  </ActionButton>
                </View>
              )}
            </View>
          ))}
          <ErrorNote message={error} />
          <View className="gj-actions">
            <ActionButton loading={busy} onClick={() => void submitAnyway()}>
              不是同一个问题，继续提交
            </ActionButton>
            <ActionButton onClick={() => setSimilar(null)}>返回修改</ActionButton>
          </View>
        </View>
      )}

      {!similar && <ErrorNote message={error} />}
      {notAccepted && (
        <View className="gj-actions">
          <ActionButton onClick={() => void Taro.navigateTo({ url: `/packageWorks/works-item/index?itemId=${encodeURIComponent(notAccepted)}` })}>去施工监督里反映</ActionButton>
        </View>
      )}
      <ErrorNote message={works.error} />

      {!similar && (
        <View className="gj-actions">
          {step < 2 ? (
            <ActionButton primary onClick={next}>
              下一步
            </ActionButton>
          ) : (
            <ActionButton primary loading={busy} onClick={() => void check()}>
              提交报修
            </ActionButton>
          )}
          {step > 0 && <ActionButton onClick={back}>上一步</ActionButton>}
        </View>
      )}
      {step === 2 && !similar && <Text className="gj-muted">社区能看到是哪一户报的修；维修单位和其他居民只看到楼栋和单元。</Text>}
    </Screen>
  )
}

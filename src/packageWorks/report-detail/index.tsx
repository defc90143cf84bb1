import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { PARTY_KIND_LABELS, type Party, type PartyKind } from '@/core/parties'
import { RATING_COMMENT_MAX, REPORT_STATUS_LABELS, REPORT_STEP_LABELS, STEP_NOTE_MAX, type ReportEvent, type ReportStep } from '@/core/reports'
import { formatChinaDateTime } from '@/core/time'
import type { ReportView } from '@/core/works-view'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { PhotoGrid } from '@/components/PhotoGrid'
import { categoryName, dueLabel, OverdueTag, ReportStatusTag, starsLabel } from '@/components/ReportParts'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { reportsApi } from '@/services/reports'
import { worksApi } from '@/services/works'

const go = (url: string) => () => void Taro.redirectTo({ url })

const EVENT_LABELS: Record<ReportEvent['what'], string> = { submit: '提交报修', meToo: '其他居民：我也遇到了', ...REPORT_STEP_LABELS }

/** Parties a report may be assigned to: those who repair (supervisors, designers, surveyors do not). */
const REPAIRERS: readonly PartyKind[] = ['contractor', 'utility', 'property']

/** The Choice value for "the community office fixes it itself" (partyId null). */
const OFFICE = 'office'

/** What the office or the party is told after a step. */
const STEP_DONE: Record<ReportStep, string> = {
  accept: '已受理，请派单。',
  assign: '已派单。',
  start: '已开始维修。',
  resolve: '已标记为修好，等报修的居民确认。',
  confirm: '已确认修好。',
  reopen: '已退回。',
}

const STAR_OPTIONS = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} 星` }))

/** The reporter, once it is marked fixed: confirm with 1–5 stars and a comment, or say it is not fixed and why. */
function ReporterBox({ view, onDone }: { view: ReportView; onDone: (message: string) => Promise<void> }) {
  const [stars, setStars] = useState('')
  const [comment, setComment] = useState('')
  const [reopening, setReopening] = useState(false)
  const [why, setWhy] = useState('')
  const { busy, error, setError, submit } = useSubmit()

  async function confirm() {
    if (!stars) return setError('请给这次维修打分：选 1 到 5 星（5 星最好）。')
    const ok = await submit(() => reportsApi.step(view._id, view.version, 'confirm', { rating: { stars: Number(stars), comment: comment.trim() } }))
    if (ok) await onDone('谢谢您的评价！这张报修单已办结。')
  }

  async function reopen() {
    if (!why.trim()) return setError('请写一写哪里没修好，维修单位会重新来修。')
    const ok = await submit(() => reportsApi.step(view._id, view.version, 'reopen', { note: why.trim() }))
    if (ok) await onDone('已退回：社区和维修单位会重新安排维修。')
  }

  return (
    <View className="gj-card" role="region" aria-label="修好了吗">
      <Text className="gj-card-title">修好了吗？</Text>
      <Text className="gj-body">维修单位说已经修好了。请您看一看，修好了就确认并打分；没修好就退回。</Text>
      {!reopening && (
        <View>
          <Choice label="给这次维修打分（5 星最好）" options={STAR_OPTIONS} value={stars} onChange={setStars} />
          <TextField id="rating-comment" label="说几句（可以不填）" value={comment} maxLength={RATING_COMMENT_MAX} placeholder="例如：师傅来得很快，修得很好" onChange={setComment} />
        </View>
      )}
      {reopening && (
        <TextField id="reopen-why" label="哪里没修好" multiline value={why} maxLength={STEP_NOTE_MAX} placeholder="例如：下雨时接口还在漏水" onChange={setWhy} />
      )}
      <ErrorNote message={error} />
      <View className="gj-actions">
        {!reopening ? (
          <>
            <ActionButton primary loading={busy} onClick={() => void confirm()}>
              确认修好
            </ActionButton>
            <ActionButton onClick={() => setReopening(true)}>没修好</ActionButton>
          </>
        ) : (
          <>
            <ActionButton primary loading={busy} onClick={() => void reopen()}>
              退回，没修好
            </ActionButton>
            <ActionButton onClick={() => setReopening(false)}>修好了，去打分</ActionButton>
          </>
        )}
      </View>
    </View>
  )
}

/** The office and the assigned party: the steps they may take now (view.canDo). */
function StaffBox({ view, parties, onDone }: { view: ReportView; parties: { items: Party[] | null; error: string | null }; onDone: (message: string) => Promise<void> }) {
  const canAssign = view.canDo.includes('assign')
  const current = view.assignee?.partyId ?? view.routed.partyId
  const [partyId, setPartyId] = useState<string>(current ?? OFFICE)
  const [note, setNote] = useState('')
  const { busy, error, setError, submit } = useSubmit()
  const steps = view.canDo.filter((s) => s !== 'confirm' && s !== 'reopen')
  if (steps.length === 0) return null

  async function take(step: ReportStep) {
    if (step === 'resolve' && !note.trim()) return setError('请写一写修了什么（例如“更换了3单元东侧落水管接头”），居民会看到。')
    const extra = step === 'assign' ? { partyId: partyId === OFFICE ? null : partyId, note: note.trim() } : { note: note.trim() }
    const ok = await submit(() => reportsApi.step(view._id, view.version, step, extra))
    if (ok) {
      setNote('')
      const to = step === 'assign' ? (partyId === OFFICE ? '社区自办' : (parties.items?.find((p) => p._id === partyId)?.name ?? '所选单位')) : ''
      await onDone(step === 'assign' ? `已派单给${to}。` : STEP_DONE[step])
    }
  }

  const partyOptions = [
    ...(parties.items ?? []).filter((p) => REPAIRERS.includes(p.kind)).map((p) => ({ value: p._id, label: `${p.name}（${PARTY_KIND_LABELS[p.kind]}${p._id === view.routed.partyId ? '，按规则应由它维修' : ''}）` })),
    { value: OFFICE, label: `社区自办${view.routed.partyId === null ? '（按规则由社区安排）' : ''}` },
  ]

  return (
    <View className="gj-card" role="region" aria-label="办理">
      <Text className="gj-card-title">办理</Text>
      {canAssign && (
        <View>
          <ErrorNote message={parties.error} />
          <Choice label={view.assignee ? '派给谁（可以改派）' : '派给谁'} options={partyOptions} value={partyId} onChange={setPartyId} />
        </View>
      )}
      <TextField
        id="step-note"
        label={steps.includes('resolve') ? '维修说明（修了什么；标记已修好时必填）' : '备注（可以不填）'}
        multiline
        value={note}
        maxLength={STEP_NOTE_MAX}
        placeholder={steps.includes('resolve') ? '例如：更换了3单元东侧落水管接头' : ''}
        onChange={setNote}
      />
      <ErrorNote message={error} />
      <View className="gj-actions">
        {steps.map((s, i) => (
          <ActionButton key={s} primary={i === 0} loading={busy} onClick={() => void take(s)}>
            {REPORT_STEP_LABELS[s]}
          </ActionButton>
        ))}
      </View>
    </View>
  )
}

/**
 * 报修详情 (?id=): everything about one report: what, where, photos, who it is routed or assigned to
 * and why, the due time, the history. The reporter confirms and rates the fix (or reopens it); the
 * office and the assigned party take the next steps of the status machine.
 */
export default function ReportDetail() {
  const { me } = useSession()
  const role = me?.user.role
  const params = useRouter().params
  const id = params.id ?? ''
  const remote = useRemote(() => reportsApi.get(id), [id])
  // The parties to assign to (loaded here: a page's data loads when the page shows or its deps change).
  const canAssign = !!remote.data?.canDo.includes('assign')
  const parties = useRemote(async () => (canAssign ? worksApi.parties() : null), [canAssign])
  const [done, setDone] = useState<string | null>(
    params.created ? '报修已提交。社区受理后会派给负责维修的单位，进度会显示在这里和“我的报修”里。' : params.joined ? '已记下：您也遇到了这个问题。维修进度会显示在“我的报修”里。' : null,
  )
  const view = remote.data
  if (!view) {
    return (
      <Screen>
        <Text className="gj-title">报修详情</Text>
        <ErrorNote message={remote.error} />
        {remote.loading && !remote.error && <Text className="gj-muted">正在加载…</Text>}
      </Screen>
    )
  }

  async function stepped(message: string) {
    setDone(message)
    await remote.reload()
  }

  const a = view.assignee
  const reassigned = !!a && a.partyId !== view.routed.partyId
  const reporterCan = view.canDo.includes('confirm') || view.canDo.includes('reopen')
  const what = view.itemTitle ? `${view.itemTitle}（${categoryName(view.category)}）` : categoryName(view.category)

  return (
    <Screen>
      <Text className="gj-muted">报修详情</Text>
      <Text className="gj-title">{what}</Text>
      <View>
        <ReportStatusTag status={view.status} />
        <OverdueTag overdue={view.overdue} />
      </View>
      <OkNote message={done} />
      <ErrorNote message={remote.error} />

      <View className="gj-card" role="region" aria-label="报修内容">
        <Text className="gj-card-title">
          {view.whereLabel} · {view.spot}
        </Text>
        <Text className="gj-body">{view.text}</Text>
        <PhotoGrid fileIDs={view.photos} />
        <Text className="gj-muted">
          {view.reporterLabel} · {formatChinaDateTime(view.createdAt)}提交
        </Text>
        {view.meTooCount > 0 && <Text className="gj-body">另有 {view.meTooCount} 位居民也遇到了这个问题。</Text>}
      </View>

      <View className={view.overdue ? 'gj-card overdue' : 'gj-card'} role="region" aria-label="谁来修">
        {a ? (
          <View>
            <Text className="gj-card-title">维修单位：{a.name}</Text>
            <Text className="gj-body">{a.reason}</Text>
            {reassigned && (
              <Text className="gj-muted">
                社区改派了：按规则原本应由{view.routed.name}维修（{view.routed.reason}）
              </Text>
            )}
          </View>
        ) : (
          <View>
            <Text className="gj-card-title">按规则应由{view.routed.name}维修</Text>
            <Text className="gj-body">{view.routed.reason}</Text>
            <Text className="gj-muted">社区受理后派单。</Text>
          </View>
        )}
        {dueLabel(view) && <Text className={view.overdue ? 'gj-body gj-highlight' : 'gj-body'}>{dueLabel(view)}</Text>}
      </View>

      {view.rating && (
        <View className="gj-card" role="region" aria-label="居民评价">
          <Text className="gj-card-title">居民评价</Text>
          <Text className="gj-stars">{starsLabel(view.rating.stars)}</Text>
          {view.rating.comment && <Text className="gj-body">{view.rating.comment}</Text>}
        </View>
      )}

      {reporterCan && <ReporterBox key={view.version} view={view} onDone={stepped} />}
      <StaffBox key={`staff-${view.version}`} view={view} parties={{ items: parties.data?.items ?? null, error: parties.error }} onDone={stepped} />

      <Text className="gj-subtitle">办理经过</Text>
      <View className="gj-steps" role="list" aria-label="办理经过">
        {view.history.map((e, i) => (
          <View key={i} className={i === view.history.length - 1 ? 'gj-step current' : 'gj-step done'} role="listitem">
            <Text className="gj-card-title">
              {EVENT_LABELS[e.what]}
              {e.what === 'meToo' ? '' : ` → ${REPORT_STATUS_LABELS[e.to]}`}
            </Text>
            <Text className="gj-muted">
              {formatChinaDateTime(e.at)} · {e.byLabel}
            </Text>
            {e.assignee && (
              <Text className="gj-body">
                派给：{e.assignee.name}（{e.assignee.reason}）
              </Text>
            )}
            {e.note && <Text className="gj-body">{e.note}</Text>}
          </View>
        ))}
      </View>
      <View className="gj-actions">
        {role === 'resident' && <ActionButton onClick={go('/packageWorks/my-reports/index')}>我的报修</ActionButton>}
        {(role === 'office' || role === 'party') && <ActionButton onClick={go('/packageOffice/report-queue/index')}>{role === 'party' ? '我的工单' : '报修工单'}</ActionButton>}
        {role === 'district' && <ActionButton onClick={go('/packageOffice/district-reports/index')}>报修概况</ActionButton>}
      </View>
    </Screen>
  )
}

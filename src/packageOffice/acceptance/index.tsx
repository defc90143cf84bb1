import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import * as z from 'zod/mini'
import {
  ACCEPTANCE_OUTCOME_LABELS,
  ACCEPTANCE_OUTCOMES,
  acceptanceFieldsSchema,
  CHECK_RESULT_LABELS,
  CHECK_RESULTS,
  CHECK_TEXT_MAX,
  DEFECT_TEXT_MAX,
  NOTE_MAX,
  passes,
  SIGNER_NAME_MAX,
  SIGNER_ROLE_LABELS,
  SIGNER_ROLES,
  type Acceptance,
  type AcceptanceOutcome,
  type CheckResult,
  type SignerRole,
} from '@/core/acceptance'
import type { Party } from '@/core/parties'
import { formatChinaDate, formatChinaDateTime } from '@/core/time'
import type { AcceptanceView } from '@/core/works-view'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ItemStatusTag } from '@/components/ItemStatusTag'
import { ErrorNote, OkNote } from '@/components/Notes'
import { PhotoGrid } from '@/components/PhotoGrid'
import { PhotoPicker } from '@/components/PhotoPicker'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { worksApi } from '@/services/works'

interface Line {
  key: number
  text: string
  result: CheckResult | ''
  note: string
}
interface Sig {
  key: number
  role: SignerRole
  name: string
  /** '' until chosen; always '' for owners' representatives. */
  partyId: string
}
interface Form {
  checklist: Line[]
  signatures: Sig[]
  outcome: AcceptanceOutcome | ''
  defects: { key: number; text: string }[]
  fixesDueOn: string
  warrantyEndsOn: string
  /** '' = the party the contractor's signatory signed for. */
  contractorPartyId: string
  photos: string[]
}

let keys = 0
const nextKey = () => ++keys

function initialForm(view: AcceptanceView): Form {
  return {
    checklist: view.defaults.checklist.map((text) => ({ key: nextKey(), text, result: '', note: '' })),
    signatures: SIGNER_ROLES.map((role) => ({ key: nextKey(), role, name: '', partyId: '' })),
    outcome: '',
    defects: [],
    fixesDueOn: '',
    warrantyEndsOn: view.defaults.warrantyEndsOn,
    contractorPartyId: '',
    photos: [],
  }
}

/** The parties a signer of this role may sign for (the contractor signs for a contractor, …). */
const partiesFor = (role: SignerRole, parties: readonly Party[]) => parties.filter((p) => p.kind === role)

/** One earlier attempt: outcome, who signed, the checklist in short, defects (fixes can be marked done). */
function Attempt({ a, parties, onFix }: { a: Acceptance; parties: readonly Party[]; onFix: (defect: number) => Promise<void> }) {
  const name = (id: string | null) => (id ? (parties.find((p) => p._id === id)?.name ?? '') : '')
  const count = (r: CheckResult) => a.checklist.filter((c) => c.result === r).length
  return (
    <View className="gj-card" role="region" aria-label={`第${a.attempt}次验收`}>
      <Text className="gj-card-title">
        第{a.attempt}次验收：{ACCEPTANCE_OUTCOME_LABELS[a.outcome]}
      </Text>
      <Text className="gj-muted">{formatChinaDateTime(a.decidedAt)}</Text>
      <Text className="gj-body">
        检查 {a.checklist.length} 项：符合 {count('ok')} 项，有问题 {count('defect')} 项，不适用 {count('na')} 项
      </Text>
      {a.checklist
        .filter((c) => c.result === 'defect')
        .map((c, i) => (
          <Text key={i} className="gj-body">
            · 有问题：{c.text}
            {c.note ? `（${c.note}）` : ''}
          </Text>
        ))}
      <Text className="gj-body">
        签字：{a.signatures.map((s) => `${SIGNER_ROLE_LABELS[s.role]} ${s.name}${s.partyId ? `（${name(s.partyId)}）` : ''}`).join('、')}
      </Text>
      {a.defects.length > 0 && (
        <View role="list" aria-label={`第${a.attempt}次验收的问题清单`}>
          <Text className="gj-label">问题清单{a.fixesDueOn ? `（整改期限 ${formatChinaDate(a.fixesDueOn)}）` : ''}</Text>
          {a.defects.map((d, i) => (
            <View key={i} role="listitem">
              <Text className="gj-body">
                {i + 1}. {d.text}
                {a.outcome === 'passedWithFixes' ? (a.fixedAt[i] ? `（已于 ${formatChinaDateTime(a.fixedAt[i]!)} 整改）` : '（待整改）') : ''}
              </Text>
              {a.outcome === 'passedWithFixes' && !a.fixedAt[i] && <ActionButton onClick={() => void onFix(i)}>第{i + 1}条已整改</ActionButton>}
            </View>
          ))}
        </View>
      )}
      {a.warrantyEndsOn && <Text className="gj-body">保修期至 {formatChinaDate(a.warrantyEndsOn)}</Text>}
      {a.contractorPartyId && <Text className="gj-body">施工单位：{name(a.contractorPartyId)}</Text>}
      <PhotoGrid fileIDs={a.photos} />
      {a.surveyBallotId && (
        <View className="gj-actions">
          <ActionButton onClick={() => void Taro.navigateTo({ url: `/packageOffice/ballot-office/index?id=${encodeURIComponent(a.surveyBallotId!)}` })}>
            查看居民满意度调查
          </ActionButton>
        </View>
      )}
    </View>
  )
}

/**
 * 验收 (?itemId=, office): the acceptance record of one finished item, as signed on paper: the
 * checklist (each line 符合 / 有问题 / 不适用 with a note; lines can be added and removed), a signature
 * for every party (owners' representatives — one or more —, contractor, supervising engineer,
 * designer, surveyor), the outcome with the defects and the fixes' due date, the warranty and the
 * contractor who answers for it, photos of the signed paper. Earlier attempts are listed above.
 */
export default function AcceptancePage() {
  useSession()
  const itemId = useRouter().params.itemId ?? ''
  const remote = useRemote(() => worksApi.acceptance(itemId), [itemId])
  const [form, setForm] = useState<Form | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const { busy, error, setError, submit } = useSubmit()
  const fix = useSubmit()
  const filledFor = useRef<string | null>(null)

  const view = remote.data
  useEffect(() => {
    if (!view || filledFor.current === `${view.itemId}:${view.attempts.length}`) return
    filledFor.current = `${view.itemId}:${view.attempts.length}`
    setForm(initialForm(view))
  }, [view])

  if (!view) {
    return (
      <Screen>
        <Text className="gj-title">验收</Text>
        <ErrorNote message={remote.error} />
        {remote.loading && !remote.error && <Text className="gj-muted">正在加载…</Text>}
      </Screen>
    )
  }

  const parties = view.parties
  const update = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f))
  const setLine = (key: number, patch: Partial<Line>) => form && update({ checklist: form.checklist.map((l) => (l.key === key ? { ...l, ...patch } : l)) })
  const setSig = (key: number, patch: Partial<Sig>) => form && update({ signatures: form.signatures.map((s) => (s.key === key ? { ...s, ...patch } : s)) })
  const contractorSig = form?.signatures.find((s) => s.role === 'contractor')
  const contractors = partiesFor('contractor', parties)

  async function record() {
    if (!form) return
    setDone(null)
    const outcome = form.outcome
    const fields = {
      itemId,
      checklist: form.checklist.map((l) => ({ text: l.text, result: l.result, note: l.note })),
      signatures: form.signatures.map((s) => ({ role: s.role, name: s.name, partyId: s.role === 'ownersRep' ? null : s.partyId || null })),
      outcome,
      defects: outcome === 'passed' ? [] : form.defects.filter((d) => d.text.trim()).map((d) => ({ text: d.text })),
      fixesDueOn: outcome === 'passedWithFixes' ? form.fixesDueOn.trim() || null : null,
      warrantyEndsOn: outcome && passes(outcome) ? form.warrantyEndsOn.trim() || null : null,
      contractorPartyId: form.contractorPartyId || contractorSig?.partyId || null,
      photos: form.photos,
    }
    const parsed = z.safeParse(acceptanceFieldsSchema, fields)
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '填写的内容有误')
    const out: { a?: Acceptance } = {}
    const ok = await submit(async () => {
      out.a = await worksApi.recordAcceptance({ ...parsed.data, planVersion: view!.planVersion })
    })
    if (ok && out.a) {
      const a = out.a
      setDone(
        `已记录第${a.attempt}次验收：${ACCEPTANCE_OUTCOME_LABELS[a.outcome]}。${a.surveyBallotId ? '已向项目范围内的住户发出满意度调查。' : ''}${a.outcome === 'failed' ? '整改后可以再次验收。' : ''}`,
      )
      await remote.reload()
    }
  }

  async function fixDefect(a: Acceptance, defect: number) {
    setDone(null)
    const ok = await fix.submit(() => worksApi.fixDefect(a._id, defect, a.version))
    if (ok) {
      setDone(`已记下第${a.attempt}次验收的第${defect + 1}条问题已整改。`)
      await remote.reload()
    }
  }

  return (
    <Screen>
      <Text className="gj-muted">验收</Text>
      <Text className="gj-title">{view.itemTitle}</Text>
      <View>
        <ItemStatusTag status={view.status} />
      </View>
      <OkNote message={done} />
      <ErrorNote message={fix.error} />

      {view.attempts.length > 0 && (
        <View>
          <Text className="gj-subtitle">验收记录（{view.attempts.length} 次）</Text>
          {view.attempts.map((a) => (
            <Attempt key={a._id} a={a} parties={parties} onFix={(i) => fixDefect(a, i)} />
          ))}
        </View>
      )}

      {!view.canRecord && <Text className="gj-body">{view.refusal ?? '现在不能记录新的验收。'}</Text>}

      {view.canRecord && form && (
        <View role="region" aria-label="验收记录表">
          <Text className="gj-subtitle">{view.attempts.length ? `第${view.attempts.length + 1}次验收` : '验收记录表'}</Text>
          <Text className="gj-muted">按现场验收时签字的纸质记录填写，并拍下签字页的照片。</Text>

          <Text className="gj-subtitle">检查项（{form.checklist.length}）</Text>
          {form.checklist.map((l, i) => (
            <View key={l.key} className="gj-card" role="group" aria-label={`检查项${i + 1}`}>
              <TextField id={`check-${l.key}`} label="检查内容" value={l.text} maxLength={CHECK_TEXT_MAX} onChange={(text) => setLine(l.key, { text })} />
              <Choice
                label="结果"
                options={CHECK_RESULTS.map((r) => ({ value: r, label: CHECK_RESULT_LABELS[r] }))}
                value={l.result}
                onChange={(r) => setLine(l.key, { result: r as CheckResult })}
              />
              <TextField id={`check-note-${l.key}`} label="备注（可以不填）" value={l.note} maxLength={NOTE_MAX} onChange={(note) => setLine(l.key, { note })} />
              <ActionButton onClick={() => update({ checklist: form.checklist.filter((x) => x.key !== l.key) })}>删除检查项{i + 1}</ActionButton>
            </View>
          ))}
          <View className="gj-actions">
            <ActionButton onClick={() => update({ checklist: [...form.checklist, { key: nextKey(), text: '', result: '', note: '' }] })}>添加检查项</ActionButton>
          </View>

          <Text className="gj-subtitle">签字</Text>
          {form.signatures.map((s, at) => {
            const ownersBefore = form.signatures.slice(0, at).filter((x) => x.role === 'ownersRep').length
            const label = s.role === 'ownersRep' ? `业主代表${ownersBefore + 1}` : SIGNER_ROLE_LABELS[s.role]
            const options = partiesFor(s.role, parties)
            return (
              <View key={s.key} className="gj-card" role="group" aria-label={`${label}签字`}>
                <Text className="gj-card-title">{label}</Text>
                <TextField id={`signer-${s.key}`} label="签字人姓名" value={s.name} maxLength={SIGNER_NAME_MAX} onChange={(name) => setSig(s.key, { name })} />
                {s.role !== 'ownersRep' &&
                  (options.length > 0 ? (
                    <Choice label="所属单位" options={options.map((p) => ({ value: p._id, label: p.name }))} value={s.partyId} onChange={(partyId) => setSig(s.key, { partyId })} />
                  ) : (
                    <Text className="gj-error">还没有记录{SIGNER_ROLE_LABELS[s.role]}，请先在“参建单位”里添加。</Text>
                  ))}
                {s.role === 'ownersRep' && ownersBefore > 0 && (
                  <ActionButton onClick={() => update({ signatures: form.signatures.filter((x) => x.key !== s.key) })}>删除{label}</ActionButton>
                )}
              </View>
            )
          })}
          <View className="gj-actions">
            <ActionButton
              onClick={() => {
                // A new owners' representative goes after the last one.
                const last = form.signatures.map((s) => s.role).lastIndexOf('ownersRep')
                const next = [...form.signatures]
                next.splice(last + 1, 0, { key: nextKey(), role: 'ownersRep', name: '', partyId: '' })
                update({ signatures: next })
              }}
            >
              再加一位业主代表
            </ActionButton>
            {parties.length === 0 && <ActionButton onClick={() => void Taro.navigateTo({ url: '/packageOffice/parties/index' })}>添加参建单位</ActionButton>}
          </View>

          <Text className="gj-subtitle">验收结论</Text>
          <Choice
            label="结论"
            options={ACCEPTANCE_OUTCOMES.map((o) => ({ value: o, label: ACCEPTANCE_OUTCOME_LABELS[o] }))}
            value={form.outcome}
            onChange={(o) => update({ outcome: o as AcceptanceOutcome, defects: o !== 'passed' && form.defects.length === 0 ? [{ key: nextKey(), text: '' }] : form.defects })}
          />
          {form.outcome && form.outcome !== 'passed' && (
            <View role="group" aria-label="问题清单">
              <Text className="gj-label">问题清单（{form.outcome === 'failed' ? '不合格的原因' : '要整改的问题'}）</Text>
              {form.defects.map((d, i) => (
                <View key={d.key}>
                  <TextField
                    id={`defect-${d.key}`}
                    label={`问题${i + 1}`}
                    value={d.text}
                    maxLength={DEFECT_TEXT_MAX}
                    onChange={(text) => update({ defects: form.defects.map((x) => (x.key === d.key ? { ...x, text } : x)) })}
                  />
                  <ActionButton onClick={() => update({ defects: form.defects.filter((x) => x.key !== d.key) })}>删除问题{i + 1}</ActionButton>
                </View>
              ))}
              <View className="gj-actions">
                <ActionButton onClick={() => update({ defects: [...form.defects, { key: nextKey(), text: '' }] })}>添加问题</ActionButton>
              </View>
            </View>
          )}
          {form.outcome === 'passedWithFixes' && (
            <TextField id="fixes-due" label="整改期限（日期）" value={form.fixesDueOn} maxLength={10} placeholder="例如：2027-01-31" onChange={(fixesDueOn) => update({ fixesDueOn })} />
          )}
          {form.outcome && passes(form.outcome) && (
            <View>
              <TextField
                id="warranty-ends"
                label="保修期至（日期，保修期内的报修由施工单位负责）"
                value={form.warrantyEndsOn}
                maxLength={10}
                placeholder="例如：2028-12-31"
                onChange={(warrantyEndsOn) => update({ warrantyEndsOn })}
              />
              {contractors.length > 0 && (
                <Choice
                  label="负责保修的施工单位"
                  options={contractors.map((p) => ({ value: p._id, label: p.name }))}
                  value={form.contractorPartyId || contractorSig?.partyId || ''}
                  onChange={(contractorPartyId) => update({ contractorPartyId })}
                />
              )}
            </View>
          )}
          <PhotoPicker value={form.photos} onChange={(photos) => update({ photos })} max={9} label="签字页和现场照片" />
          <ErrorNote message={error} />
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void record()}>
              提交验收记录
            </ActionButton>
          </View>
          <Text className="gj-muted">验收合格后，项目范围内的住户会收到满意度调查；保修期内的报修自动派给施工单位。</Text>
        </View>
      )}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ballotPhase, checkAnswer, TEXT_ANSWER_MAX, VOTE_CHOICE_LABELS, VOTE_CHOICES, type Answer, type Ballot, type Question, type VoteChoice } from '@/core/ballot'
import { householdLabel, type Household } from '@/core/community'
import { AppError } from '@/core/errors'
import { HELPER_MAX, PAPER_NOTE_MAX, PAPER_RELATION_LABELS, PAPER_RELATIONS, VOTER_NAME_MAX, type PaperView } from '@/core/paper'
import { inScope } from '@/core/plan'
import { GRANTOR_MAX, type ProxyView } from '@/core/proxies'
import { formatChinaDateTime } from '@/core/time'
import type { VoterRelation } from '@/core/votes'
import { ActionButton } from '@/components/ActionButton'
import { periodLabel, PhaseTag } from '@/components/BallotParts'
import { Choice } from '@/components/Choice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { PhotoGrid } from '@/components/PhotoGrid'
import { PhotoPicker } from '@/components/PhotoPicker'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { Toggle } from '@/components/Toggle'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { ApiError } from '@/services/api'
import { ballotsApi } from '@/services/ballots'
import { plansApi } from '@/services/plans'
import { findFlat, toAnswer, type DraftAnswer, type FlatAddress } from './lookup'

const REASON_MAX = 200

/** A refusal on the page itself (shown like the function's, nothing sent). */
const refuse = (message: string) => new ApiError('INVALID_INPUT', message)

/** 楼号 / 单元 / 房号 and a "查找" button; tells the parent which flat was found. */
function FlatLookup({ id, label, onFound }: { id: string; label: string; onFound: (h: Household | null) => void }) {
  const [address, setAddress] = useState<FlatAddress>({ building: '', unit: '', room: '' })
  const [found, setFound] = useState<Household | null>(null)
  const lookup = useSubmit()
  const set = (k: keyof FlatAddress) => (v: string) => {
    setAddress((a) => ({ ...a, [k]: v }))
    if (found) {
      setFound(null)
      onFound(null)
    }
  }
  async function find() {
    await lookup.submit(async () => {
      const r = await findFlat(address)
      if (typeof r === 'string') throw refuse(r)
      setFound(r)
      onFound(r)
    })
  }
  return (
    <View role="group" aria-label={label}>
      <Text className="gj-label">{label}</Text>
      <TextField id={`${id}-building`} label="楼号" value={address.building} maxLength={6} placeholder="例如 1" onChange={set('building')} />
      <TextField id={`${id}-unit`} label="单元" value={address.unit} maxLength={4} placeholder="例如 1" onChange={set('unit')} />
      <TextField id={`${id}-room`} label="房号" value={address.room} maxLength={8} placeholder="例如 302" onChange={set('room')} />
      <ErrorNote message={lookup.error} />
      <View className="gj-actions">
        <ActionButton loading={lookup.busy} onClick={() => void find()}>
          查找这户
        </ActionButton>
      </View>
      {found && <Text className="gj-body">已找到：{householdLabel(found)}</Text>}
    </View>
  )
}

/** One question of the paper: the choice, the picks or the text as written on it. */
function AnswerInput({ q, draft, disabled, itemTitles, onChange }: { q: Question; draft: DraftAnswer | undefined; disabled: boolean; itemTitles: Record<string, string>; onChange: (d: DraftAnswer) => void }) {
  const [limit, setLimit] = useState<string | null>(null)
  const picks = draft?.picks ?? []
  const options = q.kind === 'choice' ? q.options.map((o, i) => ({ value: i as number | string, label: o })) : q.kind === 'menu' ? q.options.map((id) => ({ value: id as number | string, label: itemTitles[id] ?? '（项目）' })) : []
  function toggle(value: number | string, on: boolean) {
    if (q.kind !== 'choice' && q.kind !== 'menu') return
    if (on && picks.length >= q.maxPicks) return setLimit(`最多选 ${q.maxPicks} 项。`)
    setLimit(null)
    onChange({ picks: on ? [...picks, value] : picks.filter((p) => p !== value) })
  }
  return (
    <View className="gj-card" role="group" aria-label={q.title}>
      <Text className="gj-card-title">{q.title}</Text>
      {disabled && <Text className="gj-muted">业主共同决定事项：只有业主本人或业主委托的代理人签名的选票才能录入。</Text>}
      {(q.kind === 'decision' || q.kind === 'yesno') && (
        <Choice
          label="选票上的选择"
          options={VOTE_CHOICES.map((c) => ({ value: c, label: VOTE_CHOICE_LABELS[c] }))}
          value={draft?.choice ?? ''}
          disabled={disabled}
          onChange={(v) => onChange({ choice: v as VoteChoice })}
        />
      )}
      {(q.kind === 'choice' || q.kind === 'menu') && (
        <View className="gj-field" role="group" aria-label={`选票上选的（最多 ${q.maxPicks} 项）`}>
          <Text className="gj-label">选票上选的（最多 {q.maxPicks} 项）</Text>
          {options.map((o) => (
            <Toggle key={String(o.value)} label={o.label} checked={picks.includes(o.value)} disabled={disabled} onChange={(on) => toggle(o.value, on)} />
          ))}
          <ErrorNote message={limit} />
        </View>
      )}
      {q.kind === 'text' && <TextField id={`paper-${q._id}`} label="选票上写的意见" multiline value={draft?.text ?? ''} maxLength={TEXT_ANSWER_MAX} onChange={(text) => onChange({ text })} />}
      <Text className="gj-muted">选票上没有填写的问题请留空，不会录入。</Text>
    </View>
  )
}

/** 录入纸质选票: the flat, who signed, the answers as written, who helped, and the photo of the paper. */
function EntryForm({ ballot, itemTitles, onEntered }: { ballot: Ballot; itemTitles: Record<string, string>; onEntered: () => unknown }) {
  const [flat, setFlat] = useState<Household | null>(null)
  const [relation, setRelation] = useState<VoterRelation>('owner')
  const [voterName, setVoterName] = useState('')
  const [drafts, setDrafts] = useState<Record<string, DraftAnswer>>({})
  const [assistedBy, setAssistedBy] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [done, setDone] = useState<string | null>(null)
  const [formKey, setFormKey] = useState(0)
  const entering = useSubmit()
  const questions = flat ? ballot.questions.filter((q) => inScope(q.scope, flat)) : []
  const ownersOnly = relation !== 'owner' && relation !== 'proxy'

  function collect(): Answer[] {
    const answers: Answer[] = []
    for (const q of questions) {
      if (q.kind === 'decision' && ownersOnly) continue
      const a = toAnswer(q, drafts[q._id])
      if (a) answers.push(checkAnswer(q, a))
    }
    return answers
  }

  async function enter() {
    setDone(null)
    await entering.submit(async () => {
      if (!flat) throw refuse('请先填写楼号、单元和房号，并点“查找这户”。')
      if (!voterName.trim()) throw refuse('请填写选票上签名的投票人姓名。')
      let answers: Answer[]
      try {
        answers = collect()
      } catch (e) {
        throw refuse(e instanceof AppError ? e.message : String(e))
      }
      if (answers.length === 0) throw refuse('请录入选票上的回答（至少一项）。')
      if (photos.length === 0) throw refuse('请拍下纸质选票的照片（至少一张）。')
      const paper = await ballotsApi.enterPaper({
        ballotId: ballot._id,
        householdId: flat._id,
        answers,
        photos,
        voterName: voterName.trim(),
        relation,
        ...(assistedBy.trim() ? { assistedBy: assistedBy.trim() } : {}),
      })
      setDone(`已录入${paper.householdLabel}的纸质选票（${answers.length} 项回答），须由另一位工作人员核对照片后确认，确认后才计入。`)
      setFlat(null)
      setDrafts({})
      setVoterName('')
      setAssistedBy('')
      setPhotos([])
      setRelation('owner')
      setFormKey((k) => k + 1)
      await onEntered()
    })
  }

  return (
    <View className="gj-card" role="region" aria-label="录入纸质选票">
      <Text className="gj-card-title">录入纸质选票</Text>
      <Text className="gj-muted">照着纸质选票录入，再拍下选票。录入后须由另一位工作人员核对确认才计入。</Text>
      <FlatLookup key={formKey} id="paper-flat" label="选票所属的房屋" onFound={setFlat} />
      {flat && (
        <View>
          <TextField id="paper-voter" label="投票人姓名（选票上的签名）" value={voterName} maxLength={VOTER_NAME_MAX} onChange={setVoterName} />
          <Choice label="投票人与这户的关系" options={PAPER_RELATIONS.map((r) => ({ value: r, label: PAPER_RELATION_LABELS[r] }))} value={relation} onChange={(v) => setRelation(v as VoterRelation)} />
          {relation === 'proxy' && <Text className="gj-muted">代理人签名的选票：请把业主签字的书面委托书也拍进照片。</Text>}
          {questions.length === 0 && <Text className="gj-body">这次投票没有涉及这户所在范围的问题。</Text>}
          {questions.map((q) => (
            <AnswerInput
              key={q._id}
              q={q}
              draft={drafts[q._id]}
              disabled={q.kind === 'decision' && ownersOnly}
              itemTitles={itemTitles}
              onChange={(d) => setDrafts((all) => ({ ...all, [q._id]: d }))}
            />
          ))}
          <TextField id="paper-helper" label="协助填写的人（没有可不填）" value={assistedBy} maxLength={HELPER_MAX} placeholder="例如：女儿 张小红、网格员 李某" onChange={setAssistedBy} />
          <PhotoPicker label="纸质选票照片（至少一张）" value={photos} onChange={setPhotos} />
        </View>
      )}
      <ErrorNote message={entering.error} />
      <OkNote message={done} />
      <View className="gj-actions">
        <ActionButton primary loading={entering.busy} onClick={() => void enter()}>
          录入纸质选票
        </ActionButton>
      </View>
    </View>
  )
}

/** One paper ballot on the desk, with what can be done with it now. */
function PaperCard({ paper, onChanged }: { paper: PaperView; onChanged: () => unknown }) {
  const [reason, setReason] = useState('')
  const [note, setNote] = useState('')
  const [rejecting, setRejecting] = useState(false)
  const act = useSubmit()
  const run = (work: () => Promise<unknown>) =>
    void act.submit(async () => {
      await work()
      await onChanged()
    })
  const existingIsPaper = paper.conflicts.length > 0 && paper.conflicts.every((c) => c.existingVia === '纸质选票')
  const label = `${paper.householdLabel}：${paper.statusLabel}`
  return (
    <View className="gj-card" role="group" aria-label={label}>
      <Text className="gj-card-title">{label}</Text>
      <Text className="gj-body">
        投票人 {paper.voterName}（{paper.relationLabel}）{paper.assistedBy ? `，协助填写：${paper.assistedBy}` : ''}
      </Text>
      <View role="list" aria-label="选票上的回答">
        {paper.answers.map((a) => (
          <Text key={a.questionId} className="gj-body" role="listitem">
            · {a.title}：{a.answer}
          </Text>
        ))}
      </View>
      <PhotoGrid fileIDs={paper.photos} />
      <Text className="gj-muted">
        {paper.enteredByName} 于 {formatChinaDateTime(paper.enteredAt)} 录入
        {paper.confirmedByName && paper.confirmedAt ? `；${paper.confirmedByName} 于 ${formatChinaDateTime(paper.confirmedAt)} 确认` : ''}
      </Text>
      {paper.receipt && <Text className="gj-body">回执编码：{paper.receipt}（请交给投票人，可用来核对是否计入）</Text>}
      {paper.resolution && (
        <Text className="gj-body">
          处理结果：{paper.resolution.keepLabel}（{paper.resolution.byName}，{formatChinaDateTime(paper.resolution.at)}）：{paper.resolution.note}
        </Text>
      )}
      {paper.rejection && (
        <Text className="gj-body">
          已退回（{paper.rejection.byName}，{formatChinaDateTime(paper.rejection.at)}）：{paper.rejection.reason}
        </Text>
      )}

      {paper.status === 'pending' && (
        <View>
          {paper.mayConfirm ? (
            <Text className="gj-muted">请对照照片核对每一项回答，无误后确认。</Text>
          ) : (
            <Text className="gj-body">这张选票由您录入，须由另一位工作人员核对确认。</Text>
          )}
          <View className="gj-actions">
            {paper.mayConfirm && (
              <ActionButton primary loading={act.busy} onClick={() => run(() => ballotsApi.confirmPaper(paper._id, paper.version))}>
                确认（须由另一位工作人员）
              </ActionButton>
            )}
            {!rejecting && <ActionButton onClick={() => setRejecting(true)}>有误，退回</ActionButton>}
          </View>
          {rejecting && (
            <View>
              <TextField id={`reject-${paper._id}`} label="退回的原因" value={reason} maxLength={REASON_MAX} placeholder="例如：房号录错了" onChange={setReason} />
              <View className="gj-actions">
                <ActionButton loading={act.busy} onClick={() => run(() => ballotsApi.rejectPaper(paper._id, paper.version, reason))}>
                  确认退回
                </ActionButton>
                <ActionButton onClick={() => setRejecting(false)}>不退回</ActionButton>
              </View>
            </View>
          )}
        </View>
      )}

      {paper.status === 'conflict' && (
        <View>
          <Text className="gj-body">这户已经投过票，和纸质选票不一致的地方（两份都还没有按纸质选票计入）：</Text>
          <View role="list" aria-label="冲突的问题">
            {paper.conflicts.map((c) => (
              <Text key={`${c.questionId}-${c.householdLabel}`} className="gj-body" role="listitem">
                · {c.title}：纸质选票「{c.paper}」，已有{c.existingVia}「{c.existing}」（{c.householdLabel}，{formatChinaDateTime(c.existingAt)}）
              </Text>
            ))}
          </View>
          <Text className="gj-muted">请和业主本人核实以哪一份为准，写下核实的情况。</Text>
          <TextField id={`note-${paper._id}`} label="与业主核实的情况" multiline value={note} maxLength={PAPER_NOTE_MAX} onChange={setNote} />
          <View className="gj-actions">
            <ActionButton loading={act.busy} onClick={() => run(() => ballotsApi.resolveConflict(paper._id, paper.version, 'online', note))}>
              {existingIsPaper ? '以先前的选票为准' : '以网上投票为准'}
            </ActionButton>
            <ActionButton loading={act.busy} onClick={() => run(() => ballotsApi.resolveConflict(paper._id, paper.version, 'paper', note))}>
              以纸质选票为准
            </ActionButton>
          </View>
        </View>
      )}
      <ErrorNote message={act.error} />
    </View>
  )
}

/** 投票委托: record an owner's written authorisation of a proxy, list and revoke them. */
function Proxies({ ballot }: { ballot: Ballot }) {
  const list = useRemote(() => ballotsApi.listProxies({ ballotId: ballot._id }), [ballot._id])
  const [flat, setFlat] = useState<Household | null>(null)
  const [proxyFlat, setProxyFlat] = useState<Household | null>(null)
  const [proxyName, setProxyName] = useState('')
  const [grantor, setGrantor] = useState('')
  const [scope, setScope] = useState<'this' | 'all'>('this')
  const [photos, setPhotos] = useState<string[]>([])
  const [done, setDone] = useState<string | null>(null)
  const [formKey, setFormKey] = useState(0)
  const adding = useSubmit()

  async function add() {
    setDone(null)
    await adding.submit(async () => {
      if (!flat) throw refuse('请先查找委托投票的房屋。')
      if (!proxyFlat || !proxyName.trim()) throw refuse('请查找代理人绑定的房屋，并填写代理人的姓名。')
      if (photos.length === 0) throw refuse('请拍下业主签字的书面委托书（至少一张照片）。')
      const p = await ballotsApi.addProxy({
        householdId: flat._id,
        person: { householdId: proxyFlat._id, name: proxyName.trim() },
        ballotId: scope === 'this' ? ballot._id : null,
        grantorName: grantor.trim(),
        photos,
      })
      setDone(`已登记：${p.userName} 可以代${p.householdLabel}参加${p.ballotLabel}的业主表决。`)
      setFlat(null)
      setProxyFlat(null)
      setProxyName('')
      setGrantor('')
      setPhotos([])
      setFormKey((k) => k + 1)
      await list.reload()
    })
  }

  return (
    <View role="region" aria-label="投票委托">
      <Text className="gj-subtitle">投票委托（代理人）</Text>
      <Text className="gj-muted">业主书面委托他人代为投票时，在这里登记。代理人须已在小程序中绑定自己的房屋。</Text>
      <View className="gj-card" role="group" aria-label="登记委托">
        <FlatLookup key={`f${formKey}`} id="proxy-flat" label="委托投票的房屋" onFound={setFlat} />
        <TextField id="proxy-grantor" label="签署委托书的业主姓名" value={grantor} maxLength={GRANTOR_MAX} onChange={setGrantor} />
        <FlatLookup key={`p${formKey}`} id="proxy-own" label="代理人绑定的房屋" onFound={setProxyFlat} />
        <TextField id="proxy-name" label="代理人姓名（与其在小程序中登记的一致）" value={proxyName} maxLength={20} onChange={setProxyName} />
        <Choice
          label="委托范围"
          options={[
            { value: 'this', label: '只限本次投票' },
            { value: 'all', label: '本小区所有投票' },
          ]}
          value={scope}
          onChange={(v) => setScope(v as 'this' | 'all')}
        />
        <PhotoPicker label="书面委托书照片（至少一张）" value={photos} onChange={setPhotos} />
        <ErrorNote message={adding.error} />
        <OkNote message={done} />
        <View className="gj-actions">
          <ActionButton primary loading={adding.busy} onClick={() => void add()}>
            登记委托
          </ActionButton>
        </View>
      </View>
      <ErrorNote message={list.error} />
      {list.data && list.data.items.length === 0 && <Text className="gj-body">还没有登记委托。</Text>}
      {list.data?.items.map((p) => <ProxyCard key={p._id} proxy={p} onChanged={list.reload} />)}
    </View>
  )
}

function ProxyCard({ proxy, onChanged }: { proxy: ProxyView; onChanged: () => unknown }) {
  const [reason, setReason] = useState('')
  const [revoking, setRevoking] = useState(false)
  const act = useSubmit()
  const label = `${proxy.householdLabel} 委托 ${proxy.userName}`
  return (
    <View className="gj-card" role="group" aria-label={label}>
      <Text className="gj-card-title">{label}</Text>
      <Text className="gj-body">
        委托人 {proxy.grantorName}；适用于{proxy.ballotLabel}；{proxy.createdByName} 于 {formatChinaDateTime(proxy.createdAt)} 登记
      </Text>
      <PhotoGrid fileIDs={proxy.photos} />
      {proxy.revoked ? (
        <Text className="gj-body">
          已于 {formatChinaDateTime(proxy.revoked.at)} 撤销{proxy.revoked.reason ? `：${proxy.revoked.reason}` : ''}
        </Text>
      ) : !revoking ? (
        <View className="gj-actions">
          <ActionButton onClick={() => setRevoking(true)}>撤销委托</ActionButton>
        </View>
      ) : (
        <View>
          <TextField id={`revoke-${proxy._id}`} label="撤销的原因" value={reason} maxLength={REASON_MAX} onChange={setReason} />
          <View className="gj-actions">
            <ActionButton
              loading={act.busy}
              onClick={() =>
                void act.submit(async () => {
                  await ballotsApi.revokeProxy(proxy._id, proxy.version, reason)
                  await onChanged()
                })
              }
            >
              确认撤销
            </ActionButton>
            <ActionButton onClick={() => setRevoking(false)}>不撤销</ActionButton>
          </View>
        </View>
      )}
      <ErrorNote message={act.error} />
    </View>
  )
}

/**
 * 纸质选票 (?id=): the office's desk for paper ballots of one ballot — entering a paper with its
 * photo, confirming one another staff member entered (never one's own), sending a wrong entry back,
 * resolving conflicts with a vote already given after speaking with the owner — the votes someone
 * helped to give, and the proxies owners authorised in writing.
 */
export default function PaperBallots() {
  useSession()
  const id = useRouter().params.id ?? ''
  const ballot = useRemote(() => ballotsApi.get(id), [id])
  const desk = useRemote(() => ballotsApi.listPaper(id), [id])
  const b = ballot.data
  const needsPlan = !!b?.questions.some((q) => q.kind === 'menu')
  const plan = useRemote(async () => (needsPlan ? plansApi.get() : null), [needsPlan])
  const itemTitles: Record<string, string> = {}
  for (const i of plan.data?.items ?? []) itemTitles[i._id] = i.title

  if (!b) {
    return (
      <Screen>
        <Text className="gj-title">纸质选票</Text>
        <ErrorNote message={ballot.error} />
        {ballot.loading && !ballot.error && <Text className="gj-muted">正在加载…</Text>}
      </Screen>
    )
  }

  const phase = ballotPhase(b, new Date())
  const items = desk.data?.items ?? []
  const counts = desk.data?.counts
  const conflicts = items.filter((p) => p.status === 'conflict')
  const pending = items.filter((p) => p.status === 'pending')
  const settled = items.filter((p) => p.status !== 'conflict' && p.status !== 'pending')

  return (
    <Screen>
      <Text className="gj-title">纸质选票：{b.title}</Text>
      <View>
        <PhaseTag phase={phase} />
      </View>
      <Text className="gj-body">{periodLabel(b.opensAt, b.closesAt)}</Text>
      {counts && (
        <Text className="gj-body">
          待确认 {counts.pending} 张，冲突待处理 {counts.conflict} 张，已计入 {counts.confirmed} 张，未计入 {counts.discarded + counts.rejected} 张。
        </Text>
      )}
      {b.status === 'open' && counts && counts.pending + counts.conflict > 0 && <Text className="gj-muted">结束投票前，须把待确认和有冲突的纸质选票处理完。</Text>}
      <ErrorNote message={desk.error} />

      {phase === 'open' && <EntryForm ballot={b} itemTitles={itemTitles} onEntered={desk.reload} />}
      {phase !== 'open' && b.status !== 'closed' && <Text className="gj-body">投票{phase === 'closed' ? '已过截止时间，不能再录入新的纸质选票，但截止前收到的还可以确认' : '还没有开始'}。</Text>}

      <View role="region" aria-label="冲突待处理">
        <Text className="gj-subtitle">冲突待处理（{conflicts.length}）</Text>
        {conflicts.length === 0 && <Text className="gj-muted">没有冲突。</Text>}
        {conflicts.map((p) => (
          <PaperCard key={`${p._id}-${p.version}`} paper={p} onChanged={desk.reload} />
        ))}
      </View>
      <View role="region" aria-label="待确认">
        <Text className="gj-subtitle">待确认（{pending.length}）</Text>
        {pending.length === 0 && <Text className="gj-muted">没有待确认的纸质选票。</Text>}
        {pending.map((p) => (
          <PaperCard key={`${p._id}-${p.version}`} paper={p} onChanged={desk.reload} />
        ))}
      </View>
      <View role="region" aria-label="已处理">
        <Text className="gj-subtitle">已处理（{settled.length}）</Text>
        {settled.map((p) => (
          <PaperCard key={`${p._id}-${p.version}`} paper={p} onChanged={desk.reload} />
        ))}
      </View>

      <View role="region" aria-label="有人协助的投票">
        <Text className="gj-subtitle">有人协助的投票（{desk.data?.assisted.length ?? 0}）</Text>
        {desk.data && desk.data.assisted.length === 0 && <Text className="gj-muted">还没有由家人或网格员协助的投票。</Text>}
        <View role="list" aria-label="协助投票名单">
          {desk.data?.assisted.map((r) => (
            <Text key={`${r.householdId}-${r.at}`} className="gj-body" role="listitem">
              · {r.householdLabel}：{r.viaLabel}，协助人 {r.assistedBy}（{formatChinaDateTime(r.at)}；{r.questionTitles.join('、')}）
            </Text>
          ))}
        </View>
      </View>

      {b.status !== 'closed' && <Proxies ballot={b} />}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { FEEDBACK_KIND_LABELS, HIDE_REASON_MAX, REPLY_MAX, type FeedbackKind } from '@/core/feedback'
import type { FeedbackView } from '@/core/plan-view'
import { formatChinaDateTime } from '@/core/time'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { PhotoGrid } from '@/components/PhotoGrid'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { feedbackApi } from '@/services/plans'

const SHOW_OPTIONS = [
  { value: 'open', label: '未答复' },
  { value: 'all', label: '全部' },
]
const KIND_OPTIONS = [
  { value: 'any', label: '全部类型' },
  { value: 'objection', label: FEEDBACK_KIND_LABELS.objection },
  { value: 'comment', label: FEEDBACK_KIND_LABELS.comment },
]

/** One comment or objection with the office's reply box and the way to hide abuse. */
function Entry({ f, onDone }: { f: FeedbackView; onDone: (message: string) => Promise<void> }) {
  const [reply, setReply] = useState(f.reply?.text ?? '')
  const [hiding, setHiding] = useState(false)
  const [reason, setReason] = useState('')
  const { busy, error, setError, submit } = useSubmit()
  const who = `${f.householdLabel}的${FEEDBACK_KIND_LABELS[f.kind]}`

  async function answer() {
    if (!reply.trim()) return setError('请先写好答复内容。')
    const ok = await submit(() => feedbackApi.reply(f._id, f.version, reply.trim()))
    if (ok) await onDone(`已答复${who}，对方会收到通知。`)
  }

  async function hide() {
    if (!reason.trim()) return setError('请填写隐藏原因，居民会看到这条留言被隐藏以及原因。')
    const ok = await submit(() => feedbackApi.hide(f._id, f.version, reason.trim()))
    if (ok) await onDone(`已隐藏${who}，原因已记录。`)
  }

  return (
    <View className="gj-card" role="article" aria-label={who}>
      <View>
        <Text className={f.kind === 'objection' ? 'gj-tag' : 'gj-tag publicity'}>{FEEDBACK_KIND_LABELS[f.kind]}</Text>
        {f.hidden && <Text className="gj-tag draft">已隐藏</Text>}
      </View>
      <Text className="gj-card-title">{f.householdLabel}</Text>
      <Text className="gj-muted">
        {f.itemTitle ? `项目：${f.itemTitle}` : '针对整个方案'} · 第{f.edition}版 · {formatChinaDateTime(f.createdAt)}
      </Text>
      <Text className="gj-body">{f.text}</Text>
      <PhotoGrid fileIDs={f.photos} />
      {f.hidden && (
        <Text className="gj-error">
          已于 {formatChinaDateTime(f.hidden.at)} 隐藏，原因：{f.hidden.reason}
        </Text>
      )}
      {f.reply && (
        <View className="gj-card">
          <Text className="gj-card-title">
            社区答复（{f.reply.byName}，{formatChinaDateTime(f.reply.at)}）
          </Text>
          <Text className="gj-body">{f.reply.text}</Text>
        </View>
      )}
      {(!f.hidden || f.kind === 'objection') && (
        <View>
          <TextField
            id={`reply-${f._id}`}
            label={f.reply ? '修改答复' : '答复'}
            multiline
            value={reply}
            maxLength={REPLY_MAX}
            placeholder="写清楚采纳与否、原因和下一步安排"
            onChange={setReply}
          />
          <ErrorNote message={error} />
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void answer()}>
              {f.reply ? '修改答复' : '答复'}
            </ActionButton>
            {!hiding && !f.hidden && <ActionButton onClick={() => setHiding(true)}>隐藏</ActionButton>}
          </View>
          {hiding && (
            <View>
              <TextField
                id={`hide-${f._id}`}
                label="隐藏原因（必填，居民会看到）"
                value={reason}
                maxLength={HIDE_REASON_MAX}
                placeholder="例如：含有辱骂内容"
                onChange={setReason}
              />
              <Text className="gj-muted">
                隐藏后居民看不到这条留言的内容，只看到已被隐藏和原因；留言仍会保存。{f.kind === 'objection' ? '公示异议隐藏后仍须答复，答复后才能立项。' : ''}
              </Text>
              <View className="gj-actions">
                <ActionButton primary loading={busy} onClick={() => void hide()}>
                  确认隐藏
                </ActionButton>
                <ActionButton onClick={() => setHiding(false)}>不隐藏</ActionButton>
              </View>
            </View>
          )}
        </View>
      )}
    </View>
  )
}

/** Office: residents' comments and 公示 objections, newest first; answer each, hide abuse with a reason. */
export default function FeedbackQueue() {
  useSession()
  const [show, setShow] = useState('open')
  const [kind, setKind] = useState('any')
  const [done, setDone] = useState<string | null>(null)
  const list = useRemote(
    () => feedbackApi.list({ ...(show === 'open' ? { open: true } : {}), ...(kind !== 'any' ? { kind: kind as FeedbackKind } : {}) }),
    [show, kind],
  )

  async function handled(message: string) {
    setDone(message)
    await list.reload()
  }

  const items = list.data?.items ?? []
  return (
    <Screen>
      <Text className="gj-title">意见和异议</Text>
      <Choice label="显示" options={SHOW_OPTIONS} value={show} onChange={setShow} />
      <Choice label="类型" options={KIND_OPTIONS} value={kind} onChange={setKind} />
      <OkNote message={done} />
      <ErrorNote message={list.error} />
      {list.loading && !list.data && <Text className="gj-muted">正在加载…</Text>}
      {list.data && items.length === 0 && (
        <Text className="gj-muted">{show === 'open' ? '没有待答复的意见或异议。' : '还没有居民留言。'}</Text>
      )}
      {items.map((f) => (
        <Entry key={`${f._id}:${f.version}`} f={f} onDone={handled} />
      ))}
    </Screen>
  )
}

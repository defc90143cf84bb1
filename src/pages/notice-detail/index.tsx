import { ActionButton } from '@/components/ActionButton'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { NOTICE_KIND_LABELS, NOTICE_STATUS_LABELS, publicityState, REASON_MAX } from '@/core/notice'
import { formatChinaDateTime } from '@/core/time'
import { ErrorNote, OkNote } from '@/components/Notes'
import { PeriodMeter } from '@/components/PeriodMeter'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { noticesApi } from '@/services/notices'

/** One notice, shown as plain text (never as HTML). The office can publish or withdraw it here. */
export default function NoticeDetail() {
  useSession()
  const id = useRouter().params.id ?? ''
  const remote = useRemote(() => noticesApi.get(id), [id])
  const { busy, error, submit } = useSubmit()
  const [done, setDone] = useState<string | null>(null)
  const [withdrawing, setWithdrawing] = useState(false)
  const [reason, setReason] = useState('')

  const notice = remote.data?.notice
  const canEdit = remote.data?.canEdit ?? false

  async function act(run: () => Promise<unknown>, doneMessage: string) {
    setDone(null)
    const ok = await submit(run)
    if (!ok) return
    setDone(doneMessage)
    setWithdrawing(false)
    await remote.reload()
  }

  if (!notice) {
    return (
      <Screen>
        <ErrorNote message={remote.error} />
        {remote.loading && <Text className="gj-muted">正在加载…</Text>}
      </Screen>
    )
  }

  return (
    <Screen>
      <View>
        <Text className={`gj-tag ${notice.kind}`}>{NOTICE_KIND_LABELS[notice.kind]}</Text>
        {notice.status !== 'published' && <Text className="gj-tag draft">{NOTICE_STATUS_LABELS[notice.status]}</Text>}
      </View>
      <Text className="gj-title">{notice.title}</Text>
      <Text className="gj-muted">
        {notice.publishAt ? `发布时间：${formatChinaDateTime(notice.publishAt)}` : `草稿，最后修改 ${formatChinaDateTime(notice.updatedAt)}`}
      </Text>
      <PeriodMeter state={publicityState(notice, new Date())} />
      {notice.status === 'withdrawn' && (
        <Text className="gj-error">
          这条公告已于 {formatChinaDateTime(notice.withdrawnAt ?? notice.updatedAt)} 撤回。原因：{notice.withdrawReason}
        </Text>
      )}
      <View className="gj-card">
        <Text className="gj-body">{notice.body}</Text>
      </View>
      <OkNote message={done} />
      <ErrorNote message={error} />
      {canEdit && notice.status === 'draft' && (
        <View className="gj-actions">
          <ActionButton
            primary
            loading={busy}
            onClick={() => act(() => noticesApi.publish(notice._id, notice.version), `已发布“${notice.title}”，小区居民现在可以看到了。`)}
          >
            发布
          </ActionButton>
          <ActionButton onClick={() => Taro.navigateTo({ url: `/pages/notice-edit/index?id=${encodeURIComponent(notice._id)}` })}>
            修改草稿
          </ActionButton>
        </View>
      )}
      {canEdit && notice.status === 'published' && !withdrawing && (
        <View className="gj-actions">
          <ActionButton onClick={() => setWithdrawing(true)}>
            撤回这条公告
          </ActionButton>
        </View>
      )}
      {withdrawing && notice.status === 'published' && (
        <View>
          <TextField
            id="reason"
            label="撤回原因（居民会看到）"
            multiline
            value={reason}
            maxLength={REASON_MAX}
            placeholder="例如：时间有变动，将重新发布"
            onChange={setReason}
          />
          <View className="gj-actions">
            <ActionButton
              primary
              loading={busy}
              onClick={() => act(() => noticesApi.withdraw(notice._id, notice.version, reason), '公告已撤回，居民会看到撤回原因。')}
            >
              确认撤回
            </ActionButton>
            <ActionButton onClick={() => setWithdrawing(false)}>
              不撤回了
            </ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

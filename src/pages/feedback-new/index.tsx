import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import * as z from 'zod/mini'
import { FEEDBACK_PHOTOS_MAX, FEEDBACK_TEXT_MAX, feedbackFieldsSchema, type FeedbackKind } from '@/core/feedback'
import { formatChinaDate } from '@/core/time'
import { ActionButton } from '@/components/ActionButton'
import { HouseholdChoice } from '@/components/HouseholdChoice'
import { ErrorNote, OkNote } from '@/components/Notes'
import { PhotoPicker } from '@/components/PhotoPicker'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useMyHousehold } from '@/hooks/useMyHousehold'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { feedbackApi, plansApi } from '@/services/plans'

/**
 * 我要留言 / 提出公示异议 (?kind=comment|objection&itemId=): the resident writes what they think
 * about the plan or one item, with photos if they like. The office answers and the resident is
 * notified. An objection is only taken while the plan's 公示 runs (the backend decides).
 */
export default function FeedbackNew() {
  const { me } = useSession()
  const params = useRouter().params
  const kind: FeedbackKind = params.kind === 'objection' ? 'objection' : 'comment'
  const itemId = params.itemId || null
  const plan = useRemote(() => plansApi.get())
  const { households, householdId, choose } = useMyHousehold()
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [sent, setSent] = useState(false)
  const { busy, error, setError, submit } = useSubmit()

  const objection = kind === 'objection'
  const item = itemId ? plan.data?.items.find((i) => i._id === itemId) : undefined
  const publicity = plan.data?.publicity
  const about = itemId ? `项目“${item?.title ?? '…'}”` : `《${plan.data?.title ?? '改造方案'}》`

  async function send() {
    if (!householdId) return
    const parsed = z.safeParse(feedbackFieldsSchema, { kind, itemId, text, photos })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '填写的内容有误')
      return
    }
    const ok = await submit(() => feedbackApi.create(householdId, parsed.data))
    if (ok) setSent(true)
  }

  return (
    <Screen>
      <Text className="gj-title">{objection ? '提出公示异议' : '我要留言'}</Text>
      <Text className="gj-body">针对：{about}</Text>
      {objection && publicity?.kind === 'running' && (
        <Text className="gj-body">方案公示期至 {formatChinaDate(publicity.endsOn)}（含当天），公示期内提出的异议，社区会逐条答复后才能立项。</Text>
      )}
      {objection && publicity && publicity.kind !== 'running' && (
        <Text className="gj-error">方案现在不在公示期内，不能提出公示异议；您可以改为留言提意见。</Text>
      )}
      {me && households.length === 0 && (
        <View>
          <Text className="gj-body">绑定您的房屋后才能留言。</Text>
          <View className="gj-actions">
            <ActionButton primary onClick={() => void Taro.navigateTo({ url: '/pages/bind/index' })}>
              绑定我的房屋
            </ActionButton>
          </View>
        </View>
      )}
      {sent ? (
        <View>
          <OkNote message={`已提交，社区答复后会通知您。您可以在“我的意见”里查看${objection ? '异议' : '留言'}和答复。`} />
          <View className="gj-actions">
            <ActionButton primary onClick={() => void Taro.navigateBack({ delta: 1 })}>
              返回
            </ActionButton>
            <ActionButton onClick={() => void Taro.redirectTo({ url: '/pages/my-feedback/index' })}>查看我的意见</ActionButton>
          </View>
        </View>
      ) : (
        households.length > 0 && (
          <View>
            <HouseholdChoice households={households} value={householdId} onChange={choose} label="以哪一户的名义提交" />
            <TextField
              id="feedback-text"
              label={objection ? '异议内容（请写清楚哪里不同意、为什么）' : '您的意见或建议'}
              multiline
              showCount
              value={text}
              maxLength={FEEDBACK_TEXT_MAX}
              placeholder={objection ? '例如：3号楼不需要加装雨棚，理由是……' : '例如：希望路灯装在单元门口'}
              onChange={setText}
            />
            <PhotoPicker value={photos} onChange={setPhotos} max={FEEDBACK_PHOTOS_MAX} label="照片（可以不加）" />
            <Text className="gj-muted">社区工作人员能看到是哪一户提交的；其他居民只看到楼栋和单元。</Text>
            <ErrorNote message={error} />
            <View className="gj-actions">
              <ActionButton primary loading={busy} onClick={() => void send()}>
                {objection ? '提交异议' : '提交留言'}
              </ActionButton>
            </View>
          </View>
        )
      )}
      <ErrorNote message={plan.error} />
    </Screen>
  )
}

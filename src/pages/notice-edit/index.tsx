import { ActionButton } from '@/components/ActionButton'
import { Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import * as z from 'zod/mini'
import {
  BODY_MAX,
  NOTICE_KIND_LABELS,
  NOTICE_KINDS,
  noticeFieldsSchema,
  PUBLICITY_DEFAULT_DAYS,
  TITLE_MAX,
  type NoticeKind,
} from '@/core/notice'
import { chinaDate } from '@/core/time'
import { Choice } from '@/components/Choice'
import { ErrorNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { messageOf } from '@/services/api'
import { noticesApi } from '@/services/notices'

function defaultEndDate(): string {
  return chinaDate(new Date(Date.now() + PUBLICITY_DEFAULT_DAYS * 24 * 3600 * 1000))
}

/** Office: write a new notice or edit a draft; save it as a draft or publish it at once. */
export default function NoticeEdit() {
  useSession()
  const id = useRouter().params.id
  const [kind, setKind] = useState<NoticeKind>('notice')
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [endsOn, setEndsOn] = useState(defaultEndDate())
  const [version, setVersion] = useState<number | null>(null)
  const { busy, error, setError, submit } = useSubmit()

  useEffect(() => {
    if (!id) return
    noticesApi
      .get(id)
      .then(({ notice }) => {
        setKind(notice.kind)
        setTitle(notice.title)
        setBody(notice.body)
        if (notice.publicityEndsOn) setEndsOn(notice.publicityEndsOn)
        setVersion(notice.version)
      })
      .catch((e) => setError(messageOf(e)))
  }, [id])

  async function save(andPublish: boolean) {
    const parsed = z.safeParse(noticeFieldsSchema, { kind, title, body, publicityEndsOn: kind === 'publicity' ? endsOn : null })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '填写的内容有误')
      return
    }
    await submit(async () => {
      let notice = id && version ? await noticesApi.update(id, version, parsed.data) : await noticesApi.create(parsed.data)
      if (andPublish) notice = await noticesApi.publish(notice._id, notice.version)
      await Taro.showToast({ title: andPublish ? '已发布' : '草稿已保存', icon: 'success' })
      await Taro.redirectTo({ url: `/pages/notice-detail/index?id=${encodeURIComponent(notice._id)}` })
    })
  }

  return (
    <Screen>
      <Text className="gj-title">{id ? '修改草稿' : '写新公告'}</Text>
      <Choice
        label="类型"
        options={NOTICE_KINDS.map((k) => ({ value: k, label: NOTICE_KIND_LABELS[k] }))}
        value={kind}
        onChange={(v) => setKind(v as NoticeKind)}
      />
      <TextField
        id="title"
        label="标题"
        showCount
        value={title}
        maxLength={TITLE_MAX}
        placeholder="例如：关于开展改造意见征询的通知"
        onChange={setTitle}
      />
      <TextField
        id="body"
        label="正文"
        showCount
        multiline
        value={body}
        maxLength={BODY_MAX}
        placeholder="写清楚事情、时间、地点和联系方式"
        onChange={setBody}
      />
      {kind === 'publicity' && (
        <View className="gj-field">
          <Text className="gj-label">公示截止日期（含当天）</Text>
          <Picker mode="date" value={endsOn} start={chinaDate(new Date())} onChange={(e) => setEndsOn(String(e.detail.value))}>
            <Text className="gj-picker">{endsOn}</Text>
          </Picker>
        </View>
      )}
      <ErrorNote message={error} />
      <View className="gj-actions">
        <ActionButton primary loading={busy} onClick={() => save(true)}>
          保存并发布
        </ActionButton>
        <ActionButton loading={busy} onClick={() => save(false)}>
          保存为草稿
        </ActionButton>
      </View>
    </Screen>
  )
}

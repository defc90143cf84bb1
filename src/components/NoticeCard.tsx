import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { isScheduled, NOTICE_KIND_LABELS, NOTICE_STATUS_LABELS, publicityLabel, publicityState, type Notice } from '@/core/notice'
import { formatChinaDateTime } from '@/core/time'

/** One notice in a list: kind, title, when, and where a 公示 stands. Tapping opens it. */
export function NoticeCard({ notice, now = new Date() }: { notice: Notice; now?: Date }) {
  const open = () => Taro.navigateTo({ url: `/pages/notice-detail/index?id=${encodeURIComponent(notice._id)}` })
  const period = publicityLabel(publicityState(notice, now))
  const when =
    notice.status === 'draft'
      ? `最后修改 ${formatChinaDateTime(notice.updatedAt)}`
      : notice.publishAt
        ? `${isScheduled(notice, now) ? '定时发布，将于' : '发布于'} ${formatChinaDateTime(notice.publishAt)}${isScheduled(notice, now) ? ' 发布' : ''}`
        : ''
  return (
    <View className="gj-card" onClick={open} role="link" aria-label={notice.title}>
      <View>
        <Text className={`gj-tag ${notice.kind}`}>{NOTICE_KIND_LABELS[notice.kind]}</Text>
        {notice.status !== 'published' && <Text className="gj-tag draft">{NOTICE_STATUS_LABELS[notice.status]}</Text>}
      </View>
      <Text className="gj-card-title">{notice.title}</Text>
      <Text className="gj-muted">{when}</Text>
      {period && <Text className="gj-meter-label">{period}</Text>}
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import { FEEDBACK_KIND_LABELS } from '@/core/feedback'
import type { FeedbackView } from '@/core/plan-view'
import { formatChinaDateTime } from '@/core/time'
import { PhotoGrid } from '@/components/PhotoGrid'

/**
 * One comment or objection with the office's answer. A hidden one says so and why (people see
 * that something was removed and the reason), never its text.
 */
export function FeedbackCard({ feedback: f, showItem = false }: { feedback: FeedbackView; showItem?: boolean }) {
  return (
    <View className="gj-card" role="article" aria-label={`${FEEDBACK_KIND_LABELS[f.kind]}，${f.householdLabel}`}>
      <View>
        <Text className={f.kind === 'objection' ? 'gj-tag' : 'gj-tag publicity'}>{FEEDBACK_KIND_LABELS[f.kind]}</Text>
        {f.mine && <Text className="gj-tag draft">我写的</Text>}
      </View>
      <Text className="gj-muted">
        {f.householdLabel} · {formatChinaDateTime(f.createdAt)}
        {showItem ? ` · ${f.itemTitle ? `项目：${f.itemTitle}` : '针对整个方案'}` : ''}
      </Text>
      {f.hidden ? (
        <View>
          <Text className="gj-body gj-hidden-note">该留言已被社区隐藏，原因：{f.hidden.reason}</Text>
          {/* Only its author (and the office) still get the text of a hidden one. */}
          {f.text && <Text className="gj-muted">原文：{f.text}</Text>}
        </View>
      ) : (
        <View>
          <Text className="gj-body">{f.text}</Text>
          <PhotoGrid fileIDs={f.photos} />
        </View>
      )}
      {f.reply ? (
        <View className="gj-reply">
          <Text className="gj-card-title">
            社区答复（{f.reply.byName}，{formatChinaDateTime(f.reply.at)}）
          </Text>
          <Text className="gj-body">{f.reply.text}</Text>
        </View>
      ) : (
        !f.hidden && <Text className="gj-muted">社区还没有答复。</Text>
      )}
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import { REPORT_CATEGORIES, REPORT_STATUS_LABELS, type ReportCategory, type ReportStatus } from '@/core/reports'
import { formatChinaDateTime } from '@/core/time'
import type { ReportSummary } from '@/core/works-view'
import './works.css'

/**
 * Pieces the issue-report pages of residents (packageWorks) and of the office, parties and the
 * district (packageOffice) share: the status tag, the red 已超时 tag, a report's line in a list.
 */

/** "排水" out of "排水（下水道堵、落水管漏、积水）": the category's short name for lists and titles. */
export function categoryName(c: ReportCategory): string {
  return REPORT_CATEGORIES[c].label.split('（')[0]
}

const DONE: readonly ReportStatus[] = ['resolved', 'confirmed']

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  return <Text className={DONE.includes(status) ? 'gj-tag done' : status === 'reopened' ? 'gj-tag' : 'gj-tag publicity'}>{REPORT_STATUS_LABELS[status]}</Text>
}

/** Overdue is said in words (已超时) on a solid red tag, never by colour alone. */
export function OverdueTag({ overdue }: { overdue: boolean }) {
  return overdue ? <Text className="gj-tag overdue">已超时</Text> : null
}

/** "★★★★☆ 4 星" */
export function starsLabel(stars: number): string {
  return `${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} ${stars} 星`
}

/** "应在 2026年12月3日 18:00 前修好" / "已超时：应在 … 前修好". */
export function dueLabel(r: Pick<ReportSummary, 'dueAt' | 'overdue' | 'status'>): string {
  if (r.status === 'resolved' || r.status === 'confirmed') return ''
  return `${r.overdue ? '已超过期限：' : ''}应在 ${formatChinaDateTime(r.dueAt)} 前修好`
}

interface CardProps {
  r: ReportSummary
  onOpen: () => void
  /** Shown above the title (the district's list: which community). */
  prefix?: string
  /** Show who has it (the office's queue). */
  showAssignee?: boolean
}

/** One report in a list: status, overdue, what and where, who has it, due; tapping opens it. */
export function ReportCard({ r, onOpen, prefix, showAssignee }: CardProps) {
  const what = r.itemTitle ? `${r.itemTitle}（${categoryName(r.category)}）` : categoryName(r.category)
  return (
    <View
      className={r.overdue ? 'gj-card overdue' : 'gj-card'}
      role="link"
      aria-label={`${what}，${r.whereLabel}，${REPORT_STATUS_LABELS[r.status]}${r.overdue ? '，已超时' : ''}`}
      onClick={onOpen}
      // Reachable with the keyboard like a link (and a long list scrolls to a focusable element).
      {...({ tabIndex: 0 } as object)}
    >
      <View>
        <ReportStatusTag status={r.status} />
        <OverdueTag overdue={r.overdue} />
        {r.joined && !r.mine && <Text className="gj-tag draft">我也遇到了</Text>}
      </View>
      {prefix && <Text className="gj-muted">{prefix}</Text>}
      <Text className="gj-card-title">{what}</Text>
      <Text className="gj-body">
        {r.whereLabel} · {r.spot}
      </Text>
      <Text className="gj-muted">{r.text.length > 60 ? `${r.text.slice(0, 60)}…` : r.text}</Text>
      {showAssignee && <Text className="gj-body">{r.assignee ? `维修单位：${r.assignee.name}` : '还没有派单'}</Text>}
      {dueLabel(r) && <Text className={r.overdue ? 'gj-body gj-highlight' : 'gj-muted'}>{dueLabel(r)}</Text>}
      <Text className="gj-muted">
        {formatChinaDateTime(r.createdAt)}提交{r.meTooCount > 0 ? ` · 另有 ${r.meTooCount} 位居民也遇到了` : ''}
        {r.rating ? ` · 评价 ${starsLabel(r.rating.stars)}` : ''}
      </Text>
      <Text className="gj-link">查看详情</Text>
    </View>
  )
}

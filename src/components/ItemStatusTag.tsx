import { Text } from '@tarojs/components'
import { ITEM_STATUS_LABELS, type ItemStatus } from '@/core/plan'

/** Where an item stands (拟改造 / 已确定 / 施工中 / 已完工 / 不实施), as words, never only a colour. */
export function ItemStatusTag({ status }: { status: ItemStatus }) {
  return <Text className={`gj-tag status-${status}`}>{ITEM_STATUS_LABELS[status]}</Text>
}

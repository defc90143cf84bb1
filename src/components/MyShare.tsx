import { Text } from '@tarojs/components'
import { yuanLabel } from '@/core/money'
import type { PlanItem } from '@/core/plan'

/** "我家出资 1,234.56 元", or in plain words that my household pays nothing when residents pay nothing. */
export function MyShare({ item, fen, prefix = '' }: { item: Pick<PlanItem, 'funding'>; fen: number; prefix?: string }) {
  return (
    <Text className="gj-share">
      {prefix}
      {item.funding.residents === 0 ? '我家不用出钱（这个项目居民不出资）' : `我家出资 ${yuanLabel(fen)}`}
    </Text>
  )
}

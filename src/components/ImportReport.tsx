import { Text, View } from '@tarojs/components'
import type { RowError } from '@/services/api'

/** The row-by-row list of problems in an Excel file that was refused (nothing was imported). */
export function ImportReport({ errors, title = '没有导入任何数据' }: { errors: RowError[]; title?: string }) {
  if (errors.length === 0) return null
  const shown = errors.slice(0, 200)
  return (
    <View className="gj-card" role="region" aria-label="导入错误清单">
      <Text className="gj-card-title">错误清单（共 {errors.length} 处，{title}）</Text>
      {shown.map((e, i) => (
        <Text key={i} className="gj-body">
          {e.row > 0 ? `第 ${e.row} 行` : ''}「{e.column}」：{e.message}
        </Text>
      ))}
      {errors.length > shown.length && <Text className="gj-muted">其余 {errors.length - shown.length} 处未列出，请先改正以上错误。</Text>}
    </View>
  )
}

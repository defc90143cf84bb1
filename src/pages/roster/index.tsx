import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { formatArea } from '@/core/roster'
import { ActionButton } from '@/components/ActionButton'
import { ImportReport } from '@/components/ImportReport'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useExcelImport } from '@/hooks/useExcelImport'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { saveExport } from '@/services/files'
import { householdsApi } from '@/services/households'

const PAGE = 30

/** Office: the household roster of my community: search, import from Excel, export, edit, print codes. */
export default function Roster() {
  const { me } = useSession()
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const [limit, setLimit] = useState(PAGE)
  const list = useRemote(() => householdsApi.list({ q: search || undefined, limit }), [search, limit])
  const importer = useExcelImport(householdsApi.import, me?.community?._id, list.reload)
  const exporter = useSubmit()
  const exportFile = () => exporter.submit(() => saveExport(householdsApi.export))

  const r = importer.result
  return (
    <Screen>
      <Text className="gj-title">住户名册</Text>
      <View className="gj-actions">
        <ActionButton primary loading={importer.busy} onClick={importer.start}>
          从 Excel 导入名册
        </ActionButton>
        <ActionButton loading={exporter.busy} onClick={exportFile}>导出名册到 Excel</ActionButton>
        <ActionButton onClick={() => Taro.navigateTo({ url: '/pages/print-codes/index' })}>打印绑定码</ActionButton>
        <ActionButton onClick={() => Taro.navigateTo({ url: '/pages/bind-requests/index' })}>处理绑定申请</ActionButton>
        <ActionButton onClick={() => Taro.navigateTo({ url: '/pages/audit/index' })}>变更记录</ActionButton>
      </View>
      <ErrorNote message={importer.error ?? exporter.error} />
      <ImportReport errors={importer.rowErrors} />
      {r && (
        <OkNote
          message={`导入完成：新增 ${r.created} 户，更新 ${r.updated} 户，未变 ${r.unchanged} 户${r.notInFile.length ? `；名册里有 ${r.notInFile.length} 户不在这个文件中，已保留` : ''}。`}
        />
      )}
      <TextField id="q" label="查找（房号或业主姓名）" value={q} maxLength={20} placeholder="例如 501 或 王" onChange={setQ} />
      <View className="gj-actions">
        <ActionButton onClick={() => setSearch(q.trim())}>查找</ActionButton>
      </View>
      <ErrorNote message={list.error} />
      {list.data && <Text className="gj-muted">共 {list.data.total} 户</Text>}
      {list.data?.items.map((h) => (
        <View
          key={h._id}
          className="gj-card"
          role="link"
          aria-label={h.label}
          onClick={() => Taro.navigateTo({ url: `/pages/household-edit/index?id=${encodeURIComponent(h._id)}` })}
        >
          <Text className="gj-card-title">{h.label}</Text>
          <Text className="gj-muted">
            {h.floor} 层 · {formatArea(h.areaCentiM2)} ㎡ ·{' '}
            {h.developerUnsold ? '开发商未售' : h.owners.map((o) => o.name).join('、')}
            {h.coOwned ? ' · 共有' : ''}
            {h.tenantOccupied ? ' · 出租' : ''}
          </Text>
        </View>
      ))}
      {list.data && list.data.total > list.data.items.length && (
        <View className="gj-actions">
          <ActionButton onClick={() => setLimit(limit + PAGE)}>加载更多</ActionButton>
        </View>
      )}
    </Screen>
  )
}

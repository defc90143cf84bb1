import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { MANAGEMENT_LABELS, OWNERSHIP_LABELS } from '@/core/ledger'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ImportReport } from '@/components/ImportReport'
import { ErrorNote, OkNote } from '@/components/Notes'
import { Screen } from '@/components/Screen'
import { useExcelImport } from '@/hooks/useExcelImport'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { saveExport } from '@/services/files'
import { ledgerApi } from '@/services/ledger'

type Filter = 'all' | 'eligible' | 'ineligible'

/** District: the ledger of communities (项目库/台账) with eligibility; import and export as Excel. */
export default function Ledger() {
  const { me } = useSession()
  const [filter, setFilter] = useState<Filter>('all')
  const list = useRemote(() => ledgerApi.list({ eligible: filter === 'all' ? undefined : filter === 'eligible', limit: 200 }), [filter])
  const importer = useExcelImport(ledgerApi.import, me?.district?._id, list.reload)
  const exporter = useSubmit()
  const exportFile = () => exporter.submit(() => saveExport(ledgerApi.export))

  return (
    <Screen>
      <Text className="gj-title">{me?.district?.name ?? ''}老旧小区项目库</Text>
      <View className="gj-actions">
        <ActionButton primary loading={importer.busy} onClick={importer.start}>
          从 Excel 导入台账
        </ActionButton>
        <ActionButton loading={exporter.busy} onClick={exportFile}>导出台账到 Excel</ActionButton>
      </View>
      <ErrorNote message={importer.error ?? exporter.error ?? list.error} />
      <ImportReport errors={importer.rowErrors} />
      {importer.result && (
        <OkNote message={`导入完成：新增 ${importer.result.created} 个小区，更新 ${importer.result.updated} 个，未变 ${importer.result.unchanged} 个。`} />
      )}
      <Choice
        label="显示"
        options={[
          { value: 'all', label: '全部' },
          { value: 'eligible', label: '符合改造条件' },
          { value: 'ineligible', label: '不符合' },
        ]}
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
      />
      {list.data && <Text className="gj-muted">共 {list.data.total} 个小区</Text>}
      {list.data?.items.map((c) => (
        <View key={c._id} className="gj-card">
          <Text className="gj-card-title">{c.name}</Text>
          <Text className="gj-muted">
            {c.street} · {c.yearBuilt} 年建成 · {c.buildingCount} 栋 {c.householdCount} 户 · {OWNERSHIP_LABELS[c.ownershipType]} ·{' '}
            {MANAGEMENT_LABELS[c.management]}
            {c.batchYear ? ` · ${c.batchYear} 年批次` : ''}
          </Text>
          <Text className={c.eligibility.eligible ? 'gj-tag publicity' : 'gj-tag'}>
            {c.eligibility.eligible ? '符合改造条件' : `不符合：${c.eligibility.reasons.join('；')}`}
          </Text>
        </View>
      ))}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import * as z from 'zod/mini'
import { DOC_TITLE_MAX, STAGE_LABELS, stageDocumentSchema, type StageDocument } from '@/core/stages'
import { ActionButton } from '@/components/ActionButton'
import { ErrorNote } from '@/components/Notes'
import { PhotoPicker } from '@/components/PhotoPicker'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useRemote } from '@/hooks/useRemote'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { plansApi } from '@/services/plans'

/** As the `plans` function accepts (cloudfunctions/plans/schemas.ts). */
const NOTE_MAX = 200
const DOCUMENTS_MAX = 10

const emptyDoc = (): StageDocument => ({ title: '', reference: '', photos: [] })

/**
 * Office: move the project to its next stage with a note and the documents that back it
 * (批复、评审报告、中标通知书…). The gate problems are shown; the backend decides.
 */
export default function StageAdvance() {
  useSession()
  const remote = useRemote(() => plansApi.getDraft())
  const [note, setNote] = useState('')
  const [docs, setDocs] = useState<StageDocument[]>([])
  const { busy, error, setError, submit } = useSubmit()
  const view = remote.data

  const setDoc = (i: number, patch: Partial<StageDocument>) => setDocs((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)))

  if (!view) {
    return (
      <Screen>
        <Text className="gj-title">推进项目阶段</Text>
        <ErrorNote message={remote.error} />
        {remote.loading && <Text className="gj-muted">正在加载…</Text>}
        {!remote.loading && !remote.error && <Text className="gj-body">本小区还没有改造方案。</Text>}
      </Screen>
    )
  }

  const { plan, gate } = view
  const next = gate.next

  async function advance() {
    if (!next) return
    const checked: StageDocument[] = []
    for (const [i, d] of docs.entries()) {
      const parsed = z.safeParse(stageDocumentSchema, d)
      if (!parsed.success) return setError(`第 ${i + 1} 份文件：${parsed.error.issues[0]?.message ?? '填写有误'}。`)
      checked.push(parsed.data)
    }
    if (note.trim().length > NOTE_MAX) return setError(`说明不能超过 ${NOTE_MAX} 个字。`)
    await submit(async () => {
      await plansApi.advance(plan.version, next, note.trim(), checked)
      await Taro.showToast({ title: `已进入${STAGE_LABELS[next]}`, icon: 'success' })
      await Taro.redirectTo({ url: '/pages/timeline/index' })
    })
  }

  return (
    <Screen>
      <Text className="gj-title">推进项目阶段</Text>
      <Text className="gj-body">当前阶段：{STAGE_LABELS[plan.stage]}</Text>
      {!next ? (
        <Text className="gj-body">已经是最后一个阶段（{STAGE_LABELS[plan.stage]}），不需要再推进。</Text>
      ) : (
        <View>
          <Text className="gj-body">下一阶段：{STAGE_LABELS[next]}</Text>
          {gate.problems.length > 0 && (
            <View className="gj-card" role="region" aria-label="还不满足的条件">
              <Text className="gj-card-title">系统检查发现还不满足的条件</Text>
              <View role="list">
                {gate.problems.map((p) => (
                  <Text key={p} className="gj-body" role="listitem">
                    · {p}
                  </Text>
                ))}
              </View>
              <Text className="gj-muted">情况有变化时仍可提交，提交时系统会按最新情况再检查一次。</Text>
            </View>
          )}
          {gate.documentNeeded && (
            <Text className="gj-muted">进入“{STAGE_LABELS[next]}”需要附上：{gate.documentNeeded}（填写文件名称、文号，并拍照上传）。</Text>
          )}
          <TextField
            id="stage-note"
            label="说明（可不填）"
            multiline
            showCount
            value={note}
            maxLength={NOTE_MAX}
            placeholder="例如：公示期满，异议均已答复"
            onChange={setNote}
          />
          <Text className="gj-subtitle">附上的文件（{docs.length} 份）</Text>
          {docs.map((d, i) => (
            <View key={i} className="gj-card" role="group" aria-label={`第 ${i + 1} 份文件`}>
              <TextField
                id={`doc-title-${i}`}
                label={`第 ${i + 1} 份文件名称`}
                value={d.title}
                maxLength={DOC_TITLE_MAX}
                placeholder={gate.documentNeeded ?? '例如：立项批复文件'}
                onChange={(v) => setDoc(i, { title: v })}
              />
              <TextField
                id={`doc-ref-${i}`}
                label={`第 ${i + 1} 份文件文号（可不填）`}
                value={d.reference}
                maxLength={60}
                placeholder="例如：汴住建〔2026〕12号"
                onChange={(v) => setDoc(i, { reference: v })}
              />
              <PhotoPicker label={`第 ${i + 1} 份文件的照片`} value={d.photos} max={9} onChange={(photos) => setDoc(i, { photos })} />
              <View className="gj-actions">
                <ActionButton onClick={() => setDocs((ds) => ds.filter((_, j) => j !== i))}>删除第 {i + 1} 份文件</ActionButton>
              </View>
            </View>
          ))}
          {docs.length < DOCUMENTS_MAX ? (
            <View className="gj-actions">
              <ActionButton onClick={() => setDocs((ds) => [...ds, emptyDoc()])}>添加文件</ActionButton>
            </View>
          ) : (
            <Text className="gj-muted">每次最多附 {DOCUMENTS_MAX} 份文件。</Text>
          )}
          <ErrorNote message={error} />
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void advance()}>
              确认进入“{STAGE_LABELS[next]}”
            </ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { CATEGORIES, CATEGORY_LABELS, MENU, menuEntry, type Category } from '@/core/menu'
import { yuanLabel } from '@/core/money'
import {
  DECISION_KINDS,
  DECISION_LABELS,
  defaultFloorWeight,
  FUNDING_LABELS,
  FUNDING_PARTS,
  ITEM_PHOTOS_MAX,
  ITEM_TEXT_MAX,
  ITEM_TITLE_MAX,
  SHARE_RULE_LABELS,
  SHARE_RULES,
  scopeLabel,
  type DecisionKind,
  type PlanItem,
  type Scope,
  type ShareRule,
} from '@/core/plan'
import type { DraftView } from '@/core/plan-view'
import { ActionButton } from '@/components/ActionButton'
import { Choice } from '@/components/Choice'
import { ErrorNote } from '@/components/Notes'
import { PhotoGrid } from '@/components/PhotoGrid'
import { PhotoPicker } from '@/components/PhotoPicker'
import { Screen } from '@/components/Screen'
import { TextField } from '@/components/TextField'
import { useSession } from '@/hooks/useSession'
import { useSubmit } from '@/hooks/useSubmit'
import { messageOf } from '@/services/api'
import { plansApi } from '@/services/plans'
import {
  AMOUNT_HINT,
  amountOf,
  applyMenu,
  emptyForm,
  fillResidents,
  floorWeightText,
  formFromItem,
  fundingLine,
  setFloorWeight,
  toFields,
  type ItemForm,
} from './form'

const SHARE_RULE_HELP: Record<ShareRule, string> = {
  equal: '范围内每户出一样多。',
  area: '按不动产登记的专有面积分摊，面积大的多出。',
  floor: '按楼层系数分摊，楼层高的多出（常用于加装电梯，一楼通常为 0）。',
}

const DECISION_HELP: Record<DecisionKind, string> = {
  survey: '只听取居民意见，结果不具约束力。',
  ordinary: '参与表决的业主中，专有面积和人数都过半数同意才通过。',
  major: '参与表决的业主中，专有面积和人数都达到四分之三同意才通过。',
}

const SCOPE_OPTIONS = [
  { value: 'community', label: '全小区' },
  { value: 'buildings', label: '指定楼栋' },
  { value: 'unit', label: '某个单元' },
]

const PLAN_PAGE = '/pages/plan-edit/index'

async function backToPlan() {
  try {
    await Taro.navigateBack()
  } catch {
    await Taro.redirectTo({ url: PLAN_PAGE })
  }
}

/** Floors of the building(s) the scope names: the rows of the floor weight table (null when unknown). */
function floorsOf(form: ItemForm, draft: DraftView): number | null {
  const floorsOfBuilding = (id: string | undefined) => draft.buildings.find((b) => b._id === id)?.floors ?? null
  if (form.scopeKind === 'unit') return floorsOfBuilding(draft.units.find((u) => u._id === form.unitId)?.buildingId)
  if (form.scopeKind === 'buildings') {
    const known = form.buildingIds.map(floorsOfBuilding).filter((f): f is number => f !== null)
    return known.length > 0 ? Math.max(...known) : null
  }
  return null
}

function scopeOf(form: ItemForm): Scope {
  if (form.scopeKind === 'buildings') return { kind: 'buildings', buildingIds: form.buildingIds }
  if (form.scopeKind === 'unit') return { kind: 'unit', unitId: form.unitId }
  return { kind: 'community' }
}

/** A chip that is on or off (several may be on), as a checkbox for screen readers. */
function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <Text role="checkbox" aria-checked={checked} className={checked ? 'gj-choice selected' : 'gj-choice'} onClick={() => onChange(!checked)}>
      {label}
    </Text>
  )
}

/** The item as it stands in a published edition: read only. */
function ItemSummary({ item, draft }: { item: PlanItem; draft: DraftView }) {
  return (
    <View className="gj-card">
      <Text className="gj-card-title">{item.title}</Text>
      <Text className="gj-body">
        {CATEGORY_LABELS[item.category]} · {scopeLabel(item.scope, draft)} · {DECISION_LABELS[item.decisionKind]}
      </Text>
      {item.description && <Text className="gj-body">{item.description}</Text>}
      <PhotoGrid fileIDs={item.photos} />
      <Text className="gj-body">估算费用：{yuanLabel(item.costFen)}</Text>
      {FUNDING_PARTS.filter((p) => item.funding[p] > 0).map((p) => (
        <Text key={p} className="gj-body">
          {FUNDING_LABELS[p]}：{yuanLabel(item.funding[p])}
        </Text>
      ))}
      {item.donationNote && <Text className="gj-muted">捐赠说明：{item.donationNote}</Text>}
      <Text className="gj-body">居民出资分摊方式：{SHARE_RULE_LABELS[item.shareRule]}</Text>
      {item.shareRule === 'floor' && item.floorWeights && (
        <Text className="gj-muted">楼层系数：{item.floorWeights.map((w, i) => `${i + 1}层 ${w}`).join('，')}</Text>
      )}
    </View>
  )
}

/**
 * Office: one item of the draft plan: its type from the menu, scope, description, photos, cost,
 * who pays what (with a live sum against the cost), how residents' part is shared and how the
 * owners decide. A published edition is read only.
 */
export default function PlanItemEdit() {
  useSession()
  const itemId = useRouter().params.id || undefined
  const [draft, setDraft] = useState<DraftView | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [form, setForm] = useState<ItemForm>(emptyForm)
  const [menuOpen, setMenuOpen] = useState(!itemId)
  const [amountNote, setAmountNote] = useState<string | null>(null)
  const [deleting, setDeleting] = useState(false)
  const { busy, error, setError, submit } = useSubmit()

  useEffect(() => {
    plansApi
      .getDraft()
      .then((d) => {
        if (!d) return setLoadError('本小区还没有改造方案，请先在“改造方案”页面创建方案。')
        setDraft(d)
        const item = itemId ? d.plan.items.find((i) => i._id === itemId) : undefined
        if (itemId && !item) return setLoadError('没有找到这个项目，它可能已被删除。')
        if (item) setForm(formFromItem(item))
      })
      .catch((e) => setLoadError(messageOf(e)))
  }, [itemId])

  const item = itemId ? draft?.plan.items.find((i) => i._id === itemId) : undefined
  const title = itemId ? '修改改造项目' : '添加改造项目'
  const update = (patch: Partial<ItemForm>) => setForm((f) => ({ ...f, ...patch }))

  if (!draft) {
    return (
      <Screen>
        <Text className="gj-title">{title}</Text>
        <ErrorNote message={loadError} />
        {!loadError && <Text className="gj-muted">正在加载…</Text>}
      </Screen>
    )
  }

  if (draft.plan.status !== 'draft') {
    return (
      <Screen>
        <Text className="gj-title">{item ? item.title : title}</Text>
        <Text className="gj-error">已发布的版本不能修改，请先修订方案（在“改造方案”页面点“修订方案”）。</Text>
        <ErrorNote message={loadError} />
        {item && <ItemSummary item={item} draft={draft} />}
        <View className="gj-actions">
          <ActionButton onClick={() => void backToPlan()}>返回改造方案</ActionButton>
        </View>
      </Screen>
    )
  }

  const floors = floorsOf(form, draft)
  const line = fundingLine(form)
  const version = draft.plan.version
  const menu = menuEntry(form.menuKey)
  const badCost = form.cost.trim() !== '' && amountOf(form.cost) === null

  async function save() {
    setAmountNote(null)
    const result = toFields(form, floors)
    if ('error' in result) return setError(result.error)
    await submit(async () => {
      await plansApi.saveItem(version, result.fields, itemId)
      await Taro.showToast({ title: '已保存', icon: 'success' })
      await backToPlan()
    })
  }

  async function remove() {
    if (!itemId) return
    await submit(async () => {
      await plansApi.removeItem(version, itemId)
      await Taro.showToast({ title: '已删除', icon: 'success' })
      await backToPlan()
    })
  }

  function fillRest() {
    const filled = fillResidents(form)
    if (typeof filled === 'string') return setAmountNote(filled)
    setAmountNote(null)
    setForm(filled)
  }

  return (
    <Screen>
      <Text className="gj-title">{title}</Text>
      <Text className="gj-muted">
        {draft.plan.title} · 草稿 第{draft.plan.edition}版
      </Text>
      <ErrorNote message={error ?? loadError} />

      <View className="gj-field">
        <Text className="gj-label">项目类型：{menu ? `${menu.label}（${CATEGORY_LABELS[menu.category]}）` : '还没有选择'}</Text>
        {!menuOpen && (
          <Text className="gj-link" role="button" onClick={() => setMenuOpen(true)}>
            换一个项目类型
          </Text>
        )}
      </View>
      {menuOpen &&
        CATEGORIES.map((c) => (
          <Choice
            key={c}
            label={`从改造菜单选择：${CATEGORY_LABELS[c]}`}
            options={MENU.filter((m) => m.category === c).map((m) => ({ value: m.key, label: m.label }))}
            value={form.menuKey}
            onChange={(key) => {
              const entry = menuEntry(key)
              if (!entry) return
              setForm((f) => applyMenu(f, entry, menuEntry(f.menuKey)))
              setMenuOpen(false)
            }}
          />
        ))}
      {menu?.utility && <Text className="gj-muted">这类管线由管线单位对自有管线出资，请在“{FUNDING_LABELS.utility}”一栏填写。</Text>}

      <TextField id="item-title" label="项目名称" showCount value={form.title} maxLength={ITEM_TITLE_MAX} onChange={(v) => update({ title: v })} />
      <Choice
        label="类别"
        options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
        value={form.category}
        onChange={(v) => update({ category: v as Category })}
      />

      <Choice label="范围" options={SCOPE_OPTIONS} value={form.scopeKind} onChange={(v) => update({ scopeKind: v as Scope['kind'] })} />
      {form.scopeKind === 'buildings' && (
        <View className="gj-field" role="group" aria-label="选择楼栋">
          <Text className="gj-label">选择楼栋（可多选）</Text>
          {draft.buildings.map((b) => (
            <Toggle
              key={b._id}
              label={`${b.number}号楼`}
              checked={form.buildingIds.includes(b._id)}
              onChange={(on) =>
                update({ buildingIds: on ? [...form.buildingIds, b._id] : form.buildingIds.filter((id) => id !== b._id) })
              }
            />
          ))}
          {draft.buildings.length === 0 && <Text className="gj-muted">住户名册里还没有楼栋。</Text>}
        </View>
      )}
      {form.scopeKind === 'unit' && (
        <Choice
          label="选择单元"
          options={draft.units.map((u) => ({
            value: u._id,
            label: `${draft.buildings.find((b) => b._id === u.buildingId)?.number ?? '?'}号楼${u.number}单元`,
          }))}
          value={form.unitId}
          onChange={(v) => update({ unitId: v })}
        />
      )}
      {(form.scopeKind === 'community' || form.buildingIds.length > 0 || form.unitId) && (
        <Text className="gj-muted">范围：{scopeLabel(scopeOf(form), draft)}</Text>
      )}

      <TextField
        id="item-description"
        label="说明（现状、做法、位置）"
        multiline
        showCount
        value={form.description}
        maxLength={ITEM_TEXT_MAX}
        onChange={(v) => update({ description: v })}
      />
      <PhotoPicker label="现状照片" value={form.photos} max={ITEM_PHOTOS_MAX} onChange={(photos) => update({ photos })} />

      <TextField id="item-cost" label="估算费用（元）" value={form.cost} maxLength={16} placeholder="例如 120000" onChange={(v) => update({ cost: v })} />
      {badCost && <Text className="gj-error">{AMOUNT_HINT}</Text>}

      <Text className="gj-subtitle">谁出资（元，不出资的留空）</Text>
      {FUNDING_PARTS.map((p) => (
        <View key={p}>
          <TextField
            id={`funding-${p}`}
            label={FUNDING_LABELS[p]}
            value={form.funding[p]}
            maxLength={16}
            onChange={(v) => update({ funding: { ...form.funding, [p]: v } })}
          />
          {amountOf(form.funding[p]) === null && <Text className="gj-error">{AMOUNT_HINT}</Text>}
        </View>
      ))}
      <Text className={line.balanced ? 'gj-ok' : 'gj-meter-label'} role="status" aria-live="polite">
        {line.text}
      </Text>
      <View className="gj-actions">
        <ActionButton onClick={fillRest}>其余由居民出资</ActionButton>
      </View>
      <ErrorNote message={amountNote} />
      <TextField
        id="item-donation"
        label="捐赠说明（可不填，如捐赠材料、劳务的折价）"
        value={form.donationNote}
        maxLength={200}
        onChange={(v) => update({ donationNote: v })}
      />

      <Choice
        label="居民出资的分摊方式"
        options={SHARE_RULES.map((r) => ({ value: r, label: SHARE_RULE_LABELS[r] }))}
        value={form.shareRule}
        onChange={(v) => update({ shareRule: v as ShareRule })}
      />
      <Text className="gj-muted">{SHARE_RULE_HELP[form.shareRule]}</Text>
      {form.shareRule === 'floor' && (
        <View className="gj-card" role="group" aria-label="楼层系数">
          <Text className="gj-card-title">楼层系数（每层一个整数，一楼通常为 0）</Text>
          {form.scopeKind === 'community' && <Text className="gj-error">按楼层系数分摊只适用于某栋楼或某个单元，请先选择范围。</Text>}
          {form.scopeKind !== 'community' && floors === null && form.floorWeights.length === 0 && (
            <Text className="gj-muted">
              还不知道这栋楼有几层，将按默认系数计算（一楼 0，二楼起每层为“2×楼层−1”，如二楼 3、三楼 5）。
            </Text>
          )}
          {Array.from({ length: floors ?? form.floorWeights.length }, (_, i) => i + 1).map((floor) => (
            <TextField
              key={floor}
              id={`floor-weight-${floor}`}
              label={`第 ${floor} 层系数（默认 ${defaultFloorWeight(floor)}）`}
              value={floorWeightText(form, floor)}
              maxLength={4}
              onChange={(v) => setForm((f) => setFloorWeight(f, floor, v, floors ?? f.floorWeights.length))}
            />
          ))}
        </View>
      )}

      <Choice
        label="决策方式"
        options={DECISION_KINDS.map((k) => ({ value: k, label: DECISION_LABELS[k] }))}
        value={form.decisionKind}
        onChange={(v) => update({ decisionKind: v as DecisionKind })}
      />
      <Text className="gj-muted">{DECISION_HELP[form.decisionKind]}</Text>

      {error && <Text className="gj-error">{error}</Text>}
      <View className="gj-actions">
        <ActionButton primary loading={busy} onClick={() => void save()}>
          保存项目
        </ActionButton>
        {itemId && !deleting && <ActionButton onClick={() => setDeleting(true)}>删除这个项目</ActionButton>}
      </View>
      {deleting && (
        <View className="gj-card">
          <Text className="gj-card-title">确定要删除“{item?.title ?? form.title}”吗？删除后需要重新添加。</Text>
          <View className="gj-actions">
            <ActionButton primary loading={busy} onClick={() => void remove()}>
              确认删除
            </ActionButton>
            <ActionButton onClick={() => setDeleting(false)}>不删除</ActionButton>
          </View>
        </View>
      )}
    </Screen>
  )
}

import { parseYuan } from '@/core/money'
import { menuEntry } from '@/core/menu'
import { applyMenu, emptyForm, fenToInput, fillResidents, fundingLine, toFields, type ItemForm } from '@/pages/plan-item-edit/form'

/** The office's item form (src/pages/plan-item-edit/form.ts): what it types ⇄ ItemFields, in exact fen. */

const form = (over: Partial<ItemForm> = {}): ItemForm => ({ ...emptyForm(), menuKey: 'roads', title: '道路', ...over })
const funding = (parts: Partial<ItemForm['funding']>) => ({ ...emptyForm().funding, ...parts })

test.each([0, 1, 5, 50, 100, 1_234_56, 12_000_000_00, 9_999_999_999])('fenToInput(%i) reads back exactly with parseYuan', (fen) => {
  expect(parseYuan(fenToInput(fen))).toBe(fen)
})

test.each([
  ['short of the cost', '100', { central: '30.01' }, '各方合计 30.01 元 / 估算费用 100.00 元（还差 69.99 元）', false],
  ['over the cost', '100', { central: '60', city: '40.5' }, '各方合计 100.50 元 / 估算费用 100.00 元（多出 0.50 元）', false],
  ['equal', '0.3', { central: '0.1', city: '0.2' }, '各方合计 0.30 元 / 估算费用 0.30 元（正好相等）', true],
  ['no cost yet', '', { central: '5' }, '各方合计 5.00 元 / 估算费用还没有填写', false],
  ['a bad part', '100', { central: 'abc' }, '有一项出资金额格式不对，暂时无法合计。', false],
] as const)('the live funding line: %s', (_name, cost, parts, text, balanced) => {
  expect(fundingLine(form({ cost, funding: funding(parts) }))).toMatchObject({ text, balanced })
})

test('0.1 + 0.2 yuan are 30 fen exactly (no float sums)', () => {
  const filled = fillResidents(form({ cost: '0.3', funding: funding({ central: '0.1', city: '0.2' }) }))
  expect(typeof filled === 'string' ? filled : filled.funding.residents).toBe('0')
})

test('fillResidents gives residents the rest, or says why not', () => {
  const filled = fillResidents(form({ cost: '1000.05', funding: funding({ central: '600', residents: '9' }) }))
  expect(typeof filled === 'string' ? filled : filled.funding.residents).toBe('400.05')
  expect(fillResidents(form({ cost: '' }))).toMatch(/请先填写估算费用/)
  expect(fillResidents(form({ cost: '10', funding: funding({ city: '11' }) }))).toMatch(/已超过估算费用/)
})

test('picking a menu entry keeps a title the office wrote, follows the entry otherwise', () => {
  const roof = menuEntry('roof')!
  const elevator = menuEntry('elevator')!
  const picked = applyMenu(emptyForm(), roof, undefined)
  expect(picked).toMatchObject({ menuKey: 'roof', title: '屋面防水', decisionKind: 'major', shareRule: 'area', scopeKind: 'community' })
  expect(applyMenu(picked, elevator, roof)).toMatchObject({ title: '加装电梯', scopeKind: 'unit', shareRule: 'floor', category: 'upgrade' })
  expect(applyMenu({ ...picked, title: '3号楼屋面' }, elevator, roof).title).toBe('3号楼屋面')
})

test('toFields: floor weights for every floor of a known building, none (defaults) when the floors are unknown', () => {
  const elevator = form({ menuKey: 'elevator', title: '电梯', scopeKind: 'unit', unitId: 'u1', shareRule: 'floor', cost: '10', funding: funding({ residents: '10' }), floorWeights: ['0', '1'] })
  const known = toFields(elevator, 4)
  expect('fields' in known && known.fields.floorWeights).toEqual([0, 1, 5, 7])
  const unknown = toFields({ ...elevator, floorWeights: [] }, null)
  expect('fields' in unknown && unknown.fields.floorWeights).toBeUndefined()
  expect(toFields({ ...elevator, floorWeights: ['0', '-1'] }, 2)).toEqual({ error: '第 2 层的楼层系数应为 0 到 1000 的整数。' })
  // Other rules never send a table.
  const area = toFields({ ...elevator, shareRule: 'area' }, 4)
  expect('fields' in area && 'floorWeights' in area.fields).toBe(false)
})

test('toFields refuses what the office can fix on the page, in Chinese', () => {
  expect(toFields(form({ menuKey: '' }), null)).toEqual({ error: '请先选择项目类型。' })
  expect(toFields(form({ cost: '-5' }), null)).toEqual({ error: '估算费用：请输入金额，例如 12000 或 12000.50。' })
  expect(toFields(form({ cost: '5', funding: funding({ city: '1.234' }) }), null)).toEqual({ error: '「市级资金」：请输入金额，例如 12000 或 12000.50。' })
  expect(toFields(form({ cost: '5', scopeKind: 'buildings' }), null)).toEqual({ error: '请至少选择一栋楼。' })
  expect(toFields(form({ cost: '5', title: '  ' }), null)).toEqual({ error: '请填写项目名称' })
  expect(toFields(form({ cost: '0' }), null)).toEqual({ error: '估算费用要大于 0' })
})

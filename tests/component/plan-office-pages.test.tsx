import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import type { FeedbackView, DraftView, PlanView } from '@/core/plan-view'
import type { Funding, ItemProgress, Plan, PlanItem } from '@/core/plan'
import FeedbackQueue from '@/pages/feedback-queue/index'
import ItemProgressPage from '@/pages/item-progress/index'
import PlanEdit from '@/pages/plan-edit/index'
import PlanItemEdit from '@/pages/plan-item-edit/index'
import StageAdvance from '@/pages/stage-advance/index'
import { useAccount } from '@/stores/account'
import { fakeBackend, ok } from './fake-backend'

/** The community office's plan pages, driven like the H5 build against a scripted backend. */
const mock = taro as unknown as typeof import('./stubs/taro')

const OFFICE = {
  user: { _id: 'u-off', name: '赵三', role: 'office', roleLabel: '社区工作人员', householdLabel: null },
  community: { _id: 'c-1', name: '汴绣里小区', districtId: 'd', street: '北道门街道', yearBuilt: 1993, buildingCount: 2, householdCount: 40 },
  district: null,
  households: [],
}

const NO_MONEY: Funding = { central: 0, provincial: 0, city: 0, district: 0, propertyUnit: 0, utility: 0, residents: 0, donation: 0 }

const ROOF: PlanItem = {
  _id: 'i-roof',
  menuKey: 'roof',
  title: '1号楼屋面防水',
  category: 'basic',
  scope: { kind: 'buildings', buildingIds: ['b1'] },
  description: '屋面漏水',
  photos: [],
  costFen: 300_000_00,
  funding: { ...NO_MONEY, central: 200_000_00, residents: 100_000_00 },
  shareRule: 'area',
  decisionKind: 'major',
}
const SIGNS: PlanItem = {
  ...ROOF,
  _id: 'i-signs',
  menuKey: 'signs',
  title: '楼门牌标识',
  scope: { kind: 'community' },
  costFen: 3_000_00,
  funding: { ...NO_MONEY, district: 3_000_00 },
  shareRule: 'equal',
  decisionKind: 'survey',
}

function plan(over: Partial<Plan> = {}): Plan {
  return {
    _id: 'plan-c-1',
    communityId: 'c-1',
    title: '汴绣里小区改造方案',
    summary: '一区一策',
    status: 'draft',
    edition: 1,
    items: [],
    publishedEdition: null,
    stage: 'design',
    progress: {},
    version: 4,
    updatedAt: '2026-11-20T02:00:00.000Z',
    updatedBy: 'u-off',
    ...over,
  }
}

function draft(p: Plan, over: Partial<DraftView> = {}): DraftView {
  return {
    plan: p,
    communityName: '汴绣里小区',
    buildings: [
      { _id: 'b1', number: 1, floors: 6 },
      { _id: 'b2', number: 2, floors: null },
    ],
    units: [
      { _id: 'b1-u1', buildingId: 'b1', number: 1 },
      { _id: 'b1-u2', buildingId: 'b1', number: 2 },
      { _id: 'b2-u1', buildingId: 'b2', number: 1 },
    ],
    scopeLabels: { 'i-roof': '1号楼', 'i-signs': '全小区' },
    householdsInScope: { 'i-roof': 24, 'i-signs': 40 },
    openFeedback: { objections: 2, comments: 1 },
    gate: { next: 'publicity', problems: ['方案还没有发布公示。'], documentNeeded: null },
    publicity: { kind: 'none' },
    ...over,
  }
}

const progress = (over: Partial<ItemProgress> = {}): ItemProgress => ({
  status: 'proposed',
  decision: 'pending',
  decisionRef: null,
  updatedAt: '2026-11-21T02:00:00.000Z',
  updatedBy: 'u-off',
  ...over,
})

const typeIn = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })
const click = async (el: HTMLElement) => act(async () => fireEvent.click(el))
const statusLine = () => screen.getByText(/^各方合计/)

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 'token-off')
  useAccount.getState().reset()
})

test('without a plan the office creates one from a title and summary, then sees the draft', async () => {
  let current: DraftView | null = null
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.getDraft': () => ok(current),
    'plans.create': (d) => {
      current = draft(plan({ title: d.title, summary: d.summary, version: 1, stage: 'survey' }))
      return ok(current.plan)
    },
  })
  render(<PlanEdit />)
  await screen.findByText(/本小区还没有改造方案/)
  await click(screen.getByRole('button', { name: '创建方案' }))
  expect(await screen.findByRole('alert')).toHaveTextContent('请填写方案名称')
  expect(sent.filter((s) => s.action === 'create')).toEqual([])
  typeIn(/方案名称/, '  汴绣里小区改造方案 ')
  typeIn(/方案说明/, '先修屋面')
  await click(screen.getByRole('button', { name: '创建方案' }))
  expect(sent.find((s) => s.action === 'create')?.data).toEqual({ title: '汴绣里小区改造方案', summary: '先修屋面' })
  await screen.findByText('草稿 第1版')
  expect(screen.getByRole('button', { name: '添加项目' })).toBeInTheDocument()
  expect(screen.getByText('方案已创建。现在可以添加改造项目了。')).toBeInTheDocument()
  // A new plan is at 调查摸底: publishing waits for 方案设计, and the page says so.
  expect(screen.getByRole('region', { name: '发布公示' })).toHaveTextContent('进入“方案设计”阶段后才能发布方案公示')
})

test('the draft lists items by category with scope, cost, residents part and households; gate problems and feedback counts', async () => {
  fakeBackend({ 'account.me': () => ok(OFFICE), 'plans.getDraft': () => ok(draft(plan({ items: [ROOF, SIGNS] }))) })
  render(<PlanEdit />)
  const basic = await screen.findByRole('region', { name: '基础类' })
  expect(within(basic).getByText('1号楼屋面防水')).toBeInTheDocument()
  expect(within(basic).getByText('范围：1号楼（24 户）')).toBeInTheDocument()
  expect(within(basic).getByText('估算费用 300,000.00 元，其中居民出资 100,000.00 元')).toBeInTheDocument()
  expect(within(basic).getByText('范围：全小区（40 户）')).toBeInTheDocument()
  fireEvent.click(within(basic).getByRole('link', { name: '修改：1号楼屋面防水' }))
  expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/plan-item-edit/index?id=i-roof' })
  // A draft never published has no progress links.
  expect(screen.queryByRole('link', { name: /^进度/ })).toBeNull()
  const stage = screen.getByRole('region', { name: '项目阶段' })
  expect(stage).toHaveTextContent('项目阶段：方案设计')
  expect(stage).toHaveTextContent('下一阶段：方案公示')
  expect(within(stage).getByRole('listitem')).toHaveTextContent('方案还没有发布公示。')
  expect(screen.getByRole('region', { name: '居民意见' })).toHaveTextContent('未答复的公示异议 2 条，意见建议 1 条。')
})

test('publishing asks for days, confirms, sends the days; the published plan offers a new edition and progress links', async () => {
  let current = draft(plan({ items: [ROOF, SIGNS] }))
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.getDraft': () => ok(current),
    'plans.publish': (d) => {
      const p = plan({
        items: [ROOF, SIGNS],
        status: 'published',
        publishedEdition: 1,
        stage: 'publicity',
        version: d.version + 1,
        progress: { 'i-roof': progress(), 'i-signs': progress() },
      })
      current = draft(p, { publicity: { kind: 'running', daysLeft: d.publicityDays, totalDays: d.publicityDays, elapsedDays: 0, endsOn: '2026-12-01' } })
      return ok(p)
    },
    'plans.revise': (d) => {
      current = draft(plan({ ...current.plan, status: 'draft', edition: 2, version: d.version + 1 }))
      return ok(current.plan)
    },
  })
  render(<PlanEdit />)
  const box = await screen.findByRole('region', { name: '发布公示' })
  expect(box).not.toHaveTextContent('后才能发布方案公示')
  expect(within(box).getByLabelText('公示天数')).toHaveValue('7')
  fireEvent.change(within(box).getByLabelText('公示天数'), { target: { value: '0' } })
  await click(within(box).getByRole('button', { name: '发布公示' }))
  expect(within(box).getByRole('alert')).toHaveTextContent('公示天数请填 5 到 90 之间的整数。')
  fireEvent.change(within(box).getByLabelText('公示天数'), { target: { value: '10' } })
  await click(within(box).getByRole('button', { name: '发布公示' }))
  expect(sent.filter((s) => s.action === 'publish')).toEqual([])
  expect(box).toHaveTextContent('确认发布“汴绣里小区改造方案”第1版（2 个项目），公示 10 天？')
  await click(within(box).getByRole('button', { name: '确认发布' }))
  expect(sent.find((s) => s.action === 'publish')?.data).toEqual({ version: 4, publicityDays: 10 })
  await screen.findByText('已发布 第1版')
  expect(screen.getByText('第1版方案已发布，公示 10 天。居民可以在公示期内查看方案并提出异议。')).toBeInTheDocument()
  expect(screen.queryByRole('region', { name: '发布公示' })).toBeNull()
  fireEvent.click(screen.getByRole('link', { name: '进度：1号楼屋面防水' }))
  expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/item-progress/index?id=i-roof' })
  await click(screen.getByRole('button', { name: '修订方案（新建第2版）' }))
  expect(sent.find((s) => s.action === 'revise')?.data).toEqual({ version: 5 })
  await screen.findByText('草稿 第2版')
  expect(screen.getByText(/居民现在看到的仍是第1版/)).toBeInTheDocument()
})

test('a new item: the menu prefills it, the funding line adds up live, 其余由居民出资 fills the rest, and save sends fen', async () => {
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.getDraft': () => ok(draft(plan())),
    'plans.saveItem': () => ok(plan({ version: 5 })),
  })
  render(<PlanItemEdit />)
  fireEvent.click(await screen.findByRole('radio', { name: '小区道路修缮' }))
  expect(screen.getByLabelText(/项目名称/)).toHaveValue('小区道路修缮')
  expect(screen.getByRole('radiogroup', { name: '类别' })).toHaveTextContent('基础类')
  expect(within(screen.getByRole('radiogroup', { name: '类别' })).getByRole('radio', { name: '基础类' })).toHaveAttribute('aria-checked', 'true')
  expect(screen.getByRole('radio', { name: '业主共同决定（一般事项）' })).toHaveAttribute('aria-checked', 'true')
  expect(screen.getByRole('radio', { name: '按专有面积分摊' })).toHaveAttribute('aria-checked', 'true')

  typeIn('估算费用（元）', '12万')
  expect(screen.getByText('请输入金额，例如 12000 或 12000.50')).toBeInTheDocument()
  typeIn('估算费用（元）', '120,000')
  expect(screen.queryByText('请输入金额，例如 12000 或 12000.50')).toBeNull()
  typeIn('中央补助', '50000')
  typeIn('市级资金', '20000.5')
  expect(statusLine()).toHaveTextContent('各方合计 70,000.50 元 / 估算费用 120,000.00 元（还差 49,999.50 元）')
  typeIn('区级资金', '60000')
  expect(statusLine()).toHaveTextContent('（多出 10,000.50 元）')
  typeIn('区级资金', '')
  fireEvent.click(screen.getByRole('button', { name: '其余由居民出资' }))
  expect(screen.getByLabelText('居民出资')).toHaveValue('49999.50')
  expect(statusLine()).toHaveTextContent('各方合计 120,000.00 元 / 估算费用 120,000.00 元（正好相等）')

  await click(screen.getByRole('button', { name: '保存项目' }))
  const save = sent.find((s) => s.action === 'saveItem')
  expect(save?.data).toEqual({
    version: 4,
    item: {
      menuKey: 'roads',
      title: '小区道路修缮',
      category: 'basic',
      scope: { kind: 'community' },
      description: '',
      photos: [],
      costFen: 12_000_000,
      funding: { ...NO_MONEY, central: 5_000_000, city: 2_000_050, residents: 4_999_950 },
      shareRule: 'area',
      decisionKind: 'ordinary',
    },
  })
  await waitFor(() => expect(mock.navigation).toContainEqual({ kind: 'navigateBack', url: '' }))
})

test('other parts above the cost: 其余由居民出资 says so and changes nothing', async () => {
  fakeBackend({ 'account.me': () => ok(OFFICE), 'plans.getDraft': () => ok(draft(plan())) })
  render(<PlanItemEdit />)
  fireEvent.click(await screen.findByRole('radio', { name: '绿化提升' }))
  typeIn('估算费用（元）', '1000')
  typeIn('中央补助', '1200')
  typeIn('居民出资', '5')
  fireEvent.click(screen.getByRole('button', { name: '其余由居民出资' }))
  expect(screen.getByRole('alert')).toHaveTextContent('其他各方合计 1,200.00 元，已超过估算费用 1,000.00 元，请先核对。')
  expect(screen.getByLabelText('居民出资')).toHaveValue('5')
})

test('funding that does not add up is refused by the backend: its message is shown and the form keeps what was typed', async () => {
  const message = '各方出资合计 90,000.00 元，与估算费用 100,000.00 元 不一致（还差 10,000.00 元）。'
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.getDraft': () => ok(draft(plan({ items: [ROOF] }))),
    'plans.saveItem': () => ({ ok: false, code: 'FUNDING_MISMATCH', message }),
  })
  mock.router.params = { id: 'i-roof' }
  render(<PlanItemEdit />)
  expect(await screen.findByLabelText(/项目名称/)).toHaveValue('1号楼屋面防水')
  expect(screen.getByLabelText('估算费用（元）')).toHaveValue('300000')
  expect(screen.getByRole('checkbox', { name: '1号楼' })).toHaveAttribute('aria-checked', 'true')
  typeIn('估算费用（元）', '100000')
  typeIn('中央补助', '80000')
  typeIn('居民出资', '10000')
  await click(screen.getByRole('button', { name: '保存项目' }))
  expect(await screen.findByRole('alert')).toHaveTextContent(message)
  expect(sent.find((s) => s.action === 'saveItem')?.data).toMatchObject({
    version: 4,
    itemId: 'i-roof',
    item: { costFen: 10_000_000, funding: { ...NO_MONEY, central: 8_000_000, residents: 1_000_000 }, scope: { kind: 'buildings', buildingIds: ['b1'] } },
  })
  expect(screen.getByLabelText('估算费用（元）')).toHaveValue('100000')
  expect(screen.getByLabelText('中央补助')).toHaveValue('80000')
  expect(mock.navigation).toEqual([])
})

test('an elevator is per unit with a floor weight table of the unit’s building, prefilled with the defaults', async () => {
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.getDraft': () => ok(draft(plan())),
    'plans.saveItem': () => ok(plan({ version: 5 })),
  })
  render(<PlanItemEdit />)
  fireEvent.click(await screen.findByRole('radio', { name: '加装电梯' }))
  expect(screen.getByRole('radio', { name: '某个单元' })).toHaveAttribute('aria-checked', 'true')
  expect(screen.getByRole('radio', { name: '按楼层系数分摊' })).toHaveAttribute('aria-checked', 'true')
  expect(screen.getByRole('radio', { name: '业主共同决定（重大事项）' })).toHaveAttribute('aria-checked', 'true')
  expect(screen.getByText('参与表决的业主中，专有面积和人数都达到四分之三同意才通过。')).toBeInTheDocument()
  // Building 2's floors are unknown: the defaults apply.
  fireEvent.click(screen.getByRole('radio', { name: '2号楼1单元' }))
  expect(screen.getByText(/还不知道这栋楼有几层/)).toBeInTheDocument()
  expect(screen.queryByLabelText(/第 1 层系数/)).toBeNull()
  fireEvent.click(screen.getByRole('radio', { name: '1号楼1单元' }))
  const table = screen.getByRole('group', { name: '楼层系数' })
  const inputs = within(table).getAllByRole('textbox')
  expect(inputs.map((i) => (i as HTMLInputElement).value)).toEqual(['0', '3', '5', '7', '9', '11'])
  typeIn('第 2 层系数（默认 3）', '2')
  typeIn('估算费用（元）', '600000')
  typeIn('省级补助', '150000')
  fireEvent.click(screen.getByRole('button', { name: '其余由居民出资' }))
  typeIn('第 6 层系数（默认 11）', '1.5')
  await click(screen.getByRole('button', { name: '保存项目' }))
  expect(screen.getByRole('alert')).toHaveTextContent('第 6 层的楼层系数应为 0 到 1000 的整数。')
  expect(sent.filter((s) => s.action === 'saveItem')).toEqual([])
  typeIn('第 6 层系数（默认 11）', '12')
  await click(screen.getByRole('button', { name: '保存项目' }))
  expect(sent.find((s) => s.action === 'saveItem')?.data).toMatchObject({
    item: {
      menuKey: 'elevator',
      title: '加装电梯',
      category: 'upgrade',
      scope: { kind: 'unit', unitId: 'b1-u1' },
      shareRule: 'floor',
      floorWeights: [0, 2, 5, 7, 9, 12],
      decisionKind: 'major',
      costFen: 60_000_000,
      funding: { ...NO_MONEY, provincial: 15_000_000, residents: 45_000_000 },
    },
  })
})

test('an item of a published plan is read only, with the way to change it', async () => {
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.getDraft': () => ok(draft(plan({ items: [ROOF], status: 'published', publishedEdition: 1 }))),
  })
  mock.router.params = { id: 'i-roof' }
  render(<PlanItemEdit />)
  expect(await screen.findByText(/已发布的版本不能修改，请先修订方案/)).toBeInTheDocument()
  expect(screen.getByText('估算费用：300,000.00 元')).toBeInTheDocument()
  expect(screen.getByText('居民出资：100,000.00 元')).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: '保存项目' })).toBeNull()
  expect(screen.queryByRole('textbox')).toBeNull()
  expect(sent.map((s) => s.action)).not.toContain('saveItem')
})

test('deleting an item asks first, then removes it with the plan version', async () => {
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.getDraft': () => ok(draft(plan({ items: [ROOF] }))),
    'plans.removeItem': () => ok(plan({ version: 5 })),
  })
  mock.router.params = { id: 'i-roof' }
  render(<PlanItemEdit />)
  await click(await screen.findByRole('button', { name: '删除这个项目' }))
  expect(sent.filter((s) => s.action === 'removeItem')).toEqual([])
  expect(screen.getByText('确定要删除“1号楼屋面防水”吗？删除后需要重新添加。')).toBeInTheDocument()
  await click(screen.getByRole('button', { name: '确认删除' }))
  expect(sent.find((s) => s.action === 'removeItem')?.data).toEqual({ version: 4, itemId: 'i-roof' })
})

test('stage-advance shows the gate problems, sends note and documents, shows a STAGE_GATE refusal, then opens the timeline', async () => {
  const refusal = '还不能进入“立项”：方案公示期还没有结束。'
  let refuse = true
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.getDraft': () =>
      ok(
        draft(plan({ status: 'published', publishedEdition: 1, stage: 'publicity', version: 9 }), {
          gate: { next: 'approval', problems: ['方案公示期还没有结束。', '还有 2 条公示期异议没有答复。'], documentNeeded: '立项批复文件' },
        }),
      ),
    'plans.advance': (d) => {
      if (refuse) return { ok: false, code: 'STAGE_GATE', message: refusal }
      return ok({ _id: 'sc-1', planId: 'plan-c-1', communityId: 'c-1', from: 'publicity', to: d.to, at: '', byUserId: 'u-off', byName: '赵三', note: d.note, documents: d.documents })
    },
  })
  render(<StageAdvance />)
  const problems = await screen.findByRole('region', { name: '还不满足的条件' })
  expect(within(problems).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['· 方案公示期还没有结束。', '· 还有 2 条公示期异议没有答复。'])
  expect(screen.getByText('当前阶段：方案公示')).toBeInTheDocument()
  expect(screen.getByText(/需要附上：立项批复文件/)).toBeInTheDocument()

  fireEvent.click(screen.getByRole('button', { name: '添加文件' }))
  await click(screen.getByRole('button', { name: '确认进入“立项”' }))
  expect(screen.getByRole('alert')).toHaveTextContent('第 1 份文件：请填写文件名称。')
  expect(sent.filter((s) => s.action === 'advance')).toEqual([])

  typeIn('第 1 份文件名称', '立项批复')
  typeIn('第 1 份文件文号（可不填）', '汴住建〔2026〕12号')
  typeIn(/说明/, '公示期满')
  await click(screen.getByRole('button', { name: '确认进入“立项”' }))
  expect(await screen.findByRole('alert')).toHaveTextContent(refusal)
  expect(mock.navigation).toEqual([])

  refuse = false
  await click(screen.getByRole('button', { name: '确认进入“立项”' }))
  const calls = sent.filter((s) => s.action === 'advance')
  expect(calls).toHaveLength(2)
  expect(calls[1].data).toEqual({
    version: 9,
    to: 'approval',
    note: '公示期满',
    documents: [{ title: '立项批复', reference: '汴住建〔2026〕12号', photos: [] }],
  })
  await waitFor(() => expect(mock.navigation).toContainEqual({ kind: 'redirectTo', url: '/pages/timeline/index' }))
})

function feedback(over: Partial<FeedbackView>): FeedbackView {
  return {
    _id: 'f-1',
    communityId: 'c-1',
    planId: 'plan-c-1',
    edition: 1,
    itemId: 'i-roof',
    itemTitle: '1号楼屋面防水',
    kind: 'objection',
    text: '顶楼漏水严重，应先修3单元。',
    photos: [],
    householdLabel: '1号楼3单元602',
    createdAt: '2026-11-21T02:00:00.000Z',
    reply: null,
    hidden: null,
    mine: false,
    version: 1,
    ...over,
  }
}

test('feedback-queue: filters reach the backend, the office replies, and hiding needs a reason', async () => {
  const objection = feedback({})
  const rude = feedback({ _id: 'f-2', kind: 'comment', itemId: null, itemTitle: null, text: '骂人的话', householdLabel: '2号楼1单元101', version: 3 })
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'feedback.list': () => ok({ items: [objection, rude] }),
    'feedback.reply': (d) => ok({ ...objection, reply: { text: d.text, at: '', byUserId: 'u-off', byName: '赵三' }, version: 2 }),
    'feedback.hide': (d) => ok({ ...rude, hidden: { reason: d.reason, at: '', byUserId: 'u-off' }, version: 4 }),
  })
  render(<FeedbackQueue />)
  const first = await screen.findByRole('article', { name: '1号楼3单元602的公示异议' })
  expect(first).toHaveTextContent('项目：1号楼屋面防水')
  expect(first).toHaveTextContent('顶楼漏水严重，应先修3单元。')
  expect(sent.filter((s) => s.action === 'list').map((s) => s.data)).toEqual([{ open: true }])

  fireEvent.change(within(first).getByLabelText('答复'), { target: { value: '  已安排3单元先施工。 ' } })
  await click(within(first).getByRole('button', { name: '答复' }))
  expect(sent.find((s) => s.action === 'reply')?.data).toEqual({ id: 'f-1', version: 1, text: '已安排3单元先施工。' })
  await screen.findByText('已答复1号楼3单元602的公示异议，对方会收到通知。')

  const second = screen.getByRole('article', { name: '2号楼1单元101的意见建议' })
  await click(within(second).getByRole('button', { name: '隐藏' }))
  await click(within(second).getByRole('button', { name: '确认隐藏' }))
  expect(within(second).getByRole('alert')).toHaveTextContent('请填写隐藏原因')
  expect(sent.filter((s) => s.action === 'hide')).toEqual([])
  fireEvent.change(within(second).getByLabelText('隐藏原因（必填，居民会看到）'), { target: { value: '含有辱骂内容' } })
  await click(within(second).getByRole('button', { name: '确认隐藏' }))
  expect(sent.find((s) => s.action === 'hide')?.data).toEqual({ id: 'f-2', version: 3, reason: '含有辱骂内容' })
  await screen.findByText('已隐藏2号楼1单元101的意见建议，原因已记录。')

  await click(screen.getByRole('radio', { name: '全部' }))
  await click(screen.getByRole('radio', { name: '公示异议' }))
  const filters = sent.filter((s) => s.action === 'list').map((s) => s.data)
  expect(filters).toContainEqual({})
  expect(filters[filters.length - 1]).toEqual({ kind: 'objection' })
})

test('feedback-queue shows an existing reply and a hidden entry with its reason, without actions on the hidden one', async () => {
  fakeBackend({
    'account.me': () => ok(OFFICE),
    'feedback.list': () =>
      ok({
        items: [
          feedback({ reply: { text: '已记录，会转告施工方。', at: '2026-11-22T02:00:00.000Z', byUserId: 'u-off', byName: '赵三' } }),
          feedback({ _id: 'f-9', kind: 'comment', householdLabel: '2号楼1单元101', hidden: { reason: '广告', at: '2026-11-22T03:00:00.000Z', byUserId: 'u-off' } }),
        ],
      }),
  })
  render(<FeedbackQueue />)
  const answered = await screen.findByRole('article', { name: '1号楼3单元602的公示异议' })
  expect(answered).toHaveTextContent('社区答复（赵三，2026年11月22日 10:00）')
  expect(within(answered).getByRole('button', { name: '修改答复' })).toBeInTheDocument()
  const hidden = screen.getByRole('article', { name: '2号楼1单元101的意见建议' })
  expect(hidden).toHaveTextContent('原因：广告')
  expect(within(hidden).queryByRole('button')).toBeNull()
})

test('item-progress records the owners’ decision, then 确定实施, 开始施工 and 已完工, each with the plan version', async () => {
  let p = plan({ items: [ROOF], status: 'published', publishedEdition: 1, stage: 'start', version: 20, progress: { 'i-roof': progress() } })
  const published = (): PlanView => ({
    planId: 'plan-c-1',
    communityId: 'c-1',
    communityName: '汴绣里小区',
    edition: 1,
    editions: [],
    title: p.title,
    summary: p.summary,
    publishedAt: '',
    publicityEndsOn: '2026-11-28',
    publicity: { kind: 'ended', endsOn: '2026-11-28' },
    noticeId: 'n-1',
    stage: p.stage,
    items: [{ ...ROOF, scopeLabel: '1号楼', households: 24, status: p.progress['i-roof'].status, decision: p.progress['i-roof'].decision, decisionRef: p.progress['i-roof'].decisionRef }],
    canEdit: true,
  })
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.get': () => ok(published()),
    'plans.getDraft': () => ok(draft(p)),
    'plans.setProgress': (d) => {
      const { version, itemId, ...change } = d
      if (change.status === 'done') return { ok: false, code: 'INVALID_INPUT', message: '只有施工中的项目才能标记为完工。' }
      p = { ...p, version: version + 1, progress: { [itemId]: { ...p.progress[itemId], ...change } } }
      return ok(p)
    },
  })
  mock.router.params = { id: 'i-roof' }
  render(<ItemProgressPage />)
  await screen.findByText('现在的状态：拟改造')
  expect(screen.queryByRole('button', { name: '确定实施' })).toBeNull()
  await click(screen.getByRole('button', { name: '记录表决结果' }))
  expect(screen.getByRole('alert')).toHaveTextContent('请写明表决结果的依据')
  typeIn(/依据/, '2026年12月业主大会表决结果')
  await click(screen.getByRole('button', { name: '记录表决结果' }))
  await screen.findByText('业主表决结果：通过（依据：2026年12月业主大会表决结果）')
  await click(screen.getByRole('button', { name: '确定实施' }))
  await screen.findByText('现在的状态：已确定')
  await click(screen.getByRole('button', { name: '开始施工' }))
  await screen.findByText('现在的状态：施工中')
  await click(screen.getByRole('button', { name: '已完工' }))
  expect(await screen.findByRole('alert')).toHaveTextContent('只有施工中的项目才能标记为完工。')
  expect(sent.filter((s) => s.action === 'setProgress').map((s) => s.data)).toEqual([
    { version: 20, itemId: 'i-roof', decision: 'passed', decisionRef: '2026年12月业主大会表决结果' },
    { version: 21, itemId: 'i-roof', status: 'chosen' },
    { version: 22, itemId: 'i-roof', status: 'works' },
    { version: 23, itemId: 'i-roof', status: 'done' },
  ])
})

test('item-progress: a rejected vote and 不实施 after a confirmation', async () => {
  let p = plan({ items: [ROOF], status: 'published', publishedEdition: 1, stage: 'approval', version: 7, progress: { 'i-roof': progress() } })
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'plans.get': () => ok({ items: [{ ...ROOF, scopeLabel: '1号楼', households: 24, status: 'proposed', decision: 'pending', decisionRef: null }] }),
    'plans.getDraft': () => ok(draft(p)),
    'plans.setProgress': (d) => {
      const { version, itemId, ...change } = d
      p = { ...p, version: version + 1, progress: { [itemId]: { ...p.progress[itemId], ...change } } }
      return ok(p)
    },
  })
  mock.router.params = { id: 'i-roof' }
  render(<ItemProgressPage />)
  await click(await screen.findByRole('button', { name: '不实施' }))
  expect(sent.filter((s) => s.action === 'setProgress')).toEqual([])
  await click(screen.getByRole('button', { name: '确认不实施' }))
  await screen.findByText('现在的状态：不实施')
  expect(screen.queryByRole('button', { name: '不实施' })).toBeNull()
  expect(sent.filter((s) => s.action === 'setProgress').map((s) => s.data)).toEqual([{ version: 7, itemId: 'i-roof', status: 'dropped' }])
})

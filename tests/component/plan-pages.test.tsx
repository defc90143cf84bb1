import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import { yuanLabel } from '@/core/money'
import Home from '@/pages/home/index'
import FeedbackNew from '@/pages/feedback-new/index'
import MyDoor from '@/pages/my-door/index'
import MyFeedback from '@/pages/my-feedback/index'
import PlanPage from '@/pages/plan/index'
import PlanItemPage from '@/pages/plan-item/index'
import Timeline from '@/pages/timeline/index'
import { useAccount } from '@/stores/account'
import { fakeBackend, ok } from './fake-backend'
import { ENDED, feedback, ME_RESIDENT, mineView, planView, RUNNING, shareFen, timelineView } from './plan-fixtures'
import { report, summary } from './works-fixtures'

/** The residents' pages of the renovation plan (issue 4), driven like the H5 build against a scripted backend. */
const mock = taro as unknown as typeof import('./stubs/taro')

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 't')
  useAccount.getState().reset()
})

function planBackend(over: Record<string, (data: any) => unknown> = {}) {
  return fakeBackend({
    'account.me': () => ok(ME_RESIDENT()),
    'plans.get': () => ok(planView()),
    'plans.mine': (d) => ok(mineView(d.householdId)),
    'feedback.list': () => ok({ items: [] }),
    ...over,
  })
}

const card = (title: string) => screen.getByText(title).closest('.gj-card') as HTMLElement

describe('plan page (改造方案)', () => {
  test('items are grouped by category, and the items in my scope show what my household pays', async () => {
    const sent = planBackend()
    render(<PlanPage />)
    await screen.findByText('汴绣里小区改造方案')
    await waitFor(() => expect(screen.getAllByText(/^我家出资/)).toHaveLength(3))

    const basic = screen.getByRole('region', { name: '基础类' })
    const upgrade = screen.getByRole('region', { name: '提升类' })
    expect(within(basic).getByText('屋面防水')).toBeInTheDocument()
    expect(within(basic).getByText('照明设施')).toBeInTheDocument()
    expect(within(upgrade).getByText('1号楼1单元加装电梯')).toBeInTheDocument()
    expect(within(upgrade).getByText('健身小广场')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: '完善类' })).toBeNull()

    // My share is the one the core allocates to h-1; 照明设施 (2号楼) is not ours.
    expect(within(card('屋面防水')).getByText(`我家出资 ${yuanLabel(shareFen('i-roof', 'h-1'))}`)).toBeInTheDocument()
    expect(within(card('健身小广场')).getByText(`我家出资 ${yuanLabel(shareFen('i-fitness', 'h-1'))}`)).toBeInTheDocument()
    expect(within(card('照明设施')).queryByText(/我家出资/)).toBeNull()
    expect(within(card('屋面防水')).getByText('范围：1号楼（3 户）')).toBeInTheDocument()
    expect(within(card('屋面防水')).getByText('拟改造')).toBeInTheDocument()
    expect(screen.getByText('第2版')).toBeInTheDocument()
    expect(screen.getByText('项目进度：方案公示')).toBeInTheDocument()
    expect(sent.find((s) => s.action === 'mine')?.data).toEqual({ householdId: 'h-1' })

    fireEvent.click(card('屋面防水'))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/plan-item/index?id=i-roof&edition=2' })
  })

  test('"只看与我家有关的项目" hides the items outside my scope, and "全部项目" brings them back', async () => {
    planBackend()
    render(<PlanPage />)
    await waitFor(() => expect(screen.getAllByText(/^我家出资/)).toHaveLength(3))
    fireEvent.click(screen.getByRole('radio', { name: '只看与我家有关的项目' }))
    expect(screen.queryByText('照明设施')).toBeNull()
    expect(screen.getByText('屋面防水')).toBeInTheDocument()
    expect(screen.getByText('健身小广场')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('radio', { name: '全部项目' }))
    expect(screen.getByText('照明设施')).toBeInTheDocument()
  })

  test.each([
    ['running', RUNNING, 1],
    ['ended', ENDED, 0],
  ] as const)('the objection button shows only while the 公示 runs (%s)', async (_name, publicity, count) => {
    planBackend({ 'plans.get': () => ok(planView({ publicity })) })
    render(<PlanPage />)
    await screen.findByText('汴绣里小区改造方案')
    expect(screen.getByText(publicity.kind === 'running' ? '公示期至 2026年12月2日，还剩 3 天' : '公示期已于 2026年11月20日 结束')).toBeInTheDocument()
    expect(screen.queryAllByRole('button', { name: '对方案提出异议' })).toHaveLength(count)
    if (count) {
      fireEvent.click(screen.getByRole('button', { name: '对方案提出异议' }))
      expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/feedback-new/index?kind=objection' })
    }
  })

  test('before any publication the page says the plan is being prepared', async () => {
    planBackend({ 'plans.get': () => ok(null), 'plans.mine': () => ok(null) })
    render(<PlanPage />)
    expect(await screen.findByText('本小区的改造方案还在编制中，发布公示后会在这里显示。')).toBeInTheDocument()
  })

  test('an older edition is marked 旧版本, read-only, without shares or the objection button', async () => {
    mock.router.params = { edition: '1' }
    const sent = planBackend({ 'plans.get': (d) => ok(planView({ edition: d.edition, items: planView().items.slice(0, 2) })) })
    render(<PlanPage />)
    await screen.findByText(/这是第1版（旧版本），已被第2版取代/)
    expect(sent.find((s) => s.action === 'get')?.data).toEqual({ edition: 1 })
    expect(screen.getAllByText('旧版本').length).toBeGreaterThan(0)
    expect(screen.queryByRole('button', { name: '对方案提出异议' })).toBeNull()
    expect(screen.queryByRole('button', { name: '对整个方案留言' })).toBeNull()
    expect(screen.queryByText(/^我家出资/)).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: /第2版（最新）/ }))
    expect(mock.navigation).toContainEqual({ kind: 'redirectTo', url: '/pages/plan/index' })
  })

  test('the newest edition links to the older ones, marked 旧版本', async () => {
    planBackend()
    render(<PlanPage />)
    fireEvent.click(await screen.findByRole('button', { name: /第1版（旧版本）/ }))
    expect(mock.navigation).toContainEqual({ kind: 'redirectTo', url: '/pages/plan/index?edition=1' })
  })

  test('someone with two flats picks which one the shares are for, and the choice is remembered', async () => {
    const two = [
      { householdId: 'h-1', relation: 'owner', label: '1号楼1单元302' },
      { householdId: 'h-4', relation: 'owner', label: '2号楼1单元201' },
    ]
    const sent = planBackend({ 'account.me': () => ok(ME_RESIDENT(two)) })
    render(<PlanPage />)
    await waitFor(() => expect(screen.getAllByText(/^我家出资/)).toHaveLength(3))
    fireEvent.click(screen.getByRole('radio', { name: '2号楼1单元201' }))
    // h-4 is in 照明设施 (no residents' part) and 健身小广场 only.
    await waitFor(() => expect(within(card('照明设施')).getByText('我家不用出钱（这个项目居民不出资）')).toBeInTheDocument())
    expect(within(card('健身小广场')).getByText(`我家出资 ${yuanLabel(shareFen('i-fitness', 'h-4'))}`)).toBeInTheDocument()
    expect(within(card('屋面防水')).queryByText(/我家出资/)).toBeNull()
    expect(sent.filter((s) => s.action === 'mine').map((s) => s.data)).toEqual([{ householdId: 'h-1' }, { householdId: 'h-4' }])
    expect(mock.storage.get('gj.household')).toBe('h-4')
  })
})

describe('item page (项目详情)', () => {
  test('shows the non-zero funding parts with the residents part highlighted, the rule, and my share with its formula', async () => {
    mock.router.params = { id: 'i-elevator', edition: '2' }
    const mine = mineView('h-1')
    const elevator = mine.items.find((m) => m.item._id === 'i-elevator')!
    planBackend({ 'plans.mine': () => ok(mine) })
    render(<PlanItemPage />)
    await screen.findByText('1号楼1单元加装电梯')
    const money = screen.getByRole('list', { name: '资金来源' })
    const rows = within(money).getAllByRole('listitem').map((r) => r.textContent)
    expect(rows).toEqual([`中央补助${yuanLabel(200_000_00)}`, `居民出资${yuanLabel(390_000_00)}`, `社会捐赠（资金、材料、劳务折价）${yuanLabel(10_000_00)}`])
    expect(within(money).getByText('居民出资').closest('[role="listitem"]')).toHaveClass('gj-highlight')
    expect(screen.getByText('捐赠说明：某建材公司捐赠钢材，折价')).toBeInTheDocument()
    expect(screen.getByText(/分摊方式：按楼层系数分摊/)).toBeInTheDocument()
    expect(screen.getByText('决策方式：业主共同决定（重大事项）')).toBeInTheDocument()
    expect(screen.getByText(`估算费用：${yuanLabel(600_000_00)}`)).toBeInTheDocument()
    expect(await screen.findByText(`1号楼1单元302：我家出资 ${yuanLabel(elevator.shareFen)}`)).toBeInTheDocument()
    expect(screen.getByText(`计算方法：${elevator.formula}`)).toBeInTheDocument()
    expect(elevator.formula).toContain('本户楼层系数 5')
  })

  test('comments show the office reply, and a hidden one says it was hidden and why, never its text', async () => {
    mock.router.params = { id: 'i-roof' }
    const sent = planBackend({
      'feedback.list': () =>
        ok({
          items: [
            feedback({ _id: 'f-1', text: '屋顶漏水很严重，请先做。', reply: { text: '已列入第一批。', at: '2026-11-27T02:00:00.000Z', byUserId: 'u-off', byName: '赵三' } }),
            feedback({ _id: 'f-2', text: '', hidden: { reason: '含有辱骂内容', at: '2026-11-27T02:00:00.000Z', byUserId: 'u-off' } }),
          ],
        }),
    })
    render(<PlanItemPage />)
    await screen.findByText('屋面防水')
    expect(await screen.findByText('屋顶漏水很严重，请先做。')).toBeInTheDocument()
    expect(screen.getByText('已列入第一批。')).toBeInTheDocument()
    expect(screen.getByText(/社区答复（赵三/)).toBeInTheDocument()
    expect(screen.getByText('该留言已被社区隐藏，原因：含有辱骂内容')).toBeInTheDocument()
    expect(sent.find((s) => s.fn === 'feedback')?.data).toEqual({ itemId: 'i-roof' })
    fireEvent.click(screen.getByRole('button', { name: '我要留言' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/feedback-new/index?kind=comment&itemId=i-roof' })
  })

  test('an item outside my scope says my household pays nothing for it', async () => {
    mock.router.params = { id: 'i-lights' }
    planBackend()
    render(<PlanItemPage />)
    expect(await screen.findByText('1号楼1单元302不在这个项目的范围内，不需要为它出钱。')).toBeInTheDocument()
    expect(screen.getByText('这个项目居民不出资。')).toBeInTheDocument()
  })
})

describe('feedback-new (我要留言 / 提出公示异议)', () => {
  test('a comment on an item is sent with the household, text and photos, then the resident is told what happens next', async () => {
    mock.router.params = { kind: 'comment', itemId: 'i-roof' }
    const sent = planBackend({ 'feedback.create': (d) => ok(feedback({ _id: 'f-new', ...d, mine: true })) })
    render(<FeedbackNew />)
    await screen.findByText('针对：项目“屋面防水”')
    fireEvent.change(screen.getByLabelText(/您的意见或建议/), { target: { value: '  请用好一点的防水材料  ' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交留言' })))
    expect(await screen.findByRole('status')).toHaveTextContent('已提交，社区答复后会通知您')
    expect(sent.find((s) => s.action === 'create')?.data).toEqual({
      householdId: 'h-1',
      kind: 'comment',
      itemId: 'i-roof',
      text: '请用好一点的防水材料',
      photos: [],
    })
    fireEvent.click(screen.getByRole('button', { name: '返回' }))
    expect(mock.navigation.map((n) => n.kind)).toContain('navigateBack')
  })

  test('an objection names the end of the 公示; a refusal from the backend is shown in Chinese and the text is kept', async () => {
    mock.router.params = { kind: 'objection' }
    const sent = planBackend({
      'feedback.create': () => ({ ok: false, code: 'PUBLICITY_CLOSED', message: '方案不在公示期内，现在不能提出公示异议；您可以留言提意见。' }),
    })
    render(<FeedbackNew />)
    expect(await screen.findByText(/方案公示期至 2026年12月2日（含当天）/)).toBeInTheDocument()
    expect(screen.getByText('提出公示异议', { selector: '.gj-title' })).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText(/异议内容/), { target: { value: '停车位规划不合理' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交异议' })))
    expect(await screen.findByRole('alert')).toHaveTextContent('方案不在公示期内，现在不能提出公示异议')
    expect(screen.getByLabelText(/异议内容/)).toHaveValue('停车位规划不合理')
    expect(sent.find((s) => s.action === 'create')?.data).toMatchObject({ kind: 'objection', itemId: null })
    expect(screen.queryByRole('status')).toBeNull()
  })

  test('an empty comment is refused on the page, in Chinese, with no call', async () => {
    mock.router.params = { kind: 'comment' }
    const sent = planBackend()
    render(<FeedbackNew />)
    await screen.findByText('针对：《汴绣里小区改造方案》')
    fireEvent.change(screen.getByLabelText(/您的意见或建议/), { target: { value: '   ' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交留言' })))
    expect(await screen.findByRole('alert')).toHaveTextContent('请写下您的意见')
    expect(sent.filter((s) => s.fn === 'feedback')).toEqual([])
  })
})

describe('my door (我家门口的变化)', () => {
  test('my items are grouped by where they stand, each with my share; the total says dropped items are left out', async () => {
    const mine = mineView('h-1', { 'i-roof': 'works', 'i-elevator': 'dropped', 'i-fitness': 'chosen' })
    planBackend({ 'plans.mine': () => ok(mine) })
    render(<MyDoor />)
    await screen.findByText('我家：1号楼1单元302')
    expect(within(screen.getByRole('region', { name: '施工中' })).getByText('屋面防水')).toBeInTheDocument()
    expect(within(screen.getByRole('region', { name: '已确定' })).getByText('健身小广场')).toBeInTheDocument()
    expect(within(screen.getByRole('region', { name: '不实施' })).getByText('1号楼1单元加装电梯')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: '拟改造' })).toBeNull()
    expect(screen.queryByText('照明设施')).toBeNull()
    const roof = shareFen('i-roof', 'h-1')
    const fitness = shareFen('i-fitness', 'h-1')
    expect(within(card('屋面防水')).getByText(`我家出资 ${yuanLabel(roof)}`)).toBeInTheDocument()
    expect(screen.getByText(`我家合计出资 ${yuanLabel(roof + fitness)}（不含不实施的项目）`)).toBeInTheDocument()
    // The order residents follow: 已确定 before 施工中 before 不实施.
    const headings = screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))
    expect(headings).toEqual(['已确定', '施工中', '不实施'])
  })

  test('with nothing dropped, the total is the backend total', async () => {
    const mine = mineView('h-1')
    planBackend({ 'plans.mine': () => ok(mine) })
    render(<MyDoor />)
    expect(await screen.findByText(`我家合计出资 ${yuanLabel(mine.totalFen)}`)).toBeInTheDocument()
    expect(within(screen.getByRole('region', { name: '拟改造' })).getAllByRole('link')).toHaveLength(3)
  })
})

describe('timeline (项目进度)', () => {
  test('all 13 stages in order; the current one is marked; reached ones say who, when and with which document', async () => {
    fakeBackend({ 'account.me': () => ok(ME_RESIDENT()), 'plans.timeline': () => ok(timelineView('approval')) })
    render(<Timeline />)
    const list = await screen.findByRole('list', { name: '改造项目的各个阶段' })
    const steps = within(list).getAllByRole('listitem')
    expect(steps).toHaveLength(13)
    expect(steps[0]).toHaveTextContent('1. 调查摸底已完成')
    expect(steps[12]).toHaveTextContent('13. 长效管理未开始')
    const current = steps.filter((s) => s.getAttribute('aria-current') === 'step')
    expect(current).toHaveLength(1)
    expect(current[0]).toHaveTextContent('5. 立项当前阶段')
    expect(current[0]).toHaveTextContent('干事4')
    expect(current[0]).toHaveTextContent('文件：立项批复（文号：汴住建〔2026〕12号）')
    expect(steps[3]).toHaveTextContent('进入方案公示')
    expect(steps[5]).not.toHaveTextContent('干事')
  })

  test('the gate to the next stage is shown in plain words', async () => {
    fakeBackend({ 'account.me': () => ok(ME_RESIDENT()), 'plans.timeline': () => ok(timelineView('publicity')) })
    render(<Timeline />)
    expect(await screen.findByText('进入“立项”之前还需要：')).toBeInTheDocument()
    expect(screen.getByText('· 方案公示期还没有结束。')).toBeInTheDocument()
  })
})

describe('my feedback (我的意见)', () => {
  const NOTES = [
    { _id: 'nt-1', title: '社区回复了您的意见', body: '已列入第一批。', feedbackId: 'f-1', at: '2026-11-27T02:00:00.000Z', read: false },
    { _id: 'nt-2', title: '社区回复了您的意见', body: '谢谢建议。', feedbackId: 'f-3', at: '2026-11-26T02:00:00.000Z', read: false },
    { _id: 'nt-0', title: '社区回复了您的意见', body: '旧的回复', feedbackId: 'f-0', at: '2026-11-20T02:00:00.000Z', read: true },
  ]
  const MINE = [
    feedback({ _id: 'f-1', mine: true, text: '屋顶漏水', reply: { text: '已列入第一批。', at: '2026-11-27T02:00:00.000Z', byUserId: 'u-off', byName: '赵三' } }),
    feedback({ _id: 'f-4', mine: true, kind: 'objection', itemId: null, itemTitle: null, text: '停车位不够' }),
  ]

  test('shows my comments with replies and the new notifications, then marks them read', async () => {
    const sent = fakeBackend({
      'account.me': () => ok(ME_RESIDENT()),
      'feedback.mine': () => ok({ items: MINE, notifications: NOTES }),
      'feedback.markRead': () => ok({ marked: 2 }),
    })
    render(<MyFeedback />)
    expect(await screen.findByText('社区的回复通知（2 条新回复）')).toBeInTheDocument()
    expect(screen.getAllByText('新')).toHaveLength(2)
    expect(screen.getByText('屋顶漏水')).toBeInTheDocument()
    expect(screen.getByText(/项目：屋面防水/)).toBeInTheDocument()
    expect(screen.getByText(/针对整个方案/)).toBeInTheDocument()
    expect(screen.getByText('社区还没有答复。')).toBeInTheDocument()
    await waitFor(() => expect(sent.filter((s) => s.action === 'markRead')).toHaveLength(1))
  })

  test('a report marked fixed links to the report', async () => {
    fakeBackend({
      'account.me': () => ok(ME_RESIDENT()),
      'feedback.mine': () => ok({ items: [], notifications: [{ _id: 'nt-r', title: '您报修的问题已修好，请确认', body: '2号楼1单元 东侧落水管：漏水', feedbackId: null, reportId: 'r-9', at: '2026-11-27T02:00:00.000Z', read: true }] }),
    })
    render(<MyFeedback />)
    expect(await screen.findByText('您报修的问题已修好，请确认')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '查看报修单' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageWorks/report-detail/index?id=r-9' })
  })

  test('nothing unread: nothing to mark', async () => {
    const sent = fakeBackend({
      'account.me': () => ok(ME_RESIDENT()),
      'feedback.mine': () => ok({ items: MINE, notifications: NOTES.map((n) => ({ ...n, read: true })) }),
      'feedback.markRead': () => ok({ marked: 0 }),
    })
    render(<MyFeedback />)
    await screen.findByText('社区的回复通知')
    await screen.findByText('屋顶漏水')
    expect(sent.filter((s) => s.action === 'markRead')).toEqual([])
  })

  test('home shows the plan entries and how many new replies are waiting', async () => {
    fakeBackend({
      'account.me': () => ok(ME_RESIDENT()),
      'notices.list': () => ok({ items: [], total: 0, community: { _id: 'c-1', name: '汴绣里小区' } }),
      // A report marked fixed is a notification too, but not a reply to my comments.
      'feedback.mine': () => ok({ items: MINE, notifications: [...NOTES, { ...NOTES[0], _id: 'nt-r', feedbackId: null, reportId: 'r-1', title: '您报修的问题已修好，请确认' }] }),
      // Two of my reports: one fixed and waiting for me to confirm, one still being repaired; one I joined is fixed.
      'reports.mine': () =>
        ok({ items: [summary(report({ _id: 'r-1', status: 'resolved' })), summary(report({ _id: 'r-2', status: 'inProgress' })), summary(report({ _id: 'r-3', status: 'resolved' }), undefined, false)] }),
    })
    render(<Home />)
    fireEvent.click(await screen.findByRole('button', { name: '我的意见（2 条新回复）' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/my-feedback/index' })
    fireEvent.click(await screen.findByRole('button', { name: '我的报修（1 条已修好，请确认）' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageWorks/my-reports/index' })
    fireEvent.click(screen.getByRole('button', { name: '改造方案' }))
    fireEvent.click(screen.getByRole('button', { name: '我家门口的变化' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/plan/index' })
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/my-door/index' })
  })
})

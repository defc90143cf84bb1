import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import { AppError } from '@/core/errors'
import { nextStatus, routeReport } from '@/core/reports'
import AcceptancePage from '@/packageOffice/acceptance/index'
import DistrictReports from '@/packageOffice/district-reports/index'
import Parties from '@/packageOffice/parties/index'
import ReportQueue from '@/packageOffice/report-queue/index'
import Home from '@/pages/home/index'
import MyReports from '@/packageWorks/my-reports/index'
import ReportDetail from '@/packageWorks/report-detail/index'
import ReportNew from '@/packageWorks/report-new/index'
import Works from '@/packageWorks/works/index'
import WorksItemPage from '@/packageWorks/works-item/index'
import { useAccount } from '@/stores/account'
import { fakeBackend, ok, type Sent } from './fake-backend'
import {
  acceptanceView,
  CONTRACTOR,
  DESIGNER,
  DOWNPIPE,
  FLAT,
  ME_DISTRICT,
  ME_OFFICE,
  ME_PARTY,
  ME_RESIDENT,
  PAINT,
  PARTIES,
  PROPERTY,
  report,
  reportView,
  ROOF,
  summary,
  SUPERVISOR,
  SURVEYOR,
  WATER,
} from './works-fixtures'

/** Issue 6's pages (packageWorks, packageOffice), driven like the H5 build against a scripted backend. */
const mock = taro as unknown as typeof import('./stubs/taro')

const refuse = (code: string, message: string) => ({ ok: false, code, message })

/** The backend with photo uploads (blob: and /api/upload) answered around it. */
function backend(me: unknown, answers: Record<string, (data: any) => unknown> = {}) {
  const sent = fakeBackend({
    'account.me': () => ok(me),
    'works.items': () => ok({ items: [ROOF, PAINT, DOWNPIPE], planVersion: 7 }),
    'works.parties': () => ok({ items: PARTIES }),
    'households.get': () => ok(FLAT),
    ...answers,
  })
  const api = globalThis.fetch
  let n = 0
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    if (String(url).startsWith('blob:')) return { blob: async () => new Blob(['jpeg bytes']) } as Response
    if (url === '/api/upload') return { json: async () => ({ ok: true, data: { fileID: `local:photos/u-res/new-${++n}.jpg` } }) } as Response
    return api(url, init as never)
  }) as typeof fetch
  return sent
}

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 't')
  useAccount.getState().reset()
})

const sentOf = (sent: Sent[], fn: string, action: string) => sent.filter((s) => s.fn === fn && s.action === action).map((s) => s.data as Record<string, any>)
const type = (input: HTMLElement, value: string) => fireEvent.input(input, { target: { value }, detail: { value } })
const field = (label: string | RegExp, container: HTMLElement = document.body) => within(container).getByLabelText(label) as HTMLInputElement
const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el)
  })
}
const button = (name: string | RegExp, container: HTMLElement = document.body) => within(container).getByRole('button', { name })
const radio = (name: string | RegExp, container: HTMLElement = document.body) => within(container).getByRole('radio', { name })

async function addPhoto() {
  mock.media.picks.push([{ path: 'blob:http://localhost/pipe', size: 1000 }])
  await click(button(/添加照片/))
  await screen.findByRole('button', { name: '删除第1张照片' })
}

/** The message the core gives for a step that skips one (what the function answers with STATUS_JUMP). */
function jumpMessage(...args: Parameters<typeof nextStatus>): string {
  try {
    nextStatus(...args)
  } catch (e) {
    return (e as AppError).message
  }
  throw new Error('expected a STATUS_JUMP')
}

/** Steps 1 and 2 of the report form: the downpipe item, drain, my own unit, the spot. */
async function fillWhatAndWhere() {
  await screen.findByRole('radio', { name: /^3号楼落水管更换/ })
  await click(radio(/^3号楼落水管更换/))
  await click(radio(/^排水/))
  await click(button('下一步'))
  await screen.findByText(/第 2 步/)
  await screen.findByRole('radio', { name: /我家所在的3号楼1单元/ })
  type(field('具体位置'), '1单元门口东侧落水管')
  await click(button('下一步'))
  await screen.findByText(/第 3 步/)
}

describe('报事报修 (report-new)', () => {
  test('step by step: what (an accepted item, a category), where (my unit by default), a description with a photo; filed with a request id and opened', async () => {
    const created = reportView(report({ _id: 'r-new' }), 'reporter')
    const sent = backend(ME_RESIDENT, { 'reports.similar': () => ok({ items: [] }), 'reports.create': () => ok(created) })
    render(<ReportNew />)
    expect(await screen.findByText('第 1 步（共 3 步）：报什么问题')).toBeInTheDocument()
    // Only accepted items are offered (the roof is under way: its problems are observations).
    await screen.findByRole('radio', { name: /^3号楼落水管更换（3号楼，保修至 2099年6月1日）/ })
    expect(screen.queryByRole('radio', { name: /^屋面防水/ })).toBeNull()
    expect(screen.queryByRole('radio', { name: /^外墙粉刷/ })).toBeNull()

    // No category yet: refused on the page.
    await click(button('下一步'))
    expect(await screen.findByText('请选择问题类别。')).toBeInTheDocument()
    await click(radio(/^3号楼落水管更换/))
    expect(screen.getByText(/这个项目在保修期内（至 2099年6月1日），由施工单位“宏达建筑工程公司”免费维修/)).toBeInTheDocument()
    await click(radio(/^排水/))
    await click(button('下一步'))

    // Where: my own stairwell unit is the default; the spot is required.
    expect(await screen.findByText('第 2 步（共 3 步）：问题在哪里')).toBeInTheDocument()
    expect(await screen.findByRole('radio', { name: /我家所在的3号楼1单元/ })).toHaveAttribute('aria-checked', 'true')
    await click(button('下一步'))
    expect(await screen.findByText('请写明具体位置，例如“3单元门口东侧”。')).toBeInTheDocument()
    type(field('具体位置'), '1单元门口东侧落水管')
    await click(button('下一步'))

    expect(await screen.findByText('第 3 步（共 3 步）：说一说情况，拍张照片')).toBeInTheDocument()
    // Who sees what, as reports.get masks it: the office the flat, the repairer and neighbours the building and unit.
    expect(screen.getByText('社区能看到是哪一户报的修；维修单位和其他居民只看到楼栋和单元。')).toBeInTheDocument()
    await click(button('提交报修'))
    expect(await screen.findByText('请描述一下问题')).toBeInTheDocument()
    expect(sentOf(sent, 'reports', 'create')).toEqual([])
    type(field(/^是什么问题/), '落水管接口漏水，下雨时水顺着墙流进一楼')
    await addPhoto()
    await click(button('提交报修'))

    await waitFor(() => expect(sentOf(sent, 'reports', 'create')).toHaveLength(1))
    expect(sentOf(sent, 'reports', 'similar')).toEqual([{ itemId: 'i-pipe', category: 'drain', buildingId: 'c-1-b3', unitId: 'c-1-b3-u1' }])
    const { requestId, ...fields } = sentOf(sent, 'reports', 'create')[0]
    expect(requestId).toMatch(/^r[a-z0-9]{24}$/)
    expect(fields).toEqual({
      householdId: 'h-3-1-201',
      itemId: 'i-pipe',
      category: 'drain',
      buildingId: 'c-1-b3',
      unitId: 'c-1-b3-u1',
      spot: '1单元门口东侧落水管',
      text: '落水管接口漏水，下雨时水顺着墙流进一楼',
      photos: ['local:photos/u-res/new-1.jpg'],
    })
    await waitFor(() => expect(mock.navigation).toContainEqual({ kind: 'redirectTo', url: '/packageWorks/report-detail/index?id=r-new&created=1' }))
  })

  test('similar open reports are offered first: "我也遇到了（+1）" joins one instead of filing a duplicate', async () => {
    const open = summary(report({ _id: 'r-old', status: 'assigned', meToo: ['u-x'] }), undefined, false)
    const sent = backend(ME_RESIDENT, {
      'reports.similar': () => ok({ items: [open] }),
      'reports.meToo': () => ok(reportView(report({ _id: 'r-old', status: 'assigned' }), 'none')),
    })
    render(<ReportNew />)
    await fillWhatAndWhere()
    type(field(/^是什么问题/), '落水管漏水')
    await click(button('提交报修'))

    const offer = await screen.findByRole('region', { name: '已经有人报了类似的问题' })
    expect(within(offer).getByText('1单元门口东侧落水管', { exact: false })).toBeInTheDocument()
    expect(within(offer).getByText(/已有 1 位居民也遇到了/)).toBeInTheDocument()
    // "Me too" is the first choice, "not the same problem" the second.
    const names = within(offer)
      .getAllByRole('button')
      .map((b) => b.textContent)
    expect(names.indexOf('我也遇到了（+1）')).toBeLessThan(names.indexOf('不是同一个问题，继续提交'))
    expect(names[0]).toBe('我也遇到了（+1）')

    await click(button('我也遇到了（+1）', offer))
    await waitFor(() => expect(sentOf(sent, 'reports', 'meToo')).toEqual([{ reportId: 'r-old' }]))
    expect(sentOf(sent, 'reports', 'create')).toEqual([])
    expect(mock.navigation).toContainEqual({ kind: 'redirectTo', url: '/packageWorks/report-detail/index?id=r-old&joined=1' })
  })

  test('a similar report I filed myself (or already joined) is not offered as “+1”: it says so and opens it', async () => {
    const mine = summary(report({ _id: 'r-mine', status: 'accepted' }), undefined, true)
    const joined = { ...summary(report({ _id: 'r-joined', status: 'assigned', meToo: ['u-res'] }), undefined, false), joined: true }
    const sent = backend(ME_RESIDENT, { 'reports.similar': () => ok({ items: [mine, joined] }) })
    render(<ReportNew />)
    await fillWhatAndWhere()
    type(field(/^是什么问题/), '落水管漏水')
    await click(button('提交报修'))

    const offer = await screen.findByRole('region', { name: '已经有人报了类似的问题' })
    expect(within(offer).queryByRole('button', { name: '我也遇到了（+1）' })).toBeNull()
    expect(within(offer).getByText('这是您自己报的，不用再报。')).toBeInTheDocument()
    expect(within(offer).getByText('您已经点过“我也遇到了”。')).toBeInTheDocument()
    await click(within(offer).getAllByRole('button', { name: '查看进度' })[0])
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageWorks/report-detail/index?id=r-mine' })
    expect(sentOf(sent, 'reports', 'meToo')).toEqual([])
  })

  test('"不是同一个问题，继续提交" files it; a network failure keeps the request id for the retry, a changed form gets a new one', async () => {
    const open = summary(report({ _id: 'r-old', status: 'assigned' }), undefined, false)
    let fail = true
    const sent = backend(ME_RESIDENT, {
      'reports.similar': () => ok({ items: [open] }),
      'reports.create': () => (fail ? refuse('INTERNAL', '系统繁忙，请稍后再试。') : ok(reportView(report({ _id: 'r-2' }), 'reporter'))),
    })
    render(<ReportNew />)
    await fillWhatAndWhere()
    type(field(/^是什么问题/), '另一处落水管也坏了')
    await click(button('提交报修'))
    await click(await screen.findByRole('button', { name: '不是同一个问题，继续提交' }))
    expect(await screen.findByText(/会重新发送同一份报修，不会重复提交/)).toBeInTheDocument()
    await click(button('不是同一个问题，继续提交'))
    await waitFor(() => expect(sentOf(sent, 'reports', 'create')).toHaveLength(2))
    const [first, second] = sentOf(sent, 'reports', 'create')
    expect(second.requestId).toBe(first.requestId)

    // The resident changes the description: another report, another request id.
    await click(button('返回修改'))
    type(field(/^是什么问题/), '另一处落水管也坏了，漏得很厉害')
    fail = false
    await click(button('提交报修'))
    await click(await screen.findByRole('button', { name: '不是同一个问题，继续提交' }))
    await waitFor(() => expect(sentOf(sent, 'reports', 'create')).toHaveLength(3))
    expect(sentOf(sent, 'reports', 'create')[2].requestId).not.toBe(first.requestId)
    await waitFor(() => expect(mock.navigation).toContainEqual({ kind: 'redirectTo', url: '/packageWorks/report-detail/index?id=r-2&created=1' }))
  })

  test('ITEM_NOT_ACCEPTED is shown in full with the way to the item’s works page', async () => {
    const message = '这个项目还没有验收，施工期间发现的问题请到“施工监督”里反映。'
    const sent = backend(ME_RESIDENT, { 'reports.similar': () => ok({ items: [] }), 'reports.create': () => refuse('ITEM_NOT_ACCEPTED', message) })
    render(<ReportNew />)
    await fillWhatAndWhere()
    type(field(/^是什么问题/), '落水管漏水')
    await click(button('提交报修'))
    expect(await screen.findByText(message)).toBeInTheDocument()
    await click(button('去施工监督里反映'))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageWorks/works-item/index?itemId=i-pipe' })
    expect(mock.navigation.filter((n) => n.kind === 'redirectTo')).toEqual([])
    expect(sentOf(sent, 'reports', 'create')).toHaveLength(1)
  })

  test('another building: its number is checked against the community and turned into the roster’s ids', async () => {
    const sent = backend(ME_RESIDENT, { 'reports.similar': () => ok({ items: [] }), 'reports.create': () => ok(reportView(report({ _id: 'r-3' }), 'reporter')) })
    render(<ReportNew />)
    await screen.findByRole('radio', { name: /^3号楼落水管更换/ })
    await click(radio(/^照明/))
    await click(button('下一步'))
    await click(await screen.findByRole('radio', { name: '别的楼栋，或小区里其他地方' }))
    type(field('楼号（在哪栋楼，或离哪栋楼最近）'), '９')
    type(field('具体位置'), '楼前路灯')
    await click(button('下一步'))
    expect(await screen.findByText('本小区只有 4 栋楼，请检查楼号。')).toBeInTheDocument()
    type(field('楼号（在哪栋楼，或离哪栋楼最近）'), '２号楼')
    await click(button('下一步'))
    type(await screen.findByLabelText(/^是什么问题/), '路灯不亮')
    await click(button('提交报修'))
    await waitFor(() => expect(sentOf(sent, 'reports', 'create')).toHaveLength(1))
    expect(sentOf(sent, 'reports', 'create')[0]).toMatchObject({ itemId: null, category: 'lighting', buildingId: 'c-1-b2', unitId: null, spot: '楼前路灯' })
  })
})

describe('报修详情 (report-detail)', () => {
  test('before the office assigns it: who the rule routes it to and why (the contractor, under warranty), the due time and the history', async () => {
    mock.router.params = { id: 'r-1', created: '1' }
    backend(ME_RESIDENT, { 'reports.get': () => ok(reportView(report({ _id: 'r-1' }), 'reporter')) })
    render(<ReportDetail />)
    expect(await screen.findByText('按规则应由宏达建筑工程公司维修')).toBeInTheDocument()
    expect(screen.getByText(/“3号楼落水管更换”在保修期内（至 2099-06-01），由施工单位免费维修/)).toBeInTheDocument()
    expect(screen.getByText('应在 2026年12月4日 10:00 前修好')).toBeInTheDocument()
    expect(screen.getByText(/报修已提交/)).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: '办理经过' })).getAllByRole('listitem')).toHaveLength(1)
    expect(screen.queryByRole('region', { name: '修好了吗' })).toBeNull()
    expect(screen.queryByRole('region', { name: '办理' })).toBeNull()
  })

  test('the reporter confirms a fix with 5 stars and a comment (stars are required)', async () => {
    mock.router.params = { id: 'r-1' }
    const resolved = report({ _id: 'r-1', status: 'resolved', version: 6 })
    let confirmed = false
    const sent = backend(ME_RESIDENT, {
      'reports.get': () => ok(reportView(confirmed ? { ...resolved, status: 'confirmed', rating: { stars: 5, comment: '修得很好' }, version: 7 } : resolved, 'reporter')),
      'reports.confirm': () => {
        confirmed = true
        return ok(reportView({ ...resolved, status: 'confirmed', version: 7 }, 'reporter'))
      },
    })
    render(<ReportDetail />)
    const box = await screen.findByRole('region', { name: '修好了吗' })
    await click(button('确认修好', box))
    expect(await within(box).findByText(/请给这次维修打分/)).toBeInTheDocument()
    expect(sentOf(sent, 'reports', 'confirm')).toEqual([])
    await click(radio('5 星', box))
    type(field('说几句（可以不填）', box), '修得很好')
    await click(button('确认修好', box))
    await waitFor(() => expect(sentOf(sent, 'reports', 'confirm')).toEqual([{ reportId: 'r-1', version: 6, rating: { stars: 5, comment: '修得很好' } }]))
    expect(await screen.findByText('谢谢您的评价！这张报修单已办结。')).toBeInTheDocument()
    expect(await screen.findByText('★★★★★ 5 星')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: '修好了吗' })).toBeNull()
  })

  test('"没修好" needs the reason and reopens the report with it', async () => {
    mock.router.params = { id: 'r-1' }
    const resolved = report({ _id: 'r-1', status: 'resolved', version: 6 })
    const sent = backend(ME_RESIDENT, {
      'reports.get': () => ok(reportView(resolved, 'reporter')),
      'reports.reopen': () => ok(reportView({ ...resolved, status: 'reopened', version: 7 }, 'reporter')),
    })
    render(<ReportDetail />)
    const box = await screen.findByRole('region', { name: '修好了吗' })
    await click(button('没修好', box))
    await click(button('退回，没修好', box))
    expect(await within(box).findByText(/请写一写哪里没修好/)).toBeInTheDocument()
    type(field('哪里没修好', box), '下雨时接口还在漏')
    await click(button('退回，没修好', box))
    await waitFor(() => expect(sentOf(sent, 'reports', 'reopen')).toEqual([{ reportId: 'r-1', version: 6, note: '下雨时接口还在漏' }]))
  })

  test('the office assigns (the routed party preselected, another one chosen); a STATUS_JUMP refusal is shown in full', async () => {
    mock.router.params = { id: 'r-1' }
    const accepted = report({ _id: 'r-1', status: 'accepted', version: 2 })
    const jump = jumpMessage('resolved', 'assign')
    let n = 0
    const sent = backend(ME_OFFICE, {
      'reports.get': () => ok(reportView(accepted, 'office')),
      'reports.assign': () => (++n === 1 ? refuse('STATUS_JUMP', jump) : ok(reportView({ ...accepted, status: 'assigned', version: 3 }, 'office'))),
    })
    render(<ReportDetail />)
    const box = await screen.findByRole('region', { name: '办理' })
    // The rule's choice (the contractor under warranty) is preselected and said to be the rule's.
    expect(await within(box).findByRole('radio', { name: '宏达建筑工程公司（施工单位，按规则应由它维修）' })).toHaveAttribute('aria-checked', 'true')
    await click(button('派单', box))
    expect(await within(box).findByText(jump)).toBeInTheDocument()
    expect(jump).toContain('现在可以：')
    await click(radio(/^安居物业/, box))
    await click(button('派单', box))
    await waitFor(() => expect(sentOf(sent, 'reports', 'assign')).toHaveLength(2))
    expect(sentOf(sent, 'reports', 'assign')[0]).toEqual({ reportId: 'r-1', version: 2, partyId: CONTRACTOR._id, note: '' })
    expect(sentOf(sent, 'reports', 'assign')[1]).toEqual({ reportId: 'r-1', version: 2, partyId: PROPERTY._id, note: '' })
    expect(await screen.findByText('已派单给安居物业。')).toBeInTheDocument()
  })

  test('the assigned party marks it resolved only with a note; a reassignment is shown as one', async () => {
    mock.router.params = { id: 'r-1' }
    const now = new Date('2026-12-02T02:00:00.000Z')
    const property = routeReport({ category: 'drain', item: null }, PARTIES, now)
    const r = report({ _id: 'r-1', status: 'inProgress', assignee: { ...property, reason: '社区改派给物业。' }, assigneePartyId: PROPERTY._id, version: 5 })
    const sent = backend(ME_PARTY, {
      'reports.get': () => ok(reportView(r, 'assignee')),
      'reports.resolve': () => ok(reportView({ ...r, status: 'resolved', version: 6 }, 'none')),
    })
    render(<ReportDetail />)
    expect(await screen.findByText('维修单位：安居物业')).toBeInTheDocument()
    expect(screen.getByText(/社区改派了：按规则原本应由宏达建筑工程公司维修/)).toBeInTheDocument()
    const box = screen.getByRole('region', { name: '办理' })
    await click(button('标记已修好', box))
    expect(await within(box).findByText(/请写一写修了什么/)).toBeInTheDocument()
    type(field(/^维修说明/, box), '更换了落水管接头')
    await click(button('标记已修好', box))
    await waitFor(() => expect(sentOf(sent, 'reports', 'resolve')).toEqual([{ reportId: 'r-1', version: 5, note: '更换了落水管接头' }]))
  })
})

describe('报修工单 (report-queue) and 我的报修', () => {
  const now = new Date('2026-12-05T02:00:00.000Z')
  // Filed on 12-01: the drain report (72 h) is overdue by 12-05; the 7-day greenery one is not.
  const late = summary(report({ _id: 'r-late', status: 'assigned' }, now), now)
  const fine = summary(report({ _id: 'r-fine', category: 'greenery', itemId: null, spot: '花坛', status: 'submitted' }, now), now)

  test('filters: 未办结 by default, then 全部, a party, 社区自办 and overdue only; overdue rows carry a red 已超时 tag', async () => {
    const sent = backend(ME_OFFICE, {
      'reports.queue': () => ok({ items: [late, fine], parties: [{ partyId: CONTRACTOR._id, name: CONTRACTOR.name }, { partyId: PROPERTY._id, name: PROPERTY.name }, { partyId: null, name: '社区' }] }),
    })
    render(<ReportQueue />)
    expect(await screen.findByText('共 2 单，其中 1 单已超时')).toBeInTheDocument()
    const lateCard = screen.getByRole('link', { name: /3号楼落水管更换（排水），3号楼1单元，已派单，已超时/ })
    expect(lateCard).toHaveClass('overdue')
    expect(within(lateCard).getByText('已超时')).toHaveClass('gj-tag', 'overdue')
    const fineCard = screen.getByRole('link', { name: /绿化、环境卫生，3号楼1单元，已提交$/ })
    expect(fineCard).not.toHaveClass('overdue')
    expect(within(fineCard).queryByText('已超时')).toBeNull()

    await click(radio('全部', screen.getByRole('radiogroup', { name: '办理状态' })))
    await click(radio('宏达建筑工程公司'))
    await click(radio('社区自办'))
    await click(screen.getByRole('checkbox', { name: '只看已超时的' }))
    await waitFor(() => expect(sentOf(sent, 'reports', 'queue')).toHaveLength(5))
    expect(sentOf(sent, 'reports', 'queue')).toEqual([
      { status: 'open' },
      {},
      { partyId: CONTRACTOR._id },
      { partyId: 'office' },
      { partyId: 'office', overdue: true },
    ])
    await click(lateCard)
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageWorks/report-detail/index?id=r-late' })
  })

  test('a party’s staff see 我的工单 without the party filter (the backend gives them theirs only)', async () => {
    const sent = backend(ME_PARTY, { 'reports.queue': () => ok({ items: [late], parties: [{ partyId: CONTRACTOR._id, name: CONTRACTOR.name }] }) })
    render(<ReportQueue />)
    expect(await screen.findByText('我的工单')).toBeInTheDocument()
    await screen.findByText('共 1 单，其中 1 单已超时')
    expect(screen.queryByRole('radiogroup', { name: '维修单位' })).toBeNull()
    await click(radio('已派单'))
    await waitFor(() => expect(sentOf(sent, 'reports', 'queue').at(-1)).toEqual({ status: 'assigned' }))
  })

  test('我的报修: fixed reports waiting for my confirmation come first; overdue ones are marked', async () => {
    const resolved = summary(report({ _id: 'r-res', status: 'resolved', spot: '楼道灯' }, now), now)
    backend(ME_RESIDENT, { 'reports.mine': () => ok({ items: [late, resolved] }) })
    render(<MyReports />)
    const confirm = await screen.findByRole('region', { name: '已修好，请您确认' })
    expect(within(confirm).getByRole('link', { name: /已修好待确认/ })).toBeInTheDocument()
    const running = screen.getByRole('region', { name: '正在办理' })
    expect(within(running).getByText('已超时')).toBeInTheDocument()
  })
})

describe('验收 (acceptance)', () => {
  async function fillSignatures() {
    const group = (name: string) => screen.getByRole('group', { name })
    type(field('签字人姓名', group('业主代表1签字')), '吴桂英')
    for (const [role, name, p] of [
      ['施工单位', '马工', CONTRACTOR],
      ['监理单位', '刘工', SUPERVISOR],
      ['设计单位', '陈工', DESIGNER],
      ['勘察单位', '杨工', SURVEYOR],
    ] as const) {
      type(field('签字人姓名', group(`${role}签字`)), name)
      await click(radio(p.name, group(`${role}签字`)))
    }
  }

  test('ACCEPTANCE_INCOMPLETE is shown with the function’s message; nothing changes on the page', async () => {
    mock.router.params = { itemId: PAINT.itemId }
    const message = '验收记录还不完整：还缺勘察单位的签字。'
    const sent = backend(ME_OFFICE, { 'works.acceptance': () => ok(acceptanceView()), 'works.recordAcceptance': () => refuse('ACCEPTANCE_INCOMPLETE', message) })
    render(<AcceptancePage />)
    const form = await screen.findByRole('region', { name: '验收记录表' })
    for (const g of within(form).getAllByRole('group', { name: /^检查项\d+$/ })) await click(radio('符合', g))
    await fillSignatures()
    await click(radio('验收合格'))
    await click(button('提交验收记录'))
    expect(await screen.findByText(message)).toBeInTheDocument()
    expect(sentOf(sent, 'works', 'recordAcceptance')).toHaveLength(1)
    expect(screen.getByRole('region', { name: '验收记录表' })).toBeInTheDocument()
  })

  test('a filing: every checklist line, one signature per role (two owners’ representatives), the outcome, warranty and contractor, photos and the plan version', async () => {
    mock.router.params = { itemId: PAINT.itemId }
    let filed = false
    const attempt = {
      _id: 'plan-c-1:i-paint:a1',
      communityId: 'c-1',
      planId: 'plan-c-1',
      itemTitle: PAINT.title,
      attempt: 1,
      decidedAt: '2026-12-02T02:00:00.000Z',
      decidedBy: 'u-off',
      fixedAt: [null],
      surveyBallotId: 'b-survey',
      version: 1,
      itemId: PAINT.itemId,
      checklist: [],
      signatures: [],
      outcome: 'passedWithFixes' as const,
      defects: [{ text: '北侧墙面有一处漏刷' }],
      fixesDueOn: '2027-01-15',
      warrantyEndsOn: '2028-12-01',
      contractorPartyId: CONTRACTOR._id,
      photos: [],
    }
    const sent = backend(ME_OFFICE, {
      'works.acceptance': () => ok(filed ? acceptanceView({ canRecord: false, refusal: '这个项目已经验收。', attempts: [attempt] }) : acceptanceView()),
      'works.recordAcceptance': () => {
        filed = true
        return ok(attempt)
      },
    })
    render(<AcceptancePage />)
    const form = await screen.findByRole('region', { name: '验收记录表' })
    const lines = within(form).getAllByRole('group', { name: /^检查项\d+$/ })
    expect(lines).toHaveLength(6)
    // The office adds a line, drops the last default one, and marks each.
    await click(button('删除检查项6', form))
    await click(button('添加检查项', form))
    const groups = within(form).getAllByRole('group', { name: /^检查项\d+$/ })
    expect(field('检查内容', groups[5])).toHaveValue('')
    type(field('检查内容', groups[5]), '落水口周边墙面无污染')
    for (const g of groups.slice(0, 5)) await click(radio('符合', g))
    await click(radio('有问题', groups[5]))
    type(field('备注（可以不填）', groups[5]), '北侧有漏刷')

    await click(button('再加一位业主代表', form))
    await fillSignatures()
    type(field('签字人姓名', screen.getByRole('group', { name: '业主代表2签字' })), '郑秀兰')

    await click(radio('验收合格，限期整改'))
    type(field('问题1'), '北侧墙面有一处漏刷')
    type(field('整改期限（日期）'), '2027-01-15')
    // The warranty starts from the view's default; the contractor from the contractor's signature.
    expect(field(/^保修期至/)).toHaveValue('2028-12-01')
    expect(radio(CONTRACTOR.name, screen.getByRole('radiogroup', { name: '负责保修的施工单位' }))).toHaveAttribute('aria-checked', 'true')
    await addPhoto()
    await click(button('提交验收记录'))

    await waitFor(() => expect(sentOf(sent, 'works', 'recordAcceptance')).toHaveLength(1))
    const input = sentOf(sent, 'works', 'recordAcceptance')[0]
    expect(input.checklist).toHaveLength(6)
    expect(input.checklist.map((c: { result: string }) => c.result)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'defect'])
    expect(input.checklist[5]).toEqual({ text: '落水口周边墙面无污染', result: 'defect', note: '北侧有漏刷' })
    expect(input.signatures).toEqual([
      { role: 'ownersRep', name: '吴桂英', partyId: null },
      { role: 'ownersRep', name: '郑秀兰', partyId: null },
      { role: 'contractor', name: '马工', partyId: CONTRACTOR._id },
      { role: 'supervisor', name: '刘工', partyId: SUPERVISOR._id },
      { role: 'designer', name: '陈工', partyId: DESIGNER._id },
      { role: 'surveyor', name: '杨工', partyId: SURVEYOR._id },
    ])
    expect(input).toMatchObject({
      itemId: PAINT.itemId,
      outcome: 'passedWithFixes',
      defects: [{ text: '北侧墙面有一处漏刷' }],
      fixesDueOn: '2027-01-15',
      warrantyEndsOn: '2028-12-01',
      contractorPartyId: CONTRACTOR._id,
      photos: ['local:photos/u-res/new-1.jpg'],
      planVersion: 7,
    })
    expect(await screen.findByText(/已记录第1次验收：验收合格，限期整改。已向项目范围内的住户发出满意度调查。/)).toBeInTheDocument()
    // The record is listed; no new form for an accepted item; a defect can be marked fixed.
    const record = await screen.findByRole('region', { name: '第1次验收' })
    expect(within(record).getByText(/北侧墙面有一处漏刷（待整改）/)).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: '验收记录表' })).toBeNull()
    expect(screen.getByText('这个项目已经验收。')).toBeInTheDocument()
  })
})

describe('works pages, parties, district, home', () => {
  test('施工与验收 (office): the 验收 button on a finished item only; warranty and counts shown', async () => {
    backend(ME_OFFICE)
    render(<Works />)
    expect(await screen.findByText('施工与验收')).toBeInTheDocument()
    const paint = await screen.findByRole('region', { name: '外墙粉刷' })
    const roof = screen.getByRole('region', { name: '屋面防水' })
    const pipe = screen.getByRole('region', { name: '3号楼落水管更换' })
    expect(within(paint).getByText('已完工，等待验收')).toBeInTheDocument()
    expect(within(roof).queryByRole('button', { name: '验收' })).toBeNull()
    expect(within(pipe).queryByRole('button', { name: '验收' })).toBeNull()
    expect(within(pipe).getByText('已验收，保修至 2099年6月1日')).toBeInTheDocument()
    expect(within(roof).getByText('监督意见 3 条（1 条还没有答复） · 监督员 2 人')).toBeInTheDocument()
    await click(button('验收', paint))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageOffice/acceptance/index?itemId=i-paint' })
  })

  test('an item under way: a resident posts an observation and volunteers as supervisor of their building', async () => {
    mock.router.params = { itemId: ROOF.itemId }
    const sent = backend(ME_RESIDENT, {
      'works.observations': () => ok({ items: [] }),
      'works.supervisors': () => ok({ items: [] }),
      'works.observe': (d) => ok({ ...d, _id: 'o-1' }),
      'works.volunteer': (d) => ok({ _id: 's-1', displayName: d.displayName, target: d.target, since: '2026-12-01T00:00:00.000Z', version: 1, targetLabel: '3号楼', mine: true }),
    })
    render(<WorksItemPage />)
    const form = await screen.findByRole('region', { name: '提交监督意见' })
    await click(button('提交监督意见', form))
    expect(await within(form).findByText('请选择问题类型')).toBeInTheDocument()
    await click(radio('安全隐患', form))
    type(field(/^具体情况/, form), '脚手架没有防护网')
    await click(button('提交监督意见', form))
    await waitFor(() => expect(sentOf(sent, 'works', 'observe')).toEqual([{ itemId: 'i-roof', buildingId: null, kind: 'safety', text: '脚手架没有防护网', photos: [] }]))

    await click(button('我来当监督员'))
    const join = screen.getByRole('region', { name: '我来当监督员' })
    await click(await within(join).findByRole('radio', { name: '我家所在的3号楼的施工' }))
    type(field('在居民中显示的称呼', join), '吴阿姨（3号楼）')
    await click(button('确认当监督员', join))
    await waitFor(() => expect(sentOf(sent, 'works', 'volunteer')).toEqual([{ target: { kind: 'building', buildingId: 'c-1-b3' }, displayName: '吴阿姨（3号楼）' }]))
  })

  test('an accepted item: no observation form, the warranty note and 报事报修 instead', async () => {
    mock.router.params = { itemId: DOWNPIPE.itemId }
    backend(ME_RESIDENT, { 'works.observations': () => ok({ items: [] }), 'works.supervisors': () => ok({ items: [] }) })
    render(<WorksItemPage />)
    expect(await screen.findByText('已验收，保修至 2099年6月1日')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: '提交监督意见' })).toBeNull()
    await click(button('报事报修'))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageWorks/report-new/index?itemId=i-pipe' })
  })

  test('the contractor answers an observation', async () => {
    mock.router.params = { itemId: ROOF.itemId }
    const o = {
      _id: 'o-1', communityId: 'c-1', planId: 'plan', itemId: ROOF.itemId, itemTitle: ROOF.title, buildingId: null, kind: 'noise', text: '晚上十点还在施工',
      photos: [], authorLabel: '3号楼居民', bySupervisor: false, at: '2026-12-01T14:00:00.000Z', answers: [], version: 1, mine: false,
    }
    const sent = backend(ME_PARTY, { 'works.observations': () => ok({ items: [o] }), 'works.supervisors': () => ok({ items: [] }), 'works.answer': () => ok(o) })
    render(<WorksItemPage />)
    const card = await screen.findByRole('article', { name: '噪音扰民，3号楼居民' })
    expect(screen.queryByRole('region', { name: '提交监督意见' })).toBeNull()
    type(field('答复', card), '已要求晚上八点后停工')
    await click(button('答复', card))
    await waitFor(() => expect(sentOf(sent, 'works', 'answer')).toEqual([{ observationId: 'o-1', version: 1, text: '已要求晚上八点后停工' }]))
  })

  test('another party (the water company) reads the observations but gets no answer form (only the item’s contractor answers)', async () => {
    mock.router.params = { itemId: ROOF.itemId }
    const o = {
      _id: 'o-1', communityId: 'c-1', planId: 'plan', itemId: ROOF.itemId, itemTitle: ROOF.title, buildingId: null, kind: 'noise', text: '晚上十点还在施工',
      photos: [], authorLabel: '3号楼居民', bySupervisor: false, at: '2026-12-01T14:00:00.000Z', answers: [], version: 1, mine: false,
    }
    const waterStaff = { ...ME_PARTY, user: { ...ME_PARTY.user, _id: 'u-water', name: '维修员 周师傅' }, party: { _id: WATER._id, name: WATER.name, kind: WATER.kind, kindLabel: '管线单位' } }
    backend(waterStaff, { 'works.observations': () => ok({ items: [o] }), 'works.supervisors': () => ok({ items: [] }) })
    render(<WorksItemPage />)
    const card = await screen.findByRole('article', { name: '噪音扰民，3号楼居民' })
    expect(within(card).getByText('晚上十点还在施工')).toBeInTheDocument()
    expect(within(card).queryByRole('button', { name: '答复' })).toBeNull()
  })

  test('the office takes a supervisor off (moved away) with the reason; residents get no such button', async () => {
    mock.router.params = { itemId: ROOF.itemId }
    const sup = { _id: 's-1', displayName: '王阿姨', target: { kind: 'item', itemId: ROOF.itemId }, since: '2026-11-01T00:00:00.000Z', version: 3, targetLabel: '屋面防水', mine: false }
    const sent = backend(ME_OFFICE, {
      'works.observations': () => ok({ items: [] }),
      'works.supervisors': () => ok({ items: [sup] }),
      'works.endSupervisor': (d) => (d.reason ? ok({ ...sup, version: 4 }) : { ok: false, code: 'INVALID_INPUT', message: '请写明撤下的原因，例如“已搬走”' }),
    })
    render(<WorksItemPage />)
    await click(await screen.findByRole('button', { name: '撤下监督员 王阿姨' }))
    const box = screen.getByRole('region', { name: '撤下监督员 王阿姨' })
    await click(button('确认撤下', box))
    expect(await within(box).findByText('请写明撤下的原因，例如“已搬走”')).toBeInTheDocument()
    type(field(/撤下“王阿姨”的原因/, box), '已搬走')
    await click(button('确认撤下', box))
    await waitFor(() => expect(sentOf(sent, 'works', 'endSupervisor')).toEqual([{ supervisorId: 's-1', version: 3, reason: '' }, { supervisorId: 's-1', version: 3, reason: '已搬走' }]))
    expect(await screen.findByText('已撤下这位监督员。')).toBeInTheDocument()
  })

  test('residents see the supervisors but cannot take anyone off', async () => {
    mock.router.params = { itemId: ROOF.itemId }
    const sup = { _id: 's-1', displayName: '王阿姨', target: { kind: 'item', itemId: ROOF.itemId }, since: '2026-11-01T00:00:00.000Z', version: 3, targetLabel: '屋面防水', mine: false }
    backend(ME_RESIDENT, { 'works.observations': () => ok({ items: [] }), 'works.supervisors': () => ok({ items: [sup] }) })
    render(<WorksItemPage />)
    expect(await screen.findByText(/王阿姨（屋面防水/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '撤下监督员 王阿姨' })).toBeNull()
  })

  test('参建单位: a utility needs its lines; saved with them', async () => {
    const sent = backend(ME_OFFICE, { 'works.saveParty': (d) => ok({ ...WATER, ...d, _id: 'p-gas' }) })
    render(<Parties />)
    expect(await screen.findByRole('region', { name: '管线单位' })).toBeInTheDocument()
    await click(button('添加单位'))
    const form = screen.getByRole('region', { name: '添加单位' })
    await click(radio('管线单位', form))
    type(field('单位名称', form), '燃气公司')
    await click(button('保存', form))
    expect(await within(form).findByText('管线单位请至少选择一种它负责的管线。')).toBeInTheDocument()
    expect(sentOf(sent, 'works', 'saveParty')).toEqual([])
    await click(within(form).getByRole('checkbox', { name: '燃气' }))
    await click(button('保存', form))
    await waitFor(() => expect(sentOf(sent, 'works', 'saveParty')).toEqual([{ kind: 'utility', name: '燃气公司', phone: '', lines: ['gas'] }]))
    expect(await screen.findByText('已添加“燃气公司”。')).toBeInTheDocument()
  })

  test('报修概况 (district): open, overdue, confirmed and the average rating per community; the overdue list', async () => {
    const now = new Date('2026-12-05T02:00:00.000Z')
    const late = { ...summary(report({ _id: 'r-late', status: 'assigned' }, now), now), communityName: '梁苑新村' }
    backend(ME_DISTRICT, {
      'reports.overview': () =>
        ok({
          communities: [
            { communityId: 'c-1', name: '梁苑新村', open: 3, overdue: 1, confirmed: 4, averageStars: 4.5 },
            { communityId: 'c-2', name: '汴绣里小区', open: 0, overdue: 0, confirmed: 0, averageStars: null },
          ],
          overdue: [late],
        }),
    })
    render(<DistrictReports />)
    const liangyuan = await screen.findByRole('region', { name: '梁苑新村' })
    expect(within(liangyuan).getByText('已超时 1 单')).toBeInTheDocument()
    expect(within(liangyuan).getByText('居民平均评分：4.5 星（满分 5 星）')).toBeInTheDocument()
    expect(within(screen.getByRole('region', { name: '汴绣里小区' })).getByText('居民平均评分：还没有评分')).toBeInTheDocument()
    const list = screen.getByRole('region', { name: '已超时的报修' })
    expect(within(list).getByText('已超时的报修（1 单）')).toBeInTheDocument()
    expect(within(list).getByRole('link', { name: /已超时/ })).toHaveClass('overdue')
  })

  test.each([
    ['resident', ME_RESIDENT, ['报事报修', '我的报修', '施工监督']],
    ['office', ME_OFFICE, ['报修工单', '施工与验收', '参建单位']],
    ['party', ME_PARTY, ['我的工单']],
    ['district', ME_DISTRICT, ['报修概况']],
  ])('home: the %s’s issue-6 entries', async (_who, me, entries) => {
    backend(me, { 'notices.list': () => ok({ items: [] }), 'feedback.mine': () => ok({ items: [], notifications: [] }) })
    render(<Home />)
    for (const name of entries) expect(await screen.findByRole('button', { name })).toBeInTheDocument()
    if (me === ME_PARTY) expect(screen.getByText(/您是宏达建筑工程公司（施工单位）的工作人员/)).toBeInTheDocument()
  })
})

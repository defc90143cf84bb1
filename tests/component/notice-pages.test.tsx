import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import NoticeDetail from '@/pages/notice-detail/index'
import NoticeEdit from '@/pages/notice-edit/index'
import Home from '@/pages/home/index'
import { useAccount } from '@/stores/account'
import { fakeBackend, ok } from './fake-backend'

/** The notice pages as a resident and an office clerk would use them (H5 path, scripted backend). */
const mock = taro as unknown as typeof import('./stubs/taro')

const NOTICE = {
  _id: 'n-1',
  communityId: 'c-1',
  title: '停水通知',
  body: '明天停水。<script>window.__pwned = 1</script>',
  kind: 'notice',
  status: 'published',
  publicityEndsOn: null,
  version: 2,
  createdBy: 'u-off',
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-20T02:00:00.000Z',
  publishAt: '2026-11-20T02:00:00.000Z',
  publishedBy: 'u-off',
  withdrawnAt: null,
  withdrawnBy: null,
  withdrawReason: null,
}
const ME = (role: 'resident' | 'office') => ({
  user: { _id: 'u', name: role === 'office' ? '社区干事' : '居民', role, roleLabel: role === 'office' ? '社区工作人员' : '居民', householdLabel: null },
  community: { _id: 'c-1', name: '汴绣里小区', districtId: 'd', street: '北道门街道', yearBuilt: 1993, buildingCount: 5, householdCount: 120 },
  district: null,
  households: role === 'resident' ? [{ householdId: 'h-1', relation: 'owner', label: '1号楼1单元302' }] : [],
})

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 'token-abc')
  useAccount.getState().reset()
})

test('a resident reads a notice: the body is text, a script in it is shown and never run', async () => {
  mock.router.params = { id: 'n-1' }
  const sent = fakeBackend({ 'account.me': () => ok(ME('resident')), 'notices.get': () => ok({ notice: NOTICE, canEdit: false }) })
  const { container } = render(<NoticeDetail />)
  await screen.findByText('停水通知')
  expect(screen.getByText('明天停水。<script>window.__pwned = 1</script>')).toBeInTheDocument()
  expect(container.querySelector('script')).toBeNull()
  expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined()
  expect(screen.queryByRole('button', { name: '撤回这条公告' })).toBeNull()
  expect(sent.find((s) => s.action === 'get')).toMatchObject({ fn: 'notices', data: { id: 'n-1' }, token: 'token-abc' })
})

test('the office withdraws a published notice with a reason and is told what happened', async () => {
  mock.router.params = { id: 'n-1' }
  let current: typeof NOTICE = NOTICE
  const sent = fakeBackend({
    'account.me': () => ok(ME('office')),
    'notices.get': () => ok({ notice: current, canEdit: true }),
    'notices.withdraw': (d) => {
      current = { ...NOTICE, status: 'withdrawn', withdrawReason: d.reason, withdrawnAt: '2026-11-21T02:00:00.000Z', version: 3 } as never
      return ok(current)
    },
  })
  render(<NoticeDetail />)
  fireEvent.click(await screen.findByRole('button', { name: '撤回这条公告' }))
  fireEvent.change(screen.getByLabelText('撤回原因（居民会看到）'), { target: { value: '日期有变' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '确认撤回' })))
  await screen.findByText('公告已撤回，居民会看到撤回原因。')
  expect(sent.find((s) => s.action === 'withdraw')?.data).toEqual({ id: 'n-1', version: 2, reason: '日期有变' })
  await screen.findByText(/原因：日期有变/)
})

test('the edit form refuses an empty title in Chinese without calling the backend', async () => {
  const sent = fakeBackend({ 'account.me': () => ok(ME('office')) })
  render(<NoticeEdit />)
  fireEvent.change(screen.getByLabelText(/正文/), { target: { value: '正文内容' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '保存并发布' })))
  expect(await screen.findByRole('alert')).toHaveTextContent('请填写标题')
  expect(sent.filter((s) => s.fn === 'notices')).toEqual([])
})

test('save and publish creates the draft, publishes that version, then opens it', async () => {
  const sent = fakeBackend({
    'account.me': () => ok(ME('office')),
    'notices.create': (d) => ok({ ...NOTICE, ...d, _id: 'n-new', status: 'draft', version: 1 }),
    'notices.publish': (d) => ok({ ...NOTICE, _id: d.id, version: 2 }),
  })
  render(<NoticeEdit />)
  fireEvent.change(screen.getByLabelText(/标题/), { target: { value: '  楼道清理  ' } })
  fireEvent.change(screen.getByLabelText(/正文/), { target: { value: '周六清理楼道杂物' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '保存并发布' })))
  await waitFor(() => expect(mock.navigation).toContainEqual({ kind: 'redirectTo', url: '/pages/notice-detail/index?id=n-new' }))
  const calls = sent.filter((s) => s.fn === 'notices')
  expect(calls.map((c) => c.action)).toEqual(['create', 'publish'])
  expect(calls[0].data).toEqual({ kind: 'notice', title: '楼道清理', body: '周六清理楼道杂物', publicityEndsOn: null })
  expect(calls[1].data).toEqual({ id: 'n-new', version: 1 })
})

test('a backend refusal is shown in Chinese and the form keeps what was typed', async () => {
  fakeBackend({
    'account.me': () => ok(ME('office')),
    'notices.create': () => ({ ok: false, code: 'FORBIDDEN', message: '您没有权限进行这项操作。' }),
  })
  render(<NoticeEdit />)
  fireEvent.change(screen.getByLabelText(/标题/), { target: { value: '通知' } })
  fireEvent.change(screen.getByLabelText(/正文/), { target: { value: '内容' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '保存为草稿' })))
  expect(await screen.findByRole('alert')).toHaveTextContent('您没有权限进行这项操作。')
  expect(screen.getByLabelText(/标题/)).toHaveValue('通知')
})

test.each([
  ['office', 1],
  ['resident', 0],
] as const)('home shows the publish button to the %s: %i', async (role, count) => {
  fakeBackend({ 'account.me': () => ok(ME(role)), 'notices.list': () => ok({ items: [NOTICE], total: 1, community: { _id: 'c-1', name: '汴绣里小区' } }) })
  render(<Home />)
  await screen.findByText('停水通知')
  await screen.findByText(ME(role).user.name)
  expect(screen.queryAllByRole('button', { name: '发布公告' })).toHaveLength(count)
})

test('without a demo session, local mode sends you to the sign-in page', async () => {
  mock.storage.clear()
  fakeBackend({ 'notices.list': () => ok({ items: [], total: 0, community: { _id: 'c-1', name: 'x' } }) })
  render(<Home />)
  await waitFor(() => expect(mock.navigation).toContainEqual({ kind: 'reLaunch', url: '/pages/signin/index' }))
})

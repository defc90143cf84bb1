import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import Bind from '@/pages/bind/index'
import MyHouseholds from '@/pages/household/index'
import { useAccount } from '@/stores/account'
import { fakeBackend, ok } from './fake-backend'

/** Binding and "my household" as a newcomer and an owner would use them (scripted backend). */
const mock = taro as unknown as typeof import('./stubs/taro')

const VISITOR = { user: { _id: 'visitor:o', name: '', role: 'visitor', roleLabel: '未绑定房屋的用户', householdLabel: null }, community: null, district: null, households: [] }

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 't')
  useAccount.getState().reset()
})

test('an owner binds with a code: the page sends the code, relation, name and ID tail, then says what happened', async () => {
  const sent = fakeBackend({ 'account.me': () => ok(VISITOR), 'members.bind': () => ok({}) })
  render(<Bind />)
  fireEvent.change(await screen.findByLabelText(/绑定码/), { target: { value: 'abcd-2345' } })
  fireEvent.change(screen.getByLabelText(/业主姓名/), { target: { value: ' 王建国 ' } })
  fireEvent.change(screen.getByLabelText(/身份证号后四位/), { target: { value: '123X' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '绑定' })))
  expect(await screen.findByRole('status')).toHaveTextContent('绑定成功：您已作为业主本人绑定了这户房屋。')
  expect(sent.find((s) => s.action === 'bind')?.data).toEqual({ code: 'abcd-2345', relation: 'owner', name: '王建国', ownerIdTail: '123X' })
})

test('a family member is not asked for the ID tail, and a refused code is explained in Chinese', async () => {
  const sent = fakeBackend({
    'account.me': () => ok(VISITOR),
    'members.bind': () => ({ ok: false, code: 'CODE_USED', message: '这个绑定码已经用过了，每个绑定码只能用一次。' }),
  })
  render(<Bind />)
  fireEvent.click(await screen.findByRole('radio', { name: '家庭成员' }))
  expect(screen.queryByLabelText(/身份证号后四位/)).toBeNull()
  fireEvent.change(screen.getByLabelText(/绑定码/), { target: { value: 'ABCD2345' } })
  fireEvent.change(screen.getByLabelText(/您的姓名/), { target: { value: '小王' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '绑定' })))
  expect(await screen.findByRole('alert')).toHaveTextContent('这个绑定码已经用过了')
  expect(sent.find((s) => s.action === 'bind')?.data).toEqual({ code: 'ABCD2345', relation: 'family', name: '小王' })
})

test('asking to be bound without a community link is refused on the page, before any call', async () => {
  const sent = fakeBackend({ 'account.me': () => ok(VISITOR) })
  render(<Bind />)
  fireEvent.click(await screen.findByRole('radio', { name: '没有绑定码，申请绑定' }))
  fireEvent.change(screen.getByLabelText(/您的姓名|业主姓名/), { target: { value: '王建国' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交申请' })))
  expect(await screen.findByRole('alert')).toHaveTextContent('请扫描小区公告栏上的二维码')
  expect(sent.filter((s) => s.fn === 'members')).toEqual([])
})

test('a request from a community link names the flat', async () => {
  mock.router.params = { c: 'c-1' }
  const sent = fakeBackend({ 'account.me': () => ok(VISITOR), 'members.request': () => ok({}) })
  render(<Bind />)
  fireEvent.click(await screen.findByRole('radio', { name: '没有绑定码，申请绑定' }))
  fireEvent.click(screen.getByRole('radio', { name: '租户' }))
  fireEvent.change(screen.getByLabelText(/您的姓名/), { target: { value: '李四' } })
  fireEvent.change(screen.getByLabelText('楼号'), { target: { value: '3' } })
  fireEvent.change(screen.getByLabelText('单元号'), { target: { value: '2' } })
  fireEvent.change(screen.getByLabelText('房号'), { target: { value: '501' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交申请' })))
  await screen.findByText(/申请已提交/)
  expect(sent.find((s) => s.action === 'request')?.data).toEqual({ communityId: 'c-1', buildingNumber: 3, unitNumber: 2, room: '501', relation: 'tenant', name: '李四' })
})

test('an owner sees the members, invites family and removes a tenant', async () => {
  let members = [
    { userId: 'u-me', name: '王建国', relation: 'owner', isMe: true },
    { userId: 'u-t', name: '租客甲', relation: 'tenant' },
  ]
  const sent = fakeBackend({
    'account.me': () => ok({ ...VISITOR, user: { ...VISITOR.user, role: 'resident' } }),
    'members.mine': () => ok([{ householdId: 'h-1', label: '1号楼1单元302', relation: 'owner', isOwner: true, members }]),
    'members.invite': () => ok({ code: 'WXYZ2345', printed: 'WXYZ-2345', expiresAt: '2026-12-02T02:00:00.000Z' }),
    'members.remove': (d) => {
      members = members.filter((m) => m.userId !== d.userId)
      return ok({})
    },
  })
  render(<MyHouseholds />)
  await screen.findByText('租客甲（租户）')
  expect(screen.getAllByRole('button', { name: '移除' })).toHaveLength(1) // not for myself
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '邀请家人' })))
  await screen.findByText(/家人邀请码：WXYZ-2345/)
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '移除' })))
  await screen.findByText('已把 租客甲 从这户移除。')
  await waitFor(() => expect(screen.queryByText('租客甲（租户）')).toBeNull())
  expect(sent.find((s) => s.action === 'remove')?.data).toEqual({ householdId: 'h-1', userId: 'u-t' })
})

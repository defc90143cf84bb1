import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import Parties from '@/packageOffice/parties/index'
import Bind from '@/pages/bind/index'
import { useAccount } from '@/stores/account'
import { fakeBackend, ok, type Sent } from './fake-backend'
import { CONTRACTOR, DESIGNER, ME_OFFICE, ME_PARTY, PARTIES, SUPERVISOR, SURVEYOR, WATER } from './works-fixtures'

/** Accounts for a party's staff: the office issues a staff code (参建单位), the person binds with it (bind page). */
const mock = taro as unknown as typeof import('./stubs/taro')

const VISITOR = { user: { _id: 'visitor:o', name: '', role: 'visitor', roleLabel: '未绑定房屋的用户', householdLabel: null }, community: null, district: null, households: [] }
const ISSUED = { code: 'WXYZ2345', printed: 'WXYZ-2345', expiresAt: '2026-12-02T02:00:00.000Z', partyId: CONTRACTOR._id, partyName: CONTRACTOR.name, staffName: '王师傅' }

const sentOf = (sent: Sent[], fn: string, action: string) => sent.filter((s) => s.fn === fn && s.action === action).map((s) => s.data)
const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el)
  })
}

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 't')
  useAccount.getState().reset()
})

describe('bind page: 我是施工、维修单位的工作人员', () => {
  test('only the code is asked; bound, the page says for which party and goes home', async () => {
    let me: unknown = VISITOR
    const sent = fakeBackend({
      'account.me': () => ok(me),
      'members.bindParty': () => {
        me = ME_PARTY
        return ok({ user: { _id: 'u-new', name: '王师傅', role: 'party', communityId: 'c-1', partyId: CONTRACTOR._id }, party: { _id: CONTRACTOR._id, name: CONTRACTOR.name, kind: 'contractor' } })
      },
    })
    render(<Bind />)
    await click(await screen.findByRole('radio', { name: '我是施工、维修单位的工作人员' }))
    // No relation to a flat, no name, no ID tail: the office gave the name with the code.
    expect(screen.queryByRole('radio', { name: '业主本人' })).toBeNull()
    expect(screen.queryByLabelText(/姓名/)).toBeNull()
    fireEvent.change(screen.getByLabelText(/工作人员绑定码/), { target: { value: 'wxyz 2345' } })
    await click(screen.getByRole('button', { name: '绑定' }))
    expect(await screen.findByRole('status')).toHaveTextContent(`绑定成功：您是${CONTRACTOR.name}的工作人员。`)
    expect(sentOf(sent, 'members', 'bindParty')).toEqual([{ code: 'wxyz 2345' }])
    expect(sentOf(sent, 'members', 'bind')).toEqual([])
    await waitFor(() => expect(useAccount.getState().me?.user.role).toBe('party'))
    await click(screen.getByRole('button', { name: '进入首页' }))
    expect(mock.navigation).toContainEqual({ kind: 'reLaunch', url: '/pages/home/index' })
  })

  test('a refusal (already a resident) is shown in Chinese and nothing else happens', async () => {
    fakeBackend({
      'account.me': () => ok(VISITOR),
      'members.bindParty': () => ({ ok: false, code: 'FORBIDDEN', message: '您的微信已经登记为居民账号。居民账号和单位工作人员账号要分开，请用另一个微信号绑定工作人员账号，或联系社区。' }),
    })
    render(<Bind />)
    await click(await screen.findByRole('radio', { name: '我是施工、维修单位的工作人员' }))
    fireEvent.change(screen.getByLabelText(/工作人员绑定码/), { target: { value: 'WXYZ-2345' } })
    await click(screen.getByRole('button', { name: '绑定' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('请用另一个微信号')
    expect(screen.queryByRole('button', { name: '进入首页' })).toBeNull()
    expect(mock.navigation).toEqual([])
  })
})

describe('参建单位: 生成工作人员绑定码', () => {
  test('offered for contractors, supervisors, utilities and the property manager, not designers or surveyors', async () => {
    fakeBackend({ 'account.me': () => ok(ME_OFFICE), 'works.parties': () => ok({ items: PARTIES }) })
    render(<Parties />)
    await screen.findByRole('region', { name: '管线单位' })
    expect(screen.getAllByRole('button', { name: '生成工作人员绑定码' })).toHaveLength(4)
    for (const p of [DESIGNER, SURVEYOR]) {
      const card = screen.getByText(p.name).closest('.gj-card') as HTMLElement
      expect(within(card).queryByRole('button', { name: '生成工作人员绑定码' })).toBeNull()
    }
    for (const p of [CONTRACTOR, SUPERVISOR, WATER]) {
      const card = screen.getByText(p.name).closest('.gj-card') as HTMLElement
      expect(within(card).getByRole('button', { name: '生成工作人员绑定码' })).toBeInTheDocument()
    }
  })

  test('asks the name, shows the code once, large, with its validity, and copies it', async () => {
    const sent = fakeBackend({ 'account.me': () => ok(ME_OFFICE), 'works.parties': () => ok({ items: PARTIES }), 'works.issuePartyCode': () => ok(ISSUED) })
    render(<Parties />)
    await screen.findByText(CONTRACTOR.name)
    const card = screen.getByText(CONTRACTOR.name).closest('.gj-card') as HTMLElement
    await click(within(card).getByRole('button', { name: '生成工作人员绑定码' }))
    const form = screen.getByRole('region', { name: `${CONTRACTOR.name}的工作人员绑定码` })
    await click(within(form).getByRole('button', { name: '生成绑定码' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('请填写这位工作人员的姓名。')
    expect(sentOf(sent, 'works', 'issuePartyCode')).toEqual([])

    fireEvent.change(within(form).getByLabelText(/工作人员姓名/), { target: { value: ' 王师傅 ' } })
    await click(within(form).getByRole('button', { name: '生成绑定码' }))
    expect(await within(form).findByText('WXYZ-2345')).toHaveClass('gj-slip-code')
    expect(sentOf(sent, 'works', 'issuePartyCode')).toEqual([{ partyId: CONTRACTOR._id, staffName: '王师傅' }])
    expect(within(form).getByText(/7 天内有效，只能用一次/)).toBeInTheDocument()
    expect(within(form).getByText('给 王师傅 的绑定码：')).toBeInTheDocument()
    await click(within(form).getByRole('button', { name: '复制绑定码' }))
    expect(mock.clipboard).toEqual(['WXYZ-2345'])
    await click(within(form).getByRole('button', { name: '完成' }))
    expect(screen.queryByText('WXYZ-2345')).toBeNull()
  })
})

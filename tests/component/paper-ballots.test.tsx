import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import type { Household } from '@/core/community'
import { newPaperBallot, paperView, type PaperView } from '@/core/paper'
import type { ProxyView } from '@/core/proxies'
import BallotOffice from '@/packageOffice/ballot-office/index'
import PaperBallots from '@/packageOffice/paper-ballots/index'
import type { PaperDesk } from '@/services/ballots'
import { useAccount } from '@/stores/account'
import { ballot, BALLOT_ID, Q_COLOR, Q_ELEVATOR, Q_LIGHTS, Q_ROOF, QUESTIONS, tallyView } from './ballot-fixtures'
import { fakeBackend, ok, type Sent } from './fake-backend'
import { HOUSEHOLDS, planView } from './plan-fixtures'

/** The office's paper-ballot desk (packageOffice/paper-ballots), driven like the H5 build. */
const mock = taro as unknown as typeof import('./stubs/taro')

const OFFICE = {
  user: { _id: 'u-off', name: '赵三', role: 'office', roleLabel: '社区工作人员', householdLabel: null },
  community: { _id: 'c-1', name: '汴绣里小区', districtId: 'd', street: '北道门街道', yearBuilt: 1993, buildingCount: 2, householdCount: 5 },
  district: null,
  households: [],
}
/** Open now whatever the clock says. */
const OPEN_BALLOT = ballot({ opensAt: '2020-01-01T00:00:00.000Z', closesAt: '2099-12-31T00:00:00.000Z' })
const ME = { _id: 'u-off', name: '赵三' }
const OTHER = { _id: 'u-off-2', name: '周七' }

/** A roster household as households.get answers, from the plan fixtures' flats (h-1: 1-1-302, h-4: 2-1-201). */
function flat(id: 'h-1' | 'h-4'): Household {
  const h = HOUSEHOLDS.find((x) => x._id === id)!
  const [b, u, room] = id === 'h-1' ? [1, 1, '302'] : [2, 1, '201']
  return {
    ...h,
    communityId: 'c-1',
    buildingNumber: b,
    unitNumber: u,
    room,
    owners: [{ name: '王建国', idTail: '1234' }],
    coOwned: false,
    developerUnsold: false,
    tenantOccupied: false,
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
}

function paper(over: { householdId?: string; by?: typeof ME; status?: 'pending' | 'conflict' } = {}): PaperView {
  const p = newPaperBallot(
    {
      ballotId: BALLOT_ID,
      communityId: 'c-1',
      householdId: over.householdId ?? 'h-2',
      householdLabel: over.householdId === 'h-5' ? '2号楼1单元601' : '1号楼1单元101',
      answers: [{ questionId: Q_ROOF._id, choice: 'yes' }],
      photos: ['local:photos/u-off/p1.jpg'],
      voterName: '张*兰',
      relation: 'owner',
      assistedBy: null,
    },
    over.by ?? ME,
    new Date('2026-12-02T02:00:00Z'),
    over.householdId === 'h-5' ? 'paper-2' : 'paper-1',
  )
  if (over.status !== 'conflict') return paperView(p, { questions: QUESTIONS }, ME)
  const stored = { answer: { questionId: Q_ROOF._id, choice: 'no' as const }, at: '2026-12-01T08:00:00.000Z', via: 'online' as const, seq: 3, receiptHash: 'h' }
  return paperView({ ...p, status: 'conflict', version: 2, conflicts: [{ questionId: Q_ROOF._id, householdId: p.householdId, existing: stored }] }, { questions: QUESTIONS }, ME)
}

const desk = (items: PaperView[], assisted: PaperDesk['assisted'] = []): PaperDesk => {
  const counts = { pending: 0, conflict: 0, confirmed: 0, discarded: 0, rejected: 0 }
  for (const p of items) counts[p.status] += 1
  return { items, counts, assisted }
}

const PROXY: ProxyView = {
  _id: 'px-1',
  householdId: 'h-4',
  householdLabel: '2号楼1单元201',
  userId: 'u-res-2',
  userName: '李*',
  ballotId: BALLOT_ID,
  ballotLabel: '「汴绣里小区改造项目表决和意见征询」',
  grantorName: '王*国',
  photos: ['local:photos/u-off/auth.jpg'],
  note: '',
  createdByName: '赵三',
  createdAt: '2026-12-01T02:00:00.000Z',
  revoked: null,
  version: 1,
}

/** The desk's backend; photo uploads (blob: and /api/upload) answered around it. */
function backend(over: Record<string, (data: any) => unknown> = {}, items: PaperView[] = [], assisted: PaperDesk['assisted'] = []) {
  const sent = fakeBackend({
    'account.me': () => ok(OFFICE),
    'ballots.get': () => ok(OPEN_BALLOT),
    'ballots.listPaper': () => ok(desk(items, assisted)),
    'ballots.listProxies': () => ok({ items: [PROXY] }),
    'plans.get': () => ok(planView()),
    'households.list': (d) => ok({ items: d.buildingNumber === 1 ? [{ _id: 'h-1', room: '302', label: '1号楼1单元302' }] : [{ _id: 'h-4', room: '201', label: '2号楼1单元201' }], total: 1 }),
    'households.get': (d) => ok(flat(d.id)),
    ...over,
  })
  const api = globalThis.fetch
  let n = 0
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    if (String(url).startsWith('blob:')) return { blob: async () => new Blob(['jpeg bytes']) } as Response
    if (url === '/api/upload') return { json: async () => ({ ok: true, data: { fileID: `local:photos/u-off/new-${++n}.jpg` } }) } as Response
    return api(url, init as never)
  }) as typeof fetch
  return sent
}

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 't')
  mock.router.params = { id: BALLOT_ID }
  useAccount.getState().reset()
})

const sentOf = (sent: Sent[], action: string) => sent.filter((s) => s.fn === 'ballots' && s.action === action).map((s) => s.data as Record<string, unknown>)
const field = (container: HTMLElement, label: string) => within(container).getByLabelText(label) as HTMLInputElement
const type = (input: HTMLElement, value: string) => fireEvent.input(input, { target: { value }, detail: { value } })
const region = (name: string) => screen.getByRole('region', { name })

async function findFlat(container: HTMLElement, b: string, u: string, room: string) {
  type(field(container, '楼号'), b)
  type(field(container, '单元'), u)
  type(field(container, '房号'), room)
  fireEvent.click(within(container).getByRole('button', { name: '查找这户' }))
}

async function addPhoto(container: HTMLElement) {
  mock.media.picks.push([{ path: 'blob:http://localhost/paper', size: 1000 }])
  await act(async () => {
    fireEvent.click(within(container).getByRole('button', { name: /添加照片/ }))
  })
}

describe('entering a paper ballot', () => {
  test('the flat is found by 楼号/单元/房号; only its questions are offered; all the paper says is sent with the photo', async () => {
    const sent = backend({ 'ballots.enterPaper': (d) => ok(paperView(newPaperBallot({ ...d, communityId: 'c-1', householdLabel: '1号楼1单元302', relation: d.relation, assistedBy: d.assistedBy ?? null }, ME, new Date(), 'p-9'), { questions: QUESTIONS }, ME)) })
    render(<PaperBallots />)
    const form = await screen.findByRole('region', { name: '录入纸质选票' })
    await findFlat(within(form).getByRole('group', { name: '选票所属的房屋' }), '１', '1', '302')
    expect(await within(form).findByText('已找到：1号楼1单元302')).toBeInTheDocument()
    expect(sent.find((s) => s.fn === 'households' && s.action === 'list')?.data).toEqual({ buildingNumber: 1, unitNumber: 1, q: '302', limit: 100 })

    // h-1 is in building 1 unit 1: the roof and the elevator, not building 2's lights.
    expect(within(form).getByRole('group', { name: Q_ROOF.title })).toBeInTheDocument()
    expect(within(form).getByRole('group', { name: Q_ELEVATOR.title })).toBeInTheDocument()
    expect(within(form).queryByRole('group', { name: Q_LIGHTS.title })).toBeNull()

    type(field(form, '投票人姓名（选票上的签名）'), '王建国')
    fireEvent.click(within(within(form).getByRole('group', { name: Q_ROOF.title })).getByRole('radio', { name: '同意' }))
    fireEvent.click(within(within(form).getByRole('group', { name: Q_COLOR.title })).getByRole('radio', { name: '不同意' }))
    type(field(form, '协助填写的人（没有可不填）'), '女儿 王小红')

    // No photo yet: refused on the page, nothing sent.
    fireEvent.click(within(form).getByRole('button', { name: '录入纸质选票' }))
    expect(await within(form).findByText('请拍下纸质选票的照片（至少一张）。')).toBeInTheDocument()
    expect(sentOf(sent, 'enterPaper')).toEqual([])

    await addPhoto(form)
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: '录入纸质选票' }))
    })
    await waitFor(() => expect(sentOf(sent, 'enterPaper')).toHaveLength(1))
    expect(sentOf(sent, 'enterPaper')[0]).toEqual({
      ballotId: BALLOT_ID,
      householdId: 'h-1',
      answers: [
        { questionId: Q_ROOF._id, choice: 'yes' },
        { questionId: Q_COLOR._id, choice: 'no' },
      ],
      photos: ['local:photos/u-off/new-1.jpg'],
      voterName: '王建国',
      relation: 'owner',
      assistedBy: '女儿 王小红',
    })
    expect(await within(form).findByText(/须由另一位工作人员核对照片后确认/)).toBeInTheDocument()
    // The form is empty again for the next paper.
    expect(within(form).queryByText('已找到：1号楼1单元302')).toBeNull()
  })

  test('a tenant’s paper cannot carry an owners’ decision: those are shown disabled and not sent', async () => {
    const sent = backend({ 'ballots.enterPaper': () => ok(paper()) })
    render(<PaperBallots />)
    const form = await screen.findByRole('region', { name: '录入纸质选票' })
    await findFlat(within(form).getByRole('group', { name: '选票所属的房屋' }), '1', '1', '302')
    await within(form).findByText('已找到：1号楼1单元302')
    fireEvent.click(within(form).getByRole('radio', { name: '租户' }))
    const roof = within(form).getByRole('group', { name: Q_ROOF.title })
    expect(within(roof).getByRole('radiogroup')).toHaveAttribute('aria-disabled', 'true')
    expect(within(roof).getByText(/只有业主本人或业主委托的代理人/)).toBeInTheDocument()
    type(field(form, '投票人姓名（选票上的签名）'), '租户甲')
    fireEvent.click(within(within(form).getByRole('group', { name: Q_COLOR.title })).getByRole('radio', { name: '同意' }))
    await addPhoto(form)
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: '录入纸质选票' }))
    })
    await waitFor(() => expect(sentOf(sent, 'enterPaper')).toHaveLength(1))
    expect(sentOf(sent, 'enterPaper')[0]).toMatchObject({ relation: 'tenant', answers: [{ questionId: Q_COLOR._id, choice: 'yes' }] })
  })

  test('a flat not on the roster is said so', async () => {
    backend({ 'households.list': () => ok({ items: [], total: 0 }) })
    render(<PaperBallots />)
    const form = await screen.findByRole('region', { name: '录入纸质选票' })
    await findFlat(within(form).getByRole('group', { name: '选票所属的房屋' }), '9', '1', '101')
    expect(await within(form).findByText('名册里没有 9号楼1单元101，请核对。')).toBeInTheDocument()
  })
})

describe('the desk', () => {
  test('a paper I entered waits for another staff member; one entered by someone else I confirm or send back', async () => {
    const mine = paper()
    const theirs = { ...paper({ householdId: 'h-5', by: OTHER }), mayConfirm: true }
    const sent = backend({ 'ballots.confirmPaper': () => ok({ ...theirs, status: 'confirmed' }), 'ballots.rejectPaper': () => ok({ ...mine, status: 'rejected' }) }, [mine, theirs])
    render(<PaperBallots />)
    const pending = await screen.findByRole('region', { name: '待确认' })
    const mineCard = await within(pending).findByRole('group', { name: `1号楼1单元101：${mine.statusLabel}` })
    expect(within(mineCard).getByText('这张选票由您录入，须由另一位工作人员核对确认。')).toBeInTheDocument()
    expect(within(mineCard).queryByRole('button', { name: '确认（须由另一位工作人员）' })).toBeNull()
    expect(within(mineCard).getByText('· 是否同意实施“屋面防水”：同意')).toBeInTheDocument()
    expect(within(mineCard).getByAltText('照片1')).toBeInTheDocument()

    const theirCard = within(pending).getByRole('group', { name: `2号楼1单元601：${theirs.statusLabel}` })
    await act(async () => {
      fireEvent.click(within(theirCard).getByRole('button', { name: '确认（须由另一位工作人员）' }))
    })
    await waitFor(() => expect(sentOf(sent, 'confirmPaper')).toEqual([{ paperId: 'paper-2', version: 1 }]))

    // Sending my own wrong entry back, with the reason.
    fireEvent.click(within(mineCard).getByRole('button', { name: '有误，退回' }))
    type(field(mineCard, '退回的原因'), '房号录错了')
    await act(async () => {
      fireEvent.click(within(mineCard).getByRole('button', { name: '确认退回' }))
    })
    await waitFor(() => expect(sentOf(sent, 'rejectPaper')).toEqual([{ paperId: 'paper-1', version: 1, reason: '房号录错了' }]))
  })

  test('a conflict shows both answers and is resolved with a note, keeping either side', async () => {
    const c = paper({ status: 'conflict' })
    const sent = backend({ 'ballots.resolveConflict': (d) => (d.note ? ok({ ...c, status: 'confirmed' }) : { ok: false, code: 'INVALID_INPUT', message: '请写明与业主核实的情况' }) }, [c])
    render(<PaperBallots />)
    const conflicts = await screen.findByRole('region', { name: '冲突待处理' })
    const card = await within(conflicts).findByRole('group', { name: `1号楼1单元101：${c.statusLabel}` })
    expect(within(card).getByText(/纸质选票「同意」，已有网上投票「不同意」/)).toBeInTheDocument()
    await act(async () => {
      fireEvent.click(within(card).getByRole('button', { name: '以纸质选票为准' }))
    })
    expect(await within(card).findByText('请写明与业主核实的情况')).toBeInTheDocument()
    type(field(card, '与业主核实的情况'), '电话核实：以纸质选票为准')
    await act(async () => {
      fireEvent.click(within(card).getByRole('button', { name: '以纸质选票为准' }))
    })
    await waitFor(() => expect(sentOf(sent, 'resolveConflict').at(-1)).toEqual({ paperId: 'paper-1', version: 2, keep: 'paper', note: '电话核实：以纸质选票为准' }))
    await act(async () => {
      fireEvent.click(within(card).getByRole('button', { name: '以网上投票为准' }))
    })
    await waitFor(() => expect(sentOf(sent, 'resolveConflict').at(-1)).toMatchObject({ keep: 'online' }))
  })

  test('votes someone helped to give are listed with who helped', async () => {
    backend({}, [], [{ householdId: 'h-1', householdLabel: '1号楼1单元302', questionTitles: [Q_ROOF.title], via: 'assisted', viaLabel: '网上投票（有人协助）', assistedBy: '网格员 李某', at: '2026-12-02T02:00:00.000Z' }])
    render(<PaperBallots />)
    const list = await screen.findByRole('list', { name: '协助投票名单' })
    expect(await within(list).findByText(/1号楼1单元302：网上投票（有人协助），协助人 网格员 李某/)).toBeInTheDocument()
  })
})

describe('proxies', () => {
  test('the office records a written authorisation by the two flats and the names, lists and revokes proxies', async () => {
    const sent = backend({ 'ballots.addProxy': () => ok(PROXY), 'ballots.revokeProxy': () => ok({ ...PROXY, revoked: { at: '2026-12-03T02:00:00.000Z', reason: '业主回来了' }, version: 2 }) })
    render(<PaperBallots />)
    const proxies = await screen.findByRole('region', { name: '投票委托' })
    const form = within(proxies).getByRole('group', { name: '登记委托' })
    await findFlat(within(form).getByRole('group', { name: '委托投票的房屋' }), '2', '1', '201')
    await within(form).findByText('已找到：2号楼1单元201')
    await findFlat(within(form).getByRole('group', { name: '代理人绑定的房屋' }), '1', '1', '302')
    await within(form).findByText('已找到：1号楼1单元302')
    type(field(form, '签署委托书的业主姓名'), '王建国')
    type(field(form, '代理人姓名（与其在小程序中登记的一致）'), '居民 李二（示例）')
    await addPhoto(form)
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: '登记委托' }))
    })
    await waitFor(() => expect(sentOf(sent, 'addProxy')).toHaveLength(1))
    expect(sentOf(sent, 'addProxy')[0]).toEqual({
      householdId: 'h-4',
      person: { householdId: 'h-1', name: '居民 李二（示例）' },
      ballotId: BALLOT_ID,
      grantorName: '王建国',
      photos: ['local:photos/u-off/new-1.jpg'],
    })

    const card = within(proxies).getByRole('group', { name: '2号楼1单元201 委托 李*' })
    fireEvent.click(within(card).getByRole('button', { name: '撤销委托' }))
    type(field(card, '撤销的原因'), '业主回来了')
    await act(async () => {
      fireEvent.click(within(card).getByRole('button', { name: '确认撤销' }))
    })
    await waitFor(() => expect(sentOf(sent, 'revokeProxy')).toEqual([{ proxyId: 'px-1', version: 1, reason: '业主回来了' }]))
  })
})

test('the office’s ballot page leads to the paper desk', async () => {
  backend({ 'ballots.tally': () => ok(tallyView()), 'ballots.doorKnock': () => ok({ rows: [] }) })
  render(<BallotOffice />)
  fireEvent.click(await screen.findByRole('button', { name: '纸质选票和投票委托' }))
  expect(mock.navigation.at(-1)).toEqual({ kind: 'navigateTo', url: `/packageOffice/paper-ballots/index?id=${BALLOT_ID}` })
  expect(region('上门走访名单')).toBeInTheDocument()
})

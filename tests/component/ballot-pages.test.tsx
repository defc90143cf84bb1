import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import type { Answer } from '@/core/ballot'
import type { DoorKnockRow } from '@/core/ballot-view'
import { ERROR_MESSAGES } from '@/core/errors'
import { yuanLabel } from '@/core/money'
import Home from '@/pages/home/index'
import BallotEdit from '@/packageOffice/ballot-edit/index'
import BallotOffice from '@/packageOffice/ballot-office/index'
import BallotPage from '@/packageVote/ballot/index'
import BallotResult from '@/packageVote/ballot-result/index'
import Ballots from '@/packageVote/ballots/index'
import { useAccount } from '@/stores/account'
import { ballot, BALLOT_ID, FEW_VOTES, forHousehold, Q_COLOR, Q_ELEVATOR, Q_MENU, Q_ROOF, tallyView } from './ballot-fixtures'
import { fakeBackend, ok, type Sent } from './fake-backend'
import { ME_RESIDENT, planView, shareFen } from './plan-fixtures'

/** The ballot pages of residents (packageVote) and the office (packageOffice), driven like the H5 build. */
const mock = taro as unknown as typeof import('./stubs/taro')

const OFFICE = {
  user: { _id: 'u-off', name: '赵三', role: 'office', roleLabel: '社区工作人员', householdLabel: null },
  community: { _id: 'c-1', name: '汴绣里小区', districtId: 'd', street: '北道门街道', yearBuilt: 1993, buildingCount: 2, householdCount: 5 },
  district: null,
  households: [],
}

const RECEIPT = 'ABCD-EFGH-JKMN'
const castResult = (version = 1, replayed = false) => ok({ receipt: RECEIPT, at: '2026-12-02T02:30:00.000Z', version, replayed })

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 't')
  mock.router.params = { id: BALLOT_ID }
  useAccount.getState().reset()
})

const casts = (sent: Sent[]) => sent.filter((s) => s.fn === 'ballots' && s.action === 'cast').map((s) => s.data as { requestId: string; version: number; answers: Answer[]; assistedBy?: string; householdId: string; ballotId: string })
const blobText = (b: Blob) =>
  new Promise<string>((resolve) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result))
    r.readAsText(b)
  })
const group = (name: string) => screen.getByRole('group', { name })
const radio = (container: HTMLElement, name: string) => within(container).getByRole('radio', { name })

describe('ballot page (投票)', () => {
  function voteBackend(over: Record<string, (data: any) => unknown> = {}, relation: 'owner' | 'tenant' = 'owner') {
    return fakeBackend({
      'account.me': () => ok(ME_RESIDENT([{ householdId: 'h-1', relation, label: '1号楼1单元302' }])),
      'ballots.get': (d) => ok(forHousehold(d.householdId, { relation, version: 3 })),
      'plans.get': () => ok(planView()),
      'ballots.cast': () => castResult(4),
      ...over,
    })
  }

  test('a resident sees only the questions of their scope, owners’ decisions first with what the household pays and the rule', async () => {
    const sent = voteBackend()
    render(<BallotPage />)
    await screen.findByText('汴绣里小区改造项目表决和意见征询')
    expect(sent.find((s) => s.action === 'get')?.data).toEqual({ ballotId: BALLOT_ID, householdId: 'h-1' })

    const decisions = screen.getByRole('region', { name: '业主表决' })
    // h-1 is in building 1, unit 1: roof and elevator, not building 2's lights.
    expect(within(decisions).getByRole('group', { name: Q_ROOF.title })).toBeInTheDocument()
    expect(within(decisions).getByRole('group', { name: Q_ELEVATOR.title })).toBeInTheDocument()
    expect(screen.queryByText('是否同意实施“照明设施”')).toBeNull()
    expect(within(group(Q_ROOF.title)).getByText(`我家出资 ${yuanLabel(shareFen('i-roof', 'h-1'))}`)).toBeInTheDocument()
    expect(within(group(Q_ELEVATOR.title)).getByText(`我家出资 ${yuanLabel(shareFen('i-elevator', 'h-1'))}`)).toBeInTheDocument()
    expect(within(group(Q_ROOF.title)).getByText(/重大事项：.*四分之三/)).toBeInTheDocument()
    expect(within(group(Q_ROOF.title)).getByText('范围：1号楼')).toBeInTheDocument()

    const surveys = screen.getByRole('region', { name: '意见征询' })
    expect(within(surveys).getByRole('group', { name: Q_COLOR.title })).toBeInTheDocument()
    expect(within(surveys).getByRole('group', { name: Q_MENU.title })).toBeInTheDocument()
    // The menu offers the plan items by title.
    expect(await within(group(Q_MENU.title)).findByRole('checkbox', { name: '健身小广场' })).toBeInTheDocument()
  })

  test('a tenant sees the owners’ decisions disabled, with the reason, and may still answer the surveys', async () => {
    const sent = voteBackend({}, 'tenant')
    render(<BallotPage />)
    const roof = await screen.findByRole('group', { name: Q_ROOF.title })
    expect(within(roof).getByText(/只有业主本人或业主书面委托的代理人才能投票/)).toBeInTheDocument()
    fireEvent.click(radio(roof, '同意'))
    expect(radio(roof, '同意')).toHaveAttribute('aria-checked', 'false')
    expect(radio(roof, '同意')).toHaveAttribute('aria-disabled', 'true')

    fireEvent.click(radio(group(Q_COLOR.title), '不同意'))
    expect(radio(group(Q_COLOR.title), '不同意')).toHaveAttribute('aria-checked', 'true')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    expect(casts(sent)[0].answers).toEqual([{ questionId: 'q-color', choice: 'no' }])
  })

  test('“最多选 N 项” is enforced on the page: a third pick is refused until one is taken back', async () => {
    voteBackend()
    render(<BallotPage />)
    const menu = await screen.findByRole('group', { name: Q_MENU.title })
    await within(menu).findByRole('checkbox', { name: '屋面防水' })
    const box = (name: string) => within(menu).getByRole('checkbox', { name })
    fireEvent.click(box('屋面防水'))
    fireEvent.click(box('健身小广场'))
    fireEvent.click(box('照明设施'))
    expect(box('照明设施')).toHaveAttribute('aria-checked', 'false')
    expect(within(menu).getByRole('alert')).toHaveTextContent('最多选 2 项')
    expect(within(menu).getByText('最多选 2 项（已选 2 项）')).toBeInTheDocument()
    fireEvent.click(box('屋面防水'))
    fireEvent.click(box('照明设施'))
    expect(box('照明设施')).toHaveAttribute('aria-checked', 'true')
    expect(box('屋面防水')).toHaveAttribute('aria-checked', 'false')
  })

  test('“提交全部回答” sends every answer at once with a request id and the version, then shows the receipt', async () => {
    const sent = voteBackend()
    render(<BallotPage />)
    const roof = await screen.findByRole('group', { name: Q_ROOF.title })
    fireEvent.click(radio(roof, '同意'))
    fireEvent.click(radio(group(Q_ELEVATOR.title), '弃权'))
    fireEvent.click(radio(group(Q_COLOR.title), '同意'))
    fireEvent.click(within(group(Q_MENU.title)).getByRole('checkbox', { name: '健身小广场' }))
    fireEvent.click(radio(group('休息座椅放在哪里？'), '北门'))
    fireEvent.change(within(group('其他意见和建议')).getByRole('textbox'), { target: { value: '  楼道灯希望换成声控的  ' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))

    const [cast, ...more] = casts(sent)
    expect(more).toEqual([])
    expect(cast).toEqual({
      ballotId: BALLOT_ID,
      householdId: 'h-1',
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      version: 3,
      answers: [
        { questionId: 'q-roof', choice: 'yes' },
        { questionId: 'q-elevator', choice: 'abstain' },
        { questionId: 'q-color', choice: 'yes' },
        { questionId: 'q-menu', picks: ['i-fitness'] },
        { questionId: 'q-bench', picks: [0] },
        { questionId: 'q-text', text: '楼道灯希望换成声控的' },
      ],
    })
    expect(await screen.findByText('投票已提交')).toBeInTheDocument()
    expect(screen.getByText(RECEIPT)).toBeInTheDocument()
    expect(screen.getByText('请保存好回执编码，可以用它核对您的投票是否被计入。')).toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent('您已为1号楼1单元302提交 6 个问题的回答')
    expect(screen.getByRole('list', { name: '您提交的回答' })).toHaveTextContent('是否同意实施“屋面防水”：同意')
    fireEvent.click(screen.getByRole('button', { name: '核对这张回执' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: `/packageVote/ballot-result/index?id=${BALLOT_ID}&receipt=${RECEIPT}` })
  })

  test('a retry after a network failure sends the same request id; a later, different submission gets a new one', async () => {
    let calls = 0
    const sent = voteBackend({
      'ballots.cast': () => {
        calls += 1
        if (calls === 1) throw new TypeError('Failed to fetch')
        return castResult(4, calls === 2)
      },
    })
    render(<BallotPage />)
    fireEvent.click(radio(await screen.findByRole('group', { name: Q_ROOF.title }), '不同意'))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    expect(screen.getByRole('alert')).toHaveTextContent('网络连接不上')
    expect(screen.getByRole('alert')).toHaveTextContent('不会重复计入')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    await screen.findByText('投票已提交')
    expect(screen.getByRole('status')).toHaveTextContent('没有重复计入')

    const [first, retry] = casts(sent)
    expect(retry.requestId).toBe(first.requestId)
    expect(retry).toEqual(first)

    // Change the vote: a new submission, a new request id.
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '修改我的投票' })))
    fireEvent.click(radio(await screen.findByRole('group', { name: Q_ROOF.title }), '同意'))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    await screen.findByText('投票已提交')
    const third = casts(sent)[2]
    expect(third.requestId).not.toBe(first.requestId)
    expect(third.answers).toEqual([{ questionId: 'q-roof', choice: 'yes' }])
  })

  test('CONFLICT: the page says someone else in the household just voted, reloads and shows their vote', async () => {
    let gets = 0
    const sent = voteBackend({
      'ballots.get': (d) => {
        gets += 1
        if (gets === 1) return ok(forHousehold(d.householdId, { version: 3 }))
        return ok(
          forHousehold(d.householdId, {
            version: 4,
            current: { 'q-roof': { answer: { questionId: 'q-roof', choice: 'no' }, at: '2026-12-02T02:29:00.000Z', via: 'online', byMe: false } },
          }),
        )
      },
      'ballots.cast': () => ({ ok: false, code: 'CONFLICT', message: ERROR_MESSAGES.CONFLICT }),
    })
    render(<BallotPage />)
    fireEvent.click(radio(await screen.findByRole('group', { name: Q_ROOF.title }), '同意'))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))

    expect(await screen.findByText(/您家里的另一位成员刚刚也投了票/)).toBeInTheDocument()
    await waitFor(() => expect(radio(group(Q_ROOF.title), '不同意')).toHaveAttribute('aria-checked', 'true'))
    expect(within(group(Q_ROOF.title)).getByText(/本户现在的投票：不同意.*由本户其他成员或社区代录/)).toBeInTheDocument()
    expect(sent.filter((s) => s.fn === 'ballots' && s.action === 'get')).toHaveLength(2)

    // Submitting again now carries the new version.
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    expect(casts(sent)[1].version).toBe(4)
  })

  test('a CONFLICT with nothing changed at home (the store was busy) keeps the answers on the page and says so', async () => {
    const busy = '投票的人太多，这次没有保存，请稍后再提交一次。'
    let calls = 0
    const sent = voteBackend({
      'ballots.cast': () => (++calls === 1 ? { ok: false, code: 'CONFLICT', message: busy } : castResult(4)),
    })
    render(<BallotPage />)
    fireEvent.click(radio(await screen.findByRole('group', { name: Q_ROOF.title }), '不同意'))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    await waitFor(() => expect(sent.filter((s) => s.fn === 'ballots' && s.action === 'get')).toHaveLength(2))
    expect(screen.getByRole('alert')).toHaveTextContent(busy)
    expect(screen.queryByText(/您家里的另一位成员刚刚也投了票/)).toBeNull()
    expect(radio(group(Q_ROOF.title), '不同意')).toHaveAttribute('aria-checked', 'true')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    const [first, second] = casts(sent)
    expect(second.answers).toEqual(first.answers)
    // Nothing was stored the first time: a fresh request id is fine (and never a replay of other content).
    expect(second.requestId).not.toBe(first.requestId)
    expect(await screen.findByText('投票已提交')).toBeInTheDocument()
  })

  test('standing answers are pre-filled; an assisted vote says who helped', async () => {
    const sent = voteBackend({
      'ballots.get': (d) =>
        ok(
          forHousehold(d.householdId, {
            version: 3,
            current: {
              'q-roof': { answer: { questionId: 'q-roof', choice: 'yes' }, at: '2026-12-01T02:00:00.000Z', via: 'online', byMe: true },
              'q-menu': { answer: { questionId: 'q-menu', picks: ['i-elevator', 'i-roof'] }, at: '2026-12-01T02:00:00.000Z', via: 'online', byMe: true },
            },
          }),
        ),
    })
    render(<BallotPage />)
    const roof = await screen.findByRole('group', { name: Q_ROOF.title })
    expect(radio(roof, '同意')).toHaveAttribute('aria-checked', 'true')
    expect(await within(group(Q_MENU.title)).findByRole('checkbox', { name: '1号楼1单元加装电梯' })).toHaveAttribute('aria-checked', 'true')
    fireEvent.click(screen.getByRole('checkbox', { name: '有人帮我投票' }))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    expect(screen.getByRole('alert')).toHaveTextContent('请写下帮您投票的人')
    expect(casts(sent)).toEqual([])
    fireEvent.change(screen.getByRole('textbox', { name: '帮您投票的人（姓名和关系）' }), { target: { value: '孙女 王小明' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    expect(casts(sent)[0]).toMatchObject({
      assistedBy: '孙女 王小明',
      answers: [
        { questionId: 'q-roof', choice: 'yes' },
        { questionId: 'q-menu', picks: ['i-elevator', 'i-roof'] },
      ],
    })
  })

  test('before opening the ballot is read-only with its times: no submit button', async () => {
    voteBackend({ 'ballots.get': (d) => ok(forHousehold(d.householdId, { phase: 'scheduled' })) })
    render(<BallotPage />)
    expect(await screen.findByText(/投票将于 2026年12月1日 08:00 开始/)).toBeInTheDocument()
    expect(screen.getByText('投票时间：2026年12月1日 08:00 至 2026年12月15日 20:00')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '提交全部回答' })).toBeNull()
    expect(radio(group(Q_ROOF.title), '同意')).toHaveAttribute('aria-disabled', 'true')
  })

  test('a refusal from the function is shown in Chinese and the answers stay on the page', async () => {
    voteBackend({ 'ballots.cast': () => ({ ok: false, code: 'BALLOT_CLOSED', message: ERROR_MESSAGES.BALLOT_CLOSED }) })
    render(<BallotPage />)
    fireEvent.click(radio(await screen.findByRole('group', { name: Q_ROOF.title }), '同意'))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '提交全部回答' })))
    expect(screen.getByRole('alert')).toHaveTextContent(ERROR_MESSAGES.BALLOT_CLOSED)
    expect(radio(group(Q_ROOF.title), '同意')).toHaveAttribute('aria-checked', 'true')
  })
})

describe('ballot list (投票和意见征询)', () => {
  const summaries = [
    { _id: 'b-old', title: '去年的满意度调查', phase: 'closed', opensAt: '2025-12-01T00:00:00.000Z', closesAt: '2025-12-10T00:00:00.000Z', questions: 3, resultNoticeId: 'n-res' },
    { _id: 'b-next', title: '电梯意见征询', phase: 'scheduled', opensAt: '2026-12-20T00:00:00.000Z', closesAt: '2026-12-30T00:00:00.000Z', questions: 2, resultNoticeId: null },
    { _id: BALLOT_ID, title: '改造项目表决', phase: 'open', opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-15T12:00:00.000Z', questions: 7, resultNoticeId: null },
  ]

  test('residents see open ballots first with “去投票”, closed ones with “查看结果” and the result notice', async () => {
    fakeBackend({ 'account.me': () => ok(ME_RESIDENT()), 'ballots.list': () => ok({ items: summaries }) })
    render(<Ballots />)
    await screen.findByText('改造项目表决')
    const titles = screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))
    expect(titles).toEqual(['改造项目表决', '电梯意见征询', '去年的满意度调查'])
    fireEvent.click(within(screen.getByRole('region', { name: '改造项目表决' })).getByRole('button', { name: '去投票' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: `/packageVote/ballot/index?id=${BALLOT_ID}` })
    const old = screen.getByRole('region', { name: '去年的满意度调查' })
    fireEvent.click(within(old).getByRole('button', { name: '查看结果' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageVote/ballot-result/index?id=b-old' })
    fireEvent.click(within(old).getByRole('button', { name: '查看结果公告' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/notice-detail/index?id=n-res' })
    expect(screen.queryByRole('button', { name: '新建投票' })).toBeNull()
  })

  test('an open ballot that asks nothing of my household is listed for information, without “去投票”', async () => {
    const other = { _id: 'b-roof3', title: '3号楼屋面防水满意度调查', phase: 'open', opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-15T12:00:00.000Z', questions: 2, resultNoticeId: null, forMyHousehold: false }
    fakeBackend({ 'account.me': () => ok(ME_RESIDENT()), 'ballots.list': () => ok({ items: [{ ...summaries[2], forMyHousehold: true }, other] }) })
    render(<Ballots />)
    const card = await screen.findByRole('region', { name: other.title })
    expect(within(card).getByText('这次投票不涉及您家，只供了解。')).toBeInTheDocument()
    expect(within(card).queryByRole('button', { name: '去投票' })).toBeNull()
    fireEvent.click(within(card).getByRole('button', { name: '查看参与情况' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageVote/ballot-result/index?id=b-roof3' })
    expect(within(screen.getByRole('region', { name: '改造项目表决' })).getByRole('button', { name: '去投票' })).toBeInTheDocument()
  })

  test('the office creates ballots and follows each one’s count', async () => {
    fakeBackend({ 'account.me': () => ok(OFFICE), 'ballots.list': () => ok({ items: summaries }) })
    render(<Ballots />)
    fireEvent.click(await screen.findByRole('button', { name: '新建投票' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageOffice/ballot-edit/index' })
    fireEvent.click(within(await screen.findByRole('region', { name: '改造项目表决' })).getByRole('button', { name: '查看计票和上门走访名单' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: `/packageOffice/ballot-office/index?id=${BALLOT_ID}` })
  })

  test.each([
    ['resident', ME_RESIDENT()],
    ['office', OFFICE],
  ])('home has a “投票和意见征询” entry (%s)', async (_who, me) => {
    fakeBackend({ 'account.me': () => ok(me), 'notices.list': () => ok({ items: [] }), 'feedback.mine': () => ok({ items: [], notifications: [] }) })
    render(<Home />)
    fireEvent.click(await screen.findByRole('button', { name: '投票和意见征询' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/packageVote/ballots/index' })
  })
})

describe('ballot result (投票结果)', () => {
  function resultBackend(over: Record<string, (data: any) => unknown> = {}) {
    return fakeBackend({
      'account.me': () => ok(ME_RESIDENT()),
      'ballots.get': () => ok(ballot()),
      'ballots.tally': () => ok(tallyView({ residentView: true })),
      ...over,
    })
  }

  test('while open and consent is hidden: participation with its gap, no consent figures', async () => {
    resultBackend({ 'ballots.tally': () => ok(tallyView({ residentView: true, votes: FEW_VOTES })) })
    render(<BallotResult />)
    const roof = await screen.findByRole('region', { name: Q_ROOF.title })
    // 4 of 10 heads, 240 of 660 m²: 2/3 needs 7 heads and 440 m² → 3 more heads, 200 m² more.
    expect(within(roof).getByText('已参与 4/10 户、240/660 ㎡，还差 3 户 / 200 ㎡才达到参与要求（三分之二）')).toBeInTheDocument()
    expect(within(roof).getByText('同意、不同意的情况在投票结束后公布。')).toBeInTheDocument()
    expect(within(roof).queryByText(/^同意 \d/)).toBeNull()
    expect(within(roof).queryByText(/通过/)).toBeNull()
    const color = screen.getByRole('region', { name: Q_COLOR.title })
    expect(within(color).getByText('已回答 3/10 户')).toBeInTheDocument()
    expect(within(color).getByText('各选项的结果在投票结束后公布。')).toBeInTheDocument()
  })

  test('once closed: consent, the outcome (major fails on 5/7 heads), survey shares and the list to download', async () => {
    const created: Blob[] = []
    const downloads: string[] = []
    Object.assign(URL, { createObjectURL: (b: Blob) => (created.push(b), 'blob:list'), revokeObjectURL: () => undefined })
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    const json = JSON.stringify({ format: 'gongjian-ballot-list/1', rows: [] })
    const sent = resultBackend({
      'ballots.get': () => ok(ballot({ status: 'closed', resultNoticeId: 'n-result' })),
      'ballots.tally': () => ok(tallyView({ phase: 'closed' })),
      'ballots.downloadList': () => ok({ fileName: '投票名单.json', json }),
    })
    render(<BallotResult />)
    const roof = await screen.findByRole('region', { name: Q_ROOF.title })
    expect(within(roof).getByText('已参与 7/10 户、480/660 ㎡，参与已达到三分之二')).toBeInTheDocument()
    expect(within(roof).getByText('未通过（同意未达到四分之三）')).toBeInTheDocument()
    expect(within(roof).getByText(/同意占参与的 5\/7 户、360\/480 ㎡（人数 71\.43%，面积 75\.00%），还差 1 户才达到四分之三/)).toBeInTheDocument()
    const color = screen.getByRole('region', { name: Q_COLOR.title })
    expect(within(color).getByText('同意：2 户（66.7%）')).toBeInTheDocument()
    expect(within(color).getByText('弃权：1 户（33.3%）')).toBeInTheDocument()
    expect(within(color).getByText('不同意：0 户（0.0%）')).toBeInTheDocument()

    fireEvent.click(screen.getByRole('button', { name: '查看结果公告' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/notice-detail/index?id=n-result' })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '下载匿名选票名单' })))
    expect(sent.find((s) => s.action === 'downloadList')?.data).toEqual({ ballotId: BALLOT_ID })
    expect(downloads).toEqual(['投票名单.json'])
    expect(await blobText(created[0])).toBe(json)
    expect(screen.getByText('已下载 投票名单.json。')).toBeInTheDocument()
    click.mockRestore()
  })

  test('with running consent shown (an ordinary item): consent and its gap before closing, no outcome yet', async () => {
    resultBackend({ 'ballots.tally': () => ok(tallyView({ kind: 'ordinary' })) })
    render(<BallotResult />)
    const roof = await screen.findByRole('region', { name: Q_ROOF.title })
    expect(within(roof).getByText('同意 5 户、360 ㎡；不同意 2 户、120 ㎡；弃权 0 户、0 ㎡')).toBeInTheDocument()
    expect(within(roof).getByText(/，已过半数$/)).toBeInTheDocument()
    expect(within(roof).queryByText(/通过/)).toBeNull()
  })

  test('checking a receipt: a malformed code is refused on the page; a typed code is normalised and verified', async () => {
    mock.router.params = { id: BALLOT_ID, receipt: 'abcd efgh jkm' }
    const sent = resultBackend({
      'ballots.verifyReceipt': () =>
        ok({ at: '2026-12-02T02:30:00.000Z', answers: [{ questionId: 'q-roof', title: Q_ROOF.title, answer: '同意', standing: false }], standing: false }),
    })
    render(<BallotResult />)
    const form = await screen.findByRole('region', { name: '核对回执' })
    expect(within(form).getByRole('textbox', { name: '回执编码' })).toHaveValue('abcd efgh jkm')
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: '核对回执' })))
    expect(within(form).getByRole('alert')).toHaveTextContent('回执编码是 12 个字母或数字')
    expect(sent.filter((s) => s.action === 'verifyReceipt')).toEqual([])

    fireEvent.change(within(form).getByRole('textbox', { name: '回执编码' }), { target: { value: 'abcdefghjkmn' } })
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: '核对回执' })))
    expect(sent.find((s) => s.action === 'verifyReceipt')?.data).toEqual({ ballotId: BALLOT_ID, receipt: RECEIPT })
    expect(within(form).getByRole('status')).toHaveTextContent('之后本户或同一业主名下的其他房屋又投过票，以最后一次为准，这一份不再计入')
    expect(within(form).getByRole('list', { name: '这张回执记录的回答' })).toHaveTextContent('是否同意实施“屋面防水”：同意（不再计入）')
  })

  test('a forged receipt is refused with the function’s message', async () => {
    resultBackend({ 'ballots.verifyReceipt': () => ({ ok: false, code: 'RECEIPT_INVALID', message: ERROR_MESSAGES.RECEIPT_INVALID }) })
    render(<BallotResult />)
    const form = await screen.findByRole('region', { name: '核对回执' })
    fireEvent.change(within(form).getByRole('textbox', { name: '回执编码' }), { target: { value: 'ZZZZ-ZZZZ-ZZZZ' } })
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: '核对回执' })))
    expect(within(form).getByRole('alert')).toHaveTextContent(ERROR_MESSAGES.RECEIPT_INVALID)
  })
})

describe('office: ballot edit (新建投票)', () => {
  function editBackend(over: Record<string, (data: any) => unknown> = {}) {
    return fakeBackend({
      'account.me': () => ok(OFFICE),
      'plans.get': () => ok(planView()),
      'plans.getDraft': () =>
        ok({
          buildings: [
            { _id: 'b1', number: 1, floors: 6 },
            { _id: 'b2', number: 2, floors: 6 },
          ],
          units: [
            { _id: 'b1-u1', buildingId: 'b1', number: 1 },
            { _id: 'b1-u2', buildingId: 'b1', number: 2 },
            { _id: 'b2-u1', buildingId: 'b2', number: 1 },
          ],
        }),
      'ballots.create': (d) => ok(ballot({ ...d, _id: 'bal-new', status: 'draft', version: 1 })),
      'ballots.update': (d) => ok(ballot({ ...d, _id: d.ballotId, status: 'draft', version: d.version + 1 })),
      'ballots.open': (d) => ok(ballot({ _id: d.ballotId, status: 'open', version: d.version + 1 })),
      ...over,
    })
  }
  const addButton = () => screen.getByRole('button', { name: '加入这个问题' })
  const adder = () => screen.getByRole('region', { name: '添加问题' })

  test('builds decisions from plan items and survey questions, reorders, saves a draft and publishes after a confirmation', async () => {
    mock.router.params = {}
    const sent = editBackend()
    render(<BallotEdit />)
    fireEvent.change(await screen.findByRole('textbox', { name: /投票名称/ }), { target: { value: '电梯和屋面表决' } })
    fireEvent.change(screen.getByRole('textbox', { name: '开始日期' }), { target: { value: '2026-12-01' } })
    fireEvent.change(screen.getByRole('textbox', { name: '开始时间' }), { target: { value: '08:00' } })
    fireEvent.change(screen.getByRole('textbox', { name: '截止日期' }), { target: { value: '2026-12-15' } })
    fireEvent.change(screen.getByRole('textbox', { name: '截止时间' }), { target: { value: '20:00' } })
    fireEvent.click(screen.getByRole('radio', { name: '同时公布赞成情况' }))

    // An owners' decision on the elevator item: its scope and decision kind come from the item.
    await waitFor(() => expect(within(adder()).getByRole('radio', { name: /^1号楼1单元加装电梯/ })).toBeInTheDocument())
    fireEvent.click(within(adder()).getByRole('radio', { name: /^1号楼1单元加装电梯/ }))
    fireEvent.click(addButton())
    expect(within(adder()).queryByRole('radio', { name: /^1号楼1单元加装电梯/ })).toBeNull()

    // A choice question, 2 picks of 3 options, for building 1.
    fireEvent.click(within(adder()).getByRole('radio', { name: '选择题（意见征询）' }))
    fireEvent.change(within(adder()).getByRole('textbox', { name: /^问题/ }), { target: { value: '单元门禁用哪种？' } })
    fireEvent.change(within(adder()).getByRole('textbox', { name: /^选项/ }), { target: { value: '刷卡\n\n 人脸识别 \n密码' } })
    fireEvent.change(within(adder()).getByRole('textbox', { name: '每户最多选几项' }), { target: { value: '4' } })
    fireEvent.click(within(adder()).getByRole('radio', { name: '指定楼栋' }))
    fireEvent.click(within(adder()).getByRole('checkbox', { name: '1号楼' }))
    fireEvent.click(addButton())
    expect(within(adder()).getByRole('alert')).toHaveTextContent('“最多选几项”请填 1 到 3 之间的整数')
    fireEvent.change(within(adder()).getByRole('textbox', { name: '每户最多选几项' }), { target: { value: '2' } })
    fireEvent.click(addButton())

    // A free-text question for the whole community, then moved to the top.
    fireEvent.click(within(adder()).getByRole('radio', { name: '填写意见（意见征询）' }))
    fireEvent.click(addButton())
    expect(within(adder()).getByRole('alert')).toHaveTextContent('请填写问题')
    fireEvent.change(within(adder()).getByRole('textbox', { name: /^问题/ }), { target: { value: '还有什么建议？' } })
    fireEvent.click(addButton())
    fireEvent.click(screen.getByRole('button', { name: '上移：还有什么建议？' }))
    fireEvent.click(screen.getByRole('button', { name: '上移：还有什么建议？' }))
    expect(screen.getByRole('group', { name: '第 1 题：还有什么建议？' })).toBeInTheDocument()
    expect(screen.getByRole('group', { name: '第 3 题：单元门禁用哪种？' })).toHaveTextContent('范围：1号楼')

    await act(async () => fireEvent.click(screen.getByRole('button', { name: '保存草稿' })))
    const created = sent.find((s) => s.action === 'create')?.data as any
    expect(created).toMatchObject({
      title: '电梯和屋面表决',
      opensAt: '2026-12-01T00:00:00.000Z',
      closesAt: '2026-12-15T12:00:00.000Z',
      showRunningConsent: true,
    })
    expect(created.questions.map((q: any) => ({ ...q, _id: typeof q._id }))).toEqual([
      { kind: 'text', _id: 'string', title: '还有什么建议？', scope: { kind: 'community' } },
      { kind: 'decision', _id: 'string', title: '是否同意实施“1号楼1单元加装电梯”', scope: { kind: 'unit', unitId: 'b1-u1' }, itemId: 'i-elevator', decisionKind: 'major' },
      { kind: 'choice', _id: 'string', title: '单元门禁用哪种？', scope: { kind: 'buildings', buildingIds: ['b1'] }, options: ['刷卡', '人脸识别', '密码'], maxPicks: 2 },
    ])
    expect(new Set(created.questions.map((q: any) => q._id)).size).toBe(3)
    expect(screen.getByRole('status')).toHaveTextContent('草稿已保存')

    // Publishing asks first, then saves (update, version 1) and opens (version 2).
    fireEvent.click(screen.getByRole('button', { name: '发布投票' }))
    expect(sent.filter((s) => s.action === 'open')).toEqual([])
    expect(screen.getByRole('region', { name: '确认发布' })).toHaveTextContent('共 3 个问题，投票从 2026-12-01 08:00 开始，到 2026-12-15 20:00 截止')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '确认发布' })))
    expect(sent.find((s) => s.action === 'update')?.data).toMatchObject({ ballotId: 'bal-new', version: 1 })
    expect(sent.find((s) => s.action === 'open')?.data).toEqual({ ballotId: 'bal-new', version: 2 })
    await waitFor(() => expect(mock.navigation).toContainEqual({ kind: 'redirectTo', url: '/packageOffice/ballot-office/index?id=bal-new' }))
  })

  test('“加入全部需要表决的项目” adds every ordinary/major item once; bad times are refused before anything is sent', async () => {
    mock.router.params = {}
    const sent = editBackend()
    render(<BallotEdit />)
    fireEvent.change(await screen.findByRole('textbox', { name: /投票名称/ }), { target: { value: '改造项目表决' } })
    fireEvent.click(await screen.findByRole('button', { name: '加入全部需要表决的项目（4 项）' }))
    expect(screen.getAllByRole('group', { name: /^第 \d 题：是否同意实施/ })).toHaveLength(4)
    expect(within(adder()).getByText('需要业主表决的项目都已经加进来了。')).toBeInTheDocument()
    fireEvent.change(screen.getByRole('textbox', { name: '截止日期' }), { target: { value: '2026-02-30' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '保存草稿' })))
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('截止时间请按“2026-12-15”和“20:00”的格式填写。')
    fireEvent.change(screen.getByRole('textbox', { name: '截止日期' }), { target: { value: '2020-01-01' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '发布投票' })))
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('截止时间要晚于开始时间。')
    expect(sent.filter((s) => s.fn === 'ballots')).toEqual([])
  })

  test('an existing draft loads into the form; a published ballot cannot be edited', async () => {
    editBackend({ 'ballots.get': () => ok(ballot({ status: 'draft', questions: [Q_ROOF, Q_COLOR] })) })
    const { unmount } = render(<BallotEdit />)
    expect(await screen.findByRole('textbox', { name: /投票名称/ })).toHaveValue('汴绣里小区改造项目表决和意见征询')
    expect(screen.getByRole('textbox', { name: '截止时间' })).toHaveValue('20:00')
    expect(screen.getByRole('group', { name: `第 1 题：${Q_ROOF.title}` })).toBeInTheDocument()
    unmount()
    editBackend({ 'ballots.get': () => ok(ballot()) })
    render(<BallotEdit />)
    expect(await screen.findByText('这次投票已经发布，问题和时间不能再修改。')).toBeInTheDocument()
  })
})

describe('office: ballot count (投票计票)', () => {
  const ROWS: DoorKnockRow[] = [
    { householdId: 'h-2', label: '1号楼1单元101', buildingNumber: 1, unitNumber: 1, missing: 2, owners: '李*华', phone: '139****5678' },
    { householdId: 'h-3', label: '1号楼2单元501', buildingNumber: 1, unitNumber: 2, missing: 1, owners: '张*', phone: '' },
    { householdId: 'h-9', label: '1号楼2单元502', buildingNumber: 1, unitNumber: 2, missing: 3, owners: '王*国', phone: '137****0001' },
  ]
  function officeBackend(over: Record<string, (data: any) => unknown> = {}) {
    return fakeBackend({
      'account.me': () => ok(OFFICE),
      'ballots.get': () => ok(ballot()),
      'ballots.tally': () => ok(tallyView({ votes: FEW_VOTES })),
      'ballots.doorKnock': (d) => (d.format === 'xlsx' ? ok({ fileName: '上门走访名单.xlsx', fileBase64: btoa('xlsx-bytes') }) : ok({ rows: ROWS })),
      'plans.get': () => ok(planView()),
      ...over,
    })
  }

  test('live count with both gaps; door-knock list by building/unit, masked; export to Excel', async () => {
    const downloads: string[] = []
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined })
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    const sent = officeBackend()
    render(<BallotOffice />)
    const roof = await screen.findByRole('region', { name: Q_ROOF.title })
    expect(within(roof).getByText('已参与 4/10 户、240/660 ㎡，还差 3 户 / 200 ㎡才达到参与要求（三分之二）')).toBeInTheDocument()
    // The office sees consent while running: 4 yes of 4 participants, already ≥ 3/4.
    expect(within(roof).getByText(/同意占参与的 4\/4 户、240\/240 ㎡.*，已达到四分之三/)).toBeInTheDocument()

    const unit12 = await screen.findByRole('list', { name: '1号楼2单元（2 户）' })
    expect(within(unit12).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '1号楼2单元501：还有 1 个问题没有回答；业主 张*；电话 —',
      '1号楼2单元502：还有 3 个问题没有回答；业主 王*国；电话 137****0001',
    ])
    expect(screen.getByRole('list', { name: '1号楼1单元（1 户）' })).toHaveTextContent('李*华；电话 139****5678')
    expect(screen.getByText('上门走访名单（3 户还没投完）')).toBeInTheDocument()

    await act(async () => fireEvent.click(screen.getByRole('button', { name: '导出上门走访名单（Excel）' })))
    expect(sent.filter((s) => s.action === 'doorKnock').map((s) => s.data)).toContainEqual({ ballotId: BALLOT_ID, format: 'xlsx' })
    expect(downloads).toEqual(['上门走访名单.xlsx'])
    click.mockRestore()
  })

  test('“结束投票” asks first, closes with the version and links to the result notice', async () => {
    let closed = false
    const sent = officeBackend({
      'ballots.get': () => ok(closed ? ballot({ status: 'closed', version: 3, resultNoticeId: 'n-result', closedAt: '2026-12-10T02:00:00.000Z' }) : ballot()),
      'ballots.tally': () => ok(tallyView({ phase: closed ? 'closed' : 'open' })),
      'ballots.close': () => {
        closed = true
        return ok(ballot({ status: 'closed', version: 3, resultNoticeId: 'n-result' }))
      },
    })
    render(<BallotOffice />)
    fireEvent.click(await screen.findByRole('button', { name: '结束投票' }))
    expect(sent.filter((s) => s.action === 'close')).toEqual([])
    expect(screen.getByText(/确认现在结束“汴绣里小区改造项目表决和意见征询”？/)).toBeInTheDocument()
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '确认结束并公布结果' })))
    expect(sent.find((s) => s.action === 'close')?.data).toEqual({ ballotId: BALLOT_ID, version: 2 })
    expect(await screen.findByRole('status')).toHaveTextContent('结果已经作为公告发布')
    fireEvent.click(await screen.findByRole('button', { name: '查看结果公告' }))
    expect(mock.navigation).toContainEqual({ kind: 'navigateTo', url: '/pages/notice-detail/index?id=n-result' })
    expect(screen.getByText('未通过（同意未达到四分之三）')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '结束投票' })).toBeNull()
    expect(screen.queryByRole('region', { name: '上门走访名单' })).toBeNull()
  })
})

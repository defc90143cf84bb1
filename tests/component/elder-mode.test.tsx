import { act, fireEvent, render, screen } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import Mine from '@/pages/mine/index'
import { useSettings } from '@/stores/settings'
import { fakeBackend, ok } from './fake-backend'

/** Elder mode: defaults on with a large WeChat font, a switch in 我的, and every page inherits it. */
const mock = taro as unknown as typeof import('./stubs/taro')

/** The store reads its default when first imported: load it afresh after arranging WeChat's answer. */
function freshSettings(arrange: (taro: typeof import('./stubs/taro')) => void) {
  jest.resetModules()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  arrange(require('@tarojs/taro') as typeof import('./stubs/taro'))
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@/stores/settings') as typeof import('@/stores/settings')
}

beforeEach(() => {
  mock.reset()
})

test.each([
  [undefined, false, 'no font setting reported (H5)'],
  [17, false, 'WeChat standard size'],
  [20, true, 'enlarged WeChat font'],
])('font size %s → elder %s (%s)', (size, expected, _why) => {
  const settings = freshSettings((t) => {
    t.reset()
    if (size !== undefined) t.systemInfo.fontSizeSetting = size
  })
  expect(settings.useSettings.getState().elder).toBe(expected)
})

test('an explicit choice beats the font setting and is remembered', () => {
  const settings = freshSettings((t) => {
    t.reset()
    t.systemInfo.fontSizeSetting = 22
    t.storage.set('gj.elder', false)
  })
  expect(settings.useSettings.getState().elder).toBe(false)
})

test('the switch in 我的 turns elder mode on for the page and stores the choice', async () => {
  mock.storage.set('gj.session', 't')
  fakeBackend({ 'account.me': () => ok({ user: { _id: 'u', name: '居民', role: 'resident', roleLabel: '居民', householdLabel: null }, community: null, district: null, households: [] }) })
  useSettings.setState({ elder: false })
  const { container } = render(<Mine />)
  expect(container.querySelector('.gj-page.elder')).toBeNull()
  await act(async () => fireEvent.click(await screen.findByRole('button', { name: '打开长辈模式' })))
  expect(container.querySelector('.gj-page.elder')).not.toBeNull()
  expect(mock.storage.get('gj.elder')).toBe(true)
  expect(screen.getByText('已开启：所有页面都会用大字显示。')).toBeInTheDocument()
})

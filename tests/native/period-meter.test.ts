/**
 * The native period-meter component (src/components/period-meter), run by miniprogram-simulate
 * with WeChat's own template compiler, both from the source and as the weapp build ships it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')

const SOURCE = join(__dirname, '../../src/components/period-meter/index')
const BUILT = join(__dirname, '../../dist/weapp/components/period-meter/index')

/** miniprogram-simulate runs a component's js once (require cache): load each path once. */
const loaded = new Map<string, string>()
function mount(path: string, props: Record<string, unknown>) {
  if (!loaded.has(path)) loaded.set(path, simulate.load(path))
  const comp = simulate.render(loaded.get(path), props)
  comp.attach(document.createElement('parent-wrapper'))
  return comp
}

function fillWidth(comp: { querySelector(s: string): { dom: HTMLElement } }): string {
  return comp.querySelector('.fill').dom.getAttribute('style') ?? ''
}

describe.each([
  ['source', SOURCE],
  ['weapp build', BUILT],
])('period-meter (%s)', (_name, path) => {
  beforeAll(() => {
    if (path !== BUILT) return
    if (!existsSync(`${BUILT}.js`)) throw new Error('dist/weapp is missing: run npm run build:weapp first')
    // The built component is a webpack chunk: it needs the build's runtime (wx.webpackJsonp).
    ;(globalThis as { wx?: object }).wx = {}
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(join(__dirname, '../../dist/weapp/runtime.js'))
  })

  test.each([
    [40, 'width: 40%'],
    [0, 'width: 0%'],
    [100, 'width: 100%'],
    [150, 'width: 100%'], // clamped
    [-5, 'width: 0%'],
    [33.6, 'width: 34%'],
  ])('percent %p draws %s', async (percent, style) => {
    const comp = mount(path, { percent, label: '公示期至 2026年12月2日，还剩 3 天', ended: false })
    await simulate.sleep(0)
    expect(fillWidth(comp).replace(/\s+/g, ' ')).toContain(style)
  })

  test('shows the label, and marks an ended period', async () => {
    const comp = mount(path, { percent: 100, label: '公示期已于 2026年11月20日 结束', ended: true })
    await simulate.sleep(0)
    expect(comp.querySelector('.label').dom.textContent).toBe('公示期已于 2026年11月20日 结束')
    expect(comp.querySelector('.meter').dom.className).toContain('ended')
  })

  test('follows a change of props', async () => {
    const comp = mount(path, { percent: 10, label: 'a', ended: false })
    comp.setData({ percent: 80 })
    await simulate.sleep(0)
    expect(fillWidth(comp)).toContain('80%')
  })
})

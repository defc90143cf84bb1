import AxeBuilder from '@axe-core/playwright'
import { appAndBrowser, callFromPage, describeBrowser, signIn } from './harness'

/**
 * Issue 2's slice end to end in Chromium against `npm start`: the office publishes a notice,
 * a resident reads it; a resident cannot publish; pages pass axe in both text sizes.
 */
jest.setTimeout(300_000) // the axe list covers every page in two text sizes

describeBrowser('notices in the browser', () => {
  const env = appAndBrowser()

  test('the office publishes a notice and a resident reads it, script shown as text', async () => {
    const office = await signIn(env.browser, env.app, /赵三/)
    await office.getByRole('button', { name: '发布公告' }).click()
    await office.getByText('写新公告').first().waitFor()
    const title = `楼道杂物清理通知 ${Date.now() % 100000}`
    await office.locator('.gj-input input, input.gj-input').first().fill(title)
    await office.locator('.gj-textarea textarea, textarea.gj-textarea').first().fill('本周六上午清理楼道杂物。<script>window.__pwned = 1</script>')
    await office.getByRole('button', { name: '保存并发布' }).click()
    await office.getByText('发布时间：').waitFor()
    await office.getByText(title).first().waitFor()

    const resident = await signIn(env.browser, env.app, /王一/)
    await resident.getByText(title).first().click()
    await resident.getByText('本周六上午清理楼道杂物。<script>window.__pwned = 1</script>').waitFor()
    expect(await resident.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await resident.locator('.gj-body script').count()).toBe(0)
    await office.context().close()
    await resident.context().close()
  })

  test('a resident has no publish button, and the backend refuses a resident who tries anyway', async () => {
    const resident = await signIn(env.browser, env.app, /王一/)
    expect(await resident.getByRole('button', { name: '发布公告' }).count()).toBe(0)
    const before = await callFromPage(resident, 'notices', { action: 'list', data: {} })
    expect(before.ok).toBe(true)
    const refused = await callFromPage(resident, 'notices', {
      action: 'create',
      data: { kind: 'notice', title: '居民自己发的公告', body: '不应该被保存' },
    })
    expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(refused.message).toMatch(/没有权限/)
    const after = await callFromPage(resident, 'notices', { action: 'list', data: {} })
    expect(after.data.total).toBe(before.data.total)
    await resident.context().close()
  })

  test('a clerk of another community cannot publish here', async () => {
    const other = await signIn(env.browser, env.app, /钱四/)
    const refused = await callFromPage(other, 'notices', { action: 'publish', data: { id: 'n-draft', version: 1 } })
    expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    await other.context().close()
  })

  /** Every page, as the identity that uses it. */
  const PAGES: [RegExp, string[]][] = [
    [
      /赵三/,
      [
        '/#/pages/home/index',
        '/#/pages/notices/index',
        '/#/pages/notice-detail/index?id=n-ledger',
        '/#/pages/notice-edit/index',
        '/#/pages/mine/index',
        '/#/pages/roster/index',
        '/#/pages/household-edit/index?id=c-bianxiuli-b1-u1-302',
        '/#/pages/print-codes/index',
        '/#/pages/bind-requests/index',
        '/#/pages/audit/index',
        // Issue 4, the office (seed-3 is the first item of the demo plan: server/seed-plan.ts).
        '/#/pages/plan-edit/index',
        '/#/pages/plan-item-edit/index',
        '/#/pages/plan-item-edit/index?id=seed-3',
        '/#/pages/stage-advance/index',
        '/#/pages/feedback-queue/index',
        '/#/pages/item-progress/index?id=seed-3',
        // Issue 5, the office (subpackages). Pages of one ballot need a ballot id: the voting e2e checks them.
        '/#/packageVote/ballots/index',
        '/#/packageOffice/ballot-edit/index',
      ],
    ],
    [
      /王一/,
      [
        '/#/pages/home/index',
        '/#/pages/household/index',
        '/#/pages/plan/index',
        // seed-3: the first item of the demo plan (server/seed-plan.ts ids come from its newId sequence).
        '/#/pages/plan-item/index?id=seed-3&edition=1',
        '/#/pages/feedback-new/index?kind=comment',
        '/#/pages/feedback-new/index?kind=objection',
        '/#/pages/my-door/index',
        '/#/pages/timeline/index',
        '/#/pages/my-feedback/index',
        // Issue 5, residents (subpackage).
        '/#/packageVote/ballots/index',
      ],
    ],
    // Issue 6 (subpackages), in 梁苑新村 (server/seed-works.ts). Pages of one item or report need an id: reports.test.ts checks them.
    [/钱四/, ['/#/pages/home/index', '/#/packageWorks/works/index', '/#/packageOffice/report-queue/index', '/#/packageOffice/parties/index']],
    [/吴十/, ['/#/pages/home/index', '/#/packageWorks/works/index', '/#/packageWorks/report-new/index', '/#/packageWorks/my-reports/index']],
    [/郑工/, ['/#/pages/home/index', '/#/packageOffice/report-queue/index', '/#/packageWorks/works/index']],
    [/周六/, ['/#/pages/home/index', '/#/pages/bind/index']],
    [/孙五/, ['/#/pages/home/index', '/#/pages/ledger/index', '/#/packageOffice/district-reports/index']],
  ]

  test.each([
    ['normal text', false],
    ['elder mode', true],
  ])('axe finds no serious or critical violations on any page (%s)', async (_name, elder) => {
    for (const [who, pages] of PAGES) {
      const page = await signIn(env.browser, env.app, who)
      if (elder) {
        await page.goto(`${env.app.url}/#/pages/mine/index`)
        await page.getByRole('button', { name: '打开长辈模式' }).click()
        await page.getByRole('button', { name: '关闭长辈模式' }).waitFor()
      }
      for (const path of pages) {
        // A fresh document per page: Taro's H5 router keeps earlier pages hidden in the DOM.
        const view = await page.context().newPage()
        await view.goto(`${env.app.url}${path}`)
        await view.locator('.gj-title').first().waitFor()
        await view.waitForLoadState('networkidle')
        if (elder) {
          // inclusion.md: main text ≥ 18 px, buttons ≥ 60 px tall.
          expect(await view.locator('.gj-page.elder').count()).toBeGreaterThan(0)
          const fontPx = await view.locator('.gj-page.elder').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
          expect(fontPx).toBeGreaterThanOrEqual(18)
          for (const box of await view.locator('.gj-page.elder .nut-button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
            expect(box).toBeGreaterThanOrEqual(60)
          }
        }
        const result = await new AxeBuilder({ page: view }).analyze()
        await view.close()
        const bad = result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${path} ${v.impact} ${v.id}: ${v.nodes[0]?.html.slice(0, 120)}`)
        expect(bad).toEqual([])
      }
      await page.context().close()
    }
    // The sign-in page too (signed out).
    const fresh = await (await env.browser.newContext()).newPage()
    await fresh.goto(env.app.url)
    await fresh.locator('.gj-title', { hasText: '选择演示身份' }).waitFor()
    const signin = await new AxeBuilder({ page: fresh }).analyze()
    expect(signin.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
    await fresh.context().close()
  })
})

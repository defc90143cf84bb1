import type { Page } from 'playwright-core'
import { appAndBrowser, axeProblems, callFromPage, describeBrowser, field, pngFile, signIn, title } from './harness'

/**
 * Issue 6 end to end in Chromium against `npm start` (demo: 梁苑新村, server/seed-works.ts): the owner
 * 吴十 reports a leaking downpipe on 2号楼落水管更换 (accepted 40 days ago, under warranty) with a
 * photo; the report is routed to its contractor; the office (钱四) accepts, assigns, starts and
 * marks it resolved; 吴十 confirms and gives 5 stars; the office's queue shows it confirmed. Then
 * axe on the pages that need an id (the others are in notices.test.ts's list).
 */
jest.setTimeout(240_000)

const CONTRACTOR = '某建设工程公司（示例）'

/** The visible part of the page (Taro's H5 router keeps earlier pages hidden in the DOM). */
const visible = (page: Page, text: string | RegExp) => page.locator('.gj-page:visible').getByText(text).first()

describeBrowser('issue reports in the browser', () => {
  const env = appAndBrowser()

  test('a leaking downpipe: reported with a photo, routed to the contractor under warranty, resolved by the office, confirmed with 5 stars', async () => {
    // 吴十 (owner of 梁苑新村 2号楼1单元302) reports from the home page, step by step.
    const resident = await signIn(env.browser, env.app, /吴十/)
    await resident.getByRole('button', { name: '报事报修' }).click()
    await title(resident, '报事报修')
    await visible(resident, '第 1 步（共 3 步）：报什么问题').waitFor()
    await resident.getByRole('radio', { name: /^2号楼落水管更换（2号楼，保修至/ }).click()
    await visible(resident, /这个项目在保修期内/).waitFor()
    await resident.getByRole('radio', { name: /^排水/ }).click()
    await resident.getByRole('button', { name: '下一步' }).click()
    await visible(resident, '第 2 步（共 3 步）：问题在哪里').waitFor()
    // The default place is the resident's own stairwell unit.
    expect(await resident.getByRole('radio', { name: /我家所在的2号楼1单元/ }).getAttribute('aria-checked')).toBe('true')
    await (await field(resident, '具体位置')).fill('1单元门口东侧落水管')
    await resident.getByRole('button', { name: '下一步' }).click()
    await visible(resident, '第 3 步（共 3 步）：说一说情况，拍张照片').waitFor()
    await (await field(resident, '是什么问题')).fill('落水管接口漏水，下雨时水顺着墙流进一楼。')
    const chooser = resident.waitForEvent('filechooser')
    await resident.getByRole('button', { name: /添加照片/ }).click()
    await (await chooser).setFiles(pngFile('落水管.png'))
    await resident.getByRole('button', { name: '删除第1张照片' }).waitFor()
    await resident.getByRole('button', { name: '提交报修' }).click()

    // The report's page: routed to the contractor because the item is under warranty.
    await title(resident, '2号楼落水管更换（排水）')
    await visible(resident, /报修已提交/).waitFor()
    await visible(resident, `按规则应由${CONTRACTOR}维修`).waitFor()
    await visible(resident, /“2号楼落水管更换”在保修期内（至 \d{4}-\d{2}-\d{2}），由施工单位免费维修。/).waitFor()
    await visible(resident, /应在 .* 前修好/).waitFor()
    expect(await resident.locator('.gj-page:visible .gj-photo-img').count()).toBe(1)
    const reportId = new URL(resident.url().replace('/#/', '/')).searchParams.get('id')!
    expect(reportId).toBeTruthy()
    const stored = await callFromPage(resident, 'reports', { action: 'get', data: { reportId } })
    expect(stored.data).toMatchObject({ status: 'submitted', category: 'drain', itemTitle: '2号楼落水管更换', routed: { kind: 'contractor', name: CONTRACTOR } })
    expect(stored.data.photos).toHaveLength(1)

    // 钱四 (the office) takes it through accept → assign (the rule's contractor, preselected) → start → resolve.
    const office = await signIn(env.browser, env.app, /钱四/)
    await office.goto(`${env.app.url}/#/packageWorks/report-detail/index?id=${reportId}`)
    await title(office, '2号楼落水管更换（排水）')
    const desk = office.locator('.gj-page:visible [role="region"][aria-label="办理"]')
    await desk.getByRole('button', { name: '受理' }).click()
    await visible(office, '已受理，请派单。').waitFor()
    expect(await desk.getByRole('radio', { name: new RegExp(`^${CONTRACTOR}（施工单位，按规则应由它维修）`) }).getAttribute('aria-checked')).toBe('true')
    await desk.getByRole('button', { name: '派单' }).click()
    await visible(office, `已派单给${CONTRACTOR}。`).waitFor()
    await visible(office, `维修单位：${CONTRACTOR}`).waitFor()
    await desk.getByRole('button', { name: '开始维修' }).click()
    await visible(office, '已开始维修。').waitFor()
    await (await field(desk, '维修说明')).fill('更换了1单元东侧落水管接头，做了闭水试验。')
    await desk.getByRole('button', { name: '标记已修好' }).click()
    await visible(office, '已标记为修好，等报修的居民确认。').waitFor()
    await visible(office, '已修好待确认').waitFor()

    // 吴十 confirms the fix and gives it 5 stars.
    await resident.goto(`${env.app.url}/#/packageWorks/report-detail/index?id=${reportId}`)
    const box = resident.locator('.gj-page:visible [role="region"][aria-label="修好了吗"]')
    await box.getByRole('radio', { name: '5 星' }).click()
    await (await field(box, '说几句')).fill('师傅来得很快，修得很好。')
    await box.getByRole('button', { name: '确认修好' }).click()
    await visible(resident, '谢谢您的评价！这张报修单已办结。').waitFor()
    await visible(resident, '★★★★★ 5 星').waitFor()
    const history = resident.locator('.gj-page:visible [role="list"][aria-label="办理经过"] [role="listitem"]')
    expect(await history.count()).toBe(6) // submit, accept, assign, start, resolve, confirm
    // 我的报修 lists it as done.
    await resident.goto(`${env.app.url}/#/packageWorks/my-reports/index`)
    await resident.locator('.gj-page:visible [role="region"][aria-label="已办结"]').getByText('已确认修好').waitFor()

    // The office's queue: among the finished ones, with its rating.
    await office.goto(`${env.app.url}/#/packageOffice/report-queue/index`)
    await title(office, '报修工单')
    await office.getByRole('radio', { name: '已确认修好' }).click()
    const row = office.locator('.gj-page:visible [role="link"]', { hasText: '2号楼落水管更换' })
    await row.getByText('已确认修好').waitFor()
    await row.getByText(/评价 ★★★★★ 5 星/).waitFor()
    const done = await callFromPage(office, 'reports', { action: 'get', data: { reportId } })
    expect(done.data).toMatchObject({ status: 'confirmed', rating: { stars: 5, comment: '师傅来得很快，修得很好。' }, assignee: { kind: 'contractor', name: CONTRACTOR } })

    // axe on the pages that need an id (items and the report): as the resident, the office and the contractor's staff.
    const items: { itemId: string; title: string }[] = (await callFromPage(office, 'works', { action: 'items', data: {} })).data.items
    const id = (t: string) => items.find((i) => i.title === t)!.itemId
    const builder = await signIn(env.browser, env.app, /郑工/)
    const pages: [Page, string][] = [
      [resident, `/#/packageWorks/works-item/index?itemId=${id('楼道照明改造')}`],
      [resident, `/#/packageWorks/works-item/index?itemId=${id('2号楼落水管更换')}`],
      [resident, `/#/packageWorks/report-detail/index?id=${reportId}`],
      [resident, `/#/packageWorks/report-new/index?itemId=${id('2号楼落水管更换')}`],
      [office, `/#/packageOffice/acceptance/index?itemId=${id('1号楼、2号楼屋面防水')}`],
      [office, `/#/packageOffice/acceptance/index?itemId=${id('2号楼落水管更换')}`],
      [office, `/#/packageWorks/works-item/index?itemId=${id('楼道照明改造')}`],
      [office, `/#/packageWorks/report-detail/index?id=${reportId}`],
      [builder, `/#/packageWorks/works-item/index?itemId=${id('楼道照明改造')}`],
      [builder, `/#/packageWorks/report-detail/index?id=${reportId}`],
    ]
    expect(await axeProblems(env.app.url, pages)).toEqual([])
    for (const p of [resident, office, builder]) await p.context().close()
  })
})

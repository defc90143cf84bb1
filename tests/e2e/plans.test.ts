import { appAndBrowser, callFromPage, describeBrowser, field, pngFile, signIn, title } from './harness'

/**
 * Issue 4 end to end in Chromium against `npm start`: the office revises the demo plan, adds an
 * item (a funding split that does not add up is refused first) and publishes the new edition;
 * a resident sees what the item costs their household, with the formula, and lodges an
 * objection with a photo; the office answers it; once the 公示 is over (the local demo clock
 * moves on) the office moves the project to 立项 with its approval document.
 */
jest.setTimeout(180_000)

describeBrowser('renovation plan in the browser', () => {
  const env = appAndBrowser()

  test('office revises and publishes, a resident sees their share and objects, the office answers, the stage advances', async () => {
    const office = await signIn(env.browser, env.app, /赵三/)
    await office.getByRole('button', { name: '改造方案' }).click()
    await title(office, '改造方案（社区）')
    await office.getByRole('button', { name: '修订方案（新建第2版）' }).click()
    await office.getByRole('button', { name: '添加项目' }).click()
    await title(office, '添加改造项目')

    await office.getByRole('radio', { name: '照明设施' }).click()
    await (await field(office, '项目名称')).fill('1号楼1单元楼道灯更换')
    await office.getByRole('radio', { name: '某个单元' }).click()
    await office.getByRole('radio', { name: '1号楼1单元' }).click()
    await (await field(office, '估算费用')).fill('24000')
    await (await field(office, '市级资金')).fill('12000')
    await office.getByRole('radio', { name: '每户均摊' }).click()
    // Residents pay part of it, so it is a major owners' decision.
    await office.getByRole('radio', { name: '业主共同决定（重大事项）' }).click()
    // Half the cost has no payer yet: the backend refuses and says by how much.
    await office.getByRole('button', { name: '保存项目' }).click()
    await office.getByText('还差 12,000.00 元').first().waitFor()
    await office.getByRole('button', { name: '其余由居民出资' }).click()
    await office.getByRole('button', { name: '保存项目' }).click()
    await title(office, '改造方案（社区）')
    await office.getByText('1号楼1单元楼道灯更换').first().waitFor()

    await office.getByRole('button', { name: '发布公示' }).click()
    await office.getByRole('button', { name: '确认发布' }).click()
    await office.getByText(/第2版方案已发布/).first().waitFor()

    // The resident (owner of 1-1-302) sees the new item with what it costs their household.
    const resident = await signIn(env.browser, env.app, /王一/)
    await resident.getByRole('button', { name: '改造方案' }).click()
    await title(resident, '改造方案')
    const card = resident.locator('.gj-card:visible', { hasText: '1号楼1单元楼道灯更换' })
    await card.getByText('我家出资 1,000.00 元').waitFor()
    await card.click()
    await resident.getByText('居民出资 12,000.00 元 ÷ 范围内 12 户 = 1,000.00 元').first().waitFor()

    // An objection with a photo, during the 公示.
    await resident.getByRole('button', { name: /异议/ }).first().click()
    await (await field(resident, '异议内容')).fill('一楼的灯不用换，去年刚换过。')
    const chooser = resident.waitForEvent('filechooser')
    await resident.getByRole('button', { name: /添加照片/ }).click()
    await (await chooser).setFiles(pngFile('落水管.png'))
    await resident.getByRole('button', { name: '删除第1张照片' }).waitFor()
    await resident.getByRole('button', { name: '提交异议' }).click()
    await resident.getByText(/已提交/).first().waitFor()
    const mine = await callFromPage(resident, 'feedback', { action: 'mine' })
    expect(mine.data.items[0]).toMatchObject({ kind: 'objection', text: '一楼的灯不用换，去年刚换过。' })
    expect(mine.data.items[0].photos).toHaveLength(1)

    // 立项 is refused while the 公示 runs and the objection is unanswered.
    const early = await callFromPage(office, 'plans', { action: 'getDraft' })
    expect(early.data.gate.problems).toEqual(['方案公示期还没有结束。', '还有 1 条公示期异议没有答复。'])

    // The office answers.
    await office.goto(`${env.app.url}/#/pages/feedback-queue/index`)
    await title(office, '意见和异议')
    const entry = office.locator('.gj-card:visible', { hasText: '一楼的灯不用换' })
    await entry.locator('textarea, input').first().fill('经核实一楼灯具状况良好，本次只更换二至六楼。')
    await entry.getByRole('button', { name: '答复' }).click()
    // Answered, it leaves the queue of open ones.
    await office.getByText('没有待答复的意见或异议。').waitFor()

    // The resident is told.
    await resident.goto(`${env.app.url}/#/pages/my-feedback/index`)
    await resident.getByText('经核实一楼灯具状况良好，本次只更换二至六楼。').first().waitFor()

    // Eight days on the 公示 is over; the office moves the project to 立项 with the approval.
    const clock = await office.evaluate(async () => {
      const raw = localStorage.getItem('gj.session')
      const token = raw ? ((JSON.parse(raw) as { data?: string }).data ?? raw) : ''
      const res = await fetch('/api/dev/clock', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ days: 8 }) })
      return res.json()
    })
    expect(clock.ok).toBe(true)
    await office.goto(`${env.app.url}/#/pages/stage-advance/index`)
    await title(office, '推进项目阶段')
    await office.getByText('下一阶段：立项').waitFor()
    await office.getByRole('button', { name: '添加文件' }).click()
    await (await field(office, '第 1 份文件名称')).fill('汴绣里小区改造项目立项批复')
    await (await field(office, '第 1 份文件文号')).fill('龙住建〔2026〕88号')
    await office.getByRole('button', { name: '确认进入“立项”' }).click()
    await title(office, '项目进度')
    await office.getByText('龙住建〔2026〕88号').first().waitFor()
    const timeline = await callFromPage(office, 'plans', { action: 'timeline' })
    expect(timeline.data.stage).toBe('approval')
  })
})

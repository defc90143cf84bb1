import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Page } from 'playwright-core'
import { appAndBrowser, axeProblems, callFromPage, describeBrowser, field, pngFile, signIn, title } from './harness'

/**
 * Issue 5 end to end in Chromium against `npm start`: the office opens a ballot on the demo
 * plan; three owners of different units vote, one changes their vote; a paper ballot is entered
 * by one staff member and confirmed by another; the office closes the ballot; the published
 * result matches `npm run recount` on the downloaded anonymised list.
 */
jest.setTimeout(240_000)

const run = promisify(execFile)

/** The China date today, as the ballot form wants it. */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

describeBrowser('voting in the browser', () => {
  const env = appAndBrowser()

  test('a ballot opened, voted in three units (one vote changed), a paper ballot confirmed, closed, recounted', async () => {
    // The office opens a ballot on 绿化提升 (whole community, major: residents pay part of it).
    const office = await signIn(env.browser, env.app, /赵三/)
    await office.goto(`${env.app.url}/#/packageOffice/ballot-edit/index`)
    await title(office, '新建投票')
    await (await field(office, '投票名称')).fill('绿化提升业主表决')
    await (await field(office, '开始日期')).fill(chinaToday())
    await (await field(office, '开始时间')).fill('00:00')
    await office.getByRole('radio', { name: /^绿化提升（全小区，重大事项）/ }).click()
    await office.getByRole('button', { name: '加入这个问题' }).click()
    await office.getByRole('button', { name: '发布投票' }).click()
    await office.getByRole('button', { name: '确认发布' }).click()
    await title(office, '绿化提升业主表决') // the ballot's own page: its live count
    const list = await callFromPage(office, 'ballots', { action: 'list' })
    const ballotId: string = list.data.items[0]._id

    // Three owners in units 1-1, 2-1 and 4-2 vote yes; 刘九 then changes to no.
    const receipts: string[] = []
    for (const who of [/王一/, /陈八/, /刘九/]) {
      const resident = await signIn(env.browser, env.app, who)
      await resident.goto(`${env.app.url}/#/packageVote/ballot/index?id=${ballotId}`)
      await resident.getByText('绿化提升', { exact: false }).first().waitFor()
      await resident.getByRole('radio', { name: '同意' }).first().click()
      await resident.getByRole('button', { name: '提交全部回答' }).click()
      await resident.getByText('请保存好回执编码').waitFor()
      const code = (await resident.locator('[aria-label="回执"]:visible .gj-slip-code').first().innerText()).trim()
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
      expect(code).toBeTruthy()
      receipts.push(code!)
      if (String(who) === String(/刘九/)) {
        await resident.getByRole('button', { name: '修改我的投票' }).click()
        await resident.getByRole('radio', { name: '不同意' }).first().click()
        await resident.getByRole('button', { name: '提交全部回答' }).click()
        await resident.getByText('请保存好回执编码').waitFor()
      }
    }

    // A paper ballot from the owner of 5-1-101, entered by 赵三 and confirmed by 周七.
    await office.goto(`${env.app.url}/#/packageOffice/paper-ballots/index?id=${ballotId}`)
    await title(office, '纸质选票')
    const desk = office.locator('[role="region"][aria-label="录入纸质选票"]')
    await (await field(desk, '楼号')).fill('5')
    await (await field(desk, '单元')).fill('1')
    await (await field(desk, '房号')).fill('101')
    await desk.getByRole('button', { name: '查找这户' }).click()
    await desk.getByRole('radio', { name: '业主本人' }).click()
    await (await field(desk, '投票人姓名')).fill('五号楼一零一业主')
    await desk.getByRole('radio', { name: '同意' }).first().click()
    const chooser = office.waitForEvent('filechooser')
    await desk.getByRole('button', { name: /添加照片/ }).click()
    await (await chooser).setFiles(pngFile('选票.png'))
    await desk.getByRole('button', { name: '删除第1张照片' }).waitFor()
    await desk.getByRole('button', { name: '录入纸质选票' }).click()
    await office.getByText('这张选票由您录入，须由另一位工作人员核对确认。').first().waitFor()

    const second = await signIn(env.browser, env.app, /周七/)
    await second.goto(`${env.app.url}/#/packageOffice/paper-ballots/index?id=${ballotId}`)
    await second.getByRole('button', { name: '确认（须由另一位工作人员）' }).click()
    await second.getByText('没有待确认的纸质选票。').waitFor()

    // The count before closing: 4 heads took part, 3 said yes.
    const tally = await callFromPage(office, 'ballots', { action: 'tally', data: { ballotId } })
    expect(tally.data.questions[0].decision.participated.heads).toBe(4)
    expect(tally.data.questions[0].decision.yes.heads).toBe(3)

    // The office closes the ballot; the result notice goes out.
    await office.goto(`${env.app.url}/#/packageOffice/ballot-office/index?id=${ballotId}`)
    await title(office, '绿化提升业主表决')
    await office.getByRole('button', { name: '结束投票' }).first().click()
    await office.getByRole('button', { name: '确认结束并公布结果' }).click()
    await office.getByText('投票已结束', { exact: false }).first().waitFor()

    // Anyone recounts the downloaded anonymised list and gets the published result.
    const downloaded = await callFromPage(office, 'ballots', { action: 'downloadList', data: { ballotId } })
    const file = join(mkdtempSync(join(tmpdir(), 'gj-list-')), downloaded.data.fileName)
    writeFileSync(file, downloaded.data.json)
    const listed = JSON.parse(readFileSync(file, 'utf8'))
    expect(listed.rows).toHaveLength(4)
    expect(listed.rows.map((r: { receiptHash: string }) => r.receiptHash)).not.toContain(receipts[0]) // hashes, never the codes
    const { stdout } = await run('npx', ['tsx', 'scripts/recount.ts', file], { cwd: join(__dirname, '../..') })
    expect(stdout).toContain('未通过 not passed') // 4 of the electorate's heads: no quorum
    expect(stdout).toContain('与公布结果一致 matches the published result')

    // A resident checks their receipt on the result page.
    const wang = await signIn(env.browser, env.app, /王一/)
    await wang.goto(`${env.app.url}/#/packageVote/ballot-result/index?id=${ballotId}`)
    await (await field(wang, '回执编码')).fill(receipts[0])
    await wang.getByRole('button', { name: '核对回执' }).click()
    await wang.locator('[aria-label="这张回执记录的回答"]').getByText('同意').first().waitFor()

    // axe on the pages of one ballot (the page list in notices.test.ts has no ballot id to open them with).
    const pages: [Page, string][] = [
      [wang, `/#/packageVote/ballot/index?id=${ballotId}`],
      [wang, `/#/packageVote/ballot-result/index?id=${ballotId}`],
      [office, `/#/packageOffice/ballot-office/index?id=${ballotId}`],
      [office, `/#/packageOffice/paper-ballots/index?id=${ballotId}`],
      [office, `/#/packageOffice/ballot-edit/index?id=${ballotId}`],
    ]
    expect(await axeProblems(env.app.url, pages)).toEqual([])
  })
})

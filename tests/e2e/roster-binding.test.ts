import ExcelJS from 'exceljs'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ROSTER_COLUMNS } from '@/core/roster'
import { appAndBrowser, callFromPage, describeBrowser, signIn } from './harness'

/**
 * Issue 3 end to end in Chromium against `npm start`: the office imports a roster file (a bad
 * one is refused with a row-by-row report and nothing stored), prints binding codes for a
 * building, and a new WeChat user binds their flat with one of them.
 */
jest.setTimeout(120_000)

/** Building 1 of the demo community as the property register has it; 1-2-601 is our new owner. */
function rosterRows(): (string | number)[][] {
  const rows: (string | number)[][] = []
  for (let unit = 1; unit <= 2; unit++) {
    for (let floor = 1; floor <= 6; floor++) {
      for (let pos = 1; pos <= 2; pos++) {
        const room = `${floor}0${pos}`
        const mine = unit === 2 && room === '601'
        rows.push([1, unit, room, floor, pos === 1 ? '58.36' : '71.24', mine ? '测试业主' : `业主${unit}${room}`, mine ? '4321' : '1000', '', '否', '否', '否'])
      }
    }
  }
  return rows
}

async function writeRoster(rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('名册')
  ws.addRow([...ROSTER_COLUMNS])
  for (const r of rows) ws.addRow(r)
  const file = join(mkdtempSync(join(tmpdir(), 'gj-roster-')), '名册.xlsx')
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()))
  return file
}

async function field(page: Page, label: string) {
  return page.locator('.gj-field:visible', { hasText: label }).locator('input, textarea').first()
}

describeBrowser('roster import, binding codes and binding in the browser', () => {
  const env = appAndBrowser()

  test('office imports the roster, prints codes, and a newcomer binds their flat', async () => {
    const office = await signIn(env.browser, env.app, /赵三/)
    await office.getByRole('button', { name: '住户名册' }).click()
    await office.locator('.gj-title:visible', { hasText: '住户名册' }).waitFor()

    // A bad file first: area 0 on the 3rd data row (sheet row 4). Nothing may be stored.
    const bad = rosterRows()
    bad[2][4] = '0'
    let chooser = office.waitForEvent('filechooser')
    await office.getByRole('button', { name: '从 Excel 导入名册' }).click()
    await (await chooser).setFiles(await writeRoster(bad))
    await office.getByText(/第 4 行「专有面积/).waitFor()
    await office.getByText('没有导入任何数据', { exact: false }).first().waitFor()

    // The corrected file.
    chooser = office.waitForEvent('filechooser')
    await office.getByRole('button', { name: '从 Excel 导入名册' }).click()
    await (await chooser).setFiles(await writeRoster(rosterRows()))
    await office.getByText(/导入完成/).waitFor()

    // Codes for building 1, printed as slips.
    await office.getByRole('button', { name: '打印绑定码' }).click()
    await (await field(office, '楼号')).fill('1')
    await office.getByRole('button', { name: '生成绑定码' }).click()
    const slip = office.locator('.gj-slip', { hasText: '1号楼2单元601' })
    await slip.waitFor()
    expect(await office.locator('.gj-slip').count()).toBe(24)
    const code = (await slip.locator('.gj-slip-code').innerText()).trim()
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-?[2-9A-HJKMNP-Z]{4}$/)

    // A new WeChat user binds 1-2-601 as its owner.
    const newcomer = await signIn(env.browser, env.app, /周六/)
    await newcomer.getByRole('button', { name: '绑定我的房屋' }).first().click()
    await newcomer.locator('.gj-title:visible', { hasText: '绑定我的房屋' }).waitFor()
    await (await field(newcomer, '绑定码')).fill(code.toLowerCase())
    await (await field(newcomer, '业主姓名')).fill('测试业主')
    await (await field(newcomer, '身份证号后四位')).fill('4321')
    await newcomer.getByRole('button', { name: '绑定', exact: true }).click()
    await newcomer.getByText(/绑定成功/).waitFor()
    await newcomer.getByRole('button', { name: '查看我的房屋' }).click()
    await newcomer.locator('.gj-card-title:visible', { hasText: '1号楼2单元601' }).waitFor()

    // The same code cannot be used twice.
    const again = await signIn(env.browser, env.app, /周六/)
    const res = await callFromPage(again, 'members', { action: 'bind', data: { code, relation: 'family', name: '家人' } })
    expect(res.ok).toBe(false)
    expect(['CODE_USED', 'ALREADY_MEMBER']).toContain(res.code)
    await office.context().close()
    await newcomer.context().close()
    await again.context().close()
  })

  test('office corrects one household and the change log shows before and after', async () => {
    const office = await signIn(env.browser, env.app, /赵三/)
    const edit = await office.context().newPage()
    await edit.goto(`${env.app.url}/#/pages/household-edit/index?id=c-bianxiuli-b4-u1-502`)
    await edit.locator('.gj-title:visible', { hasText: '4号楼1单元502' }).waitFor()
    await (await field(edit, '专有面积')).fill('71.5')
    await edit.getByRole('button', { name: '保存' }).click()
    await edit.getByText('已保存。这次修改已记入变更记录。').waitFor()
    // An absurd area is refused, field by field, and nothing is saved.
    await (await field(edit, '专有面积')).fill('0')
    await edit.getByRole('button', { name: '保存' }).click()
    await edit.getByRole('alert').first().waitFor()

    const log = await office.context().newPage()
    await log.goto(`${env.app.url}/#/pages/audit/index`)
    const entry = log.locator('.gj-card', { hasText: '修改住户信息' }).first()
    await entry.waitFor()
    await entry.getByText(/专有面积：[\d.]+ ㎡ → 71\.5 ㎡/).waitFor()
    expect(await log.locator('.gj-card', { hasText: '修改住户信息' }).count()).toBe(1)
    await office.context().close()
  })

  test('office exports the roster as an Excel file with every household', async () => {
    const office = await signIn(env.browser, env.app, /赵三/)
    const roster = await office.context().newPage()
    await roster.goto(`${env.app.url}/#/pages/roster/index`)
    await roster.getByText(/共 \d+ 户/).waitFor()
    const download = roster.waitForEvent('download')
    await roster.getByRole('button', { name: '导出名册到 Excel' }).click()
    const file = await (await download).path()
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const ws = wb.worksheets[0]
    expect((ws.getRow(1).values as unknown[]).slice(1, ROSTER_COLUMNS.length + 1)).toEqual([...ROSTER_COLUMNS])
    expect(ws.actualRowCount - 1).toBe(120)
    await office.context().close()
  })
})

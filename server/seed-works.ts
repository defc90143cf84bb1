import type { AcceptanceFields, Signature } from '../src/core/acceptance'
import { DEFAULT_CHECKLIST } from '../src/core/acceptance'
import type { PartyFields } from '../src/core/parties'
import type { Funding, ItemFields, Plan, Scope } from '../src/core/plan'
import { chinaDate } from '../src/core/time'
import type { Deps, Handler } from '../cloudfunctions/common/router'
import type { Store } from '../cloudfunctions/common/store'
import { handlePlans } from '../cloudfunctions/plans/handler'
import { handleWorks } from '../cloudfunctions/works/handler'

/**
 * The demo of the works and after, in the neighbouring community 梁苑新村 (2 buildings): a plan
 * published about five years ago and taken through its stages with their documents, and four items
 * in the states issue 6 is about —
 *  - 供水管网改造 (water, the whole community): accepted three years ago with a two-year warranty,
 *    long expired; the water utility 某供水公司（示例） owns the water lines, so a water report goes to it;
 *  - 2号楼落水管更换 (downpipes of building 2): accepted about 40 days ago, under the contractor's
 *    two-year warranty, so a report on it goes to 某建设工程公司（示例）;
 *  - 楼道照明改造 (stairwell lighting, the whole community): under way, with a supervisor (吴十) and
 *    two observations, one answered by the contractor's 郑工;
 *  - 1号楼、2号楼屋面防水 (roofs): finished five days ago, waiting for its acceptance.
 * Parties: a contractor, a supervising engineer, a designer, a surveyor, a water and a gas utility,
 * and NO property manager (the community is 无物业, like its ledger entry): reports on nothing under
 * warranty or on a utility's line go to the community office (src/core/reports.ts routeReport).
 *
 * Everything goes in through the `plans` and `works` functions as the office (钱四), the resident
 * (吴十) and the contractor's staff (郑工) would, on a clock set back. Names are invented.
 */

const DAY = 24 * 3600 * 1000
const yuan = (n: number) => Math.round(n * 100)

function funding(parts: Partial<Record<keyof Funding, number>>): Funding {
  const f: Funding = { central: 0, provincial: 0, city: 0, district: 0, propertyUnit: 0, utility: 0, residents: 0, donation: 0 }
  for (const [k, v] of Object.entries(parts)) f[k as keyof Funding] = yuan(v)
  return f
}

function item(menuKey: string, title: string, scope: Scope, parts: Partial<Record<keyof Funding, number>>, description: string): ItemFields {
  const f = funding(parts)
  const costFen = Object.values(f).reduce((s, v) => s + v, 0)
  return { menuKey, title, category: 'basic', scope, description, photos: [], costFen, funding: f, shareRule: 'area', decisionKind: 'ordinary' }
}

export const WORKS_ITEM_TITLES = {
  water: '供水管网改造',
  downpipes: '2号楼落水管更换',
  lighting: '楼道照明改造',
  roof: '1号楼、2号楼屋面防水',
} as const

export function demoWorksItems(communityId: string): ItemFields[] {
  const all: Scope = { kind: 'community' }
  const buildings = (...n: number[]): Scope => ({ kind: 'buildings', buildingIds: n.map((b) => `${communityId}-b${b}`) })
  return [
    item('water', WORKS_ITEM_TITLES.water, all, { central: 180000, city: 40000, utility: 120000 }, '更换锈蚀的镀锌供水管，水表移到楼道外；供水公司承担其产权范围内的管网。'),
    item('downpipes', WORKS_ITEM_TITLES.downpipes, buildings(2), { district: 28000 }, '更换开裂的铸铁落水管为PVC管，排水口接入雨水管。'),
    item('lighting', WORKS_ITEM_TITLES.lighting, all, { city: 36000 }, '楼道换LED声控灯，单元门口加装照明。'),
    item('roof', WORKS_ITEM_TITLES.roof, buildings(1, 2), { central: 150000, city: 50000 }, '铲除旧防水层，做SBS卷材防水和保温。'),
  ]
}

/** The parties (the contractor under a fixed id: the demo user 郑工 works for it). */
const PARTIES: (PartyFields & { key: string })[] = [
  { key: 'contractor', kind: 'contractor', name: '某建设工程公司（示例）', phone: '0371-2300 0001', lines: [] },
  { key: 'supervisor', kind: 'supervisor', name: '某工程监理公司（示例）', phone: '0371-2300 0002', lines: [] },
  { key: 'designer', kind: 'designer', name: '某建筑设计院（示例）', phone: '0371-2300 0003', lines: [] },
  { key: 'surveyor', kind: 'surveyor', name: '某勘察公司（示例）', phone: '0371-2300 0004', lines: [] },
  { key: 'water', kind: 'utility', name: '某供水公司（示例）', phone: '0371-2300 0005', lines: ['water'] },
  { key: 'gas', kind: 'utility', name: '某燃气公司（示例）', phone: '0371-2300 0006', lines: ['gas'] },
]

export async function seedDemoWorks(
  store: Store,
  now: Date,
  ids: { communityId: string; office: string; resident: string; contractor: string; contractorPartyId: string },
): Promise<void> {
  let at = now
  let seq = 0
  /** Ids handed out next before the running sequence (the contractor's fixed id). */
  const fixed: string[] = []
  const deps: Deps = { store, now: () => at, newId: () => fixed.shift() ?? `seed-works-${++seq}` }
  async function as<T>(handler: Handler, openid: string, action: string, data: unknown): Promise<T> {
    const result = await handler(deps, { openid }, { action, data })
    if (!result.ok) throw new Error(`demo works: ${action} refused: ${result.code} ${result.detail ?? result.message}`)
    return result.data as T
  }
  const plans = <T = unknown>(action: string, data: unknown) => as<T>(handlePlans, ids.office, action, data)
  const works = <T = unknown>(action: string, data: unknown, openid = ids.office) => as<T>(handleWorks, openid, action, data)
  const daysAgo = (d: number) => new Date(now.getTime() - d * DAY)
  const plan = async () => (await plans<{ plan: Plan }>('getDraft', {})).plan
  const year = () => chinaDate(at).slice(0, 4)
  const advance = async (to: string, note: string, document?: string) => {
    const documents = document ? [{ title: document, reference: `龙住建〔${year()}〕${10 + seq}号`, photos: [] }] : []
    await plans('advance', { version: (await plan()).version, to, note, documents })
  }
  const progress = async (itemId: string, change: Record<string, unknown>) => plans('setProgress', { version: (await plan()).version, itemId, ...change })

  // About five years ago: the survey, the consultation, the design and the 公示.
  at = daysAgo(1900)
  await plans('create', { title: '梁苑新村老旧小区改造方案', summary: '以供水、排水、照明和屋面防水等基础类项目为主，全部由政府补助和管线单位出资。' })
  await advance('consultation', '住户名册已核实，入户调查完成。')
  at = daysAgo(1870)
  await advance('design', '意见征询结束：供水管锈蚀、落水管开裂、顶层漏雨意见最集中。')
  const party: Record<string, string> = {}
  for (const { key, ...fields } of PARTIES) {
    if (key === 'contractor') fixed.push(ids.contractorPartyId)
    party[key] = (await works<{ _id: string }>('saveParty', fields))._id
  }
  at = daysAgo(1860)
  let v = (await plan()).version
  for (const fields of demoWorksItems(ids.communityId)) v = (await plans<Plan>('saveItem', { version: v, item: fields })).version
  await plans('publish', { version: v, publicityDays: 7 })
  const items = (await plan()).items
  const itemId = (title: string) => items.find((i) => i.title === title)!._id
  const water = itemId(WORKS_ITEM_TITLES.water)
  const downpipes = itemId(WORKS_ITEM_TITLES.downpipes)
  const lighting = itemId(WORKS_ITEM_TITLES.lighting)
  const roof = itemId(WORKS_ITEM_TITLES.roof)

  // Approval, the owners' meeting, budget, tender, start.
  at = daysAgo(1845)
  await advance('approval', '公示期满，无异议。', '立项批复')
  at = daysAgo(1840)
  for (const id of [water, downpipes, lighting, roof]) await progress(id, { decision: 'passed', decisionRef: `${year()}年业主大会决议`, status: 'chosen' })
  at = daysAgo(1800)
  await advance('budget', '预算评审通过。', '预算评审报告')
  at = daysAgo(1760)
  await advance('tender', '公开招标完成，某建设工程公司（示例）中标。', '中标通知书')
  at = daysAgo(1500)
  await advance('start', '开工。', '开工报告')
  at = daysAgo(1495)
  await advance('works', '施工开始，先做供水管网。')

  const signatures = (contractorSigner: string): Signature[] => [
    { role: 'ownersRep', name: '冯大爷（业主代表，示例）', partyId: null },
    { role: 'contractor', name: contractorSigner, partyId: party.contractor },
    { role: 'supervisor', name: '何工（示例）', partyId: party.supervisor },
    { role: 'designer', name: '林工（示例）', partyId: party.designer },
    { role: 'surveyor', name: '韩工（示例）', partyId: party.surveyor },
  ]
  const accept = async (id: string) => {
    const view = await works<{ planVersion: number; defaults: { warrantyEndsOn: string } }>('acceptance', { itemId: id })
    const fields: AcceptanceFields = {
      itemId: id,
      checklist: DEFAULT_CHECKLIST.map((text) => ({ text, result: 'ok', note: '' })),
      signatures: signatures('郑工（示例）'),
      outcome: 'passed',
      defects: [],
      fixesDueOn: null,
      // Two years, as the form proposes.
      warrantyEndsOn: view.defaults.warrantyEndsOn,
      contractorPartyId: party.contractor,
      photos: [],
    }
    await works('recordAcceptance', { ...fields, planVersion: view.planVersion })
  }

  // The water mains: built, finished, accepted three years ago (its warranty ended a year ago).
  at = daysAgo(1490)
  await progress(water, { status: 'works' })
  await works('setContractor', { itemId: water, partyId: party.contractor, planVersion: (await plan()).version })
  at = daysAgo(1120)
  await progress(water, { status: 'done' })
  at = daysAgo(1095)
  await accept(water)

  // The downpipes of building 2: accepted about 40 days ago, under warranty.
  at = daysAgo(120)
  await progress(downpipes, { status: 'works' })
  await works('setContractor', { itemId: downpipes, partyId: party.contractor, planVersion: (await plan()).version })
  at = daysAgo(50)
  await progress(downpipes, { status: 'done' })
  at = daysAgo(40)
  await accept(downpipes)

  // The roofs: built, finished five days ago, waiting for acceptance.
  at = daysAgo(90)
  await progress(roof, { status: 'works' })
  await works('setContractor', { itemId: roof, partyId: party.contractor, planVersion: (await plan()).version })
  at = daysAgo(5)
  await progress(roof, { status: 'done' })

  // The stairwell lighting: under way; 吴十 reports, volunteers, reports again; 郑工 answers.
  at = daysAgo(30)
  await progress(lighting, { status: 'works' })
  await works('setContractor', { itemId: lighting, partyId: party.contractor, planVersion: (await plan()).version })
  at = daysAgo(20)
  await works('observe', { itemId: lighting, buildingId: `${ids.communityId}-b2`, kind: 'access', text: '2号楼1单元门口堆着灯具包装箱，晚上看不清，老人进出容易绊倒。', photos: [] }, ids.resident)
  at = daysAgo(19)
  await works('volunteer', { target: { kind: 'item', itemId: lighting }, displayName: '吴叔（2号楼）' }, ids.resident)
  at = daysAgo(10)
  const asked = await works<{ _id: string; version: number }>(
    'observe',
    { itemId: lighting, buildingId: `${ids.communityId}-b2`, kind: 'quality', text: '2号楼1单元四楼的新灯声控不灵，拍手也不亮。', photos: [] },
    ids.resident,
  )
  at = daysAgo(9)
  await works('answer', { observationId: asked._id, version: asked.version, text: '已派电工检查，是感应器接线松动，已重新接好，请再试试。' }, ids.contractor)
}

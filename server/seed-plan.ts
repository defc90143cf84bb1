import type { FeedbackFields } from '../src/core/feedback'
import type { Funding, ItemFields, Scope } from '../src/core/plan'
import type { Deps, Handler } from '../cloudfunctions/common/router'
import type { Store } from '../cloudfunctions/common/store'
import { handleFeedback } from '../cloudfunctions/feedback/handler'
import { handlePlans } from '../cloudfunctions/plans/handler'

/**
 * The demo community's renovation plan (invented figures, Kaifeng-like): 25 community and
 * building items and an elevator candidate for each of the 10 stairwell units. It goes in the
 * way an office's would: through the `plans` and `feedback` functions as the demo office and
 * residents, on a clock set back so that the project history reads naturally — surveyed,
 * consulted, designed, and the first edition published two days ago (its 公示 still running).
 */

const yuan = (n: number) => Math.round(n * 100)

function funding(parts: Partial<Record<keyof Funding, number>>): Funding {
  const f: Funding = { central: 0, provincial: 0, city: 0, district: 0, propertyUnit: 0, utility: 0, residents: 0, donation: 0 }
  for (const [k, v] of Object.entries(parts)) f[k as keyof Funding] = yuan(v)
  return f
}

function item(
  menuKey: string,
  title: string,
  category: ItemFields['category'],
  scope: Scope,
  parts: Partial<Record<keyof Funding, number>>,
  more: Partial<ItemFields> & { description: string },
): ItemFields {
  const f = funding(parts)
  const costFen = Object.values(f).reduce((s, v) => s + v, 0)
  // Raising money from owners is a major decision (voting-law.md), so those items default to it.
  const decisionKind = f.residents > 0 ? 'major' : 'ordinary'
  return { menuKey, title, category, scope, photos: [], costFen, funding: f, shareRule: 'area', decisionKind, ...more }
}

export function demoPlanItems(communityId: string): ItemFields[] {
  const all: Scope = { kind: 'community' }
  const buildings = (...n: number[]): Scope => ({ kind: 'buildings', buildingIds: n.map((b) => `${communityId}-b${b}`) })
  const items: ItemFields[] = [
    item('water', '供水管网及二次供水改造', 'basic', all, { central: 400000, provincial: 100000, city: 100000, district: 60000, utility: 200000 }, { decisionKind: 'major', description: '更换锈蚀的镀锌供水管，入户水表统一移到楼道外；供水公司承担其产权范围内的管网。' }),
    item('drainage', '雨污分流及排水管网改造', 'basic', all, { central: 360000, provincial: 90000, city: 120000, district: 150000 }, { decisionKind: 'major', description: '小区雨水、污水管分开，解决2、3号楼之间雨天积水、化粪池外溢的问题。' }),
    item('power', '供电线路改造', 'basic', all, { central: 240000, utility: 300000 }, { description: '更换老化的楼宇进线和表箱，供电公司承担其自有线路部分。' }),
    item('gas', '供气管道改造', 'basic', all, { central: 180000, utility: 200000 }, { decisionKind: 'major', description: '更换老旧燃气立管，燃气公司承担其自有管道部分。' }),
    item('roads', '小区道路修缮', 'basic', all, { central: 300000, provincial: 100000, city: 150000, district: 100000 }, { description: '主路重新铺设沥青，修补破损的宅间小路，整修路沿石。' }),
    item('parking', '停车场地整治', 'basic', all, { central: 100000, city: 80000, district: 50000, residents: 50000 }, { shareRule: 'equal', description: '利用北侧空地划设约40个停车位，居民出资部分每户均摊。' }),
    item('septic', '化粪池清淤', 'basic', all, { district: 60000 }, { description: '全面清掏化粪池，修复破损盖板。' }),
    item('fire', '消防设施改造', 'basic', all, { central: 150000, city: 60000 }, { description: '楼道增设灭火器箱和应急照明，打通消防通道。' }),
    item('lighting', '小区照明设施', 'basic', all, { city: 90000 }, { description: '主路和宅间路增设太阳能路灯，楼道换声控灯。' }),
    item('cables', '架空管线规整', 'basic', all, { utility: 150000 }, { description: '通信、有线电视线缆入管或捆扎规整，由各管线单位出资。' }),
    item('signs', '道路及楼门牌标识', 'basic', all, { district: 30000 }, { shareRule: 'equal', description: '统一制作楼栋号、单元号和小区导视牌。' }),
    item('waste-sorting', '垃圾分类投放点', 'improvement', all, { district: 25000, donation: 20000 }, { shareRule: 'equal', donationNote: '某环保公司（示例）捐赠分类垃圾桶20组，折价2万元', description: '设置2处带雨棚的分类投放点。' }),
    item('bike-sheds', '电动自行车棚及充电设施', 'basic', all, { central: 80000, city: 40000, residents: 60000 }, { shareRule: 'equal', description: '建设2处车棚，配智能充电插座，杜绝飞线充电；居民出资部分每户均摊。' }),
    item('boundary-walls', '围墙修缮', 'basic', all, { propertyUnit: 120000 }, { description: '修补东侧和南侧围墙，由原产权单位出资。' }),
    item('greening', '绿化提升', 'improvement', all, { central: 100000, city: 60000, propertyUnit: 50000, residents: 50000 }, { description: '补种乔木和灌木，绿地率提高到25%以上；居民出资部分按专有面积分摊。' }),
    item('barrier-free', '无障碍设施', 'improvement', all, { provincial: 80000 }, { description: '单元门口加装坡道和扶手，主路缘石坡化。' }),
    item('security', '智能安防', 'improvement', all, { city: 60000, residents: 100000 }, { shareRule: 'equal', description: '出入口人脸识别门禁和高空抛物监控；居民出资部分每户均摊。' }),
    item('parcels', '快递服务点', 'improvement', all, { donation: 40000 }, { donationNote: '快递企业（示例）出资建设并运营', description: '在北门建快递驿站和智能快递柜。' }),
    item('fitness', '健身小广场', 'upgrade', all, { central: 100000, district: 50000 }, { decisionKind: 'major', description: '在中心绿地建健身小广场，配适老健身器材和休息座椅。' }),
    item('culture', '文化活动室（含老年助餐点）', 'upgrade', all, { propertyUnit: 200000 }, { decisionKind: 'major', description: '原产权单位移交的一层闲置用房改建为文化活动室和老年助餐点。' }),
    item('roof', '1号楼、2号楼屋面防水', 'basic', buildings(1, 2), { central: 120000, city: 60000, residents: 60000 }, { decisionKind: 'major', description: '两栋楼顶层多户反映漏雨：铲除旧防水层，做SBS卷材防水和保温。居民出资部分由两栋楼按专有面积分摊。' }),
    item('roof', '3号楼至5号楼屋面防水', 'basic', buildings(3, 4, 5), { central: 180000, city: 90000, residents: 90000 }, { decisionKind: 'major', description: '铲除旧防水层，做SBS卷材防水和保温。居民出资部分由三栋楼按专有面积分摊。' }),
    item('walls', '楼梯间整修粉饰', 'basic', buildings(1, 2, 3, 4, 5), { central: 200000, city: 50000, residents: 50000 }, { decisionKind: 'major', description: '楼道墙面铲除重刷，更换破损踏步，清理楼道杂物。' }),
    item('downpipes', '3号楼、4号楼落水管更换', 'basic', buildings(3, 4), { district: 36000, residents: 12000 }, { description: '更换开裂的铸铁落水管为PVC管，排水口接入雨水管。' }),
    item('handrails', '楼梯扶手更换', 'basic', buildings(1, 2, 3, 4, 5), { provincial: 100000 }, { description: '更换锈蚀松动的楼梯扶手，加装低位扶手方便老人。' }),
  ]
  for (let b = 1; b <= 5; b++) {
    for (let u = 1; u <= 2; u++) {
      items.push(
        item('elevator', `${b}号楼${u}单元加装电梯`, 'upgrade', { kind: 'unit', unitId: `${communityId}-b${b}-u${u}` }, { provincial: 100000, city: 100000, residents: 450000 }, {
          decisionKind: 'major',
          shareRule: 'floor',
          description: '在单元北侧加装一部电梯（平层入户以外的半层停靠）。居民出资按楼层系数分摊：一层 0，二层起 3、5、7、9、11。一层住户不出资，对采光和噪声的影响评估与补偿办法另附；暂不出资的住户以后可按同样系数加入。',
        }),
      )
    }
  }
  return items
}

const DAY = 24 * 3600 * 1000

/** Runs the office's and residents' steps through the handlers; throws if any is refused. */
export async function seedDemoPlan(
  store: Store,
  now: Date,
  ids: { communityId: string; office: string; tenantResident: string },
): Promise<void> {
  let at = now
  let seq = 0
  const deps: Deps = { store, now: () => at, newId: () => `seed-${++seq}` }
  async function as<T>(handler: Handler, openid: string, action: string, data: unknown): Promise<T> {
    const result = await handler(deps, { openid }, { action, data })
    if (!result.ok) throw new Error(`demo plan: ${action} refused: ${result.code} ${result.detail ?? result.message}`)
    return result.data as T
  }
  const office = (action: string, data: unknown) => as<{ version: number }>(handlePlans, ids.office, action, data)
  const daysAgo = (d: number) => new Date(now.getTime() - d * DAY)

  const version = async () => ((await as<{ plan: { version: number } }>(handlePlans, ids.office, 'getDraft', {})).plan.version)
  const advance = async (to: string, note: string) => as(handlePlans, ids.office, 'advance', { version: await version(), to, note, documents: [] })

  at = daysAgo(60)
  await office('create', {
    title: '汴绣里小区老旧小区改造方案',
    summary: '按照“一区一策”，本方案包括基础类、完善类、提升类共 35 个项目。基础类以政府补助和管线单位出资为主，完善类和提升类按“谁受益谁出资”由受益住户分担一部分。每户出资多少，在项目详情里写明了计算方法。',
  })
  await advance('consultation', '住户名册已核实，入户调查完成。')
  at = daysAgo(30)
  await advance('design', '意见征询结束：收回问卷 96 份，屋面漏水、停车难、加装电梯意见最集中。')
  at = daysAgo(10)
  let v = await version()
  for (const fields of demoPlanItems(ids.communityId)) v = (await office('saveItem', { version: v, item: fields })).version
  at = daysAgo(2)
  await office('publish', { version: v, publicityDays: 7 })

  at = daysAgo(1)
  const comment: FeedbackFields = { kind: 'comment', itemId: null, text: '停车位能不能优先给老年人和残疾人家庭？', photos: [] }
  const posted = await as<{ _id: string; version: number }>(handleFeedback, ids.tenantResident, 'create', {
    householdId: `${ids.communityId}-b3-u2-501`,
    ...comment,
  })
  at = new Date(now.getTime() - 6 * 3600 * 1000)
  await as(handleFeedback, ids.office, 'reply', {
    id: posted._id,
    version: posted.version,
    text: '谢谢建议。车位分配办法将另行征求意见，会优先考虑老年人和残疾人家庭。',
  })
}

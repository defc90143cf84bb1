import type { Building, Community, District, Household, Unit } from '../src/core/community'
import { newDraft, publish, type Notice } from '../src/core/notice'
import { ownerKey } from '../src/core/electorate'
import { membershipId, type Membership, type StoredUser } from '../src/core/roles'
import type { Store } from '../cloudfunctions/common/store'
import { applyRoster } from '../cloudfunctions/households/apply-roster'
import { householdToRow, parseRoster, ROSTER_COLUMNS } from '../src/core/roster'
import { seedDemoPlan } from './seed-plan'
import { seedDemoWorks } from './seed-works'

/**
 * Invented demo data: a Kaifeng-like community of 5 buildings × 2 stairwell units × 6 floors
 * × 2 flats (120 households), a neighbouring community, their offices and a district office.
 * Every name here is made up.
 */
export const DEMO = {
  districtId: 'd-longting',
  communityId: 'c-bianxiuli',
  otherCommunityId: 'c-liangyuan',
  resident: 'demo-resident-1',
  resident2: 'demo-resident-2',
  /** Owners in two more stairwell units (issue 5: residents of different units vote). */
  resident3: 'demo-resident-3',
  resident4: 'demo-resident-4',
  office: 'demo-office-1',
  /** A second staff member of the same office: confirms paper ballots the first one entered (four eyes). */
  office2: 'demo-office-3',
  otherOffice: 'demo-office-2',
  district: 'demo-district-1',
  /** Issue 6, in 梁苑新村 (the demo of the works and after): an owner, and a contractor's staff member. */
  otherResident: 'demo-resident-5',
  contractor: 'demo-party-1',
  /** The contractor 郑工 works for (server/seed-works.ts records it under this id). */
  contractorPartyId: 'party-liangyuan-builder',
} as const

const SEEDED_AT = '2026-01-01T00:00:00.000Z'

export interface DemoIdentity {
  openid: string
  name: string
  description: string
}

const users: (StoredUser & { description: string })[] = [
  { _id: 'u-res-1', openid: DEMO.resident, name: '居民 王一（示例）', role: 'resident', communityId: DEMO.communityId, householdLabel: '1号楼1单元302', description: '汴绣里小区居民，1号楼1单元302' },
  { _id: 'u-res-2', openid: DEMO.resident2, name: '居民 李二（示例）', role: 'resident', communityId: DEMO.communityId, householdLabel: '3号楼2单元501', description: '汴绣里小区居民，3号楼2单元501' },
  { _id: 'u-res-3', openid: DEMO.resident3, name: '居民 陈八（示例）', role: 'resident', communityId: DEMO.communityId, householdLabel: '2号楼1单元401', description: '汴绣里小区业主，2号楼1单元401' },
  { _id: 'u-res-4', openid: DEMO.resident4, name: '居民 刘九（示例）', role: 'resident', communityId: DEMO.communityId, householdLabel: '4号楼2单元202', description: '汴绣里小区业主，4号楼2单元202' },
  { _id: 'u-off-1', openid: DEMO.office, name: '社区干事 赵三（示例）', role: 'office', communityId: DEMO.communityId, description: '汴绣里社区工作人员，可发布公告' },
  { _id: 'u-off-3', openid: DEMO.office2, name: '社区网格员 周七（示例）', role: 'office', communityId: DEMO.communityId, description: '汴绣里社区工作人员，可确认另一位工作人员录入的纸质选票' },
  { _id: 'u-off-2', openid: DEMO.otherOffice, name: '社区干事 钱四（示例）', role: 'office', communityId: DEMO.otherCommunityId, description: '梁苑新村社区工作人员（另一个小区）' },
  { _id: 'u-res-5', openid: DEMO.otherResident, name: '居民 吴十（示例）', role: 'resident', communityId: DEMO.otherCommunityId, householdLabel: '2号楼1单元302', description: '梁苑新村业主，2号楼1单元302：施工监督员，可看验收、报修' },
  { _id: 'u-par-1', openid: DEMO.contractor, name: '施工员 郑工（示例）', role: 'party', communityId: DEMO.otherCommunityId, partyId: DEMO.contractorPartyId, description: '某建设工程公司（示例）在梁苑新村的施工员：答复施工监督意见，处理保修期内的报修' },
  { _id: 'u-dis-1', openid: DEMO.district, name: '区住建 孙五（示例）', role: 'district', districtId: DEMO.districtId, description: '龙亭区住建局工作人员，查看辖区各小区' },
]

const member = (householdId: string, userId: string, relation: Membership['relation']): Membership => ({
  _id: membershipId(householdId, userId),
  householdId,
  communityId: DEMO.communityId,
  userId,
  relation,
  via: 'seed',
  addedBy: 'u-off-1',
  createdAt: SEEDED_AT,
})

/** The demo residents' households: 王一 co-owns 1-1-302; 李二 rents 3-2-501; 陈八 owns 2-1-401; 刘九 owns 4-2-202; 吴十 owns 2-1-302 of 梁苑新村. */
const DEMO_MEMBERS: Membership[] = [
  member(`${DEMO.communityId}-b1-u1-302`, 'u-res-1', 'owner'),
  member(`${DEMO.communityId}-b3-u2-501`, 'u-res-2', 'tenant'),
  member(`${DEMO.communityId}-b2-u1-401`, 'u-res-3', 'owner'),
  member(`${DEMO.communityId}-b4-u2-202`, 'u-res-4', 'owner'),
  { ...member(`${DEMO.otherCommunityId}-b2-u1-302`, 'u-res-5', 'owner'), communityId: DEMO.otherCommunityId, addedBy: 'u-off-2' },
]

export function demoIdentities(): DemoIdentity[] {
  return users.map(({ openid, name, description }) => ({ openid, name, description }))
}

/** Exclusive area of a flat in centi-m²: two flat types per floor, varied a little by building. */
function flatArea(building: number, position: number): number {
  const base = position === 1 ? 5836 : 7124
  return base + ((building * 37 + position * 11) % 5) * 112
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'
const GIVEN = '建国秀兰玉梅志强桂英海燕丽华文明振华淑珍红梅德胜春生凤英国庆金凤永红卫东丽娟'

/** Invented owners: a surname and two given characters picked by position (not real people). */
function ownerName(seed: number): string {
  const s = SURNAMES[seed % SURNAMES.length]
  const g1 = GIVEN[(seed * 7) % GIVEN.length]
  const g2 = GIVEN[(seed * 13 + 5) % GIVEN.length]
  return `${s}${g1}${g2}`
}

/**
 * The demo roster's special cases (voting-law.md): in building 1 unit 1 one owner holds flats 101
 * and 102; in building 2 unit 2 flats 601 and 602 were never sold; 1-1-302 has two co-owners;
 * every fifth flat is let to tenants.
 */
function ownersOf(b: number, u: number, room: string, seed: number): Pick<Household, 'owners' | 'coOwned' | 'developerUnsold' | 'tenantOccupied'> {
  const tail = String(1000 + ((seed * 7919) % 9000)).slice(-4)
  const one = { name: ownerName(seed), idTail: tail, phone: `139${String(10000000 + seed * 7717).slice(-8)}` }
  if (b === 2 && u === 2 && (room === '601' || room === '602')) return { owners: [], coOwned: false, developerUnsold: true, tenantOccupied: false }
  if (b === 1 && u === 1 && room === '102') return ownersOf(1, 1, '101', seed - 1)
  if (b === 1 && u === 1 && room === '302') {
    return { owners: [one, { name: ownerName(seed + 500), idTail: '0302' }], coOwned: true, developerUnsold: false, tenantOccupied: false }
  }
  return { owners: [one], coOwned: false, developerUnsold: false, tenantOccupied: seed % 5 === 0 }
}

export function communityData(communityId: string, name: string, street: string, yearBuilt: number, buildings: number) {
  const bs: Building[] = []
  const us: Unit[] = []
  const hs: Household[] = []
  for (let b = 1; b <= buildings; b++) {
    const building: Building = { _id: `${communityId}-b${b}`, communityId, number: b, floors: 6 }
    bs.push(building)
    for (let u = 1; u <= 2; u++) {
      const unit: Unit = { _id: `${building._id}-u${u}`, communityId, buildingId: building._id, number: u }
      us.push(unit)
      for (let floor = 1; floor <= 6; floor++) {
        for (let pos = 1; pos <= 2; pos++) {
          const room = `${floor}0${pos}`
          const seed = hs.length + 1 + (communityId === DEMO.communityId ? 0 : 1000)
          hs.push({
            _id: `${unit._id}-${room}`,
            communityId,
            buildingId: building._id,
            unitId: unit._id,
            buildingNumber: b,
            unitNumber: u,
            room,
            floor,
            areaCentiM2: flatArea(b, pos),
            ...ownersOf(b, u, room, seed),
            version: 1,
            updatedAt: SEEDED_AT,
          })
        }
      }
    }
  }
  const community: Community = {
    _id: communityId,
    name,
    districtId: DEMO.districtId,
    street,
    yearBuilt,
    buildingCount: bs.length,
    householdCount: hs.length,
    floorAreaCentiM2: Math.round(hs.reduce((sum, h) => sum + h.areaCentiM2, 0) * 1.18),
    ownershipType: 'reform',
    management: 'none',
    originalPropertyUnit: communityId === DEMO.communityId ? '开封市某纺织厂（示例）' : undefined,
    exclusions: [],
    batchYear: 2019,
  }
  return { community, bs, us, hs }
}

function demoNotices(now: Date): Notice[] {
  const day = 24 * 3600 * 1000
  const ago = (days: number) => new Date(now.getTime() - days * day)
  const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const make = (id: string, fields: Parameters<typeof newDraft>[0], publishedDaysAgo: number | null): Notice => {
    const draft = newDraft(fields, { id, communityId: DEMO.communityId, userId: 'u-off-1' }, ago((publishedDaysAgo ?? 0) + 1))
    return publishedDaysAgo === null ? draft : publish(draft, 'u-off-1', ago(publishedDaysAgo))
  }
  return [
    make('n-survey', {
      kind: 'notice',
      title: '关于开展老旧小区改造意见征询的通知',
      body: '各位居民：\n根据《开封市城镇老旧小区改造工作实施方案》，我小区已列入改造计划。社区将于近期入户征求大家对改造内容的意见，也可以在小程序里填写。\n改造分为基础类、完善类、提升类，请大家积极参与，共同商量改什么、怎么改。\n汴绣里社区居委会',
    }, 12),
    make('n-ledger', {
      kind: 'publicity',
      title: '汴绣里小区改造项目基本情况公示',
      body: '现将本小区楼栋数、户数、建筑面积、产权性质等基本情况予以公示。如有异议，请在公示期内到社区居委会或在小程序中反映。\n公示内容：5栋楼、10个单元、120户；建成于1993年；产权性质为单位房改房。',
      publicityEndsOn: chinaDay(new Date(now.getTime() + 4 * day)),
    }, 3),
    make('n-water', {
      kind: 'notice',
      title: '12月2日上午临时停水通知',
      body: '因供水管道检修，12月2日8:00至12:00小区临时停水，请提前储水。给您带来不便，敬请谅解。',
    }, 1),
    make('n-draft', {
      kind: 'notice',
      title: '（草稿）居民议事会召开通知',
      body: '定于下周六上午9点在社区活动室召开居民议事会，讨论改造方案初稿。',
    }, null),
  ]
}

/** The demo roster as the sheet an office would import (header row, then one row per flat). */
export function demoRosterSheet(households: readonly Household[]): unknown[][] {
  return [[...ROSTER_COLUMNS], ...households.map((h) => ROSTER_COLUMNS.map((c) => householdToRow(h)[c]))]
}

/**
 * Fills an empty store with the demo data; does nothing if it already holds communities.
 * The households go in the way an office's would: each community's roster sheet through
 * parseRoster and the import's core (cloudfunctions/households/apply-roster.ts), which also
 * creates the stairwell units; buildings (6 floors) come first, as the ledger would create them.
 * Loading demo data is nobody's change, so it leaves the audit log empty. With `plan`, the demo
 * community also gets its renovation plan, and 梁苑新村 a project years into its works (parties,
 * supervision, acceptances: server/seed-works.ts) — the local server asks for it; most tests do not.
 */
export async function seedDemo(store: Store, now = new Date(), options: { plan?: boolean } = {}): Promise<boolean> {
  if ((await store.count('communities', {})) > 0) return false
  const main = communityData(DEMO.communityId, '汴绣里小区', '龙亭区北道门街道', 1993, 5)
  const other = communityData(DEMO.otherCommunityId, '梁苑新村', '龙亭区大兴街道', 1988, 2)
  const district: District = { _id: DEMO.districtId, name: '龙亭区', city: '开封市' }
  const at = new Date(SEEDED_AT)
  await store.transaction(async (tx) => {
    await tx.insert('districts', district)
    for (const c of [main, other]) {
      await tx.insert('communities', c.community)
      for (const b of c.bs) await tx.insert('buildings', b)
      const roster = parseRoster(demoRosterSheet(c.hs), { communityId: c.community._id, buildings: c.bs, now: at })
      if (roster.errors.length) throw new Error(`demo roster of ${c.community._id} does not import: ${JSON.stringify(roster.errors.slice(0, 3))}`)
      await applyRoster(tx, { communityId: c.community._id, households: roster.households, at, audit: null })
    }
    for (const { description: _d, ...u } of users) await tx.insert('users', u)
    for (const m of DEMO_MEMBERS) {
      // A demo owner stands for the flat's first registered owner (so a later change of owners is noticed).
      const flat = m.relation === 'owner' ? await tx.get<Household>('households', m.householdId) : null
      await tx.insert('members', flat?.owners[0] ? { ...m, ownerKey: ownerKey(flat.owners[0]) } : m)
    }
    for (const n of demoNotices(now)) await tx.insert('notices', n)
  })
  // The renovation plan goes in through the plans and feedback functions (server/seed-plan.ts).
  if (options.plan) {
    await seedDemoPlan(store, now, { communityId: DEMO.communityId, office: DEMO.office, tenantResident: DEMO.resident2 })
    // 梁苑新村: a project years into its works (parties, supervision, acceptances): server/seed-works.ts.
    await seedDemoWorks(store, now, { communityId: DEMO.otherCommunityId, office: DEMO.otherOffice, resident: DEMO.otherResident, contractor: DEMO.contractor, contractorPartyId: DEMO.contractorPartyId })
  }
  return true
}

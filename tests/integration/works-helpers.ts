/**
 * Shared set-up for the `works` integration tests: the caller, a plan of the demo community taken
 * through its stages by the office (the way seed-works does it) to where the works run, the
 * community's parties recorded through saveParty, staff of two contractors, and photos.
 *
 * Items (汴绣里): roofs of buildings 3 and 4 (finished), building 1's downpipes and the stairwell
 * lighting (under way), and a greening survey item never chosen. 李二 (DEMO.resident2) rents
 * 3-2-501 — in the roofs' scope; 王一 (DEMO.resident) owns 1-1-302 — outside it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handleWorks } from '../../cloudfunctions/works/handler'
import { DEMO } from '../../server/seed'
import { DEFAULT_CHECKLIST, type AcceptanceFields, type Signature } from '../../src/core/acceptance'
import type { Result } from '../../src/core/errors'
import type { Party, PartyFields } from '../../src/core/parties'
import type { ItemFields, Plan } from '../../src/core/plan'
import type { StoredUser } from '../../src/core/roles'
import { JPEG } from '../fixtures/photos'
import { building, draft, itemFields, NO_FUNDING, plans, publishedPlan } from './plans-helpers'
import { NOW, ok, type World } from './worlds'

export function works(w: World, openid: string | null | undefined, action: string, data?: unknown): Promise<Result<unknown>> {
  return handleWorks(w.deps, { openid }, { action, data })
}

/** When the works run: the 公示 (7 days from NOW) is long over. */
export const LATER = new Date(NOW.getTime() + 10 * 24 * 3600 * 1000)

export const TITLES = { roof: '3号楼、4号楼屋面防水', downpipes: '1号楼落水管更换', lighting: '楼道照明改造', greening: '绿化补种' } as const

export const WORKS_ITEMS: ItemFields[] = [
  itemFields({ menuKey: 'roof', title: TITLES.roof, scope: { kind: 'buildings', buildingIds: [building(3), building(4)] }, costFen: 300_000, funding: { ...NO_FUNDING, central: 300_000 }, decisionKind: 'ordinary' }),
  itemFields({ menuKey: 'downpipes', title: TITLES.downpipes, scope: { kind: 'buildings', buildingIds: [building(1)] }, costFen: 100_000, funding: { ...NO_FUNDING, district: 100_000 }, decisionKind: 'ordinary' }),
  itemFields({ menuKey: 'lighting', title: TITLES.lighting, costFen: 80_000, funding: { ...NO_FUNDING, city: 80_000 }, decisionKind: 'ordinary' }),
  itemFields({ menuKey: 'greening', title: TITLES.greening, category: 'improvement', costFen: 50_000, funding: { ...NO_FUNDING, city: 50_000 }, decisionKind: 'survey' }),
]

export interface WorksPlan {
  plan: Plan
  /** Item ids by TITLES key. */
  items: Record<keyof typeof TITLES, string>
}

const doc = (title: string) => [{ title, reference: '汴龙住建〔2026〕1号', photos: [] }]

/** Current plan version (the office's draft view). */
export async function planVersion(w: World): Promise<number> {
  return (await draft(w)).plan.version
}

export async function advance(w: World, to: string, document?: string): Promise<void> {
  ok(await plans(w, DEMO.office, 'advance', { version: await planVersion(w), to, note: '', documents: document ? doc(document) : [] }))
}

export async function setStatus(w: World, itemId: string, change: Record<string, unknown>): Promise<void> {
  ok(await plans(w, DEMO.office, 'setProgress', { version: await planVersion(w), itemId, ...change }))
}

/**
 * Publishes WORKS_ITEMS at NOW, then at LATER (clock moved): 立项, the owners' decisions, 预算评审,
 * 招标, 开工; roofs, downpipes and lighting under way, the roofs finished. The clock stays at LATER.
 */
export async function worksPlan(w: World): Promise<WorksPlan> {
  const published = await publishedPlan(w, WORKS_ITEMS)
  const id = (title: string) => published.items.find((i) => i.title === title)!._id
  const items = { roof: id(TITLES.roof), downpipes: id(TITLES.downpipes), lighting: id(TITLES.lighting), greening: id(TITLES.greening) }
  w.setNow(LATER)
  await advance(w, 'approval', '立项批复')
  for (const itemId of [items.roof, items.downpipes, items.lighting]) await setStatus(w, itemId, { decision: 'passed', decisionRef: '2026年业主大会决议', status: 'chosen' })
  await advance(w, 'budget', '预算评审报告')
  await advance(w, 'tender', '中标通知书')
  await advance(w, 'start', '开工报告')
  for (const itemId of [items.roof, items.downpipes, items.lighting]) await setStatus(w, itemId, { status: 'works' })
  await setStatus(w, items.roof, { status: 'done' })
  return { plan: (await draft(w)).plan, items }
}

export const PARTY_FIELDS: Record<'builder' | 'rival' | 'supervisor' | 'designer' | 'surveyor' | 'water', PartyFields> = {
  builder: { kind: 'contractor', name: '示例建设工程公司', phone: '0371-1000 0001', lines: [] },
  rival: { kind: 'contractor', name: '另一家示例施工公司', phone: '0371-1000 0002', lines: [] },
  supervisor: { kind: 'supervisor', name: '示例监理公司', phone: '', lines: [] },
  designer: { kind: 'designer', name: '示例设计院', phone: '', lines: [] },
  surveyor: { kind: 'surveyor', name: '示例勘察院', phone: '', lines: [] },
  water: { kind: 'utility', name: '示例供水公司', phone: '0371-1000 0005', lines: ['water'] },
}
export type PartyKey = keyof typeof PARTY_FIELDS

/** Staff of the two contractors (role 'party'): openid `wx-staff-<key>`. */
export const STAFF = { builder: 'wx-staff-builder', rival: 'wx-staff-rival' } as const

/** Records every party through saveParty as the office, and the contractors' staff; returns the parties by key. */
export async function addParties(w: World): Promise<Record<PartyKey, Party>> {
  const out = {} as Record<PartyKey, Party>
  for (const key of Object.keys(PARTY_FIELDS) as PartyKey[]) out[key] = ok<Party>(await works(w, DEMO.office, 'saveParty', PARTY_FIELDS[key]))
  await w.store.transaction(async (tx) => {
    for (const key of ['builder', 'rival'] as const) {
      const user: StoredUser = { _id: `u-staff-${key}`, openid: STAFF[key], name: `${out[key].name} 施工员`, role: 'party', communityId: DEMO.communityId, partyId: out[key]._id }
      await tx.insert('users', user)
    }
  })
  return out
}

/** Every signer, the contractor signing for `contractor`. */
export function signatures(p: Record<PartyKey, Party>, contractor: Party = p.builder): Signature[] {
  return [
    { role: 'ownersRep', name: '业主代表 冯大爷', partyId: null },
    { role: 'contractor', name: '郑工', partyId: contractor._id },
    { role: 'supervisor', name: '何工', partyId: p.supervisor._id },
    { role: 'designer', name: '林工', partyId: p.designer._id },
    { role: 'surveyor', name: '韩工', partyId: p.surveyor._id },
  ]
}

/** A complete "passed" record for `itemId` (override anything). */
export function acceptanceFields(itemId: string, p: Record<PartyKey, Party>, more: Partial<AcceptanceFields> = {}): AcceptanceFields {
  return {
    itemId,
    checklist: DEFAULT_CHECKLIST.map((text) => ({ text, result: 'ok' as const, note: '' })),
    signatures: signatures(p),
    outcome: 'passed',
    defects: [],
    fixesDueOn: null,
    warrantyEndsOn: '2028-12-05',
    contractorPartyId: p.builder._id,
    photos: [],
    ...more,
  }
}

/** Writes `bytes` as `userId`'s upload `name` (local uploads, in either world) and returns its fileID. */
export function upload(w: World, userId: string, name: string, bytes: Buffer = JPEG): string {
  if (!w.deps.uploadsDir) w.deps.uploadsDir = join(mkdtempSync(join(tmpdir(), 'gj-works-')), 'uploads')
  const folder = join(w.deps.uploadsDir, 'photos', userId)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, name), bytes)
  return `local:photos/${userId}/${name}`
}

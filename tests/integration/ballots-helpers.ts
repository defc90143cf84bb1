/**
 * Shared set-up for the ballots integration tests: the demo community with its demo plan (35
 * items, edition 1 published two days before NOW), callers of the ballots function, a ballot
 * mixing scopes (the community decides greening and roads, buildings 1–2 their roofs, unit 1-1
 * its elevator, plus surveys), and owners bound to flats so they can vote.
 */
import { handleBallots } from '../../cloudfunctions/ballots/handler'
import type { Store } from '../../cloudfunctions/common/store'
import { DEMO } from '../../server/seed'
import { seedDemoPlan } from '../../server/seed-plan'
import type { Answer, Ballot } from '../../src/core/ballot'
import type { CastResult } from '../../src/core/ballot-view'
import type { Household } from '../../src/core/community'
import type { Result } from '../../src/core/errors'
import { planId, type Plan, type PlanEdition } from '../../src/core/plan'
import type { BallotDraft } from '../../src/services/ballots'
import { bindEach, building, C, household, unit } from './plans-helpers'
import { cloudbaseWorld, NOW, ok, snapshot, sqliteWorld, type World, type WorldOptions } from './worlds'

export { C, household }
export const HOUR = 3600 * 1000
export const DAY = 24 * HOUR

/** 王一 (DEMO.resident) co-owns 1-1-302; 李二 (DEMO.resident2) rents 3-2-501. */
export const WANG_HH = household(1, 1, '302')
export const LI_HH = household(3, 2, '501')

export function ballots(w: World, openid: string | null | undefined, action: string, data?: unknown): Promise<Result<unknown>> {
  return handleBallots(w.deps, { openid }, { action, data })
}

/** The demo plan goes in on top of the demo roster, as `npm start` does it. */
export function withDemoPlan(opts: WorldOptions = {}): WorldOptions {
  return {
    ...opts,
    setup: async (store) => {
      await seedDemoPlan(store, opts.now ?? NOW, { communityId: DEMO.communityId, office: DEMO.office, tenantResident: DEMO.resident2 })
      await opts.setup?.(store)
    },
  }
}

export const WORLDS = { sqlite: sqliteWorld, cloudbase: cloudbaseWorld } as const

export async function demoEdition(store: Store): Promise<PlanEdition> {
  const plan = (await store.get<Plan>('plans', planId(C)))!
  return (await store.get<PlanEdition>('planEditions', `${plan._id}:e${plan.publishedEdition}`))!
}

/** The id of the demo plan's item with this title. */
export async function itemId(store: Store, title: string): Promise<string> {
  const item = (await demoEdition(store)).items.find((i) => i.title === title)
  if (!item) throw new Error(`no demo item ${title}`)
  return item._id
}

/**
 * The questions of the demo ballot: decisions with the items' own scope and kind, and surveys for
 * the whole community and for unit 3-2.
 */
export async function demoQuestions(store: Store): Promise<BallotDraft['questions']> {
  const edition = await demoEdition(store)
  const item = (title: string) => edition.items.find((i) => i.title === title)!
  const decision = (id: string, title: string) => {
    const it = item(title)
    return { kind: 'decision' as const, _id: id, title: `是否同意${title}`, scope: it.scope, itemId: it._id, decisionKind: it.decisionKind as 'ordinary' | 'major' }
  }
  return [
    decision('q-green', '绿化提升'),
    decision('q-roads', '小区道路修缮'),
    decision('q-roof', '1号楼、2号楼屋面防水'),
    decision('q-elev', '1号楼1单元加装电梯'),
    { kind: 'yesno', _id: 'q-night', title: '是否赞成夜间车辆限时进出', scope: { kind: 'community' } },
    { kind: 'choice', _id: 'q-color', title: '楼体外墙颜色', scope: { kind: 'community' }, options: ['米黄', '浅灰', '砖红'], maxPicks: 1 },
    { kind: 'menu', _id: 'q-menu', title: '您最想先做的两个项目', scope: { kind: 'community' }, options: [item('健身小广场')._id, item('智能安防')._id, item('快递服务点')._id], maxPicks: 2 },
    { kind: 'text', _id: 'q-unit', title: '3号楼2单元的其他意见', scope: { kind: 'unit', unitId: unit(3, 2) } },
  ]
}

export async function demoDraft(store: Store, more: Partial<BallotDraft> = {}): Promise<BallotDraft> {
  return {
    title: '汴绣里小区改造项目表决和意见征询',
    opensAt: new Date(NOW.getTime() + HOUR).toISOString(),
    closesAt: new Date(NOW.getTime() + 7 * DAY).toISOString(),
    showRunningConsent: false,
    questions: await demoQuestions(store),
    ...more,
  }
}

/** Creates and opens the demo ballot as the office (it opens an hour after NOW unless said otherwise). */
export async function openDemoBallot(w: World, more: Partial<BallotDraft> = {}): Promise<Ballot> {
  const draft = ok<Ballot>(await ballots(w, DEMO.office, 'create', await demoDraft(w.store, more)))
  return ok<Ballot>(await ballots(w, DEMO.office, 'open', { ballotId: draft._id, version: draft.version }))
}

/** Binds a made-up owner (openid `wx-<household id>`) to each flat of unit b-u (and of any other households given). */
export async function bindOwners(store: Store, households: readonly string[]): Promise<void> {
  const docs = await Promise.all(households.map((id) => store.get<Household>('households', id)))
  await bindEach(store, docs.map((d) => d!))
}

export const ownerOf = (householdId: string) => `wx-${householdId}`

let requests = 0
/** A fresh client request id (uuid-like). */
export const requestId = () => `req-${String(++requests).padStart(6, '0')}-${Math.random().toString(36).slice(2, 10)}`

export async function cast(w: World, openid: string, ballotId: string, householdId: string, answers: Answer[], version = 0, more: { requestId?: string; assistedBy?: string } = {}) {
  return ballots(w, openid, 'cast', { ballotId, householdId, requestId: more.requestId ?? requestId(), version, answers, ...(more.assistedBy ? { assistedBy: more.assistedBy } : {}) })
}

export async function castOk(w: World, openid: string, ballotId: string, householdId: string, answers: Answer[], version = 0): Promise<CastResult> {
  return ok<CastResult>(await cast(w, openid, ballotId, householdId, answers, version))
}

/** Everything a vote, an opening or a closing may write. */
export const VOTE_COLLECTIONS = ['ballots', 'householdVotes', 'submissions', 'voteLog', 'ballotCounters', 'ballotRosters', 'ballotLists', 'notices', 'plans', 'audit'] as const
export const voteSnapshot = (store: Store) => snapshot(store, VOTE_COLLECTIONS)

export { building, unit }

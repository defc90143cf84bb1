import { Agent, request } from 'node:http'
import type { Answer, VoteChoice } from '../src/core/ballot'
import type { CastResult } from '../src/core/ballot-view'
import type { Household } from '../src/core/community'
import { ownerKey } from '../src/core/electorate'
import { membershipId, type Membership, type StoredUser } from '../src/core/roles'
import type { Ballot } from '../src/core/ballot'
import type { BallotDraft } from '../src/services/ballots'
import type { Store } from '../cloudfunctions/common/store'
import { applyRoster } from '../cloudfunctions/households/apply-roster'
import { latestEdition, loadPlan } from '../cloudfunctions/common/plan-store'
import { parseRoster } from '../src/core/roster'
import { communityData, DEMO, demoRosterSheet } from '../server/seed'

/**
 * The world the ballot benches vote in: the demo community (seeded with its plan by the local
 * server) grown to 9 buildings (216 flats) through the roster import's core, one bound owner per
 * voting flat, and a ballot opened through the `ballots` function as the demo office with
 * questions for the whole community: three owners' decisions on plan items, a menu, a yes/no
 * survey and a choice.
 */

export const BUILDINGS = 9

/** Grows the demo community's roster to BUILDINGS buildings the way an office import would. */
export async function growRoster(store: Store, buildings = BUILDINGS): Promise<void> {
  const data = communityData(DEMO.communityId, '汴绣里小区', '龙亭区北道门街道', 1993, buildings)
  await store.transaction(async (tx) => {
    for (const b of data.bs) if (!(await tx.get('buildings', b._id))) await tx.insert('buildings', b)
    const roster = parseRoster(demoRosterSheet(data.hs), { communityId: DEMO.communityId, buildings: data.bs, now: new Date() })
    if (roster.errors.length) throw new Error(`bench roster does not import: ${JSON.stringify(roster.errors.slice(0, 3))}`)
    await applyRoster(tx, { communityId: DEMO.communityId, households: roster.households, at: new Date(), audit: null })
  })
}

export interface Voter {
  openid: string
  userId: string
  householdId: string
}

/** One owner per flat (flats with a registered owner, in roster order), bound as the flat's owner. */
export async function addVoters(store: Store, count: number): Promise<Voter[]> {
  const flats = (await store.find<Household>('households', { communityId: DEMO.communityId }, { orderBy: [{ field: '_id', direction: 'asc' }] })).filter(
    (h) => h.owners.length > 0 && !h.developerUnsold,
  )
  if (flats.length < count) throw new Error(`only ${flats.length} flats with owners for ${count} voters`)
  const voters: Voter[] = flats.slice(0, count).map((h, i) => ({ openid: `bench-voter-${i}`, userId: `u-bench-${i}`, householdId: h._id }))
  await store.transaction(async (tx) => {
    for (const [i, v] of voters.entries()) {
      const flat = flats[i]
      const user: StoredUser = { _id: v.userId, openid: v.openid, name: `投票人 ${i}（测试）`, role: 'resident', communityId: DEMO.communityId, householdLabel: flat._id }
      const m: Membership = {
        _id: membershipId(flat._id, v.userId),
        householdId: flat._id,
        communityId: DEMO.communityId,
        userId: v.userId,
        relation: 'owner',
        via: 'seed',
        addedBy: 'u-off-1',
        createdAt: new Date().toISOString(),
        ownerKey: ownerKey(flat.owners[0]),
      }
      await tx.insert('users', user)
      await tx.insert('members', m)
    }
  })
  return voters
}

/** The ballot's questions: community-wide items of the newest published edition. */
export async function ballotDraft(store: Store, now: Date): Promise<BallotDraft> {
  const plan = await loadPlan(store, DEMO.communityId)
  const edition = plan ? await latestEdition(store, plan) : null
  if (!edition) throw new Error('the demo plan has no published edition')
  const community = edition.items.filter((i) => i.scope.kind === 'community')
  const decided = community.filter((i) => i.decisionKind === 'major' || i.decisionKind === 'ordinary').slice(0, 3)
  const menu = community.slice(0, 8).map((i) => i._id)
  const all = { kind: 'community' as const }
  return {
    title: '改造项目表决（压力测试）',
    opensAt: new Date(now.getTime() - 60_000).toISOString(),
    closesAt: new Date(now.getTime() + 7 * 24 * 3600 * 1000).toISOString(),
    showRunningConsent: false,
    questions: [
      ...decided.map((i) => ({ _id: `d-${i._id}`, kind: 'decision' as const, title: i.title.slice(0, 60), scope: all, itemId: i._id, decisionKind: i.decisionKind as 'major' | 'ordinary' })),
      { _id: 'menu', kind: 'menu', title: '您最想要的三个项目', scope: all, options: menu, maxPicks: 3 },
      { _id: 'yesno', kind: 'yesno', title: '是否同意施工期间临时停车安排', scope: all },
      { _id: 'choice', kind: 'choice', title: '希望的施工时间', scope: all, options: ['春季', '夏季', '秋季'], maxPicks: 1 },
    ],
  }
}

const CHOICES: VoteChoice[] = ['yes', 'no', 'abstain', 'yes']

/** A voter's answers in a given round (they change from round to round: the last one stands). */
export function answersFor(ballot: Pick<Ballot, 'questions'>, voter: number, round: number): Answer[] {
  return ballot.questions.map((q, k): Answer => {
    const n = voter * 7 + round * 3 + k
    if (q.kind === 'decision' || q.kind === 'yesno') return { questionId: q._id, choice: CHOICES[n % CHOICES.length] }
    if (q.kind === 'menu') return { questionId: q._id, picks: [q.options[n % q.options.length], q.options[(n + 1) % q.options.length]] }
    if (q.kind === 'choice') return { questionId: q._id, picks: [n % q.options.length] }
    return { questionId: q._id, text: `第 ${round} 轮意见` }
  })
}

// --- a lean HTTP client (keep-alive, one socket per concurrent voter) ---------------------------

export interface Reply {
  status: number
  body: { ok: boolean; data?: unknown; code?: string; message?: string; detail?: string }
}

export function client(url: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets })
  const { hostname, port } = new URL(url)
  function post(path: string, body: unknown, token?: string): Promise<Reply> {
    const text = JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          hostname,
          port,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
            } catch (e) {
              reject(e)
            }
          })
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(text)
    })
  }
  /** Calls a function; throws with the server's message unless it answered ok. */
  async function fn<T>(name: string, action: string, data: unknown, token: string): Promise<T> {
    const r = await post(`/api/fn/${name}`, { action, data }, token)
    if (!r.body.ok) throw new Error(`${name}.${action}: ${r.status} ${r.body.code} ${r.body.message ?? ''} ${r.body.detail ?? ''}`)
    return r.body.data as T
  }
  return { post, fn, close: () => agent.destroy() }
}

/** Creates and opens the bench ballot as the demo office; returns it open. */
export async function openBenchBallot(http: ReturnType<typeof client>, store: Store, officeToken: string): Promise<Ballot> {
  const draft = await ballotDraft(store, new Date())
  const created = await http.fn<Ballot>('ballots', 'create', draft, officeToken)
  return http.fn<Ballot>('ballots', 'open', { ballotId: created._id, version: created.version }, officeToken)
}

export type Cast = { ok: true; result: CastResult } | { ok: false; error: string }

export function castInput(ballot: Ballot, voters: readonly Voter[], i: number, round: number, version: number, requestId: string) {
  return { ballotId: ballot._id, householdId: voters[i].householdId, requestId, version, answers: answersFor(ballot, i, round) }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

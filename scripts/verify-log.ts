import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Ballot } from '../src/core/ballot'
import type { BallotList, ListRow } from '../src/core/ballot-list'
import { logEntryId, householdVotesId, type HouseholdVotes, type Submission, type VoteLogEntry } from '../src/core/votes'
import { ballotSeal, canonicalJson, verifyChain, type ChainProblem } from '../cloudfunctions/common/vote-log'
import type { BallotListDoc } from '../cloudfunctions/ballots/close-ballot'
import { ballotList, countBallot, type CountedVotes } from '../cloudfunctions/ballots/count'
import type { BallotRoster } from '../cloudfunctions/ballots/load-ballot'
import { replayLog, type BallotCounter, type ReplayedAnswer } from '../cloudfunctions/ballots/record-vote'

/**
 * `npm run verify-log [-- --data <dir>] [--ballot <id>] [--file <entries.json>]`: walks each
 * ballot's hash-chained vote log (cloudfunctions/common/vote-log.ts) and reports every entry that
 * was altered, removed or reordered — and, with the store, that the votes counted are the log's.
 *
 * - Default source: the embedded store <dir>/gongjian.sqlite (dir: --data, else DATA_DIR, else
 *   ./data), opened read-only (a running server is fine); entries in _id order.
 * - `--file`: a JSON array of entries as exported, checked in the file's order (the chain only).
 * - With the store, also:
 *   - the anchor: the log must end where `ballotCounters` says (last seq = next - 1, its hash =
 *     lastHash), and a closed ballot's log must end with its 'closed' entry, whose seq and hash the
 *     published list (`ballotLists`: logSeq, logHash) and the result notice carry — entries cut from
 *     the end, or a chain recomputed after an edit, show here;
 *   - each submission must find its entry (same seq and receipt hash);
 *   - the log is replayed (replayLog, as recordVote writes) and every `householdVotes` document —
 *     what the count reads — must hold exactly the replayed standing answers (answer, seq, receipt
 *     hash, submitter, time), no more, no fewer;
 *   - the seal: the log starts with the 'opened' entry, whose seal is still ballotSeal of the
 *     stored questions and frozen roster (checkSeal);
 *   - a closed ballot's published list must be what close-ballot.ts builds (the same ballotList, on
 *     the frozen roster `ballotRosters`) from the answers replayed up to the closing entry.
 * Exit 0: every chain intact and every count its log's; 1: any problem, or nothing could be read.
 */

type Print = (line: string) => void

export interface LogProblem {
  /** The entry concerned, or null for a problem of the counted votes or the published list. */
  seq: number | null
  problem: ChainProblem['problem'] | 'misplaced' | 'missing' | 'cut' | 'after-closing' | 'vote-differs' | 'list-differs' | 'anchor-differs' | 'unsealed' | 'seal-differs'
  /** What exactly: the household and question, the counter, the list's question. */
  detail?: string
}

const EXPLAIN: Record<LogProblem['problem'], string> = {
  altered: '内容被改动 altered (its content does not match its hash)',
  'broken-link': '链接断开 link broken (the entry before it was altered, removed or moved)',
  gap: '前面有记录被删除 removed (entries before it are missing)',
  'out-of-order': '顺序被调换 reordered (its sequence number comes too late)',
  misplaced: '记录编号与序号不符 altered or moved (its _id does not match its sequence number)',
  missing: '记录被删除 removed (a stored submission has no log entry)',
  cut: '记录链的末尾不对 cut or rewritten (the log does not end where it was anchored)',
  'after-closing': '投票结束后还有记录 entry after the closing entry',
  'vote-differs': '计票用的投票与投票记录不符 counted vote differs from the log (householdVotes)',
  'list-differs': '公布的匿名选票清单与投票记录不符 published ballot list differs from the log (ballotLists)',
  'anchor-differs': '清单中的记录锚点与投票记录不符 the list\'s log anchor differs from the closing entry',
  unsealed: '日志没有以“开始”记录起头 the log does not start with its \'opened\' entry (the seal of the questions and the roster)',
  'seal-differs': '开始后问题或冻结名册被改动 the questions or the roster frozen at opening were changed after opening (the seal differs)',
}

interface Source {
  /** ballotId → its entries in stored order. */
  chains: Map<string, VoteLogEntry[]>
  /** The rest of each ballot's records (only with the store). */
  store: StoreRecords | null
  label: string
}

/** What the store holds beside the log, by ballot id. */
export interface StoreRecords {
  submissions: Map<string, Submission[]>
  votes: Map<string, HouseholdVotes[]>
  counters: Map<string, BallotCounter>
  ballots: Map<string, Ballot>
  rosters: Map<string, BallotRoster>
  lists: Map<string, BallotListDoc>
}

function group<T extends { ballotId: string }>(items: T[], only: string | null): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const it of items) {
    if (only !== null && it.ballotId !== only) continue
    const list = out.get(it.ballotId)
    if (list) list.push(it)
    else out.set(it.ballotId, [it])
  }
  return out
}

function fromFile(file: string, only: string | null): Source {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Error(`cannot read ${file} as JSON: ${(e as Error).message}`)
  }
  if (!Array.isArray(json)) throw new Error(`${file}: expected a JSON array of vote log entries`)
  json.forEach((e, i) => {
    const ok =
      typeof e === 'object' &&
      e !== null &&
      typeof e.ballotId === 'string' &&
      typeof e.seq === 'number' &&
      typeof e.hash === 'string' &&
      typeof e.prevHash === 'string'
    if (!ok) throw new Error(`${file}: item ${i + 1} is not a vote log entry (needs ballotId, seq, prevHash, hash)`)
  })
  return { chains: group(json as VoteLogEntry[], only), store: null, label: file }
}

function fromStore(dataDir: string, only: string | null): Source {
  const file = join(dataDir, 'gongjian.sqlite')
  if (!existsSync(file)) throw new Error(`no embedded store at ${file} (use --data <dir> or DATA_DIR)`)
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const read = <T>(coll: string) =>
      (db.prepare('SELECT body FROM docs WHERE coll = ? ORDER BY id').all(coll) as { body: string }[]).map((r) => JSON.parse(r.body) as T)
    const byBallot = <T extends { ballotId: string }>(items: T[]) => new Map(items.filter((d) => only === null || d.ballotId === only).map((d) => [d.ballotId, d]))
    return {
      chains: group(read<VoteLogEntry>('voteLog'), only),
      store: {
        submissions: group(read<Submission>('submissions'), only),
        votes: group(read<HouseholdVotes>('householdVotes'), only),
        counters: byBallot(read<BallotCounter>('ballotCounters')),
        ballots: new Map(read<Ballot>('ballots').filter((b) => only === null || b._id === only).map((b) => [b._id, b])),
        rosters: byBallot(read<BallotRoster>('ballotRosters')),
        lists: byBallot(read<BallotListDoc>('ballotLists')),
      },
      label: file,
    }
  } finally {
    db.close()
  }
}

/** Every problem of one ballot's log: the chain itself, then ids and submissions against it. */
export function checkBallot(entries: VoteLogEntry[], submissions: Submission[] | null, checkIds: boolean): LogProblem[] {
  const problems: LogProblem[] = [...verifyChain(entries)]
  if (checkIds) for (const e of entries) if (e._id !== logEntryId(e.ballotId, e.seq)) problems.push({ seq: e.seq, problem: 'misplaced' })
  if (submissions) {
    const bySeq = new Map(entries.map((e) => [e.seq, e]))
    for (const s of submissions) {
      const e = bySeq.get(s.seq)
      if (!e || e.receiptHash !== s.receiptHash) problems.push({ seq: s.seq, problem: 'missing' })
    }
  }
  return problems
}

const short = (hash: string | null | undefined) => (hash ? `${hash.slice(0, 16)}…` : '(none)')

/**
 * The anchor: the log ends where `ballotCounters` says, and a closed ballot's log ends with its one
 * 'closed' entry, whose seq and hash its published list carries.
 */
export function checkAnchor(ballotId: string, entries: readonly VoteLogEntry[], store: StoreRecords): LogProblem[] {
  const problems: LogProblem[] = []
  const last = entries.reduce<VoteLogEntry | null>((m, e) => (m === null || e.seq > m.seq ? e : m), null)
  const counter = store.counters.get(ballotId)
  if (counter) {
    const seq = counter.next - 1
    if (!last || last.seq !== seq || last.hash !== counter.lastHash)
      problems.push({
        seq: seq > 0 ? seq : null,
        problem: 'cut',
        detail: `计数器 ballotCounters: 末条 last seq ${seq}, hash ${short(counter.lastHash)}; 日志 log: ${last ? `末条 last seq ${last.seq}, hash ${short(last.hash)}` : '没有记录 no entries'}`,
      })
  } else if (last) problems.push({ seq: last.seq, problem: 'cut', detail: '没有计数器 no ballotCounters document for a ballot with a log' })

  const closing = entries.filter((e) => e.kind === 'closed')
  const closedEntry = closing.length > 0 ? closing.reduce((m, e) => (e.seq < m.seq ? e : m)) : null
  if (closedEntry) for (const e of entries) if (e.seq > closedEntry.seq) problems.push({ seq: e.seq, problem: 'after-closing', detail: `结束记录 closing entry is seq ${closedEntry.seq}` })
  const ballot = store.ballots.get(ballotId)
  const listDoc = store.lists.get(ballotId)
  if (!closedEntry && (ballot?.status === 'closed' || listDoc))
    problems.push({ seq: null, problem: 'cut', detail: `表决已结束但日志没有结束记录 the ballot is closed (${ballot?.status === 'closed' ? 'ballots' : 'ballotLists'}) but its log has no 'closed' entry` })
  const list = listDoc?.list
  if (closedEntry && list && (list.logSeq !== undefined || list.logHash !== undefined) && (list.logSeq !== closedEntry.seq || list.logHash !== closedEntry.hash))
    problems.push({
      seq: closedEntry.seq,
      problem: 'anchor-differs',
      detail: `清单 list: seq ${list.logSeq}, hash ${short(list.logHash)}; 结束记录 closing entry: seq ${closedEntry.seq}, hash ${short(closedEntry.hash)}`,
    })
  return problems
}

/**
 * The seal: an opened ballot's log starts with its 'opened' entry, whose seal must still be
 * ballotSeal of the stored ballot's questions and its frozen roster (`ballotRosters`). Changing a
 * question's scope, a flat's area or an owner after opening moves the count without touching a
 * vote; this is where it shows.
 */
export function checkSeal(ballotId: string, entries: readonly VoteLogEntry[], store: StoreRecords): LogProblem[] {
  const ballot = store.ballots.get(ballotId)
  const roster = store.rosters.get(ballotId)
  const first = entries.reduce<VoteLogEntry | null>((m, e) => (m === null || e.seq < m.seq ? e : m), null)
  // Nothing was frozen to seal against: a draft, or records without their ballot (a hand-made store).
  if (!roster && (!ballot || ballot.status === 'draft')) return []
  if (!first || first.seq !== 1 || first.kind !== 'opened' || !first.seal) {
    return [{ seq: first?.seq ?? null, problem: 'unsealed', detail: first ? `第一条是 first entry is '${first.kind}' (seq ${first.seq})` : '有冻结名册但没有日志 a frozen roster but no log' }]
  }
  if (!ballot || !roster) return [{ seq: first.seq, problem: 'seal-differs', detail: `缺少 missing ${[!ballot && 'ballots', !roster && 'ballotRosters'].filter(Boolean).join(', ')}` }]
  const now = ballotSeal(ballot, roster)
  return now === first.seal ? [] : [{ seq: first.seq, problem: 'seal-differs', detail: `封存 sealed ${short(first.seal)}, 现在 now ${short(now)}` }]
}

const COMPARED: (keyof ReplayedAnswer)[] = ['answer', 'seq', 'receiptHash', 'byUserId', 'at']
/** Compared when the log entry carries them (entries written before they were logged do not). */
const COMPARED_IF_LOGGED: (keyof ReplayedAnswer)[] = ['relation', 'via', 'assistedBy']

/**
 * Every `householdVotes` document of the ballot against the log replayed (replayLog): the same
 * households, each with exactly the replayed standing answer to each question.
 */
export function checkVotes(ballotId: string, entries: readonly VoteLogEntry[], votes: readonly HouseholdVotes[]): LogProblem[] {
  const problems: LogProblem[] = []
  const replayed = replayLog(entries)
  const stored = new Map<string, HouseholdVotes>()
  for (const v of votes) {
    if (v._id !== householdVotesId(ballotId, v.householdId) || stored.has(v.householdId)) {
      problems.push({ seq: null, problem: 'vote-differs', detail: `文档 document ${v._id}: 编号与户不符 its id does not match household ${v.householdId}` })
      continue
    }
    stored.set(v.householdId, v)
  }
  for (const householdId of [...new Set([...replayed.keys(), ...stored.keys()])].sort()) {
    const want = replayed.get(householdId)
    const have = stored.get(householdId)
    if (!want) {
      problems.push({ seq: null, problem: 'vote-differs', detail: `户 household ${householdId}: 日志中没有这户的投票 has counted votes but no vote in the log` })
      continue
    }
    if (!have) {
      problems.push({ seq: null, problem: 'vote-differs', detail: `户 household ${householdId}: 日志中的投票没有计入 voted in the log but has no householdVotes document` })
      continue
    }
    for (const questionId of [...new Set([...Object.keys(want), ...Object.keys(have.answers ?? {})])].sort()) {
      const w = want[questionId]
      const h = have.answers?.[questionId]
      const where = `户 household ${householdId}, 问题 question ${questionId}`
      if (!w) problems.push({ seq: null, problem: 'vote-differs', detail: `${where}: 计入了日志中没有的答案 counted answer ${canonicalJson(h?.answer)} not in the log` })
      else if (!h) problems.push({ seq: w.seq, problem: 'vote-differs', detail: `${where}: 日志中的答案没有计入 the log's answer ${canonicalJson(w.answer)} is not counted` })
      else {
        const differ = [...COMPARED, ...COMPARED_IF_LOGGED.filter((k) => w[k] !== undefined)].filter((k) => canonicalJson(h[k]) !== canonicalJson(w[k]))
        if (differ.length > 0)
          problems.push({
            seq: w.seq,
            problem: 'vote-differs',
            detail: `${where}: ${differ.map((k) => `${k} 计入 counted ${canonicalJson(h[k])}, 日志 log ${canonicalJson(w[k])}`).join('; ')}`,
          })
      }
    }
  }
  return problems
}

const rowKey = (r: ListRow) => canonicalJson({ receiptHash: r.receiptHash, questionId: r.questionId, choice: r.choice, areaCentiM2: r.areaCentiM2 })

/**
 * A closed ballot's published list against the one close-ballot.ts builds (ballotList, the same code)
 * from the frozen roster and the answers replayed up to the closing entry: each question's totals and
 * result, and its rows (one per head).
 */
export function checkList(ballotId: string, entries: readonly VoteLogEntry[], store: StoreRecords): LogProblem[] {
  const closedEntry = entries.filter((e) => e.kind === 'closed').reduce<VoteLogEntry | null>((m, e) => (m === null || e.seq < m.seq ? e : m), null)
  const ballot = store.ballots.get(ballotId)
  const listDoc = store.lists.get(ballotId)
  if (!closedEntry && ballot?.status !== 'closed' && !listDoc) return [] // not closed: no list yet
  const missing = [!ballot && 'ballots', !store.rosters.get(ballotId) && 'ballotRosters', !listDoc && 'ballotLists'].filter(Boolean)
  if (missing.length > 0 || !ballot || !listDoc) return [{ seq: null, problem: 'list-differs', detail: `表决已结束但缺少 the closed ballot has no ${missing.join(', ')} document` }]
  const roster = store.rosters.get(ballotId)!
  const list: BallotList = listDoc.list
  const replayed = replayLog(entries, closedEntry?.seq ?? Infinity)
  const votes: CountedVotes[] = [...replayed].map(([householdId, answers]) => ({ householdId, answers }))
  const expected = ballotList(ballot, list.communityName, list.closedAt, countBallot(ballot.questions, roster.flats, votes), roster.flats, votes)

  const problems: LogProblem[] = []
  const differs = (detail: string) => problems.push({ seq: null, problem: 'list-differs', detail })
  if (list.ballotId !== ballotId || listDoc.ballotId !== ballotId) differs(`清单属于 the list is of ballot ${list.ballotId}`)
  const listed = new Map((list.questions ?? []).map((q) => [q.questionId, q]))
  for (const q of expected.questions) {
    const got = listed.get(q.questionId)
    if (!got) differs(`问题 question ${q.questionId}: 清单中没有 missing from the list`)
    else if (canonicalJson(got) !== canonicalJson(q)) differs(`问题 question ${q.questionId}: 表决范围或结果不符 electorate, totals or result differ`)
  }
  for (const q of list.questions ?? []) if (!expected.questions.some((e) => e.questionId === q.questionId)) differs(`问题 question ${q.questionId}: 不是这次表决的业主共同决定 not an owners' decision of the ballot`)

  // Rows compared as multisets, per question.
  const count = (rows: readonly ListRow[]) => {
    const m = new Map<string, number>()
    for (const r of rows) m.set(rowKey(r), (m.get(rowKey(r)) ?? 0) + 1)
    return m
  }
  const want = count(expected.rows)
  const have = count(list.rows ?? [])
  const extra = new Map<string, number>()
  const lacking = new Map<string, number>()
  for (const [key, n] of have) {
    const d = n - (want.get(key) ?? 0)
    if (d > 0) {
      const q = (JSON.parse(key) as ListRow).questionId
      extra.set(q, (extra.get(q) ?? 0) + d)
    }
  }
  for (const [key, n] of want) {
    const d = n - (have.get(key) ?? 0)
    if (d > 0) {
      const q = (JSON.parse(key) as ListRow).questionId
      lacking.set(q, (lacking.get(q) ?? 0) + d)
    }
  }
  for (const q of [...new Set([...extra.keys(), ...lacking.keys()])].sort())
    differs(`问题 question ${q}: ${extra.get(q) ?? 0} 行不是来自日志 row(s) not from the log, ${lacking.get(q) ?? 0} 行日志中的缺失 row(s) of the log missing`)
  return problems
}

/** One line per entry and kind (and detail), in sequence order; problems of the count last. */
function tidy(problems: LogProblem[]): LogProblem[] {
  const seen = new Set<string>()
  return problems
    .filter((p) => {
      const k = `${p.seq}:${p.problem}:${p.detail ?? ''}`
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.seq ?? Infinity) - (b.p.seq ?? Infinity) || a.i - b.i)
    .map(({ p }) => p)
}

/** Every problem of one ballot with the store: chain, ids, submissions, anchor, counted votes, list. */
export function checkStoredBallot(ballotId: string, entries: VoteLogEntry[], store: StoreRecords): LogProblem[] {
  return tidy([
    ...checkBallot(entries, store.submissions.get(ballotId) ?? [], true),
    ...checkAnchor(ballotId, entries, store),
    ...checkSeal(ballotId, entries, store),
    ...checkVotes(ballotId, entries, store.votes.get(ballotId) ?? []),
    ...checkList(ballotId, entries, store),
  ])
}

function describe(p: LogProblem): string {
  const what = p.detail ? `${EXPLAIN[p.problem]}: ${p.detail}` : EXPLAIN[p.problem]
  return p.seq === null ? `    ${what}` : `    第 ${p.seq} 条 seq ${p.seq}: ${what}`
}

export function parseArgs(args: string[]): { data: string; ballot: string | null; file: string | null } {
  const opts = { data: process.env.DATA_DIR ?? 'data', ballot: null as string | null, file: null as string | null }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    const value = () => {
      const v = args[++i]
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--data') opts.data = value()
    else if (a === '--ballot') opts.ballot = value()
    else if (a === '--file') opts.file = value()
    else throw new Error(`unknown argument ${a}`)
  }
  return { ...opts, data: resolve(opts.data) }
}

/** Every ballot the source has anything of: a log, submissions, votes, a counter, a list, or a closed ballot. */
function ballotIds(source: Source): Set<string> {
  const ids = new Set(source.chains.keys())
  const st = source.store
  if (st) {
    for (const m of [st.submissions, st.votes, st.counters, st.lists, st.rosters]) for (const id of m.keys()) ids.add(id)
    for (const b of st.ballots.values()) if (b.status === 'closed') ids.add(b._id)
  }
  return ids
}

export function main(args: string[], out: Print = console.log, err: Print = console.error): number {
  let source: Source
  try {
    const opts = parseArgs(args)
    source = opts.file ? fromFile(opts.file, opts.ballot) : fromStore(opts.data, opts.ballot)
    if (opts.ballot !== null && !ballotIds(source).has(opts.ballot)) throw new Error(`no vote log entries for ballot ${opts.ballot} in ${source.label}`)
  } catch (e) {
    err(`verify-log: ${(e as Error).message}`)
    err('usage: npm run verify-log [-- --data <dir>] [--ballot <id>] [--file <entries.json>]')
    return 1
  }
  const ballots = ballotIds(source)
  out(`投票记录链校验 (vote log) · ${source.label} · ${ballots.size} 个表决 ballot(s)`)
  let bad = 0
  for (const ballotId of [...ballots].sort()) {
    const entries = source.chains.get(ballotId) ?? []
    const problems = source.store ? checkStoredBallot(ballotId, entries, source.store) : tidy(checkBallot(entries, null, false))
    if (problems.length === 0) {
      out(`✓ ${ballotId}: ${entries.length} 条记录 entries, OK${source.store ? ', 计票与日志一致 counted votes match the log' : ''}`)
      continue
    }
    bad++
    out(`✗ ${ballotId}: ${entries.length} 条记录 entries, ${problems.length} 处问题 problem(s)`)
    for (const p of problems) out(describe(p))
  }
  if (bad > 0) {
    out(`✗ ${bad} 个表决的记录链有问题 (${bad} ballot(s) with problems)`)
    return 1
  }
  out(ballots.size === 0 ? '（没有投票记录 no vote log entries）OK' : '✓ 全部完好 all intact')
  return 0
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))

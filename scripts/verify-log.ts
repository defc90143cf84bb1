import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { verifyChain, type ChainProblem } from '../cloudfunctions/common/vote-log'
import { logEntryId, type Submission, type VoteLogEntry } from '../src/core/votes'

/**
 * `npm run verify-log [-- --data <dir>] [--ballot <id>] [--file <entries.json>]`: walks each
 * ballot's hash-chained vote log (cloudfunctions/common/vote-log.ts) and reports every entry that
 * was altered, removed or reordered.
 *
 * - Default source: the embedded store <dir>/gongjian.sqlite (dir: --data, else DATA_DIR, else
 *   ./data), opened read-only (a running server is fine); entries in _id order.
 * - `--file`: a JSON array of entries as exported, checked in the file's order.
 * - With the store, each submission must also find its entry (same seq and receipt hash): this
 *   catches entries removed from the end of a chain, which the chain alone cannot show.
 * Exit 0: every chain intact; 1: any problem, or nothing could be read.
 */

type Print = (line: string) => void

export interface LogProblem {
  seq: number
  problem: ChainProblem['problem'] | 'misplaced' | 'missing'
}

const EXPLAIN: Record<LogProblem['problem'], string> = {
  altered: '内容被改动 altered (its content does not match its hash)',
  'broken-link': '链接断开 link broken (the entry before it was altered, removed or moved)',
  gap: '前面有记录被删除 removed (entries before it are missing)',
  'out-of-order': '顺序被调换 reordered (its sequence number comes too late)',
  misplaced: '记录编号与序号不符 altered or moved (its _id does not match its sequence number)',
  missing: '记录被删除 removed (a stored submission has no log entry)',
}

interface Source {
  /** ballotId → its entries in stored order. */
  chains: Map<string, VoteLogEntry[]>
  /** ballotId → submissions (only with the store). */
  submissions: Map<string, Submission[]> | null
  label: string
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
  return { chains: group(json as VoteLogEntry[], only), submissions: null, label: file }
}

function fromStore(dataDir: string, only: string | null): Source {
  const file = join(dataDir, 'gongjian.sqlite')
  if (!existsSync(file)) throw new Error(`no embedded store at ${file} (use --data <dir> or DATA_DIR)`)
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const read = <T>(coll: string) =>
      (db.prepare('SELECT body FROM docs WHERE coll = ? ORDER BY id').all(coll) as { body: string }[]).map((r) => JSON.parse(r.body) as T)
    return { chains: group(read<VoteLogEntry>('voteLog'), only), submissions: group(read<Submission>('submissions'), only), label: file }
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
  // One line per entry and kind, in sequence order.
  const seen = new Set<string>()
  return problems
    .filter((p) => {
      const k = `${p.seq}:${p.problem}`
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
    .sort((a, b) => a.seq - b.seq)
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

export function main(args: string[], out: Print = console.log, err: Print = console.error): number {
  let source: Source
  try {
    const opts = parseArgs(args)
    source = opts.file ? fromFile(opts.file, opts.ballot) : fromStore(opts.data, opts.ballot)
    if (opts.ballot !== null && !source.chains.has(opts.ballot) && !source.submissions?.has(opts.ballot))
      throw new Error(`no vote log entries for ballot ${opts.ballot} in ${source.label}`)
  } catch (e) {
    err(`verify-log: ${(e as Error).message}`)
    err('usage: npm run verify-log [-- --data <dir>] [--ballot <id>] [--file <entries.json>]')
    return 1
  }
  const ballots = new Set([...source.chains.keys(), ...(source.submissions?.keys() ?? [])])
  out(`投票记录链校验 (vote log) · ${source.label} · ${ballots.size} 个表决 ballot(s)`)
  let bad = 0
  for (const ballotId of [...ballots].sort()) {
    const entries = source.chains.get(ballotId) ?? []
    const problems = checkBallot(entries, source.submissions?.get(ballotId) ?? null, source.submissions !== null)
    if (problems.length === 0) {
      out(`✓ ${ballotId}: ${entries.length} 条记录 entries, OK`)
      continue
    }
    bad++
    out(`✗ ${ballotId}: ${entries.length} 条记录 entries, ${problems.length} 处问题 problem(s)`)
    for (const p of problems) out(`    第 ${p.seq} 条 seq ${p.seq}: ${EXPLAIN[p.problem]}`)
  }
  if (bad > 0) {
    out(`✗ ${bad} 个表决的记录链有问题 (${bad} ballot(s) with problems)`)
    return 1
  }
  out(ballots.size === 0 ? '（没有投票记录 no vote log entries）OK' : '✓ 全部完好 all intact')
  return 0
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))

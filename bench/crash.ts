import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import type { Ballot } from '../src/core/ballot'
import type { CastResult } from '../src/core/ballot-view'
import type { HouseholdVotes, Submission, VoteLogEntry } from '../src/core/votes'
import { startServer } from '../server/app'
import { DEMO } from '../server/seed'
import { issueToken, loadSecret } from '../server/session'
import { main as verifyLog } from '../scripts/verify-log'
import { addVoters, castInput, client, growRoster, openBenchBallot, type Voter } from './ballot-world'

/**
 * `npm run bench:crash`: RUNS times, the local server (`server/main.ts`, API only) runs on a copy of
 * a prepared data folder (demo community grown to 216 flats, 200 bound owners, a ballot open), 200
 * voters cast concurrently (each ROUNDS submissions, changing their answers), and the server is
 * killed with SIGKILL a random 0–30 ms after a random 20–80% of the planned requests have been sent. It is restarted
 * on the same folder, and then:
 *  - every acknowledged receipt (a reply with ok) is stored, and its household's standing answers
 *    are at least as new as the acknowledged version (0 lost);
 *  - every request that was in flight is sent again with the same request id and content: it must
 *    come back as the stored one (replayed) or be stored once now — never twice;
 *  - no request id, receipt or log sequence is stored twice, every submission has its log entry and
 *    every cast log entry its submission, and the hash chain verifies (0 duplicated).
 * Exit 1 if any run loses or duplicates anything.
 */

const ROOT = resolve(__dirname, '..')
const RUNS = Number(process.env.RUNS ?? 10)
const VOTERS = Number(process.env.VOTERS ?? 200)
const ROUNDS = Number(process.env.ROUNDS ?? 5)

interface Prepared {
  dir: string
  ballot: Ballot
  voters: Voter[]
}

/** Seeds, grows and opens once; each run votes on its own copy of the file. */
async function prepare(): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'gj-crash-template-'))
  const running = await startServer({ dataDir: dir, quiet: true })
  try {
    await growRoster(running.store)
    const voters = await addVoters(running.store, VOTERS)
    const http = client(running.url, 4)
    const ballot = await openBenchBallot(http, running.store, issueToken(loadSecret(dir), DEMO.office))
    http.close()
    return { dir, ballot, voters }
  } finally {
    await running.close() // checkpoints the WAL into the main file
  }
}

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: join(dataDir, 'no-h5') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 30_000)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok({ child, url: m[0] })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`server exited (${code}) before it was ready: ${out}`))
    })
  })
}

interface Sent {
  voter: number
  round: number
  version: number
  requestId: string
  body: ReturnType<typeof castInput>
  reply: CastResult | null
  error: string | null
}

async function oneRun(prep: Prepared, run: number): Promise<{ lost: number; duplicated: number; errors: number; line: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), `gj-crash-${run}-`))
  for (const f of ['gongjian.sqlite', 'session-secret']) copyFileSync(join(prep.dir, f), join(dataDir, f))
  const secret = loadSecret(dataDir)
  const tokens = prep.voters.map((v) => issueToken(secret, v.openid))
  const total = VOTERS * ROUNDS
  const killAt = Math.floor(total * (0.2 + Math.random() * 0.6))
  let { child, url } = await startChild(dataDir)
  const killOnExit = () => child.kill('SIGKILL')
  process.on('exit', killOnExit)
  try {
    const http = client(url, VOTERS)
    const sent: Sent[] = []
    let killed = false
    let sentAtKill = 0
    const versions = prep.voters.map(() => 0)
    await Promise.all(
      prep.voters.map(async (_, i) => {
        for (let round = 0; round < ROUNDS && !killed; round++) {
          const requestId = randomUUID()
          const s: Sent = { voter: i, round, version: versions[i], requestId, body: castInput(prep.ballot, prep.voters, i, round, versions[i], requestId), reply: null, error: null }
          sent.push(s)
          const pending = http.post('/api/fn/ballots', { action: 'cast', data: s.body }, tokens[i])
          // The kill lands a random 0–30 ms after the threshold, wherever the server then is:
          // reading requests, running a batch, in its COMMIT, or writing replies.
          if (sent.length === killAt) {
            setTimeout(() => {
              killed = true
              sentAtKill = sent.length
              child.kill('SIGKILL')
            }, Math.random() * 30)
          }
          try {
            const r = await pending
            if (r.body.ok) {
              s.reply = r.body.data as CastResult
              versions[i] = s.reply.version
            } else s.error = `${r.body.code}: ${r.body.detail ?? r.body.message}`
          } catch (e) {
            s.error = (e as Error).message
            return
          }
        }
      }),
    )
    http.close()
    await new Promise((ok) => (child.exitCode !== null || child.signalCode !== null ? ok(null) : child.once('exit', ok)))
    const acked = sent.filter((s) => s.reply)
    const inFlight = sent.filter((s) => !s.reply)
    const refused = inFlight.filter((s) => s.error && !/ECONNRESET|socket hang up|ECONNREFUSED|EPIPE/.test(s.error))

    // Restart on the same folder.
    const t0 = performance.now()
    ;({ child, url } = await startChild(dataDir))
    const restartMs = performance.now() - t0
    const http2 = client(url, VOTERS)
    // Every acknowledged receipt is there, as the app sees it.
    let lost = 0
    await Promise.all(
      acked.map(async (s) => {
        const r = await http2.post('/api/fn/ballots', { action: 'verifyReceipt', data: { ballotId: prep.ballot._id, receipt: s.reply!.receipt } }, tokens[s.voter])
        if (!r.body.ok) lost++
      }),
    )
    // Requests whose reply never came: sent again with the same request id and content.
    let replayed = 0
    let storedNow = 0
    let retryErrors = 0
    await Promise.all(
      inFlight.map(async (s) => {
        const r = await http2.post('/api/fn/ballots', { action: 'cast', data: s.body }, tokens[s.voter])
        if (!r.body.ok) {
          // A newer vote of the same household may already stand (version moved): a conflict, not a loss.
          if (r.body.code !== 'CONFLICT') retryErrors++
          return
        }
        const res = r.body.data as CastResult
        if (res.replayed) replayed++
        else storedNow++
      }),
    )
    http2.close()

    // The file itself (read-only while the server runs).
    const db = new Database(join(dataDir, 'gongjian.sqlite'), { readonly: true })
    const read = <T>(coll: string) => (db.prepare('SELECT body FROM docs WHERE coll = ? ORDER BY id').all(coll) as { body: string }[]).map((r) => JSON.parse(r.body) as T)
    const subs = read<Submission>('submissions').filter((x) => x.ballotId === prep.ballot._id)
    const log = read<VoteLogEntry>('voteLog').filter((x) => x.ballotId === prep.ballot._id)
    const votes = new Map(read<HouseholdVotes>('householdVotes').map((v) => [v.householdId, v]))
    db.close()
    let duplicated = 0
    const byReceipt = new Map<string, number>()
    for (const x of subs) byReceipt.set(x.receipt, (byReceipt.get(x.receipt) ?? 0) + 1)
    duplicated += [...byReceipt.values()].filter((n) => n > 1).length
    // Every stored submission is one request sent: acknowledged, or unanswered and found stored
    // (replayed) or stored now when sent again. More would be a vote stored twice; fewer, one lost.
    const expected = acked.length + replayed + storedNow
    if (subs.length > expected) duplicated += subs.length - expected
    if (subs.length < expected) lost += expected - subs.length
    // Each submission moved its household's votes document by exactly one version.
    const perHousehold = new Map<string, number>()
    for (const x of subs) perHousehold.set(x.householdId, (perHousehold.get(x.householdId) ?? 0) + 1)
    for (const [householdId, n] of perHousehold) if (votes.get(householdId)?.version !== n) duplicated++
    const castEntries = log.filter((e) => e.kind === 'cast')
    const seqs = new Set(log.map((e) => e.seq))
    duplicated += log.length - seqs.size
    // One log entry per stored submission and one submission per cast entry: a vote recorded twice shows here.
    const subSeqs = new Set(subs.map((x) => x.seq))
    duplicated += castEntries.filter((e) => !subSeqs.has(e.seq)).length
    lost += subs.filter((x) => !log.some((e) => e.seq === x.seq && e.receiptHash === x.receiptHash)).length
    // Each acknowledged vote stands, or a later one of its household does.
    for (const s of acked) {
      const doc = votes.get(prep.voters[s.voter].householdId)
      if (!doc || doc.version < s.reply!.version) lost++
    }
    const lines: string[] = []
    const chainOk = verifyLog(['--data', dataDir, '--ballot', prep.ballot._id], (l) => lines.push(l), (l) => lines.push(l)) === 0
    const line =
      `run ${String(run).padStart(2)}: killed at ${sentAtKill}/${total} sent; ${acked.length} acknowledged, ${inFlight.length} unanswered` +
      `${refused.length ? ` (${refused.length} refused: ${refused[0].error})` : ''}; restart ${restartMs.toFixed(0)} ms; ` +
      `re-sent: ${replayed} replayed, ${storedNow} stored now${retryErrors ? `, ${retryErrors} errors` : ''}; ` +
      `${subs.length} submissions, ${log.length} log entries, chain ${chainOk ? 'OK' : 'BROKEN'} → ${lost} lost, ${duplicated} duplicated`
    return { lost, duplicated, errors: retryErrors + refused.length + (chainOk ? 0 : 1), line }
  } finally {
    child.kill('SIGKILL')
    process.off('exit', killOnExit)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<number> {
  console.log(`bench:crash · ${RUNS} runs × ${VOTERS} voters × ${ROUNDS} submissions; server killed (SIGKILL) 0–30 ms after 20–80% of the requests were sent, then restarted`)
  const prep = await prepare()
  let bad = 0
  try {
    for (let run = 1; run <= RUNS; run++) {
      const r = await oneRun(prep, run)
      console.log(r.line)
      if (r.lost > 0 || r.duplicated > 0 || r.errors > 0) bad++
    }
  } finally {
    rmSync(prep.dir, { recursive: true, force: true })
  }
  console.log(bad === 0 ? `PASS: ${RUNS} runs, 0 lost, 0 duplicated` : `FAIL: ${bad} of ${RUNS} runs lost or duplicated votes (or had errors other than the kill, or a broken log chain)`)
  return bad === 0 ? 0 : 1
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (e) => {
    console.error(e)
    process.exitCode = 1
  },
)

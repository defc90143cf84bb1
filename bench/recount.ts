import { sha256 } from '../cloudfunctions/common/vote-log'
import { VOTE_CHOICES, type VoteChoice } from '../src/core/ballot'
import { BALLOT_LIST_FORMAT, recount, type BallotList, type ListRow } from '../src/core/ballot-list'
import { tallyRows, type Side } from '../src/core/tally'

/**
 * `npm run bench:recount`: the recount of an anonymised ballot list of 10,000 households × 40
 * owners' decisions (synthetic, deterministic: one head per household, random areas, turnout and
 * choices) must take ≤ 0.2 s and ≤ 3× a bare loop summing the same rows. Measured twice: rows
 * grouped by question (cache-friendly: the ratio is tightest) and rows shuffled (memory-bound:
 * the absolute time is longest). Prints both (median of several runs after a warm-up); exit 1 on FAIL.
 */

const HOUSEHOLDS = 10_000
const QUESTIONS = 40
const RUNS = 7
const LIMIT_MS = 200
const LIMIT_RATIO = 3

/** Deterministic pseudo-random numbers (LCG): the same list on every run. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function makeList(): BallotList {
  const rand = rng(20261120)
  const areas = Array.from({ length: HOUSEHOLDS }, () => 4000 + Math.floor(rand() * 10000))
  const receipts = Array.from({ length: HOUSEHOLDS }, (_, h) => sha256(`receipt-${h}`))
  const questions: BallotList['questions'] = []
  const rows: ListRow[] = []
  for (let q = 0; q < QUESTIONS; q++) {
    const questionId = `q-${String(q).padStart(2, '0')}`
    const decisionKind = q % 4 === 0 ? 'major' : 'ordinary'
    const turnout = 0.55 + rand() * 0.4
    const yesShare = 0.4 + rand() * 0.5
    const electorate: Side = { heads: HOUSEHOLDS, areaCentiM2: areas.reduce((a, b) => a + b, 0) }
    const mine: ListRow[] = []
    for (let h = 0; h < HOUSEHOLDS; h++) {
      if (rand() > turnout) continue
      const r = rand()
      const choice: VoteChoice = r < yesShare ? 'yes' : r < yesShare + (1 - yesShare) * 0.7 ? 'no' : 'abstain'
      mine.push({ receiptHash: receipts[h], questionId, choice, areaCentiM2: areas[h] })
    }
    // Published as the count had it (computed once here, independently of the timing).
    const t = tallyRows(decisionKind, electorate, mine)
    questions.push({ questionId, title: `事项 ${q + 1}`, decisionKind, electorate, published: { passed: t.passed, participated: t.participated, yes: t.yes } })
    rows.push(...mine)
  }
  return { format: BALLOT_LIST_FORMAT, ballotId: 'bench', title: 'bench', communityName: 'bench', closedAt: '2026-12-01T00:00:00.000Z', questions, rows }
}

/** The floor: one pass over the rows summing heads and area per question and choice, nothing else. */
function bareSum(list: BallotList): Map<string, Record<VoteChoice, Side>> {
  const sums = new Map<string, Record<VoteChoice, Side>>()
  for (const q of list.questions) sums.set(q.questionId, { yes: { heads: 0, areaCentiM2: 0 }, no: { heads: 0, areaCentiM2: 0 }, abstain: { heads: 0, areaCentiM2: 0 } })
  for (const r of list.rows) {
    const s = sums.get(r.questionId)![r.choice]
    s.heads += 1
    s.areaCentiM2 += r.areaCentiM2
  }
  return sums
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = process.hrtime.bigint()
  const result = fn()
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result }
}

function shuffled(list: BallotList): BallotList {
  const rand = rng(7)
  const rows = [...list.rows]
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[rows[i], rows[j]] = [rows[j], rows[i]]
  }
  return { ...list, rows }
}

function main(): number {
  const grouped = makeList()
  console.log(`bench:recount · ${HOUSEHOLDS.toLocaleString('en-US')} households × ${QUESTIONS} decisions = ${grouped.rows.length.toLocaleString('en-US')} rows`)
  let ok = true
  for (const [label, list] of [
    ['rows grouped by question', grouped],
    ['rows shuffled', shuffled(grouped)],
  ] as const) {
    console.log(`${label}:`)
    ok = measure(list) && ok
  }
  console.log(ok ? 'PASS' : 'FAIL')
  return ok ? 0 : 1
}

function measure(list: BallotList): boolean {
  // Warm-up (JIT), and a sanity check that the two agree before timing them.
  const check = recount(list)
  const sums = bareSum(list)
  for (const r of check) {
    const s = sums.get(r.question.questionId)!
    const heads = VOTE_CHOICES.reduce((n, c) => n + s[c].heads, 0)
    if (!r.matches || r.tally.participated.heads !== heads || r.tally.yes.areaCentiM2 !== s.yes.areaCentiM2) {
      console.log(`  FAIL: recount and the bare sum disagree on ${r.question.questionId}`)
      return false
    }
  }
  const recountMs: number[] = []
  const bareMs: number[] = []
  for (let i = 0; i < RUNS; i++) {
    recountMs.push(time(() => recount(list)).ms)
    bareMs.push(time(() => bareSum(list)).ms)
  }
  const r = median(recountMs)
  const b = median(bareMs)
  const ratio = r / b
  const passed = check.filter((x) => x.tally.passed).length
  console.log(`  recount():      ${r.toFixed(1)} ms (median of ${RUNS}; runs ${recountMs.map((x) => x.toFixed(0)).join(', ')})  ${passed}/${QUESTIONS} passed, all match`)
  console.log(`  bare summing:   ${b.toFixed(1)} ms (median of ${RUNS}; runs ${bareMs.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`  ratio:          ${ratio.toFixed(2)}×`)
  const okTime = r <= LIMIT_MS
  const okRatio = ratio <= LIMIT_RATIO
  console.log(`  ${okTime ? 'PASS' : 'FAIL'} recount ≤ ${LIMIT_MS} ms (${r.toFixed(1)} ms)`)
  console.log(`  ${okRatio ? 'PASS' : 'FAIL'} recount ≤ ${LIMIT_RATIO}× bare loop (${ratio.toFixed(2)}×)`)
  return okTime && okRatio
}

process.exitCode = main()

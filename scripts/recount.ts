import { readFileSync } from 'node:fs'
import * as z from 'zod/mini'
import { BALLOT_LIST_FORMAT, recount, type BallotList } from '../src/core/ballot-list'
import { VOTE_CHOICES } from '../src/core/ballot'
import { Ratio } from '../src/core/ratio'
import { formatArea } from '../src/core/roster'
import type { Side, Threshold } from '../src/core/tally'

/**
 * `npm run recount -- <file>`: recomputes every owners' decision of a published anonymised ballot
 * list (src/core/ballot-list.ts) from its rows and the roster totals, with the one legal count
 * (src/core/tally.ts), and says whether each agrees with what was published. It also prints the
 * vote log's anchor the list carries (number of entries, hash of the closing entry), to compare
 * with the result notice and `npm run verify-log`.
 * Exit 0: all agree; 1: a mismatch, or the file cannot be read / is not a ballot list.
 */

const count = z.number().check(z.int(), z.minimum(0))
const side = z.object({ heads: count, areaCentiM2: count })
const listSchema = z.object({
  format: z.literal(BALLOT_LIST_FORMAT),
  ballotId: z.string(),
  title: z.string(),
  communityName: z.string(),
  closedAt: z.string(),
  questions: z.array(
    z.object({
      questionId: z.string().check(z.minLength(1)),
      title: z.string(),
      decisionKind: z.enum(['ordinary', 'major']),
      electorate: side,
      published: z.object({ passed: z.boolean(), participated: side, yes: side }),
    }),
  ),
  rows: z.array(
    z.object({
      receiptHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
      questionId: z.string(),
      choice: z.enum(VOTE_CHOICES),
      areaCentiM2: count,
    }),
  ),
  logSeq: z.optional(z.number().check(z.int(), z.minimum(1))),
  logHash: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
})

type Print = (line: string) => void

/** Reads and checks a list file; throws an Error with a plain message if it is not one. */
export function readBallotList(file: string): BallotList {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`)
  }
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format !== BALLOT_LIST_FORMAT)
    throw new Error(`${file} is not a ballot list (format ${JSON.stringify((json as { format?: unknown }).format)}, expected ${BALLOT_LIST_FORMAT})`)
  const parsed = z.safeParse(listSchema, json)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
    throw new Error(`${file} is not a valid ballot list:\n  ${issues.join('\n  ')}`)
  }
  const list = parsed.data as BallotList
  // Consistency the count itself cannot see: every row belongs to a listed question, no row twice.
  const known = new Set<string>()
  for (const q of list.questions) {
    if (known.has(q.questionId)) throw new Error(`${file}: question ${q.questionId} is listed twice`)
    known.add(q.questionId)
  }
  const seen = new Set<string>()
  list.rows.forEach((r, i) => {
    if (!known.has(r.questionId)) throw new Error(`${file}: row ${i + 1} is for question ${r.questionId}, which the list does not have`)
    const key = `${r.questionId}\n${r.receiptHash}`
    if (seen.has(key)) throw new Error(`${file}: row ${i + 1} repeats receipt ${r.receiptHash.slice(0, 12)}… on question ${r.questionId}`)
    seen.add(key)
  })
  return list
}

const area = (centi: number) => `${formatArea(centi)} ㎡`
const fraction = (part: number, base: number, unit: (n: number) => string) =>
  base > 0 ? `${unit(part)} / ${unit(base)} = ${Ratio.of(part, base).toPercent(2)}%` : `${unit(part)} / ${unit(base)} (无基数 empty base)`
const heads = (n: number) => `${n} 户`

function line(label: string, part: Side, base: Side, t: Threshold, rule: string): string {
  return `  ${label}: 人数 ${fraction(part.heads, base.heads, heads)}；面积 ${fraction(part.areaCentiM2, base.areaCentiM2, area)}  ${rule} ${t.met ? '达到' : '未达到'}`
}

/** Runs the recount on `args` ([file]); prints to `out`; returns the exit code. */
export function main(args: string[], out: Print = console.log, err: Print = console.error): number {
  const file = args.find((a) => !a.startsWith('-'))
  if (!file) {
    err('usage: npm run recount -- <ballot-list.json>')
    return 1
  }
  let list: BallotList
  try {
    list = readBallotList(file)
  } catch (e) {
    err(`重新计票失败 (recount failed): ${(e as Error).message}`)
    return 1
  }
  out(`${list.title} · ${list.communityName} · 截止 closed ${list.closedAt}`)
  out(`${list.questions.length} 个业主表决事项, ${list.rows.length} 行 (rows)`)
  // The anchor of the vote log: compare with the result notice, and with `npm run verify-log` on the store.
  if (list.logSeq !== undefined && list.logHash !== undefined) out(`投票记录 vote log: 共 ${list.logSeq} 条 entries, 末条哈希 last hash ${list.logHash}`)
  else out('投票记录 vote log: 清单中没有记录锚点 (no log anchor in this list)')
  let mismatches = 0
  for (const { question, tally, matches } of recount(list)) {
    const major = question.decisionKind === 'major'
    out('')
    out(`${question.title}  [${question.questionId}, ${major ? '重大事项 major' : '一般事项 ordinary'}]`)
    out(`  表决范围 electorate: ${heads(tally.electorate.heads)} / ${area(tally.electorate.areaCentiM2)}`)
    out(line('参与 participation', tally.participated, tally.electorate, tally.participation, '(≥ 2/3)'))
    out(line('同意 consent', tally.yes, tally.participated, tally.consent, major ? '(≥ 3/4 参与者)' : '(> 1/2 参与者)'))
    out(`  不同意 no ${heads(tally.no.heads)} / ${area(tally.no.areaCentiM2)}；弃权 abstain ${heads(tally.abstain.heads)} / ${area(tally.abstain.areaCentiM2)}`)
    out(`  结果 result: ${tally.passed ? '通过 passed' : '未通过 not passed'}`)
    const overfull = tally.participated.heads > tally.electorate.heads || tally.participated.areaCentiM2 > tally.electorate.areaCentiM2
    if (overfull) {
      mismatches++
      out('  ✗ 投票人数或面积超过表决范围 more votes than the electorate: the list is not consistent')
    } else if (matches) out('  与公布结果一致 matches the published result')
    else {
      mismatches++
      const p = question.published
      out(
        `  ✗ 与公布结果不一致 MISMATCH: 公布 published ${p.passed ? '通过' : '未通过'}, 参与 ${heads(p.participated.heads)} / ${area(p.participated.areaCentiM2)}, 同意 ${heads(p.yes.heads)} / ${area(p.yes.areaCentiM2)}`,
      )
    }
  }
  out('')
  if (mismatches > 0) {
    out(`✗ ${mismatches} 个事项与公布结果不一致 (${mismatches} of ${list.questions.length} do not match)`)
    return 1
  }
  out(`✓ 全部 ${list.questions.length} 个事项与公布结果一致 (all match)`)
  return 0
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))

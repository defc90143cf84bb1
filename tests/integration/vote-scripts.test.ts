/**
 * The two audit scripts of issue 5: `npm run recount -- <file>` (scripts/recount.ts) on anonymised
 * ballot lists, and `npm run verify-log` (scripts/verify-log.ts) on vote logs stored in the
 * embedded SQLite store or exported as JSON, with entries altered, removed and reordered, the
 * counted votes (householdVotes) and the published list (ballotLists) edited, and the log's end cut.
 */
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { randomUUID } from 'node:crypto'
import { addVoters, castInput, client, openBenchBallot } from '../../bench/ballot-world'
import { openEmbeddedStore } from '../../cloudfunctions/common/embedded-store'
import { sealEntry, sha256 } from '../../cloudfunctions/common/vote-log'
import { main as recountMain } from '../../scripts/recount'
import { main as verifyMain } from '../../scripts/verify-log'
import type { Answer, VoteChoice } from '../../src/core/ballot'
import { BALLOT_LIST_FORMAT, type BallotList, type ListRow } from '../../src/core/ballot-list'
import { tallyRows, type Side } from '../../src/core/tally'
import { GENESIS_HASH, householdVotesId, logEntryId, submissionId, type HouseholdVotes, type Submission, type VoteLogEntry } from '../../src/core/votes'
import type { Ballot } from '../../src/core/ballot'
import type { CastResult } from '../../src/core/ballot-view'
import { startServer } from '../../server/app'
import { DEMO } from '../../server/seed'
import { issueToken, loadSecret } from '../../server/session'

const ROOT = resolve(__dirname, '../..')
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gj-scripts-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function run(main: (args: string[], out: (l: string) => void, err: (l: string) => void) => number, args: string[]) {
  const lines: string[] = []
  const code = main(args, (l) => lines.push(l), (l) => lines.push(l))
  return { code, text: lines.join('\n') }
}

// --- recount ---------------------------------------------------------------------------------

/** A small deterministic generator, so lists differ between questions but not between runs. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function makeList(): BallotList {
  const rand = rng(7)
  const questions: BallotList['questions'] = []
  const rows: ListRow[] = []
  const specs: [string, 'ordinary' | 'major', number, number][] = [
    ['q-green', 'ordinary', 120, 0.8],
    ['q-lift', 'major', 12, 0.95],
    ['q-roof', 'major', 30, 0.5],
  ]
  for (const [questionId, decisionKind, households, turnout] of specs) {
    const electorate: Side = { heads: households, areaCentiM2: 0 }
    const mine: ListRow[] = []
    for (let h = 0; h < households; h++) {
      const areaCentiM2 = 5000 + Math.floor(rand() * 6000)
      electorate.areaCentiM2 += areaCentiM2
      if (rand() > turnout) continue
      const r = rand()
      const choice: VoteChoice = r < 0.7 ? 'yes' : r < 0.9 ? 'no' : 'abstain'
      mine.push({ receiptHash: sha256(`${questionId}:${h}`), questionId, choice, areaCentiM2 })
    }
    const t = tallyRows(decisionKind, electorate, mine)
    questions.push({ questionId, title: `事项 ${questionId}`, decisionKind, electorate, published: { passed: t.passed, participated: t.participated, yes: t.yes } })
    rows.push(...mine)
  }
  return { format: BALLOT_LIST_FORMAT, ballotId: 'b1', title: '改造项目表决', communityName: '示例小区', closedAt: '2026-12-01T10:00:00.000Z', questions, rows }
}

function writeList(list: unknown, name = 'list.json') {
  const file = join(dir, name)
  writeFileSync(file, typeof list === 'string' ? list : JSON.stringify(list))
  return file
}

describe('npm run recount', () => {
  test('a list as published: every question recounted, printed with fractions and percentages, exit 0', () => {
    const list = makeList()
    const { code, text } = run(recountMain, [writeList(list)])
    expect(code).toBe(0)
    for (const q of list.questions) expect(text).toContain(q.title)
    const lift = list.questions[1]
    const yes = list.rows.filter((r) => r.questionId === 'q-lift' && r.choice === 'yes').length
    const voted = list.rows.filter((r) => r.questionId === 'q-lift').length
    expect(text).toContain(`人数 ${voted} 户 / ${lift.electorate.heads} 户 =`)
    expect(text).toContain(`人数 ${yes} 户 / ${voted} 户 =`)
    expect(text.match(/与公布结果一致 matches/g)).toHaveLength(3)
    expect(text).toMatch(/通过/)
    expect(text).toContain('全部 3 个事项与公布结果一致')
  })

  test('exactly 2/3 participation and exactly 3/4 consent pass a major decision: 66.67% and 75.00% shown', () => {
    const rows: ListRow[] = Array.from({ length: 8 }, (_, i) => ({
      receiptHash: sha256(`r${i}`),
      questionId: 'q',
      choice: i < 6 ? 'yes' : 'no',
      areaCentiM2: 10000,
    }))
    const list: BallotList = {
      ...makeList(),
      questions: [{ questionId: 'q', title: '加装电梯', decisionKind: 'major', electorate: { heads: 12, areaCentiM2: 120000 }, published: { passed: true, participated: { heads: 8, areaCentiM2: 80000 }, yes: { heads: 6, areaCentiM2: 60000 } } }],
      rows,
    }
    const { code, text } = run(recountMain, [writeList(list)])
    expect(code).toBe(0)
    expect(text).toContain('人数 8 户 / 12 户 = 66.67%')
    expect(text).toContain('面积 800 ㎡ / 1200 ㎡ = 66.67%')
    expect(text).toContain('人数 6 户 / 8 户 = 75.00%')
    expect(text).toContain('结果 result: 通过')
  })

  test('a published result the rows do not give is a mismatch: exit 1, the question named', () => {
    const list = makeList()
    list.questions[2].published = { ...list.questions[2].published, passed: !list.questions[2].published.passed }
    const { code, text } = run(recountMain, [writeList(list)])
    expect(code).toBe(1)
    expect(text).toContain('MISMATCH')
    expect(text.match(/MISMATCH/g)).toHaveLength(1)
    expect(text).toContain('1 个事项与公布结果不一致')
  })

  test('a row taken out (one yes vote less) is a mismatch', () => {
    const list = makeList()
    const i = list.rows.findIndex((r) => r.questionId === 'q-green' && r.choice === 'yes')
    list.rows.splice(i, 1)
    expect(run(recountMain, [writeList(list)]).code).toBe(1)
  })

  test.each([
    ['not JSON', '{"format": ', /not JSON/],
    ['another format', JSON.stringify({ format: 'something-else/1' }), /not a ballot list/],
    ['a row without its area', JSON.stringify({ ...makeList(), rows: [{ receiptHash: sha256('x'), questionId: 'q-green', choice: 'yes' }] }), /rows\.0\.areaCentiM2/],
    ['a row for an unknown question', JSON.stringify({ ...makeList(), rows: [{ receiptHash: sha256('x'), questionId: 'nope', choice: 'yes', areaCentiM2: 1 }] }), /question nope/],
    ['a choice that is not yes/no/abstain', JSON.stringify({ ...makeList(), rows: [{ receiptHash: sha256('x'), questionId: 'q-green', choice: 'maybe', areaCentiM2: 1 }] }), /choice/],
  ])('a bad file (%s) is refused with a clear message, exit 1', (_name, text, message) => {
    const { code, text: output } = run(recountMain, [writeList(text)])
    expect(code).toBe(1)
    expect(output).toMatch(/recount failed/)
    expect(output).toMatch(message)
  })

  test('a row repeated is refused; a missing file and no argument too', () => {
    const list = makeList()
    list.rows.push({ ...list.rows[0] })
    expect(run(recountMain, [writeList(list)])).toEqual({ code: 1, text: expect.stringMatching(/repeats receipt/) })
    expect(run(recountMain, [join(dir, 'missing.json')])).toEqual({ code: 1, text: expect.stringMatching(/cannot read/) })
    expect(run(recountMain, [])).toEqual({ code: 1, text: expect.stringMatching(/usage/) })
  })

  test('through npm run recount: the exit code reaches the shell', () => {
    const good = writeList(makeList(), 'good.json')
    const bad = makeList()
    bad.questions[0].published.yes = { ...bad.questions[0].published.yes, heads: bad.questions[0].published.yes.heads + 1 }
    const badFile = writeList(bad, 'bad.json')
    const ok = spawnSync('npx', ['tsx', 'scripts/recount.ts', good], { cwd: ROOT, encoding: 'utf8' })
    expect(ok.status).toBe(0)
    expect(ok.stdout).toContain('全部 3 个事项与公布结果一致')
    const no = spawnSync('npx', ['tsx', 'scripts/recount.ts', badFile], { cwd: ROOT, encoding: 'utf8' })
    expect(no.status).toBe(1)
    expect(no.stdout).toContain('MISMATCH')
  }, 30000)
})

// --- verify-log --------------------------------------------------------------------------------

const BALLOT = 'ballot-1'
const OTHER = 'ballot-2'

/**
 * A chain of `n` cast events, each with its submission, sealed as the ballots function does; the
 * households' standing answers (the last cast of each household stands) and the log counter.
 */
function makeChain(ballotId: string, n: number): { entries: VoteLogEntry[]; submissions: Submission[]; votes: HouseholdVotes[]; counter: { _id: string; ballotId: string; next: number; lastHash: string; version: number } } {
  const entries: VoteLogEntry[] = []
  const submissions: Submission[] = []
  const votes = new Map<string, HouseholdVotes>()
  let prev = GENESIS_HASH
  for (let seq = 1; seq <= n; seq++) {
    const receiptHash = sha256(`${ballotId}-receipt-${seq}`)
    const answers: Answer[] = [{ questionId: 'q-green', choice: seq % 3 === 0 ? 'no' : 'yes' }, { questionId: 'q-menu', picks: ['item-1', 'item-2'] }]
    const at = new Date(Date.UTC(2026, 10, 20, 8, 0, seq)).toISOString()
    const entry = sealEntry(
      { _id: logEntryId(ballotId, seq), ballotId, seq, at, kind: 'cast', householdId: `h${seq % 5}`, answers, receiptHash, byUserId: `u${seq}` },
      prev,
    )
    prev = entry.hash
    entries.push(entry)
    submissions.push({ _id: submissionId(ballotId, `req-${seq}`), ballotId, householdId: `h${seq % 5}`, userId: `u${seq}`, contentHash: sha256(String(seq)), receipt: `R${seq}`, receiptHash, seq, at })
    const householdId = `h${seq % 5}`
    const v = votes.get(householdId) ?? { _id: householdVotesId(ballotId, householdId), ballotId, communityId: 'c1', householdId, answers: {}, version: 0, updatedAt: at }
    for (const answer of answers) v.answers[answer.questionId] = { answer, seq, at, byUserId: `u${seq}`, relation: 'owner', via: 'online', assistedBy: null, receiptHash }
    votes.set(householdId, { ...v, version: v.version + 1, updatedAt: at })
  }
  return { entries, submissions, votes: [...votes.values()], counter: { _id: ballotId, ballotId, next: n + 1, lastHash: prev, version: n } }
}

async function storeChains(dataDir: string) {
  const store = openEmbeddedStore(join(dataDir, 'gongjian.sqlite'))
  for (const id of [BALLOT, OTHER]) {
    const { entries, submissions, votes, counter } = makeChain(id, 12)
    await store.transaction(async (tx) => {
      for (const e of entries) await tx.insert('voteLog', e)
      for (const s of submissions) await tx.insert('submissions', s)
      for (const v of votes) await tx.insert('householdVotes', v)
      await tx.insert('ballotCounters', counter)
    })
  }
  await store.close()
}

/** Tampering straight in the SQLite file, as someone with the file (not the app) would. */
function tamper(dataDir: string, fn: (db: Database.Database) => void) {
  const db = new Database(join(dataDir, 'gongjian.sqlite'))
  fn(db)
  db.close()
}
const bodyOf = (db: Database.Database, id: string) => docOf<VoteLogEntry>(db, 'voteLog', id)
const setBody = (db: Database.Database, id: string, body: unknown) => setDoc(db, 'voteLog', id, body)
const docOf = <T>(db: Database.Database, coll: string, id: string) => JSON.parse((db.prepare(`SELECT body FROM docs WHERE coll = ? AND id = ?`).get(coll, id) as { body: string }).body) as T
const setDoc = (db: Database.Database, coll: string, id: string, body: unknown) => db.prepare(`UPDATE docs SET body = ? WHERE coll = ? AND id = ?`).run(JSON.stringify(body), coll, id)
const deleteDoc = (db: Database.Database, coll: string, id: string) => db.prepare(`DELETE FROM docs WHERE coll = ? AND id = ?`).run(coll, id)

describe('npm run verify-log', () => {
  let data: string
  beforeEach(async () => {
    data = join(dir, 'data')
    await storeChains(data)
  })

  test('intact chains: OK for each ballot, exit 0', () => {
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(0)
    expect(text).toContain(`✓ ${BALLOT}: 12 条记录 entries, OK`)
    expect(text).toContain(`✓ ${OTHER}: 12 条记录 entries, OK`)
    expect(text).toContain('全部完好')
  })

  test("an entry's answers altered in the file: that entry is reported altered, exit 1; the other ballot stays OK", () => {
    tamper(data, (db) => {
      const e = bodyOf(db, logEntryId(BALLOT, 5))
      setBody(db, e._id, { ...e, answers: [{ questionId: 'q-green', choice: 'no' }, ...e.answers!.slice(1)] })
    })
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(1)
    expect(text).toContain(`✗ ${BALLOT}`)
    expect(text).toMatch(/seq 5: .*altered/)
    expect(text).not.toMatch(/seq (?!5:)\d+:/)
    expect(text).toContain(`✓ ${OTHER}: 12 条记录 entries, OK`)
  })

  test('an altered entry whose hash was recomputed still breaks the link of the next one', () => {
    tamper(data, (db) => {
      const e = bodyOf(db, logEntryId(BALLOT, 5))
      const { hash: _h, prevHash, ...rest } = e
      setBody(db, e._id, sealEntry({ ...rest, answers: [{ questionId: 'q-green', choice: 'no' }] }, prevHash))
    })
    const { code, text } = run(verifyMain, ['--data', data, '--ballot', BALLOT])
    expect(code).toBe(1)
    expect(text).toMatch(/seq 6: .*link broken/)
    expect(text).not.toContain(OTHER)
  })

  test('an entry deleted from the middle: reported removed, exit 1', () => {
    tamper(data, (db) => db.prepare(`DELETE FROM docs WHERE coll = 'voteLog' AND id = ?`).run(logEntryId(BALLOT, 7)))
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(1)
    expect(text).toMatch(/seq 8: .*removed/)
    expect(text).toMatch(/seq 7: .*removed \(a stored submission has no log entry\)/)
  })

  test('the last entry deleted: the chain alone looks whole, but its submission shows it removed', () => {
    tamper(data, (db) => db.prepare(`DELETE FROM docs WHERE coll = 'voteLog' AND id = ?`).run(logEntryId(BALLOT, 12)))
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(1)
    expect(text).toMatch(/seq 12: .*removed/)
  })

  test('two entries swapped (bodies exchanged between their ids): reported reordered, exit 1', () => {
    tamper(data, (db) => {
      const a = bodyOf(db, logEntryId(BALLOT, 3))
      const b = bodyOf(db, logEntryId(BALLOT, 4))
      setBody(db, a._id, b)
      setBody(db, b._id, a)
    })
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(1)
    expect(text).toMatch(/seq 3: .*reordered/)
  })

  test('two entries swapped with their sequence numbers and re-sealed: the links give it away', () => {
    tamper(data, (db) => {
      const a = bodyOf(db, logEntryId(BALLOT, 3))
      const b = bodyOf(db, logEntryId(BALLOT, 4))
      const strip = ({ hash: _h, prevHash: _p, ...rest }: VoteLogEntry) => rest
      const newA = sealEntry({ ...strip(b), _id: a._id, seq: 3 }, a.prevHash)
      const newB = sealEntry({ ...strip(a), _id: b._id, seq: 4 }, newA.hash)
      setBody(db, a._id, newA)
      setBody(db, b._id, newB)
    })
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(1)
    expect(text).toMatch(/seq 5: .*link broken/)
  })

  test('a counted answer edited in householdVotes (the log untouched): exit 1, the household and question named', () => {
    // h1 last cast at seq 11 (11 % 5 = 1): 'yes' on q-green (11 % 3 ≠ 0).
    tamper(data, (db) => {
      const v = docOf<HouseholdVotes>(db, 'householdVotes', householdVotesId(BALLOT, 'h1'))
      expect(v.answers['q-green']).toMatchObject({ seq: 11, answer: { choice: 'yes' } })
      setDoc(db, 'householdVotes', v._id, { ...v, answers: { ...v.answers, 'q-green': { ...v.answers['q-green'], answer: { questionId: 'q-green', choice: 'no' } } } })
    })
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(1)
    expect(text).toContain(`✗ ${BALLOT}`)
    expect(text).toMatch(/seq 11: .*householdVotes.*household h1, 问题 question q-green: answer .*"no".*"yes"/)
    expect(text).toContain(`✓ ${OTHER}: 12 条记录 entries, OK`)
  })

  test('counted votes added, removed, or pointing at another receipt: each found', () => {
    tamper(data, (db) => {
      const h2 = docOf<HouseholdVotes>(db, 'householdVotes', householdVotesId(BALLOT, 'h2'))
      // A question answered that no log entry answered; another's receipt swapped.
      setDoc(db, 'householdVotes', h2._id, {
        ...h2,
        answers: { ...h2.answers, 'q-extra': { ...h2.answers['q-green'], answer: { questionId: 'q-extra', choice: 'yes' } }, 'q-menu': { ...h2.answers['q-menu'], receiptHash: sha256('forged') } },
      })
      deleteDoc(db, 'householdVotes', householdVotesId(BALLOT, 'h3'))
      const h4 = docOf<HouseholdVotes>(db, 'householdVotes', householdVotesId(BALLOT, 'h4'))
      db.prepare('INSERT INTO docs (coll, id, body) VALUES (?, ?, ?)').run('householdVotes', householdVotesId(BALLOT, 'h9'), JSON.stringify({ ...h4, _id: householdVotesId(BALLOT, 'h9'), householdId: 'h9' }))
    })
    const { code, text } = run(verifyMain, ['--data', data, '--ballot', BALLOT])
    expect(code).toBe(1)
    expect(text).toMatch(/household h2, 问题 question q-extra: .*not in the log/)
    expect(text).toMatch(/household h2, 问题 question q-menu: receiptHash/)
    expect(text).toMatch(/household h3: .*no householdVotes document/)
    expect(text).toMatch(/household h9: .*no vote in the log/)
    expect(text).toContain('4 处问题 problem(s)')
  })

  test('the last entry and its submission cut (all that pointed at it gone): the counter anchor shows it', () => {
    tamper(data, (db) => {
      deleteDoc(db, 'voteLog', logEntryId(BALLOT, 12))
      deleteDoc(db, 'submissions', submissionId(BALLOT, 'req-12'))
    })
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(1)
    expect(text).toMatch(/seq 12: .*cut or rewritten.*ballotCounters: 末条 last seq 12.*log: 末条 last seq 11/)
    expect(text).toContain(`✓ ${OTHER}`)
  })

  test('an edit with every hash after it recomputed, and the counted votes to match: the counter anchor shows it', () => {
    tamper(data, (db) => {
      // seq 7 is h2's 'yes' (overridden by its cast at seq 12, so householdVotes still match); make it
      // 'no' and re-seal 7..12 so that the chain is whole again.
      expect(bodyOf(db, logEntryId(BALLOT, 7)).answers![0]).toEqual({ questionId: 'q-green', choice: 'yes' })
      let prev = bodyOf(db, logEntryId(BALLOT, 6)).hash
      for (let seq = 7; seq <= 12; seq++) {
        const { hash: _h, prevHash: _p, ...rest } = bodyOf(db, logEntryId(BALLOT, seq))
        const sealed = sealEntry(seq === 7 ? { ...rest, answers: [{ questionId: 'q-green', choice: 'no' }, ...rest.answers!.slice(1)] } : rest, prev)
        setBody(db, sealed._id, sealed)
        prev = sealed.hash
      }
    })
    const { code, text } = run(verifyMain, ['--data', data])
    expect(code).toBe(1)
    expect(text).not.toMatch(/altered|link broken/)
    expect(text).toMatch(/seq 12: .*cut or rewritten/)
  })

  test('--file: an exported array checked in its order; a swap and a removal are found', () => {
    const { entries } = makeChain(BALLOT, 6)
    const good = join(dir, 'log.json')
    writeFileSync(good, JSON.stringify(entries))
    expect(run(verifyMain, ['--file', good]).code).toBe(0)

    const swapped = [...entries]
    ;[swapped[1], swapped[2]] = [swapped[2], swapped[1]]
    writeFileSync(good, JSON.stringify(swapped))
    const s = run(verifyMain, ['--file', good])
    expect(s.code).toBe(1)
    expect(s.text).toMatch(/seq 2: .*reordered/)

    writeFileSync(good, JSON.stringify(entries.filter((e) => e.seq !== 2)))
    const r = run(verifyMain, ['--file', good])
    expect(r.code).toBe(1)
    expect(r.text).toMatch(/seq 3: .*removed/)
  })

  test('nothing to read is an error, not an OK: no store, a bad file, an unknown ballot, a bad argument', () => {
    expect(run(verifyMain, ['--data', join(dir, 'nowhere')])).toEqual({ code: 1, text: expect.stringMatching(/no embedded store/) })
    const notArray = join(dir, 'x.json')
    writeFileSync(notArray, '{"a":1}')
    expect(run(verifyMain, ['--file', notArray])).toEqual({ code: 1, text: expect.stringMatching(/JSON array/) })
    expect(run(verifyMain, ['--data', data, '--ballot', 'nope'])).toEqual({ code: 1, text: expect.stringMatching(/no vote log entries for ballot nope/) })
    expect(run(verifyMain, ['--bogus'])).toEqual({ code: 1, text: expect.stringMatching(/unknown argument/) })
  })

  test('through npm run verify-log with DATA_DIR: exit codes reach the shell', () => {
    const env = { ...process.env, DATA_DIR: data }
    const ok = spawnSync('npx', ['tsx', 'scripts/verify-log.ts'], { cwd: ROOT, encoding: 'utf8', env })
    expect(ok.status).toBe(0)
    expect(ok.stdout).toContain('全部完好')
    tamper(data, (db) => db.prepare(`DELETE FROM docs WHERE coll = 'voteLog' AND id = ?`).run(logEntryId(OTHER, 2)))
    const bad = spawnSync('npx', ['tsx', 'scripts/verify-log.ts'], { cwd: ROOT, encoding: 'utf8', env })
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/seq 3: .*removed/)
  }, 30000)
})

describe('on a real ballot: cast through the local server, closed, list downloaded', () => {
  test('the downloaded list recounts to the published result; the data folder\'s log and counted votes verify, and not once tampered', async () => {
    const data = join(dir, 'server')
    const running = await startServer({ dataDir: data, quiet: true })
    const http = client(running.url, 10)
    const VOTERS = 40
    const lastSeq = VOTERS * 2 + 2 // the opening entry, two rounds of casts and the closing entry
    let ballot: Ballot
    try {
      const voters = await addVoters(running.store, VOTERS)
      const secret = loadSecret(data)
      const office = issueToken(secret, DEMO.office)
      ballot = await openBenchBallot(http, running.store, office)
      const versions = voters.map(() => 0)
      // Two rounds: everyone votes, then changes their answers (the last one counts).
      for (let round = 0; round < 2; round++) {
        await Promise.all(
          voters.map(async (v, i) => {
            const r = await http.fn<CastResult>('ballots', 'cast', castInput(ballot, voters, i, round, versions[i], randomUUID()), issueToken(secret, v.openid))
            versions[i] = r.version
          }),
        )
      }
      const open = await http.fn<Ballot>('ballots', 'get', { ballotId: ballot._id }, office)
      await http.fn('ballots', 'close', { ballotId: ballot._id, version: open.version }, office)
      const { json } = await http.fn<{ json: string }>('ballots', 'downloadList', { ballotId: ballot._id }, office)
      const list = JSON.parse(json) as BallotList
      expect(list.questions.length).toBe(ballot.questions.filter((q) => q.kind === 'decision').length)
      const file = writeList(json, 'downloaded.json')
      const recounted = run(recountMain, [file])
      expect(recounted.code).toBe(0)
      expect(recounted.text.match(/与公布结果一致 matches/g)).toHaveLength(list.questions.length)

      // The same list with one row's choice flipped no longer matches.
      const flipped = { ...list, rows: list.rows.map((r, i) => (i === 0 ? { ...r, choice: r.choice === 'yes' ? 'no' : 'yes' } : r)) }
      expect(run(recountMain, [writeList(flipped, 'flipped.json')]).code).toBe(1)

      const verified = run(verifyMain, ['--data', data, '--ballot', ballot._id])
      expect(verified.code).toBe(0)
      expect(verified.text).toContain(`${voters.length * 2 + 2} 条记录 entries, OK, 计票与日志一致 counted votes match the log`) // the opening entry, 80 casts and the closing entry

      // The anchor: the list and the result notice carry the closing entry's seq and hash; recount prints them.
      const closedEntry = (await running.store.get<VoteLogEntry>('voteLog', logEntryId(ballot._id, voters.length * 2 + 2)))!
      expect(closedEntry.kind).toBe('closed')
      expect(list).toMatchObject({ logSeq: voters.length * 2 + 2, logHash: closedEntry.hash })
      const closedBallot = await http.fn<Ballot>('ballots', 'get', { ballotId: ballot._id }, office)
      const notice = (await running.store.get<{ _id: string; body: string }>('notices', closedBallot.resultNoticeId!))!
      expect(notice.body).toContain(`投票记录共 ${voters.length * 2 + 2} 条，末条哈希 ${closedEntry.hash.slice(0, 16)}…`)
      expect(recounted.text).toContain(`共 ${voters.length * 2 + 2} 条 entries, 末条哈希 last hash ${closedEntry.hash}`)
    } finally {
      http.close()
      await running.close()
    }

    /** verify-log on a copy of the data folder tampered by `fn`. */
    const tampered = (name: string, fn: (db: Database.Database) => void) => {
      const copy = join(dir, name)
      cpSync(data, copy, { recursive: true })
      tamper(copy, fn)
      return run(verifyMain, ['--data', copy, '--ballot', ballot!._id])
    }
    const docs = <T>(db: Database.Database, coll: string) => (db.prepare('SELECT body FROM docs WHERE coll = ? ORDER BY id').all(coll) as { body: string }[]).map((r) => JSON.parse(r.body) as T)

    // A counted vote flipped in householdVotes: named by household and question.
    let flippedAt = ''
    const edited = tampered('votes', (db) => {
      const v = docs<HouseholdVotes>(db, 'householdVotes').find((d) => Object.values(d.answers).some((a) => 'choice' in a.answer))!
      const [questionId, stored] = Object.entries(v.answers).find(([, a]) => 'choice' in a.answer)!
      const choice = (stored.answer as { choice: VoteChoice }).choice === 'yes' ? 'no' : 'yes'
      flippedAt = `household ${v.householdId}, 问题 question ${questionId}: answer`
      setDoc(db, 'householdVotes', v._id, { ...v, answers: { ...v.answers, [questionId]: { ...stored, answer: { questionId, choice } } } })
    })
    expect(edited.code).toBe(1)
    expect(edited.text).toContain(flippedAt)

    // A row of the published list flipped (its totals left as they were).
    let rowQuestion = ''
    const listEdited = tampered('list', (db) => {
      const doc = docOf<{ list: BallotList }>(db, 'ballotLists', ballot._id)
      const [first, ...rest] = doc.list.rows
      rowQuestion = first.questionId
      setDoc(db, 'ballotLists', ballot._id, { ...doc, list: { ...doc.list, rows: [{ ...first, choice: first.choice === 'yes' ? 'no' : 'yes' }, ...rest] } })
    })
    expect(listEdited.code).toBe(1)
    expect(listEdited.text).toMatch(new RegExp(`published ballot list differs.*question ${rowQuestion}: 1 行.*1 行`))

    // The 'closed' entry cut: against the counter; and with the counter wound back to match.
    const cut = tampered('cut', (db) => deleteDoc(db, 'voteLog', logEntryId(ballot._id, lastSeq)))
    expect(cut.code).toBe(1)
    expect(cut.text).toMatch(new RegExp(`seq ${lastSeq}: .*cut or rewritten`))
    const rewound = tampered('rewound', (db) => {
      deleteDoc(db, 'voteLog', logEntryId(ballot._id, lastSeq))
      const counter = docOf<{ next: number; lastHash: string }>(db, 'ballotCounters', ballot._id)
      setDoc(db, 'ballotCounters', ballot._id, { ...counter, next: lastSeq, lastHash: bodyOf(db, logEntryId(ballot._id, lastSeq - 1)).hash })
    })
    expect(rewound.code).toBe(1)
    expect(rewound.text).toMatch(/closed.*no 'closed' entry/)

    // The closing entry re-sealed (another time) with the counter to match: the list's anchor shows it.
    const resealed = tampered('resealed', (db) => {
      const { hash: _h, prevHash, ...rest } = bodyOf(db, logEntryId(ballot._id, lastSeq))
      const sealed = sealEntry({ ...rest, at: new Date(Date.parse(rest.at) + 1000).toISOString() }, prevHash)
      setBody(db, sealed._id, sealed)
      const counter = docOf<{ next: number; lastHash: string }>(db, 'ballotCounters', ballot._id)
      setDoc(db, 'ballotCounters', ballot._id, { ...counter, lastHash: sealed.hash })
    })
    expect(resealed.code).toBe(1)
    expect(resealed.text).not.toMatch(/altered|link broken|cut or rewritten/)
    expect(resealed.text).toMatch(new RegExp(`seq ${lastSeq}: .*log anchor differs`))
    tamper(data, (db) => {
      const row = db.prepare(`SELECT id FROM docs WHERE coll = 'voteLog' ORDER BY id LIMIT 1 OFFSET 10`).get() as { id: string }
      const e = bodyOf(db, row.id)
      setBody(db, row.id, { ...e, householdId: 'someone-else' })
    })
    const after = run(verifyMain, ['--data', data])
    expect(after.code).toBe(1)
    expect(after.text).toMatch(/seq 11: .*altered/)
  }, 60000)
})

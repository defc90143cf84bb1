// `node scripts/run-jest.mjs [jest args…]`: runs `npx jest --ci --json --outputFile=reports/jest.json`,
// streaming jest's own output, then prints as its very last line `tests: N passed, N failed`
// (counting in scripts/jest-summary.mjs). Exits non-zero on any failure, on a jest failure,
// when the report is missing, or when no test ran.
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { DEFAULT_REPORT, summarize } from './jest-summary.mjs'

const report = DEFAULT_REPORT
rmSync(report, { force: true }) // a stale report must never be read
mkdirSync(dirname(report), { recursive: true })

const args = ['jest', '--ci', '--json', `--outputFile=${report}`, ...process.argv.slice(2)]
const child = spawn('npx', args, { stdio: 'inherit' })

const forward = (signal) => child.kill(signal)
process.on('SIGINT', forward)
process.on('SIGTERM', forward)

function finish(exitCode, why) {
  if (why) console.error(`run-jest: ${why}`)
  const s = summarize(report, exitCode)
  if (s.problem) console.error(`run-jest: ${s.problem}`)
  console.log(s.line)
  process.exit(s.ok ? 0 : 1)
}

child.on('error', (e) => finish(1, `could not start jest: ${e.message}`))
child.on('exit', (code, signal) => finish(code ?? 1, signal ? `jest was killed by ${signal}` : undefined))

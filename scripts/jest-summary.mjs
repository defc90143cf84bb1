// The one-line test summary shared by scripts/run-jest.mjs and .ci/run:
//   tests: N passed, N failed
// passed = numPassedTests; failed = numFailedTests + numRuntimeErrorTestSuites (a suite that
// failed to run counts as one failure). No report, an unreadable report, zero tests run or a
// failing jest exit code with nothing counted as failed all count as (at least) one failure.
//
// CLI: node scripts/jest-summary.mjs [report=reports/jest.json] [exitCode]
//   prints the line; exits 1 if anything failed.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const DEFAULT_REPORT = 'reports/jest.json'

/** @returns {{ passed: number, failed: number, ok: boolean, line: string, problem?: string }} */
export function summarize(reportPath = DEFAULT_REPORT, exitCode = 0) {
  let passed = 0
  let failed = 0
  let problem
  try {
    const report = JSON.parse(readFileSync(reportPath, 'utf8'))
    const count = (key) => (Number.isFinite(report?.[key]) ? report[key] : 0)
    passed = count('numPassedTests')
    failed = count('numFailedTests') + count('numRuntimeErrorTestSuites')
    if (passed + failed === 0) problem = 'jest ran no tests'
    else if (failed === 0 && report?.success === false) problem = 'jest reported failure'
  } catch (e) {
    problem = e?.code === 'ENOENT' ? `no report at ${reportPath}` : `unreadable report ${reportPath}: ${e?.message ?? e}`
    passed = 0
  }
  if (!problem && failed === 0 && exitCode !== 0) problem = `tests exited with code ${exitCode}`
  if (problem && failed === 0) failed = 1
  const ok = failed === 0
  return { passed, failed, ok, line: `tests: ${passed} passed, ${failed} failed`, problem }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [reportPath = DEFAULT_REPORT, code = '0'] = process.argv.slice(2)
  const exitCode = Number.parseInt(code, 10)
  const s = summarize(reportPath, Number.isNaN(exitCode) ? 1 : exitCode)
  if (s.problem) console.error(`test summary: ${s.problem}`)
  console.log(s.line)
  process.exit(s.ok ? 0 : 1)
}

import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** `npm start`: builds the H5 app if it is missing or older than the sources, then serves it. */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

const built = 'dist/h5/index.html'
const stale = !existsSync(built) || Math.max(newestMtime('src'), newestMtime('config')) > statSync(built).mtimeMs
if (stale) {
  console.log('正在构建 H5 页面 (building the H5 app)…')
  execFileSync('npm', ['run', 'build:h5'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}
void import('../server/main')

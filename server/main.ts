import { resolve } from 'node:path'
import { startServer } from './app'

/** `npm run serve`: the local server on PORT (default 3000), data in DATA_DIR (default ./data). */
async function main() {
  const port = Number(process.env.PORT ?? 3000)
  const running = await startServer({
    port,
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: resolve(process.env.DATA_DIR ?? 'data'),
    staticDir: resolve(process.env.STATIC_DIR ?? 'dist/h5'),
    // Without its functions thread the server can only fail: stop, and let a restart recover.
    onFatal: () => process.exit(1),
  })
  console.log(`共建 Gongjian 本地演示已启动: ${running.url}  (local demo, embedded store in ${process.env.DATA_DIR ?? 'data'})`)
  const stop = () => running.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

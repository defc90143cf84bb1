import tcb from '@cloudbase/node-sdk'
import { randomUUID } from 'node:crypto'
import { cloudbaseStore, type CloudbaseDb } from './cloudbase-store'
import type { Deps, Handler } from './router'

/**
 * Wraps a router as a CloudBase function `main(event, context)`. The SDK is initialised at
 * module scope (once per instance); the caller's OPENID is read per call from the WeChat
 * context the platform puts in the environment (node-sdk has no getWXContext).
 */
const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
const deps: Deps = {
  store: cloudbaseStore(app.database() as unknown as CloudbaseDb),
  now: () => new Date(),
  newId: () => randomUUID(),
  log: (line) => console.error(line),
  files: {
    // Excel files are uploaded from the mini-program to cloud storage (callFunction data is capped at 100 KB).
    download: async (fileID) => (await app.downloadFile({ fileID })).fileContent as Buffer,
    // Photos with metadata are cleaned in the function and written back over the original.
    upload: async (cloudPath, bytes) => {
      await app.uploadFile({ cloudPath, fileContent: bytes })
    },
  },
}

export function cloudbaseMain(handle: Handler) {
  return async function main(event: unknown, _context: unknown) {
    const openid = app.auth().getUserInfo().openId
    return handle(deps, { openid }, event)
  }
}

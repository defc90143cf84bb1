/**
 * Shared set-up for the households integration tests: the common worlds (./worlds.ts) with
 * zero-padded ids, a caller of the households function, and the roster's snapshot.
 */
import type { Store } from '../../cloudfunctions/common/store'
import { handleHouseholds } from '../../cloudfunctions/households/handler'
import type { Result } from '../../src/core/errors'
import * as worlds from './worlds'

export { CHINESE, expectFailure, NOW, ok, type World } from './worlds'

const padded = { idFormat: (n: number) => `id-${String(n).padStart(4, '0')}` }
export const sqliteWorld = () => worlds.sqliteWorld(padded)
export const cloudbaseWorld = () => worlds.cloudbaseWorld(padded)

export function call(w: worlds.World, openid: string | null | undefined, action: string, data?: unknown): Promise<Result<unknown>> {
  return handleHouseholds(w.deps, { openid }, { action, data })
}

/** Everything the roster functions may write, to prove a refused call wrote nothing. */
export const snapshot = (store: Store) => worlds.snapshot(store, ['households', 'units', 'communities', 'audit'])

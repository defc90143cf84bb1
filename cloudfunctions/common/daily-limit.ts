import { AppError } from '../../src/core/errors'
import { chinaDate } from '../../src/core/time'
import { sha256 } from './vote-log'
import { DuplicateKeyError, type Store, type Where } from './store'

/**
 * "At most N a day per person" (comments, works observations), held by the store's unique key rather
 * than by a count: a person's n-th document of a China day has the id `prefix-<sha256(user|day|n)>`,
 * so two posted at once cannot both be the N-th. The id is a hash, so it tells other readers nothing
 * of who wrote it. The count only says where to start looking for the next free number.
 */
export interface DailyLimit {
  collection: string
  /** Id prefix of the collection's documents, e.g. 'fb'. */
  prefix: string
  /** The documents of this person today are those matching `where` and created at or after the day's start. */
  countWhere: (dayStart: string) => Where
  max: number
  /** The refusal once the day is full (Chinese message for the person). */
  refusal: (count: number) => AppError
}

export const dailyId = (prefix: string, userId: string, day: string, n: number) => `${prefix}-${sha256(`${userId}|${day}|${n}`).slice(0, 32)}`

/** Refuses early when today's count is already full (before slow work such as checking photos). */
export async function checkDailyLimit(store: Store, limit: DailyLimit, now: Date): Promise<number> {
  const dayStart = new Date(`${chinaDate(now)}T00:00:00+08:00`).toISOString()
  const today = await store.count(limit.collection, limit.countWhere(dayStart))
  if (today >= limit.max) throw limit.refusal(today)
  return today
}

/** Inserts `doc` under the next free number of the day (from `today + 1`), or refuses past the limit. */
export async function insertWithinDailyLimit<T extends { _id: string }>(store: Store, limit: DailyLimit, userId: string, now: Date, today: number, doc: T): Promise<T> {
  const day = chinaDate(now)
  for (let n = today + 1; ; n++) {
    if (n > limit.max) throw limit.refusal(n - 1)
    const stored = { ...doc, _id: dailyId(limit.prefix, userId, day, n) }
    try {
      await store.insert(limit.collection, stored)
      return stored
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e
    }
  }
}

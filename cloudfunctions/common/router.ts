import * as z from 'zod/mini'
import { AppError, ERROR_MESSAGES, type Failure, type Result } from '../../src/core/errors'
import { can, type PermissionAction, type Target } from '../../src/core/permissions'
import type { Membership, StoredUser, User } from '../../src/core/roles'
import type { Store } from './store'

/** What a use case may touch: the store, the clock and an id source (all swappable in tests). */
export interface Deps {
  store: Store
  now: () => Date
  newId: () => string
  log?: (line: string) => void
  /** Files uploaded to cloud storage (weapp), fetched by fileID. Absent locally (uploads come inline). */
  files?: {
    download(fileID: string): Promise<Buffer>
    /** Writes `bytes` at `cloudPath` (e.g. a photo with its metadata stripped, back where it was). */
    upload?(cloudPath: string, bytes: Buffer): Promise<void>
  }
  /** Local mode only: the folder POST /api/upload stores photos in (`<dataDir>/uploads`). */
  uploadsDir?: string
}

/** Who is calling, as the platform says: WeChat OPENID in CloudBase, a signed dev session locally. */
export interface Caller {
  openid: string | null | undefined
}

export interface UseCaseContext<I> {
  deps: Deps
  user: User
  input: I
}

export interface ActionOptions {
  /**
   * Callers WeChat knows but who are not yet bound to a household may use it (as a `visitor`):
   * binding itself, and asking to be bound.
   */
  openToUnregistered?: boolean
}

export interface ActionDef<I> extends ActionOptions {
  input: z.ZodMiniType<I>
  run: (ctx: UseCaseContext<I>) => Promise<unknown>
}

/** Declares an action with its input schema (keeps the input type flowing into `run`). */
export function action<I>(
  input: z.ZodMiniType<I>,
  run: (ctx: UseCaseContext<I>) => Promise<unknown>,
  options: ActionOptions = {},
): ActionDef<I> {
  return { input, run, ...options }
}

/** The caller with their household memberships; a visitor if WeChat knows them but we do not. */
export async function loadActor(store: Store, openid: string): Promise<User | null> {
  const [user] = await store.find<StoredUser>('users', { openid }, { limit: 1 })
  if (!user) return null
  const memberships = await store.find<Membership>('members', { userId: user._id }, { limit: 50 })
  return { ...user, memberships }
}

export function visitor(openid: string): User {
  return { _id: `visitor:${openid}`, openid, name: '', role: 'visitor', memberships: [] }
}

const eventSchema = z.object({
  action: z.string().check(z.minLength(1), z.maxLength(64)),
  data: z.optional(z.unknown()),
})

/** Throws FORBIDDEN unless the permission table allows `user` to do `what` on `target`. */
export function authorize(user: User, what: PermissionAction, target: Target = {}): void {
  if (!can(user, what, target)) {
    throw new AppError('FORBIDDEN', `${user.role} ${user._id} may not ${what} in community ${target.communityId ?? '-'} / district ${target.districtId ?? '-'}`)
  }
}

/** The Chinese message of the first problem zod found, with the field path for developers. */
function invalidInput(error: z.core.$ZodError): AppError {
  const first = error.issues[0]
  const path = first?.path.join('.') || '(root)'
  const custom = first && !first.message.startsWith('Invalid') && /[\u4e00-\u9fa5]/.test(first.message)
  const detail = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
  return new AppError('INVALID_INPUT', detail, custom ? first.message : `${ERROR_MESSAGES.INVALID_INPUT}（${path}）`)
}

export function fail(e: unknown, log?: (line: string) => void): Result<never> {
  if (e instanceof AppError) {
    const failure: Failure = { ok: false, code: e.code, message: e.message, detail: e.detail }
    if (e.errors) failure.errors = e.errors
    return failure
  }
  log?.(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
  return { ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL }
}

/**
 * A cloud function's router: event `{ action, data }` → identity → zod-validated input →
 * use case → `{ ok: true, data } | { ok: false, code, message }`. It never throws.
 */
export function createRouter(area: string, actions: Record<string, ActionDef<any>>) {
  async function handle(deps: Deps, caller: Caller, event: unknown): Promise<Result<unknown>> {
    try {
      const ev = z.safeParse(eventSchema, event)
      if (!ev.success) throw new AppError('INVALID_INPUT', `event must be { action, data }: ${ev.error.message}`)
      const def = Object.prototype.hasOwnProperty.call(actions, ev.data.action) ? actions[ev.data.action] : undefined
      if (!def) throw new AppError('UNKNOWN_ACTION', `${area} has no action ${JSON.stringify(ev.data.action)}`)
      if (!caller.openid) throw new AppError('UNAUTHENTICATED', 'no OPENID in the calling context')
      const user = (await loadActor(deps.store, caller.openid)) ?? (def.openToUnregistered ? visitor(caller.openid) : null)
      if (!user) throw new AppError('NOT_REGISTERED', `no user for openid ${caller.openid}`)
      const input = z.safeParse(def.input, ev.data.data ?? {})
      if (!input.success) throw invalidInput(input.error)
      const data = await def.run({ deps, user, input: input.data })
      return { ok: true, data }
    } catch (e) {
      return fail(e, deps.log)
    }
  }
  /** The action names, and which ones visitors may call (the permission-matrix test walks them all). */
  return Object.assign(handle, {
    area,
    actions: Object.keys(actions),
    openToUnregistered: Object.keys(actions).filter((name) => actions[name].openToUnregistered === true),
  })
}

export type Handler = ReturnType<typeof createRouter>

import { householdLabel, ids, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { membershipId, type Relation } from '../../src/core/roles'
import { isBindLocked, type BindAttempts } from '../../src/core/bind-code'
import { communityTarget } from '../common/community-target'
import { DuplicateKeyError } from '../common/store'
import { countedTry, pendingRequestMarkerId } from './codes'
import { action, authorize } from '../common/router'
import { requestInput } from './schemas'

/** A request to be bound that the community office approves or rejects (bindRequests). */
export interface BindRequestDoc {
  _id: string
  communityId: string
  householdId: string
  householdLabel: string
  buildingNumber: number
  unitNumber: number
  room: string
  /** Who asked: their OPENID (visitors have no users document yet) and user id if they had one. */
  openid: string
  userId: string | null
  relation: Relation
  name: string
  phone: string | null
  note: string | null
  status: 'pending' | 'approved' | 'rejected'
  createdAt: string
  decidedAt: string | null
  decidedBy: string | null
  reason: string | null
  version: number
}

/** Refusals of a request that count as a failed try (the same counter as binding): asking about a flat that is not there. */
const COUNTED = new Set(['NOT_FOUND'])

/**
 * Without a code, a resident (or visitor) asks the office to bind them to a household given by
 * building, unit and room. One pending request per person (a marker document inserted with the
 * request and removed when it is decided, so two requests at once cannot both be pending).
 * Whether a flat exists is only told through the binding tries counter: each request is a counted
 * try, a flat that is not in the roster is a failed one, so nobody can map a roster this way.
 * Outcomes: { request } | FORBIDDEN (staff; a resident of another community) | INVALID_INPUT (no
 * community) | CODE_LOCKED (too many failed tries) | NOT_FOUND* (community or household) |
 * ALREADY_MEMBER | REQUEST_PENDING | CONFLICT (the try could not be counted). (* a failed try)
 */
export const requestBinding = action(
  requestInput,
  async ({ deps, user, input }) => {
    authorize(user, 'members.request')
    const communityId = input.communityId ?? user.communityId
    if (!communityId) throw new AppError('INVALID_INPUT', 'communityId is required for a visitor', '请选择您所在的小区。')
    if (user.role === 'resident' && user.communityId && user.communityId !== communityId) {
      // The office could never approve it (joinHousehold refuses), so it would stay pending forever.
      throw new AppError('FORBIDDEN', `user ${user._id} belongs to community ${user.communityId}`, '您的微信已绑定其他小区的房屋，不能申请绑定这个小区的房屋，请联系社区。')
    }
    const now = deps.now()
    const attempts = await deps.store.get<BindAttempts>('bindAttempts', user.openid)
    if (isBindLocked(attempts, now)) throw new AppError('CODE_LOCKED', `locked until ${attempts!.lockedUntil}`)
    // A pending request first: while one is pending nothing is looked up.
    const marker = pendingRequestMarkerId(user.openid)
    if (await deps.store.get('bindAttempts', marker)) throw new AppError('REQUEST_PENDING', 'a request is pending')
    const [legacy] = await deps.store.find<BindRequestDoc>('bindRequests', { openid: user.openid, status: 'pending' }, { limit: 1 })
    if (legacy) throw new AppError('REQUEST_PENDING', `request ${legacy._id} is pending`)

    return countedTry(deps.store, user.openid, deps.newId(), now, COUNTED, async () => {
      await communityTarget(deps.store, communityId)
      const householdId = ids.household(communityId, input.buildingNumber, input.unitNumber, input.room)
      const household = await deps.store.get<Household>('households', householdId)
      if (!household) {
        throw new AppError('NOT_FOUND', `household ${householdId}`, '名册里没有这户房屋，请核对楼号、单元号和门牌号，或联系社区。')
      }
      if (user.role !== 'visitor' && (await deps.store.get('members', membershipId(householdId, user._id)))) {
        throw new AppError('ALREADY_MEMBER', `${user._id} is a member of ${householdId}`)
      }
      return deps.store.transaction(async (tx) => {
        const request: BindRequestDoc = {
          _id: deps.newId(),
          communityId,
          householdId,
          householdLabel: householdLabel(household),
          buildingNumber: household.buildingNumber,
          unitNumber: household.unitNumber,
          room: household.room,
          openid: user.openid,
          userId: user.role === 'visitor' ? null : user._id,
          relation: input.relation,
          name: input.name,
          phone: input.phone ?? null,
          note: input.note || null,
          status: 'pending',
          createdAt: now.toISOString(),
          decidedAt: null,
          decidedBy: null,
          reason: null,
          version: 1,
        }
        try {
          await tx.insert('bindAttempts', { _id: marker, requestId: request._id, version: 1 })
        } catch (e) {
          if (e instanceof DuplicateKeyError) throw new AppError('REQUEST_PENDING', 'a request was made meanwhile')
          throw e
        }
        await tx.insert('bindRequests', request)
        const { openid: _o, phone: _p, ...mine } = request
        return { request: mine }
      })
    })
  },
  { openToUnregistered: true },
)

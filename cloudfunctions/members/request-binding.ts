import { householdLabel, ids, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { membershipId, type Relation } from '../../src/core/roles'
import { communityTarget } from '../common/community-target'
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

/**
 * Without a code, a resident (or visitor) asks the office to bind them to a household given by
 * building, unit and room. One pending request per person.
 * Outcomes: { request } | FORBIDDEN (staff) | INVALID_INPUT (no community) | NOT_FOUND (community
 * or household) | ALREADY_MEMBER | REQUEST_PENDING.
 */
export const requestBinding = action(
  requestInput,
  async ({ deps, user, input }) => {
    authorize(user, 'members.request')
    const communityId = input.communityId ?? user.communityId
    if (!communityId) throw new AppError('INVALID_INPUT', 'communityId is required for a visitor', '请选择您所在的小区。')
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
      const [pending] = await tx.find<BindRequestDoc>('bindRequests', { openid: user.openid, status: 'pending' }, { limit: 1 })
      if (pending) throw new AppError('REQUEST_PENDING', `request ${pending._id} is pending`)
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
        createdAt: deps.now().toISOString(),
        decidedAt: null,
        decidedBy: null,
        reason: null,
        version: 1,
      }
      await tx.insert('bindRequests', request)
      const { openid: _o, phone: _p, ...mine } = request
      return { request: mine }
    })
  },
  { openToUnregistered: true },
)

import type { PartyKind } from '@/core/parties'
import type { Relation } from '@/core/roles'
import { call } from './api'

export interface IssuedCode {
  householdId: string
  label: string
  code: string
  /** The code as printed, e.g. "ABCD-EFGH". */
  printed: string
  expiresAt: string
}

export interface MyHousehold {
  householdId: string
  label: string
  relation: Relation
  isOwner: boolean
  members: { userId: string; name: string; relation: Relation; isMe?: boolean }[]
}

export interface BindRequest {
  _id: string
  label?: string
  buildingNumber: number
  unitNumber: number
  room: string
  relation: Relation
  name: string
  status: 'pending' | 'approved' | 'rejected'
  createdAt: string
}

export const membersApi = {
  issueCodes: (buildingNumber?: number) => call<IssuedCode[]>('members', 'issueCodes', buildingNumber ? { buildingNumber } : {}),
  bind: (input: { code: string; relation: Relation; name: string; ownerIdTail?: string }) => call<unknown>('members', 'bind', input),
  /** A party's staff member (not registered yet) binds with the office's code: becomes a 'party' user. */
  bindParty: (code: string) =>
    call<{ user: { _id: string; name: string; role: 'party'; communityId: string | null; partyId: string }; party: { _id: string; name: string; kind: PartyKind } }>('members', 'bindParty', { code }),
  request: (input: { communityId?: string; buildingNumber: number; unitNumber: number; room: string; relation: Relation; name: string; phone?: string }) =>
    call<unknown>('members', 'request', input),
  listRequests: (status: 'pending' | 'approved' | 'rejected' = 'pending') => call<BindRequest[] | { items: BindRequest[] }>('members', 'listRequests', { status }),
  decide: (id: string, approve: boolean, reason?: string) => call<unknown>('members', 'decide', { id, approve, reason }),
  mine: () => call<MyHousehold[] | { households: MyHousehold[] }>('members', 'mine', {}),
  invite: (householdId: string) => call<{ code: string; printed: string; expiresAt: string }>('members', 'invite', { householdId }),
  remove: (householdId: string, userId: string) => call<unknown>('members', 'remove', { householdId, userId }),
}

import type { Community, District } from '@/core/community'
import type { PartyKind } from '@/core/parties'
import type { Relation, Role } from '@/core/roles'
import { call } from './api'

export interface Me {
  user: { _id: string; name: string; role: Role; roleLabel: string; householdLabel: string | null }
  community: Community | null
  district: District | null
  households: { householdId: string; relation: Relation; label: string }[]
  /** Staff of a party (role 'party'): the party they act for, in `community`. */
  party: { _id: string; name: string; kind: PartyKind; kindLabel: string } | null
}

export const accountApi = {
  me: () => call<Me>('account', 'me', {}),
}

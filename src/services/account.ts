import type { Community, District } from '@/core/community'
import type { Role } from '@/core/roles'
import { call } from './api'

export interface Me {
  user: { _id: string; name: string; role: Role; roleLabel: string; householdLabel: string | null }
  community: Community | null
  district: District | null
}

export const accountApi = {
  me: () => call<Me>('account', 'me', {}),
}

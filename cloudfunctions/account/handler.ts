import * as z from 'zod/mini'
import type { Community, District } from '../../src/core/community'
import { ROLE_LABELS } from '../../src/core/roles'
import { action, createRouter } from '../common/router'

/** Who am I: the caller's profile and community, for the home and "我的" pages. */
const me = action(z.object({}), async ({ deps, user }) => {
  const community = user.communityId ? await deps.store.get<Community>('communities', user.communityId) : null
  const districtId = user.districtId ?? community?.districtId
  const district = districtId ? await deps.store.get<District>('districts', districtId) : null
  return {
    user: { _id: user._id, name: user.name, role: user.role, roleLabel: ROLE_LABELS[user.role], householdLabel: user.householdLabel ?? null },
    community,
    district,
  }
})

export const handleAccount = createRouter('account', { me })

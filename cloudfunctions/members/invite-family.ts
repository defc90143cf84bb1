import { FAMILY_INVITE_DAYS, formatBindCode } from '../../src/core/bind-code'
import { recordAudit } from '../common/audit'
import { action, authorize } from '../common/router'
import { insertNewCode } from './codes'
import { householdSummary, householdTarget } from './load-household'
import { householdInput } from './schemas'

const DAY = 24 * 3600 * 1000

/**
 * An owner invites family: a one-time code valid 7 days that binds whoever uses it as family
 * of this household. The plain code is returned this once (audited without it).
 * Outcomes: { household, code, printed, expiresAt } | NOT_FOUND | FORBIDDEN (not an owner here).
 */
export const inviteFamily = action(householdInput, async ({ deps, user, input }) => {
  const { household, target } = await householdTarget(deps.store, input.householdId)
  authorize(user, 'members.invite', target)
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + FAMILY_INVITE_DAYS * DAY).toISOString()
  return deps.store.transaction(async (tx) => {
    const { code } = await insertNewCode(tx, {
      householdId: household._id,
      communityId: household.communityId,
      kind: 'family',
      relation: 'family',
      issuedBy: user._id,
      issuedAt: now.toISOString(),
      expiresAt,
    })
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: household.communityId,
      at: now,
      by: user,
      action: 'members.invite',
      // Never the code's hash (a 7-day code's hash could be brute-forced): the household it is for.
      entity: 'bindCodes',
      entityId: household._id,
      before: null,
      after: { householdId: household._id, kind: 'family', expiresAt },
    })
    return { household: householdSummary(household), code, printed: formatBindCode(code), expiresAt }
  })
})

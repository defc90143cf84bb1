import { householdLabel, type Household } from '../../src/core/community'
import { AppError } from '../../src/core/errors'
import { ownerKey } from '../../src/core/electorate'
import { matchOwner, relationForCode } from '../../src/core/membership'
import { action, authorize } from '../common/router'
import { claimCode, countedTry, requireUsable, storedCode, typedCode, type BindCodeDoc } from './codes'
import { joinHousehold } from './join-household'
import { bindInput } from './schemas'

/** Refusals that count as a failed try towards the lock: guessing a code, guessing an owner. */
const COUNTED = new Set(['CODE_INVALID', 'OWNER_MISMATCH'])

/**
 * A WeChat user binds to a household with a printed code or a family invitation (open to
 * visitors; staff accounts are refused). The try is counted before the code is even looked at
 * (codes.ts countedTry), so a locked caller learns nothing, not even from a right code, and
 * parallel tries cannot get past the lock; if the count cannot be stored the bind is refused.
 * In one transaction: the code is marked used (version check: of two people racing on one code
 * exactly one wins), the users document is created for a visitor, the membership added, audited.
 * Outcomes: { membership, household, user } | FORBIDDEN (staff; resident of another community) |
 * CODE_LOCKED | CONFLICT (try not countable; household changed meanwhile) | INVALID_INPUT (not a code's shape) | CODE_INVALID* | CODE_EXPIRED | CODE_USED
 * (used or replaced by a newer code) | OWNER_MISMATCH* | ALREADY_MEMBER. (* counts as a failed try:
 * 5 within an hour lock binding for an hour.)
 */
export const bindHousehold = action(
  bindInput,
  async ({ deps, user, input }) => {
    authorize(user, 'members.bind')
    const now = deps.now()
    const typed = await typedCode(deps.store, user.openid, input.code, now)

    // The try is counted (as pending) before the code is looked at, so parallel tries cannot
    // outrun the lock: at most 5 are ever in flight or failed within the hour.
    return countedTry(deps.store, user.openid, deps.newId(), now, COUNTED, () =>
      deps.store.transaction(async (tx) => {
        const found = await storedCode(tx, typed)
        if (found.kind === 'party') {
          throw new AppError('INVALID_INPUT', 'a party staff code given to bind', '这是施工、维修单位工作人员用的绑定码，请返回上一步，选择“我是施工、维修单位的工作人员”后再输入。')
        }
        const code: BindCodeDoc = requireUsable(found, now)
        const household = await tx.get<Household>('households', code.householdId)
        if (!household) throw new AppError('CODE_INVALID', `household ${code.householdId} is gone`)
        const relation = relationForCode(code.kind, input.relation)
        const owner = relation === 'owner' ? matchOwner(household, input.name, input.ownerIdTail) : null
        if (relation === 'owner' && !owner) {
          throw new AppError('OWNER_MISMATCH', `no registered owner of ${household._id} with that name and idTail`)
        }
        await claimCode(tx, code)
        const joined = await joinHousehold(tx, deps, {
          openid: user.openid,
          name: input.name,
          household,
          relation,
          ownerKey: owner ? ownerKey(owner) : undefined,
          via: code.kind === 'family' ? 'invite' : 'code',
          addedBy: code.issuedBy,
          action: 'members.bind',
          // No code identifier in the log: the kind and who issued it say enough.
          auditExtra: { code: { kind: code.kind, issuedBy: code.issuedBy } },
          auditId: deps.newId(),
          onDuplicate: new AppError('CONFLICT', 'audit id taken'),
        })
        const used: BindCodeDoc = { ...code, usedAt: now.toISOString(), usedBy: joined.user._id, version: code.version + 1 }
        if (!(await tx.replaceIfVersion('bindCodes', used, code.version))) throw new AppError('CODE_USED', 'someone used the code meanwhile')
        return {
          membership: joined.membership,
          household: { _id: household._id, label: householdLabel(household), communityId: household.communityId },
          user: { _id: joined.user._id, name: joined.user.name, role: joined.user.role, communityId: joined.user.communityId ?? null },
        }
      }),
    )
  },
  { openToUnregistered: true },
)

import { PARTY_STAFF_KINDS } from '../../src/core/bind-code'
import { AppError } from '../../src/core/errors'
import { PARTY_KIND_LABELS, type Party } from '../../src/core/parties'
import type { StoredUser, User } from '../../src/core/roles'
import { recordAudit } from '../common/audit'
import { action, authorize } from '../common/router'
import { DuplicateKeyError } from '../common/store'
import { claimCode, countedTry, requireUsable, storedCode, typedCode, type PartyCodeDoc } from './codes'
import { auditedUser } from './join-household'
import { bindPartyInput } from './schemas'

/** Refusals that count as a failed try towards the lock: guessing a code. */
const COUNTED = new Set(['CODE_INVALID'])

/** Staff and residents stay apart: a registered WeChat user is told why, and what to do instead. */
function alreadyRegistered(u: Pick<User, 'role' | '_id'>): AppError {
  const message =
    u.role === 'resident'
      ? '您的微信已经登记为居民账号。居民账号和单位工作人员账号要分开，请用另一个微信号绑定工作人员账号，或联系社区。'
      : u.role === 'party'
        ? '您的微信已经是施工、维修单位的工作人员账号，不能再绑定。如需换到另一个单位，请用另一个微信号，或联系社区。'
        : '您的微信已经是社区或政府工作人员账号，不能再绑定施工、维修单位。请用另一个微信号，或联系社区。'
  return new AppError('FORBIDDEN', `${u.role} ${u._id} is registered already: a party account needs a WeChat user not registered yet`, message)
}

/**
 * A staff member of a party (contractor, utility, property manager, supervisor) binds with the
 * one-time code the office issued for them (works.issuePartyCode): a WeChat user not registered
 * yet becomes a user { role: 'party', partyId, communityId, name: the name the office gave }.
 * Like household binding (bind-household.ts): a locked caller learns nothing; the try is counted
 * before the code is looked at; in ONE transaction the code is marked used (marker insert +
 * version check: of two people with one code exactly one wins), the user created and audited.
 * Outcomes: { user, party } | FORBIDDEN (registered already: resident, staff, another party's staff)
 * | CODE_LOCKED | INVALID_INPUT (not a code's shape; a household code) | CODE_INVALID* | CODE_EXPIRED
 * | CODE_USED | CONFLICT (the party changed since; try not countable; registered meanwhile).
 * (* counts as a failed try: 5 within an hour lock binding for an hour.)
 */
export const bindParty = action(
  bindPartyInput,
  async ({ deps, user, input }) => {
    if (user.role !== 'visitor') throw alreadyRegistered(user)
    authorize(user, 'members.bindParty')
    const now = deps.now()
    const typed = await typedCode(deps.store, user.openid, input.code, now)

    return countedTry(deps.store, user.openid, deps.newId(), now, COUNTED, () =>
      deps.store.transaction(async (tx) => {
        const found = await storedCode(tx, typed)
        if (found.kind !== 'party') {
          throw new AppError('INVALID_INPUT', `a ${found.kind} code given to bindParty`, '这是住户绑定房屋用的绑定码，请返回上一步，选择“我是住户”后再输入。')
        }
        const code: PartyCodeDoc = requireUsable(found, now, '这个绑定码已过期（7 天内有效），请联系社区重新生成。')
        const party = await tx.get<Party>('parties', code.partyId)
        if (!party || party.communityId !== code.communityId || !(PARTY_STAFF_KINDS as readonly string[]).includes(party.kind)) {
          throw new AppError('CONFLICT', `party ${code.partyId} is gone or no longer of an acting kind`, '这个单位的登记已经变了，绑定码不能再用，请联系社区重新生成。')
        }
        // Registered since the router looked (e.g. bound to a household meanwhile).
        const [existing] = await tx.find<StoredUser>('users', { openid: user.openid }, { limit: 1 })
        if (existing) throw alreadyRegistered(existing)
        await claimCode(tx, code)
        const created: StoredUser = { _id: deps.newId(), openid: user.openid, name: code.staffName, role: 'party', partyId: party._id, communityId: code.communityId }
        try {
          await tx.insert('users', created)
        } catch (e) {
          if (e instanceof DuplicateKeyError) throw new AppError('CONFLICT', 'a users document for this OPENID was created meanwhile', '您刚刚已经提交过一次绑定，请刷新后查看。')
          throw e
        }
        const used: PartyCodeDoc = { ...code, usedAt: now.toISOString(), usedBy: created._id, version: code.version + 1 }
        if (!(await tx.replaceIfVersion('bindCodes', used, code.version))) throw new AppError('CODE_USED', 'someone used the code meanwhile')
        await recordAudit(tx, {
          id: deps.newId(),
          communityId: code.communityId,
          at: now,
          by: created,
          action: 'members.bindParty',
          entity: 'users',
          entityId: created._id,
          before: null,
          // No OPENID and no code identifier: who, for which party, issued by whom.
          after: { ...auditedUser(created), party: party.name, partyKind: PARTY_KIND_LABELS[party.kind], issuedBy: code.issuedBy },
        })
        return {
          user: { _id: created._id, name: created.name, role: created.role, communityId: created.communityId ?? null, partyId: party._id },
          party: { _id: party._id, name: party.name, kind: party.kind },
        }
      }),
    )
  },
  { openToUnregistered: true },
)

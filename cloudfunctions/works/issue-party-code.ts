import { formatBindCode, PARTY_CODE_DAYS, PARTY_STAFF_KINDS } from '../../src/core/bind-code'
import { AppError } from '../../src/core/errors'
import { PARTY_KIND_LABELS, type Party } from '../../src/core/parties'
import { recordAudit } from '../common/audit'
import { action } from '../common/router'
import { insertNewPartyCode } from '../members/codes'
import { issuePartyCodeInput } from './schemas'
import { worksTarget } from './works-store'

const DAY = 24 * 3600 * 1000

/**
 * The office issues a one-time code for one staff member of a party of its community (a
 * contractor, utility, property manager or supervisor: the kinds whose people act in the app).
 * The code, valid 7 days, is stored only as its hash in `bindCodes` (kind 'party', partyId,
 * communityId, staffName, issuedBy) together with an audit entry, and returned this once; the
 * staff member binds with it (members.bindParty).
 * Outcomes: { code, printed, expiresAt, partyId, partyName, staffName } | FORBIDDEN | NOT_FOUND
 * (no such party in the community) | INVALID_INPUT (a designer or surveyor: nothing to do in the app).
 */
export const issuePartyCode = action(issuePartyCodeInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'works.issuePartyCode')
  const communityId = target.community._id
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + PARTY_CODE_DAYS * DAY).toISOString()

  return deps.store.transaction(async (tx) => {
    const party = await tx.get<Party>('parties', input.partyId)
    if (!party || party.communityId !== communityId) {
      throw new AppError('NOT_FOUND', `party ${input.partyId} is not a party of ${communityId}`, '没有找到这个单位，请刷新后再试。')
    }
    if (!(PARTY_STAFF_KINDS as readonly string[]).includes(party.kind)) {
      throw new AppError(
        'INVALID_INPUT',
        `party ${party._id} is a ${party.kind}: its staff do not act in the app`,
        `${PARTY_KIND_LABELS[party.kind]}不需要在小程序里办理事务，不能生成工作人员绑定码。只有施工、监理、管线单位和物业可以。`,
      )
    }
    const { code } = await insertNewPartyCode(tx, {
      kind: 'party',
      partyId: party._id,
      communityId,
      staffName: input.staffName,
      issuedBy: user._id,
      issuedAt: now.toISOString(),
      expiresAt,
    })
    // No code or hash in the log: which party, whose name, until when.
    await recordAudit(tx, {
      id: deps.newId(),
      communityId,
      at: now,
      by: user,
      action: 'works.issuePartyCode',
      entity: 'parties',
      entityId: party._id,
      before: null,
      after: { party: party.name, partyKind: PARTY_KIND_LABELS[party.kind], staffName: input.staffName, expiresAt },
    })
    return { code, printed: formatBindCode(code), expiresAt, partyId: party._id, partyName: party.name, staffName: input.staffName }
  })
})

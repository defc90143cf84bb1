import { createRouter } from '../common/router'
import { bindHousehold } from './bind-household'
import { bindParty } from './bind-party'
import { decideRequest } from './decide-request'
import { inviteFamily } from './invite-family'
import { issueCodes } from './issue-codes'
import { listMembers } from './list-members'
import { listRequests } from './list-requests'
import { myHouseholds } from './my-households'
import { removeMember } from './remove-member'
import { requestBinding } from './request-binding'

/** Binding WeChat users to households (户) and managing who belongs to each. */
export const handleMembers = createRouter('members', {
  issueCodes,
  bind: bindHousehold,
  bindParty,
  request: requestBinding,
  listRequests,
  decide: decideRequest,
  mine: myHouseholds,
  list: listMembers,
  invite: inviteFamily,
  remove: removeMember,
})

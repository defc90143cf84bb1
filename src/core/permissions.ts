import type { User } from './roles'

/**
 * The one permission table. Every function asks `can(user, action, target)`;
 * an action missing from the table is refused (deny by default).
 */
export interface Target {
  /** The community the thing belongs to. */
  communityId?: string
  /** The district that community belongs to. */
  districtId?: string
  /** The household (户) concerned. */
  householdId?: string
  /** The party (contractor, utility, property manager) a report is assigned to. */
  partyId?: string
}

type Rule = (user: User, target: Target) => boolean

const memberOfCommunity: Rule = (u, t) => u.role === 'resident' && !!u.communityId && u.communityId === t.communityId
const officeOfCommunity: Rule = (u, t) => u.role === 'office' && !!u.communityId && u.communityId === t.communityId
const districtOfCommunity: Rule = (u, t) => u.role === 'district' && !!u.districtId && u.districtId === t.districtId
const admin: Rule = (u) => u.role === 'admin'
const anyone: Rule = () => true
const memberOfHousehold: Rule = (u, t) => !!t.householdId && !!u.memberships?.some((m) => m.householdId === t.householdId)
const ownerOfHousehold: Rule = (u, t) =>
  !!t.householdId && !!u.memberships?.some((m) => m.householdId === t.householdId && m.relation === 'owner')
const districtOfficer: Rule = (u, t) => u.role === 'district' && !!u.districtId && (!t.districtId || u.districtId === t.districtId)
/** People, not staff: office, district and admin accounts never bind to a household (staff and residents stay apart). */
const residentOrVisitor: Rule = (u) => u.role === 'resident' || u.role === 'visitor'
/** A WeChat user we do not know yet (no users document). */
const unregistered: Rule = (u) => u.role === 'visitor'
/** A resident bound to a household of the community (not merely registered there). */
const boundInCommunity: Rule = (u, t) =>
  memberOfCommunity(u, t) && !!u.memberships?.some((m) => m.communityId === t.communityId)
/** Staff of a party (contractor, utility…) working in the community. */
const partyOfCommunity: Rule = (u, t) => u.role === 'party' && !!u.partyId && !!u.communityId && u.communityId === t.communityId
/** Staff of the very party a thing is assigned to. */
const assignedParty: Rule = (u, t) => partyOfCommunity(u, t) && !!t.partyId && u.partyId === t.partyId

export const PERMISSIONS = {
  'account.me': [anyone],
  'notices.list': [memberOfCommunity, officeOfCommunity, districtOfCommunity, admin],
  'notices.get': [memberOfCommunity, officeOfCommunity, districtOfCommunity, admin],
  /** Drafts and withdrawn notices' full history are for the office that writes them. */
  'notices.listDrafts': [officeOfCommunity],
  'notices.create': [officeOfCommunity],
  'notices.update': [officeOfCommunity],
  'notices.publish': [officeOfCommunity],
  'notices.withdraw': [officeOfCommunity],

  /** Roster (名册): personal data, for the community office only; residents see their own household. */
  'households.list': [officeOfCommunity],
  'households.get': [officeOfCommunity, memberOfHousehold],
  'households.update': [officeOfCommunity],
  'households.import': [officeOfCommunity],
  'households.export': [officeOfCommunity],
  /** Totals of area and heads carry no personal data. */
  'households.electorate': [officeOfCommunity, districtOfCommunity, memberOfCommunity, admin],
  'households.audit': [officeOfCommunity, districtOfCommunity],

  /** Binding a WeChat user to a household. */
  'members.issueCodes': [officeOfCommunity],
  'members.bind': [residentOrVisitor],
  'members.request': [residentOrVisitor],
  /** A party's staff member binds with the office's code: only a WeChat user not registered yet (staff and residents stay apart). */
  'members.bindParty': [unregistered],
  'members.listRequests': [officeOfCommunity],
  'members.decide': [officeOfCommunity],
  'members.mine': [anyone],
  'members.list': [memberOfHousehold, officeOfCommunity],
  'members.invite': [ownerOfHousehold],
  'members.remove': [ownerOfHousehold, officeOfCommunity],
  /** Family and tenants may take themselves off a household (members.remove with their own userId). */
  'members.leave': [memberOfHousehold],

  /** District ledger (项目库/台账). */
  'ledger.list': [districtOfficer, admin],
  'ledger.get': [districtOfficer, officeOfCommunity, admin],
  'ledger.update': [districtOfficer, admin],
  'ledger.import': [districtOfficer, admin],
  'ledger.export': [districtOfficer, admin],

  /** Renovation plans: residents read published editions, the office drafts and publishes. */
  'plans.get': [memberOfCommunity, officeOfCommunity, districtOfCommunity, admin],
  'plans.getDraft': [officeOfCommunity, districtOfCommunity],
  'plans.edit': [officeOfCommunity],
  'plans.publish': [officeOfCommunity],
  /** Stages: the office moves its project on; the district sees every project's stage. */
  'plans.advance': [officeOfCommunity],
  'plans.setProgress': [officeOfCommunity],
  /** A resident's own shares and "what changes at my door". */
  'plans.mine': [memberOfHousehold],

  /** Comments and 公示 objections from people bound to a household; answered by the office. */
  'feedback.list': [memberOfCommunity, officeOfCommunity, districtOfCommunity],
  'feedback.create': [memberOfHousehold],
  'feedback.reply': [officeOfCommunity],
  'feedback.hide': [officeOfCommunity],
  'feedback.mine': [anyone],
  'feedback.markRead': [anyone],

  /** Ballots (issue 5): the office runs them; people of the community see them; households vote. */
  'ballots.list': [memberOfCommunity, officeOfCommunity, districtOfCommunity],
  'ballots.get': [memberOfCommunity, officeOfCommunity, districtOfCommunity],
  'ballots.tally': [memberOfCommunity, officeOfCommunity, districtOfCommunity],
  'ballots.create': [officeOfCommunity],
  'ballots.update': [officeOfCommunity],
  'ballots.open': [officeOfCommunity],
  'ballots.close': [officeOfCommunity],
  /**
   * Casting for a household: its members (owners' decisions: owners and proxies, checked in the use
   * case). A proxy the office recorded (`proxies`) may cast for a household they are not a member
   * of: the ballots use cases let relation 'proxy' through (cloudfunctions/ballots/voter.ts).
   */
  'ballots.cast': [memberOfHousehold],
  'ballots.verifyReceipt': [memberOfCommunity, officeOfCommunity, districtOfCommunity],
  'ballots.downloadList': [memberOfCommunity, officeOfCommunity, districtOfCommunity],
  /** The door-knock list names households: the office only. */
  'ballots.doorKnock': [officeOfCommunity],
  /** Paper ballots, their second-staff confirmation, online/paper conflicts and proxies. */
  'ballots.enterPaper': [officeOfCommunity],
  'ballots.confirmPaper': [officeOfCommunity],
  /** Sending a pending paper back (entered wrongly, or not valid): anyone of the office. */
  'ballots.rejectPaper': [officeOfCommunity],
  'ballots.resolveConflict': [officeOfCommunity],
  /** The paper-ballot desk (pending, conflicts, assisted votes with who helped). */
  'ballots.listPaper': [officeOfCommunity],
  /** Proxies: the office records an owner's written authorisation, lists and revokes them. */
  'ballots.addProxy': [officeOfCommunity],
  'ballots.listProxies': [officeOfCommunity],
  'ballots.revokeProxy': [officeOfCommunity],

  /** Parties (issue 6): contractors, supervisors, designers, surveyors, utilities, the property manager. */
  'parties.list': [officeOfCommunity, districtOfCommunity, memberOfCommunity, partyOfCommunity],
  'parties.save': [officeOfCommunity],
  /** A one-time code for one staff member of a party, who binds with it (members.bindParty). */
  'works.issuePartyCode': [officeOfCommunity],

  /** Supervision during the works: residents volunteer and post; the office and contractors answer. */
  'works.supervisors': [memberOfCommunity, officeOfCommunity, districtOfCommunity, partyOfCommunity],
  /** Supervisors are residents bound to a household there (they step down themselves: checked in the use case). */
  'works.volunteer': [boundInCommunity],
  /** The office ends a supervisor's role (a resident who moved away cannot step down themselves). */
  'works.endSupervisor': [officeOfCommunity],
  'works.observations': [memberOfCommunity, officeOfCommunity, districtOfCommunity, partyOfCommunity],
  'works.observe': [memberOfCommunity, officeOfCommunity],
  /** A contractor answers observations on the items it builds (checked in the use case). */
  'works.answer': [officeOfCommunity, partyOfCommunity],
  /** The office records an item's contractor before acceptance (so it may answer observations during the works). */
  'works.setContractor': [officeOfCommunity],

  /** Acceptance (验收): the office files the signed record; everyone of the community reads it. */
  'acceptance.get': [memberOfCommunity, officeOfCommunity, districtOfCommunity, partyOfCommunity],
  'acceptance.record': [officeOfCommunity],
  'acceptance.fixDefect': [officeOfCommunity],

  /** Issue reports (报事报修): residents report; the office routes; the assigned party fixes. */
  'reports.create': [memberOfHousehold],
  'reports.similar': [memberOfCommunity],
  'reports.meToo': [memberOfCommunity],
  'reports.mine': [anyone],
  /** A report's page (residents see others' without the reporter: the use case masks it). */
  'reports.get': [memberOfCommunity, officeOfCommunity, districtOfCommunity, assignedParty],
  'reports.queue': [officeOfCommunity, partyOfCommunity],
  'reports.accept': [officeOfCommunity],
  'reports.assign': [officeOfCommunity],
  'reports.start': [officeOfCommunity, assignedParty],
  'reports.resolve': [officeOfCommunity, assignedParty],
  /** Only the reporter (checked in the use case: reporterId). */
  'reports.confirm': [memberOfCommunity],
  'reports.reopen': [memberOfCommunity],
  /** Open and overdue reports of every community of the district. */
  'reports.overview': [districtOfficer, admin],
} satisfies Record<string, Rule[]>

export type PermissionAction = keyof typeof PERMISSIONS

export function can(user: User, action: string, target: Target = {}): boolean {
  // Own keys only: 'toString', 'constructor' or '__proto__' must be refused, not crash.
  if (!Object.prototype.hasOwnProperty.call(PERMISSIONS, action)) return false
  const rules: Rule[] = (PERMISSIONS as Record<string, Rule[]>)[action]
  return rules.some((rule) => rule(user, target))
}

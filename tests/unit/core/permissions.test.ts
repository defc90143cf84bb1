/**
 * The permission table (src/core/permissions.ts): every action × every kind of caller × where the
 * thing is, against the matrix written out below (from the issue 3 brief: residents, members and
 * owners of a household, the community office, the district office, admin, and visitors not bound
 * yet), and deny-by-default for anything not in the table (design/style.md §3).
 */
import { can, PERMISSIONS, type PermissionAction, type Target } from '@/core/permissions'
import { ROLES, type Membership, type User } from '@/core/roles'

const membership = (householdId: string, userId: string, relation: Membership['relation']): Membership => ({
  _id: `${householdId}:${userId}`,
  householdId,
  communityId: 'c-home',
  userId,
  relation,
  via: 'code',
  addedBy: 'u-off',
  createdAt: '2026-01-01T00:00:00.000Z',
})

/** The callers: a resident who is not (yet) in any household, a family member and an owner of h-home, staff. */
const WHO = {
  visitor: { _id: 'visitor:o-vis', openid: 'o-vis', name: '', role: 'visitor', memberships: [] },
  'resident, no household': { _id: 'u-res', openid: 'o-res', name: '居民', role: 'resident', communityId: 'c-home', memberships: [] },
  'member of h-home': { _id: 'u-mem', openid: 'o-mem', name: '家人', role: 'resident', communityId: 'c-home', memberships: [membership('h-home', 'u-mem', 'family')] },
  'owner of h-home': { _id: 'u-own', openid: 'o-own', name: '业主', role: 'resident', communityId: 'c-home', memberships: [membership('h-home', 'u-own', 'owner')] },
  'office of c-home': { _id: 'u-off', openid: 'o-off', name: '社区', role: 'office', communityId: 'c-home' },
  'district d-home': { _id: 'u-dis', openid: 'o-dis', name: '区住建', role: 'district', districtId: 'd-home' },
  admin: { _id: 'u-adm', openid: 'o-adm', name: '管理员', role: 'admin' },
  'party p-home of c-home': { _id: 'u-par', openid: 'o-par', name: '施工单位', role: 'party', communityId: 'c-home', partyId: 'p-home' },
} satisfies Record<string, User>
type Who = keyof typeof WHO
const WHOS = Object.keys(WHO) as Who[]

const PLACES = {
  'own household': { communityId: 'c-home', districtId: 'd-home', householdId: 'h-home' },
  'neighbour household': { communityId: 'c-home', districtId: 'd-home', householdId: 'h-next' },
  'own community': { communityId: 'c-home', districtId: 'd-home' },
  'assigned to p-home': { communityId: 'c-home', districtId: 'd-home', partyId: 'p-home' },
  'assigned to another party': { communityId: 'c-home', districtId: 'd-home', partyId: 'p-other' },
  'p-home in another community': { communityId: 'c-next', districtId: 'd-home', partyId: 'p-home' },
  'other community, same district': { communityId: 'c-next', districtId: 'd-home' },
  'household in another community': { communityId: 'c-next', districtId: 'd-home', householdId: 'h-far' },
  'other district': { communityId: 'c-far', districtId: 'd-far' },
  'own district, no community': { districtId: 'd-home' },
  'other district, no community': { districtId: 'd-far' },
  'no target': {},
} satisfies Record<string, Target>
type Place = keyof typeof PLACES
const EVERYWHERE = Object.keys(PLACES) as Place[]
/** Targets inside c-home. */
const HOME: Place[] = ['own household', 'neighbour household', 'own community', 'assigned to p-home', 'assigned to another party']
/** Targets whose district is d-home. */
const DISTRICT: Place[] = [...HOME, 'other community, same district', 'household in another community', 'p-home in another community', 'own district, no community']
/** The district ledger: the officer's district, or no district named (their own is implied). */
const DISTRICT_OR_NONE: Place[] = [...DISTRICT, 'no target']
const OWN_HOUSEHOLD: Place[] = ['own household']

/** A row of the matrix: who may, where; everyone not named may nowhere. */
const only = (allowed: Partial<Record<Who, Place[]>>): Record<Who, Place[]> =>
  Object.fromEntries(WHOS.map((w) => [w, allowed[w] ?? []])) as Record<Who, Place[]>
const EVERYONE = only(Object.fromEntries(WHOS.map((w) => [w, EVERYWHERE])))
const RESIDENTS_OF_HOME = { 'resident, no household': HOME, 'member of h-home': HOME, 'owner of h-home': HOME }
/** Office-only writing: the office of the community, nobody else (not even district or admin). */
const OFFICE_ONLY = only({ 'office of c-home': HOME })
/** Reading: residents and office of the community, the district of the community, admin anywhere. */
const READERS = only({ ...RESIDENTS_OF_HOME, 'office of c-home': HOME, 'district d-home': DISTRICT, admin: EVERYWHERE })
/** Binding: people, never staff accounts (visitors included, wherever). */
const PEOPLE = only({ visitor: EVERYWHERE, 'resident, no household': EVERYWHERE, 'member of h-home': EVERYWHERE, 'owner of h-home': EVERYWHERE })
/** Ballots, results and the anonymised list: residents and office of the community, its district. */
const BALLOT_READERS = only({ ...RESIDENTS_OF_HOME, 'office of c-home': HOME, 'district d-home': DISTRICT })
const DISTRICT_LEDGER = only({ 'district d-home': DISTRICT_OR_NONE, admin: EVERYWHERE })
/** Issue 6: the community's people, its office, its district and the parties working in it. */
const WORKS_READERS = only({ ...RESIDENTS_OF_HOME, 'office of c-home': HOME, 'district d-home': DISTRICT, 'party p-home of c-home': HOME })
const COMMUNITY_PEOPLE = only({ ...RESIDENTS_OF_HOME })

const EXPECTED: Record<PermissionAction, Record<Who, Place[]>> = {
  'account.me': EVERYONE,
  'notices.list': READERS,
  'notices.get': READERS,
  'notices.listDrafts': OFFICE_ONLY,
  'notices.create': OFFICE_ONLY,
  'notices.update': OFFICE_ONLY,
  'notices.publish': OFFICE_ONLY,
  'notices.withdraw': OFFICE_ONLY,

  'households.list': OFFICE_ONLY,
  'households.get': only({ 'office of c-home': HOME, 'member of h-home': OWN_HOUSEHOLD, 'owner of h-home': OWN_HOUSEHOLD }),
  'households.update': OFFICE_ONLY,
  'households.import': OFFICE_ONLY,
  'households.export': OFFICE_ONLY,
  'households.electorate': READERS,
  'households.audit': only({ 'office of c-home': HOME, 'district d-home': DISTRICT }),

  'members.issueCodes': OFFICE_ONLY,
  'members.bind': PEOPLE,
  'members.request': PEOPLE,
  /** Party staff accounts: only a WeChat user not registered yet (staff and residents stay apart). */
  'members.bindParty': only({ visitor: EVERYWHERE }),
  'members.listRequests': OFFICE_ONLY,
  'members.decide': OFFICE_ONLY,
  'members.mine': EVERYONE,
  'members.list': only({ 'office of c-home': HOME, 'member of h-home': OWN_HOUSEHOLD, 'owner of h-home': OWN_HOUSEHOLD }),
  'members.invite': only({ 'owner of h-home': OWN_HOUSEHOLD }),
  'members.remove': only({ 'office of c-home': HOME, 'owner of h-home': OWN_HOUSEHOLD }),
  'members.leave': only({ 'member of h-home': OWN_HOUSEHOLD, 'owner of h-home': OWN_HOUSEHOLD }),

  'ledger.list': DISTRICT_LEDGER,
  'ledger.get': only({ 'district d-home': DISTRICT_OR_NONE, 'office of c-home': HOME, admin: EVERYWHERE }),
  'ledger.update': DISTRICT_LEDGER,
  'ledger.import': DISTRICT_LEDGER,
  'ledger.export': DISTRICT_LEDGER,

  'plans.get': READERS,
  'plans.getDraft': only({ 'office of c-home': HOME, 'district d-home': DISTRICT }),
  'plans.edit': OFFICE_ONLY,
  'plans.publish': OFFICE_ONLY,
  'plans.advance': OFFICE_ONLY,
  'plans.setProgress': OFFICE_ONLY,
  'plans.mine': only({ 'member of h-home': OWN_HOUSEHOLD, 'owner of h-home': OWN_HOUSEHOLD }),

  /** Not admin: comments are between residents and their office (the district may read them). */
  'feedback.list': only({ ...RESIDENTS_OF_HOME, 'office of c-home': HOME, 'district d-home': DISTRICT }),
  'feedback.create': only({ 'member of h-home': OWN_HOUSEHOLD, 'owner of h-home': OWN_HOUSEHOLD }),
  'feedback.reply': OFFICE_ONLY,
  'feedback.hide': OFFICE_ONLY,
  /** One's own comments and notifications (the router still turns visitors away: not open to unregistered). */
  'feedback.mine': EVERYONE,
  'feedback.markRead': EVERYONE,

  /** Ballots: the community's people read them (not admin: a community matter); the office runs them. */
  'ballots.list': BALLOT_READERS,
  'ballots.get': BALLOT_READERS,
  'ballots.tally': BALLOT_READERS,
  'ballots.create': OFFICE_ONLY,
  'ballots.update': OFFICE_ONLY,
  'ballots.open': OFFICE_ONLY,
  'ballots.close': OFFICE_ONLY,
  /** Members of the household only (owners' decisions further limited to owners/proxies in the use case). */
  'ballots.cast': only({ 'member of h-home': OWN_HOUSEHOLD, 'owner of h-home': OWN_HOUSEHOLD }),
  'ballots.verifyReceipt': BALLOT_READERS,
  'ballots.downloadList': BALLOT_READERS,
  'ballots.doorKnock': OFFICE_ONLY,
  'ballots.enterPaper': OFFICE_ONLY,
  'ballots.confirmPaper': OFFICE_ONLY,
  'ballots.rejectPaper': OFFICE_ONLY,
  'ballots.resolveConflict': OFFICE_ONLY,
  'ballots.listPaper': OFFICE_ONLY,
  'ballots.addProxy': OFFICE_ONLY,
  'ballots.listProxies': OFFICE_ONLY,
  'ballots.revokeProxy': OFFICE_ONLY,

  'parties.list': WORKS_READERS,
  'parties.save': OFFICE_ONLY,
  'works.issuePartyCode': OFFICE_ONLY,
  'works.supervisors': WORKS_READERS,
  'works.volunteer': only({ 'member of h-home': HOME, 'owner of h-home': HOME }),
  'works.endSupervisor': OFFICE_ONLY,
  'works.observations': WORKS_READERS,
  'works.observe': only({ ...RESIDENTS_OF_HOME, 'office of c-home': HOME }),
  'works.answer': only({ 'office of c-home': HOME, 'party p-home of c-home': HOME }),
  'works.setContractor': OFFICE_ONLY,
  'acceptance.get': WORKS_READERS,
  'acceptance.record': OFFICE_ONLY,
  'acceptance.fixDefect': OFFICE_ONLY,
  'reports.create': only({ 'member of h-home': OWN_HOUSEHOLD, 'owner of h-home': OWN_HOUSEHOLD }),
  'reports.similar': COMMUNITY_PEOPLE,
  'reports.meToo': COMMUNITY_PEOPLE,
  'reports.mine': EVERYONE,
  'reports.get': only({ ...RESIDENTS_OF_HOME, 'office of c-home': HOME, 'district d-home': DISTRICT, 'party p-home of c-home': ['assigned to p-home'] }),
  'reports.queue': only({ 'office of c-home': HOME, 'party p-home of c-home': HOME }),
  'reports.accept': OFFICE_ONLY,
  'reports.assign': OFFICE_ONLY,
  'reports.start': only({ 'office of c-home': HOME, 'party p-home of c-home': ['assigned to p-home'] }),
  'reports.resolve': only({ 'office of c-home': HOME, 'party p-home of c-home': ['assigned to p-home'] }),
  'reports.confirm': COMMUNITY_PEOPLE,
  'reports.reopen': COMMUNITY_PEOPLE,
  'reports.overview': DISTRICT_LEDGER,
}

test('the expected matrix covers exactly the actions in the table', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort())
})

test('the callers cover every role', () => {
  expect(new Set(WHOS.map((w) => WHO[w].role))).toEqual(new Set([...ROLES, 'visitor']))
})

const CASES = (Object.keys(PERMISSIONS) as PermissionAction[]).flatMap((action) =>
  WHOS.flatMap((who) => EVERYWHERE.map((place) => [action, who, place, EXPECTED[action][who].includes(place)] as const)),
)

test.each(CASES)('%s by %s at %s → %s', (action, who, place, allowed) => {
  expect(can(WHO[who], action, PLACES[place])).toBe(allowed)
})

test('every forbidden cell is really refused: the matrix has refusals for every action but the caller\'s own things', () => {
  const withRefusals = (Object.keys(PERMISSIONS) as PermissionAction[]).filter((a) => CASES.some(([action, , , allowed]) => action === a && !allowed))
  expect(Object.keys(PERMISSIONS).filter((a) => !withRefusals.includes(a as PermissionAction)).sort()).toEqual(['account.me', 'feedback.markRead', 'feedback.mine', 'members.mine', 'reports.mine'])
})

describe('households: a membership counts only where it is', () => {
  test('a member is not a member of a household whose id merely looks alike, nor with the id missing', () => {
    const owner = WHO['owner of h-home']
    for (const householdId of ['h-home ', 'H-HOME', 'h-hom', '', undefined]) {
      expect(can(owner, 'members.invite', { communityId: 'c-home', districtId: 'd-home', householdId })).toBe(false)
    }
  })

  test('a family member is not an owner; staff with a stray membership still cannot bind', () => {
    expect(can(WHO['member of h-home'], 'members.invite', PLACES['own household'])).toBe(false)
    const officeWithMembership: User = { ...WHO['office of c-home'], memberships: [membership('h-home', 'u-off', 'owner')] }
    expect(can(officeWithMembership, 'members.bind')).toBe(false)
    expect(can(officeWithMembership, 'members.request')).toBe(false)
  })
})

describe('supervisors (works.volunteer) are residents with a home in the community', () => {
  test('a resident registered in c-home whose only household lies elsewhere may not volunteer there', () => {
    const elsewhere: User = { ...WHO['resident, no household'], memberships: [{ ...membership('h-far', 'u-res', 'owner'), communityId: 'c-next' }] }
    expect(can(elsewhere, 'works.volunteer', PLACES['own community'])).toBe(false)
    expect(can(WHO['member of h-home'], 'works.volunteer', PLACES['own community'])).toBe(true)
  })
})

describe('a user without a community or district matches nothing by accident', () => {
  // undefined === undefined must not count as "same community".
  test.each([
    ['resident without community', { ...WHO['resident, no household'], communityId: undefined }, 'notices.list'],
    ['office without community', { ...WHO['office of c-home'], communityId: undefined }, 'notices.create'],
    ['district officer without district', { ...WHO['district d-home'], districtId: undefined }, 'notices.list'],
  ] as [string, User, PermissionAction][])('%s', (_case, user, action) => {
    for (const target of Object.values(PLACES)) expect(can(user, action, target)).toBe(false)
    expect(can(user, action)).toBe(false)
  })

  test('a district officer with a communityId does not become a member of it', () => {
    expect(can({ ...WHO['district d-home'], communityId: 'c-far' }, 'notices.list', PLACES['other district'])).toBe(false)
  })

  test('an office user does not get district-wide reach from a districtId', () => {
    expect(can({ ...WHO['office of c-home'], districtId: 'd-home' }, 'notices.create', PLACES['other community, same district'])).toBe(false)
  })
})

describe('deny by default: an action missing from the table is refused for every role', () => {
  const UNKNOWN = [
    'notices.delete',
    'votes.cast',
    '',
    'NOTICES.LIST',
    'notices.list ',
    'notices',
    // Keys every object inherits must not be mistaken for table entries (they used to throw).
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    'valueOf',
  ]
  test.each(UNKNOWN.flatMap((action) => WHOS.map((who) => [action, who] as const)))('%j by %s', (action, who) => {
    for (const target of Object.values(PLACES)) expect(can(WHO[who], action, target)).toBe(false)
  })
})

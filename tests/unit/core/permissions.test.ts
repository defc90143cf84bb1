/**
 * The permission table (src/core/permissions.ts): every action × every role × where the thing is,
 * against the matrix written out below, and deny-by-default for anything not in the table
 * (design/style.md §3).
 */
import { can, PERMISSIONS, type PermissionAction, type Target } from '@/core/permissions'
import { ROLES, type Role, type User } from '@/core/roles'

const USERS: Record<Role, User> = {
  resident: { _id: 'u-res', openid: 'o-res', name: '居民', role: 'resident', communityId: 'c-home' },
  office: { _id: 'u-off', openid: 'o-off', name: '社区', role: 'office', communityId: 'c-home' },
  district: { _id: 'u-dis', openid: 'o-dis', name: '区住建', role: 'district', districtId: 'd-home' },
  admin: { _id: 'u-adm', openid: 'o-adm', name: '管理员', role: 'admin' },
}

type Place = 'own community' | 'neighbour in the same district' | 'community in another district' | 'no target'
const PLACES: Record<Place, Target> = {
  'own community': { communityId: 'c-home', districtId: 'd-home' },
  'neighbour in the same district': { communityId: 'c-next', districtId: 'd-home' },
  'community in another district': { communityId: 'c-far', districtId: 'd-far' },
  'no target': {},
}
const EVERYWHERE = Object.keys(PLACES) as Place[]
const DISTRICT_WIDE: Place[] = ['own community', 'neighbour in the same district']
const NOWHERE: Place[] = []

/** Office-only writing: the office of the community, nobody else (not even district or admin). */
const OFFICE_ONLY: Record<Role, Place[]> = { resident: NOWHERE, office: ['own community'], district: NOWHERE, admin: NOWHERE }
/** Reading: members and office of the community, the district of the community, admin anywhere. */
const READERS: Record<Role, Place[]> = { resident: ['own community'], office: ['own community'], district: DISTRICT_WIDE, admin: EVERYWHERE }

const EXPECTED: Record<PermissionAction, Record<Role, Place[]>> = {
  'account.me': { resident: EVERYWHERE, office: EVERYWHERE, district: EVERYWHERE, admin: EVERYWHERE },
  'notices.list': READERS,
  'notices.get': READERS,
  'notices.listDrafts': OFFICE_ONLY,
  'notices.create': OFFICE_ONLY,
  'notices.update': OFFICE_ONLY,
  'notices.publish': OFFICE_ONLY,
  'notices.withdraw': OFFICE_ONLY,
}

test('the expected matrix covers exactly the actions in the table', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort())
})

const CASES = (Object.keys(PERMISSIONS) as PermissionAction[]).flatMap((action) =>
  ROLES.flatMap((role) =>
    EVERYWHERE.map((place) => [action, role, place, EXPECTED[action][role].includes(place)] as const),
  ),
)

test.each(CASES)('%s by %s in %s → %s', (action, role, place, allowed) => {
  expect(can(USERS[role], action, PLACES[place])).toBe(allowed)
})

describe('a user without a community or district matches nothing by accident', () => {
  // undefined === undefined must not count as "same community".
  test.each([
    ['resident without community', { ...USERS.resident, communityId: undefined }, 'notices.list'],
    ['office without community', { ...USERS.office, communityId: undefined }, 'notices.create'],
    ['district officer without district', { ...USERS.district, districtId: undefined }, 'notices.list'],
  ] as [string, User, PermissionAction][])('%s', (_case, user, action) => {
    for (const target of Object.values(PLACES)) expect(can(user, action, target)).toBe(false)
    expect(can(user, action)).toBe(false)
  })

  test('a district officer with a communityId does not become a member of it', () => {
    expect(can({ ...USERS.district, communityId: 'c-far' }, 'notices.list', PLACES['community in another district'])).toBe(false)
  })

  test('an office user does not get district-wide reach from a districtId', () => {
    expect(can({ ...USERS.office, districtId: 'd-home' }, 'notices.create', PLACES['neighbour in the same district'])).toBe(false)
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
  test.each(UNKNOWN.flatMap((action) => ROLES.map((role) => [action, role] as const)))('%j by %s', (action, role) => {
    for (const target of Object.values(PLACES)) expect(can(USERS[role], action, target)).toBe(false)
  })
})

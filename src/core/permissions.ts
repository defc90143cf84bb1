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
}

type Rule = (user: User, target: Target) => boolean

const memberOfCommunity: Rule = (u, t) => u.role === 'resident' && !!u.communityId && u.communityId === t.communityId
const officeOfCommunity: Rule = (u, t) => u.role === 'office' && !!u.communityId && u.communityId === t.communityId
const districtOfCommunity: Rule = (u, t) => u.role === 'district' && !!u.districtId && u.districtId === t.districtId
const admin: Rule = (u) => u.role === 'admin'

export const PERMISSIONS = {
  'account.me': [() => true],
  'notices.list': [memberOfCommunity, officeOfCommunity, districtOfCommunity, admin],
  'notices.get': [memberOfCommunity, officeOfCommunity, districtOfCommunity, admin],
  /** Drafts and withdrawn notices' full history are for the office that writes them. */
  'notices.listDrafts': [officeOfCommunity],
  'notices.create': [officeOfCommunity],
  'notices.update': [officeOfCommunity],
  'notices.publish': [officeOfCommunity],
  'notices.withdraw': [officeOfCommunity],
} satisfies Record<string, Rule[]>

export type PermissionAction = keyof typeof PERMISSIONS

export function can(user: User, action: string, target: Target = {}): boolean {
  // Own keys only: 'toString', 'constructor' or '__proto__' must be refused, not crash.
  if (!Object.prototype.hasOwnProperty.call(PERMISSIONS, action)) return false
  const rules: Rule[] = (PERMISSIONS as Record<string, Rule[]>)[action]
  return rules.some((rule) => rule(user, target))
}

import * as z from 'zod/mini'

/** Stored roles. A `visitor` is a WeChat user not yet bound to any household (never stored). */
export const ROLES = ['resident', 'office', 'district', 'admin', 'party'] as const
export type StoredRole = (typeof ROLES)[number]
export type Role = StoredRole | 'visitor'

export const ROLE_LABELS: Record<Role, string> = {
  visitor: '未绑定房屋的用户',
  resident: '居民',
  office: '社区工作人员',
  district: '区住建工作人员',
  admin: '系统管理员',
  party: '参建或维修单位',
}

export const userSchema = z.object({
  _id: z.string(),
  /** WeChat OPENID (or the demo identity's id in local mode). */
  openid: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  /** Resident and office: their community. */
  communityId: z.optional(z.string()),
  /** District officer: their district. */
  districtId: z.optional(z.string()),
  /** Party staff (contractor, utility, property manager…): the party they act for (src/core/parties.ts). */
  partyId: z.optional(z.string()),
  /** Resident: a label of the household they are bound to, e.g. "1号楼1单元302" (display only). */
  householdLabel: z.optional(z.string()),
})
export type StoredUser = z.infer<typeof userSchema>

/** How a person belongs to a household (户): owners decide, family and tenants take part. */
export const RELATIONS = ['owner', 'family', 'tenant'] as const
export type Relation = (typeof RELATIONS)[number]
export const RELATION_LABELS: Record<Relation, string> = { owner: '业主本人', family: '家庭成员', tenant: '租户' }

export interface Membership {
  /** `${householdId}:${userId}`: one membership per person per household. */
  _id: string
  householdId: string
  communityId: string
  userId: string
  relation: Relation
  /** How they joined: a printed code, an approved request, an owner's invitation, or the demo seed. */
  via: 'code' | 'request' | 'invite' | 'seed'
  addedBy: string
  createdAt: string
  /**
   * For an owner: the registered owner they were matched to (`ownerKey` of name + ID tail), so
   * that when the flat's registered owners change, a former owner is noticed (see former-owners.ts).
   */
  ownerKey?: string
}

/** The caller as every use case sees it: the stored user (or a visitor) and their households. */
export type User = Omit<StoredUser, 'role'> & { role: Role; memberships?: Membership[] }

export function membershipId(householdId: string, userId: string): string {
  return `${householdId}:${userId}`
}

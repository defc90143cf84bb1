import * as z from 'zod/mini'

export const ROLES = ['resident', 'office', 'district', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  office: '社区工作人员',
  district: '区住建工作人员',
  admin: '系统管理员',
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
  /** Resident: the household they are bound to, as "building-unit-room" label until the roster lands. */
  householdLabel: z.optional(z.string()),
})
export type User = z.infer<typeof userSchema>

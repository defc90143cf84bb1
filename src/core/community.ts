import * as z from 'zod/mini'

export const districtSchema = z.object({
  _id: z.string(),
  name: z.string(),
  city: z.string(),
})
export type District = z.infer<typeof districtSchema>

export const communitySchema = z.object({
  _id: z.string(),
  name: z.string(),
  districtId: z.string(),
  street: z.string(),
  yearBuilt: z.number(),
  buildingCount: z.number(),
  householdCount: z.number(),
})
export type Community = z.infer<typeof communitySchema>

export const buildingSchema = z.object({
  _id: z.string(),
  communityId: z.string(),
  /** Shown as "3号楼". */
  number: z.number(),
  floors: z.number(),
})
export type Building = z.infer<typeof buildingSchema>

/** A stairwell unit (单元) of a building. */
export const unitSchema = z.object({
  _id: z.string(),
  communityId: z.string(),
  buildingId: z.string(),
  number: z.number(),
})
export type Unit = z.infer<typeof unitSchema>

export const householdSchema = z.object({
  _id: z.string(),
  communityId: z.string(),
  buildingId: z.string(),
  unitId: z.string(),
  /** Room number as on the door, e.g. "301". */
  room: z.string(),
  floor: z.number(),
  /**
   * Exclusive area from the property register, in hundredths of a square metre
   * (an integer, so that sums stay exact).
   */
  areaCentiM2: z.number(),
})
export type Household = z.infer<typeof householdSchema>

export function buildingLabel(b: Pick<Building, 'number'>): string {
  return `${b.number}号楼`
}

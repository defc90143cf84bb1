import * as z from 'zod/mini'
import { ledgerFieldsSchema } from './ledger'

export const districtSchema = z.object({
  _id: z.string(),
  name: z.string(),
  city: z.string(),
})
export type District = z.infer<typeof districtSchema>

/** A community is a district ledger entry (src/core/ledger.ts) with its id and district. */
export const communitySchema = z.extend(ledgerFieldsSchema, {
  _id: z.string(),
  districtId: z.string(),
})
export type Community = z.infer<typeof communitySchema>

export const buildingSchema = z.object({
  _id: z.string(),
  communityId: z.string(),
  /** Shown as "3号楼". */
  number: z.number(),
  /** Floors above ground; null until known (a ledger import creates buildings before the roster arrives). */
  floors: z.nullable(z.number()),
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

/** An owner as the property register names them; `idTail` (last 4 of the ID number) tells namesakes apart. */
export const ownerSchema = z.object({
  name: z.string(),
  idTail: z.optional(z.string()),
  phone: z.optional(z.string()),
})
export type Owner = z.infer<typeof ownerSchema>

export const householdSchema = z.object({
  _id: z.string(),
  communityId: z.string(),
  buildingId: z.string(),
  unitId: z.string(),
  /** Denormalised for labels and sorting: 3号楼2单元. */
  buildingNumber: z.number(),
  unitNumber: z.number(),
  /** Room number as on the door, e.g. "301". */
  room: z.string(),
  floor: z.number(),
  /**
   * Exclusive area from the property register, in hundredths of a square metre
   * (an integer, so that sums stay exact).
   */
  areaCentiM2: z.number(),
  /** Registered owners; empty only for a flat the developer never sold. */
  owners: z.array(ownerSchema),
  /** Several co-owners share the flat (they count as one head and cast one vote). */
  coOwned: z.boolean(),
  /** Never sold by the developer: all such flats together count as one head. */
  developerUnsold: z.boolean(),
  /** Let to tenants (tenants answer surveys, never owners' decisions). */
  tenantOccupied: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
})
export type Household = z.infer<typeof householdSchema>

export function buildingLabel(b: Pick<Building, 'number'>): string {
  return `${b.number}号楼`
}

/** "3号楼2单元501" */
export function householdLabel(h: Pick<Household, 'buildingNumber' | 'unitNumber' | 'room'>): string {
  return `${h.buildingNumber}号楼${h.unitNumber}单元${h.room}`
}

/** Deterministic ids, so that re-importing a roster updates the same households. */
export const ids = {
  building: (communityId: string, number: number) => `${communityId}-b${number}`,
  unit: (communityId: string, building: number, unit: number) => `${communityId}-b${building}-u${unit}`,
  household: (communityId: string, building: number, unit: number, room: string) => `${communityId}-b${building}-u${unit}-${room}`,
}

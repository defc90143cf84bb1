import type { Household, Owner } from './community'

/**
 * Who may decide, and with how much weight: the electorate of a scope (whole community, one
 * building, one stairwell unit) counted as voting-law.md "Counting area and heads" says:
 *
 * - area = the sum of the flats' exclusive areas (integers in centi-m², so the sum is exact);
 * - heads = flats, except that flats sharing an owner are one head (their owners are joined
 *   transitively, like a union-find), the co-owners of one flat are one head, and all the flats
 *   the developer has not sold are together one head.
 *
 * Why transitively: an owner casts ONE vote covering all their flats, and a co-owned flat casts
 * one vote. If X and Y co-own flat A and Y alone owns flat B, then A's and B's votes must be the
 * same ballot (Y's), so X, Y, A and B form one head; chains extend the same way. voting-law.md
 * does not spell out chains; this is the only reading where every flat has exactly one vote and
 * no person has two.
 *
 * An owner is identified by name + last four of the ID number (`idTail`), so namesakes with
 * different tails are different people. Only flats inside the scope are counted: an owner with
 * flats in two units is one head in each unit's scope and one head in the building's.
 */
export type ElectorateScope = { kind: 'community' } | { kind: 'building'; buildingId: string } | { kind: 'unit'; unitId: string }

export interface Electorate {
  /** Flats (exclusive units) in the scope. */
  flats: number
  /** Total exclusive area in centi-m² (an exact integer). */
  areaCentiM2: number
  /** Owner headcount per the rules above. */
  heads: number
  /** Flats the developer has not sold (together one head if any). */
  unsoldFlats: number
}

/** One head of the electorate: the flats it votes for (one ballot covers all of them). */
export interface Head {
  /** 'unsold' for the developer's flats, else the id of the head's first flat. */
  key: string
  householdIds: string[]
  areaCentiM2: number
}

export function inScope(h: Pick<Household, 'buildingId' | 'unitId'>, scope: ElectorateScope): boolean {
  if (scope.kind === 'building') return h.buildingId === scope.buildingId
  if (scope.kind === 'unit') return h.unitId === scope.unitId
  return true
}

/** How the register names a person: name and ID tail, whitespace- and width-insensitive (NFKC), X in any case. */
export function ownerKey(o: Pick<Owner, 'name' | 'idTail'>): string {
  return `${o.name.normalize('NFKC').replace(/\s+/g, '')}|${(o.idTail ?? '').normalize('NFKC').trim().toUpperCase()}`
}

type Flat = Pick<Household, '_id' | 'buildingId' | 'unitId' | 'areaCentiM2' | 'owners' | 'developerUnsold'>

/** The heads of a scope, each with its flats, in the order of their first flat. */
export function electorateHeads(households: readonly Flat[], scope: ElectorateScope): Head[] {
  const flats = households.filter((h) => inScope(h, scope))
  const parent = flats.map((_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  const union = (a: number, b: number) => {
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }
  const firstFlatOfOwner = new Map<string, number>()
  let firstUnsold = -1
  flats.forEach((h, i) => {
    if (h.developerUnsold) {
      if (firstUnsold < 0) firstUnsold = i
      else union(firstUnsold, i)
      return
    }
    for (const o of h.owners) {
      const key = ownerKey(o)
      const seen = firstFlatOfOwner.get(key)
      if (seen === undefined) firstFlatOfOwner.set(key, i)
      else union(seen, i)
    }
  })
  const heads = new Map<number, Head>()
  flats.forEach((h, i) => {
    const root = find(i)
    let head = heads.get(root)
    if (!head) {
      head = { key: flats[root].developerUnsold ? 'unsold' : flats[root]._id, householdIds: [], areaCentiM2: 0 }
      heads.set(root, head)
    }
    head.householdIds.push(h._id)
    head.areaCentiM2 = addArea(head.areaCentiM2, h.areaCentiM2)
  })
  return [...heads.values()]
}

/** The totals of a scope's electorate. */
export function electorate(households: readonly Flat[], scope: ElectorateScope): Electorate {
  const flats = households.filter((h) => inScope(h, scope))
  let areaCentiM2 = 0
  for (const h of flats) areaCentiM2 = addArea(areaCentiM2, h.areaCentiM2)
  return {
    flats: flats.length,
    areaCentiM2,
    heads: electorateHeads(flats, { kind: 'community' }).length,
    unsoldFlats: flats.filter((h) => h.developerUnsold).length,
  }
}

function addArea(sum: number, area: number): number {
  if (!Number.isSafeInteger(area) || area < 0) throw new RangeError(`area must be a non-negative integer of centi-m², got ${area}`)
  const next = sum + area
  if (!Number.isSafeInteger(next)) throw new RangeError('area sum out of the exact integer range')
  return next
}

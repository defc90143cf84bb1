import type { AcceptanceFields, Acceptance } from '@/core/acceptance'
import type { Party, PartyFields } from '@/core/parties'
import type { ObservationFields, SupervisionTarget } from '@/core/works'
import type { AcceptanceView, ObservationView, SupervisorView, WorksItem } from '@/core/works-view'
import { call } from './api'

/** A staff member's binding code as issued (the plain code is shown this once). */
export interface IssuedPartyCode {
  code: string
  /** As shown, e.g. "ABCD-EFGH". */
  printed: string
  expiresAt: string
  partyId: string
  partyName: string
  staffName: string
}

/** The `works` function: parties, supervision during the works, acceptance. */
export const worksApi = {
  /** The plan's items as the works see them (chosen onwards). */
  items: () => call<{ items: WorksItem[]; planVersion: number | null }>('works', 'items', {}),
  parties: () => call<{ items: Party[] }>('works', 'parties', {}),
  /** Office: a new party (no id) or a change (id + version). */
  saveParty: (input: PartyFields & { id?: string; version?: number }) => call<Party>('works', 'saveParty', input),
  /** Office: a one-time code (7 days) for one staff member of a party, shown once; they bind with members.bindParty. */
  issuePartyCode: (partyId: string, staffName: string) => call<IssuedPartyCode>('works', 'issuePartyCode', { partyId, staffName }),

  supervisors: (filter: { itemId?: string; buildingId?: string } = {}) => call<{ items: SupervisorView[] }>('works', 'supervisors', filter),
  volunteer: (input: { target: SupervisionTarget; displayName: string }) => call<SupervisorView>('works', 'volunteer', input),
  stepDown: (supervisorId: string, version: number) => call<SupervisorView>('works', 'stepDown', { supervisorId, version }),
  /** Office: ends someone's supervisor role (moved away…), with why (audited). */
  endSupervisor: (supervisorId: string, version: number, reason: string) => call<SupervisorView>('works', 'endSupervisor', { supervisorId, version, reason }),

  observations: (itemId: string) => call<{ items: ObservationView[] }>('works', 'observations', { itemId }),
  observe: (input: ObservationFields) => call<ObservationView>('works', 'observe', input),
  answer: (observationId: string, version: number, text: string) => call<ObservationView>('works', 'answer', { observationId, version, text }),

  acceptance: (itemId: string) => call<AcceptanceView>('works', 'acceptance', { itemId }),
  /** Office: files a signed acceptance record (a new attempt). `planVersion` guards the item's progress. */
  recordAcceptance: (input: AcceptanceFields & { planVersion: number }) => call<Acceptance>('works', 'recordAcceptance', input),
  /** Office: marks one defect of a passedWithFixes record as fixed (`version`: the record's, when known). */
  fixDefect: (acceptanceId: string, defect: number, version?: number) => call<Acceptance>('works', 'fixDefect', { acceptanceId, defect, version }),
  /** Office: the item's contractor during the works (it may then answer observations on the item). */
  setContractor: (input: { itemId: string; partyId: string; planVersion: number }) => call<WorksItem>('works', 'setContractor', input),
}

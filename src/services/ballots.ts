import type { Answer, Ballot, Question } from '@/core/ballot'
import type { BallotForHousehold, BallotSummary, BallotTally, CastResult, DoorKnockRow } from '@/core/ballot-view'
import type { AssistedRow, PaperStatus, PaperView } from '@/core/paper'
import type { ProxyView } from '@/core/proxies'
import type { VoterRelation } from '@/core/votes'
import { call } from './api'

export interface BallotDraft {
  title: string
  opensAt: string
  closesAt: string
  showRunningConsent: boolean
  questions: Question[]
}

/** The `ballots` function. */
export const ballotsApi = {
  list: () => call<{ items: BallotSummary[] }>('ballots', 'list', {}),
  /** The whole ballot (office) or, with householdId, what that household answers. */
  get: (ballotId: string) => call<Ballot>('ballots', 'get', { ballotId }),
  forHousehold: (ballotId: string, householdId: string) => call<BallotForHousehold>('ballots', 'get', { ballotId, householdId }),
  create: (draft: BallotDraft) => call<Ballot>('ballots', 'create', draft),
  update: (ballotId: string, version: number, draft: BallotDraft) => call<Ballot>('ballots', 'update', { ballotId, version, ...draft }),
  /** Publishes the ballot: it opens at opensAt. */
  open: (ballotId: string, version: number) => call<Ballot>('ballots', 'open', { ballotId, version }),
  /** Closes now: counts, publishes the result notice and the anonymised list. */
  close: (ballotId: string, version: number) => call<Ballot>('ballots', 'close', { ballotId, version }),
  cast: (input: { ballotId: string; householdId: string; requestId: string; version: number; answers: Answer[]; assistedBy?: string }) =>
    call<CastResult>('ballots', 'cast', input),
  tally: (ballotId: string) => call<BallotTally>('ballots', 'tally', { ballotId }),
  /**
   * What a receipt recorded; `standing` per answer (an owners' decision: still its owner head's vote,
   * one vote covering all an owner's flats in the question's scope) and overall (every answer stands).
   */
  verifyReceipt: (ballotId: string, receipt: string) =>
    call<{ at: string; answers: { questionId: string; title: string; answer: string; standing: boolean }[]; standing: boolean }>('ballots', 'verifyReceipt', { ballotId, receipt }),
  doorKnock: (ballotId: string) => call<{ rows: DoorKnockRow[] }>('ballots', 'doorKnock', { ballotId }),
  /** Excel (.xlsx) of the door-knock list (saveExport in src/services/files.ts saves it). */
  exportDoorKnock: (ballotId: string) => call<{ fileName: string; fileBase64: string }>('ballots', 'doorKnock', { ballotId, format: 'xlsx' }),
  /** The anonymised ballot list (JSON, src/core/ballot-list.ts) once closed. */
  downloadList: (ballotId: string) => call<{ fileName: string; json: string }>('ballots', 'downloadList', { ballotId }),

  /** Paper ballots (office): entered by one staff member, confirmed by another; conflicts resolved with the owner. */
  enterPaper: (input: PaperEntry) => call<PaperView>('ballots', 'enterPaper', input),
  confirmPaper: (paperId: string, version: number) => call<PaperView>('ballots', 'confirmPaper', { paperId, version }),
  /** Sends a pending paper back (entered wrongly, or not valid), with the reason. */
  rejectPaper: (paperId: string, version: number, reason: string) => call<PaperView>('ballots', 'rejectPaper', { paperId, version, reason }),
  resolveConflict: (paperId: string, version: number, keep: 'online' | 'paper', note: string) =>
    call<PaperView>('ballots', 'resolveConflict', { paperId, version, keep, note }),
  listPaper: (ballotId: string) => call<PaperDesk>('ballots', 'listPaper', { ballotId }),

  /** Proxies (office): an owner's written authorisation for a registered resident to vote for the household. */
  addProxy: (input: ProxyEntry) => call<ProxyView>('ballots', 'addProxy', input),
  listProxies: (filter: { householdId?: string; ballotId?: string } = {}) => call<{ items: ProxyView[] }>('ballots', 'listProxies', filter),
  revokeProxy: (proxyId: string, version: number, reason: string) => call<ProxyView>('ballots', 'revokeProxy', { proxyId, version, reason }),
}

export interface PaperEntry {
  ballotId: string
  householdId: string
  answers: Answer[]
  /** fileIDs from PhotoPicker: the photographed paper (and a proxy's authorisation). */
  photos: string[]
  voterName: string
  relation?: VoterRelation
  assistedBy?: string
}

export interface PaperDesk {
  items: PaperView[]
  counts: Record<PaperStatus, number>
  /** Standing votes someone helped to give, and who helped. */
  assisted: AssistedRow[]
}

export interface ProxyEntry {
  householdId: string
  /** The authorised person: by user id, or by a household they are bound to and their name. */
  person: { userId: string } | { householdId: string; name: string }
  /** One ballot, or null for every ballot. */
  ballotId?: string | null
  grantorName: string
  photos: string[]
  note?: string
}

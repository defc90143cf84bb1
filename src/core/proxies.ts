import * as z from 'zod/mini'

/**
 * Proxies (委托代理人, issue 5; voting-law.md "an owner may authorise a proxy in writing"): the office
 * records that an owner of a household authorised a registered person to vote for the household in
 * one ballot or in every ballot, with a photo of the signed written authorisation. A proxy answers
 * owners' decisions for that household as the owner would (relation 'proxy'); revoking ends it.
 */
export const GRANTOR_MAX = 20
export const PROXY_NOTE_MAX = 200
export const PROXY_PHOTOS_MAX = 9

export interface ProxyDoc {
  _id: string
  communityId: string
  /** The household whose vote the proxy may cast. */
  householdId: string
  householdLabel: string
  /** The authorised person (a registered resident of the community). */
  userId: string
  userName: string
  /** One ballot, or null for every ballot of the community. */
  ballotId: string | null
  /** The owner who signed the authorisation, as written on it. */
  grantorName: string
  /** The photographed signed authorisation. */
  photos: string[]
  note: string
  createdBy: string
  createdByName: string
  createdAt: string
  revokedAt: string | null
  revokedBy: string | null
  revokeReason: string | null
  version: number
}

export const grantorSchema = z.string().check(
  z.trim(),
  z.minLength(1, '请填写签署委托书的业主姓名'),
  z.maxLength(GRANTOR_MAX, `业主姓名不能超过 ${GRANTOR_MAX} 个字`),
)
export const proxyNoteSchema = z.string().check(z.trim(), z.maxLength(PROXY_NOTE_MAX, `说明不能超过 ${PROXY_NOTE_MAX} 个字`))

/** Whether the proxy lets its person vote for its household in `ballotId` now. */
export function proxyApplies(p: Pick<ProxyDoc, 'ballotId' | 'revokedAt'>, ballotId: string | null): boolean {
  if (p.revokedAt !== null) return false
  return p.ballotId === null || p.ballotId === ballotId
}

/** What the office's proxy list shows. */
export interface ProxyView {
  _id: string
  householdId: string
  householdLabel: string
  userId: string
  userName: string
  ballotId: string | null
  /** "所有投票" or the ballot's title. */
  ballotLabel: string
  grantorName: string
  photos: string[]
  note: string
  createdByName: string
  createdAt: string
  revoked: { at: string; reason: string | null } | null
  version: number
}

export function proxyView(p: ProxyDoc, ballotTitles: Readonly<Record<string, string>>): ProxyView {
  return {
    _id: p._id,
    householdId: p.householdId,
    householdLabel: p.householdLabel,
    userId: p.userId,
    userName: p.userName,
    ballotId: p.ballotId,
    ballotLabel: p.ballotId === null ? '所有投票' : `「${ballotTitles[p.ballotId] ?? p.ballotId}」`,
    grantorName: p.grantorName,
    photos: p.photos,
    note: p.note,
    createdByName: p.createdByName,
    createdAt: p.createdAt,
    revoked: p.revokedAt ? { at: p.revokedAt, reason: p.revokeReason } : null,
    version: p.version,
  }
}

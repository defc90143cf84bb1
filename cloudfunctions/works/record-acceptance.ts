import {
  ACCEPTANCE_OUTCOME_LABELS,
  acceptanceId,
  acceptanceProblems,
  passes,
  SIGNER_ROLE_LABELS,
  type Acceptance,
  type AcceptanceFields,
} from '../../src/core/acceptance'
import { AppError } from '../../src/core/errors'
import type { Party } from '../../src/core/parties'
import type { Plan } from '../../src/core/plan'
import { chinaDate } from '../../src/core/time'
import { writeFrozen } from '../ballots/freeze'
import { recordAudit } from '../common/audit'
import { checkPhotos } from '../common/photos'
import { checkPlanVersion, loadHouseholds, savePlan } from '../common/plan-store'
import { action } from '../common/router'
import { DuplicateKeyError } from '../common/store'
import { acceptanceRefusal } from './get-acceptance'
import { satisfactionSurvey } from './satisfaction-survey'
import { recordAcceptanceInput } from './schemas'
import { partiesOf, planAcceptances, requireItem, requirePublished, requireParty, worksTarget } from './works-store'

/** Signers who sign for a party, and the kind of party each signs for. */
const PARTY_SIGNERS = { contractor: 'contractor', supervisor: 'supervisor', designer: 'designer', surveyor: 'surveyor' } as const

/** Every signature for a party names a party of the community of that kind; the contractor is a contractor and the one who signs. */
function checkParties(f: AcceptanceFields, parties: readonly Party[]): void {
  for (const s of f.signatures) {
    if (s.role === 'ownersRep' || s.partyId === null) continue
    requireParty(parties, s.partyId, PARTY_SIGNERS[s.role], `${SIGNER_ROLE_LABELS[s.role]}签字人“${s.name}”所属的单位`)
  }
  if (f.contractorPartyId !== null) {
    requireParty(parties, f.contractorPartyId, 'contractor', '选择的施工单位')
    const signed = f.signatures.filter((s) => s.role === 'contractor' && s.partyId !== null)
    if (signed.length > 0 && !signed.some((s) => s.partyId === f.contractorPartyId)) {
      throw new AppError('INVALID_INPUT', `contractor ${f.contractorPartyId} did not sign`, '施工单位的签字人应代表本项目的施工单位，请核对。')
    }
  }
}

/**
 * The office files a signed acceptance record (验收) for a finished item as a new attempt
 * (attempt 1, 2…). The record must be complete (acceptanceProblems: every signer role, the
 * outcome's conditions, dates after today) — else ACCEPTANCE_INCOMPLETE naming what is missing;
 * every party signing is a party of the community of that kind; photos are the office's own.
 *
 * In ONE transaction: the record; and on a pass (passed / passedWithFixes) the item's progress
 * (acceptedAt, acceptanceId, warrantyEndsOn, contractorPartyId — version-checked against
 * `planVersion`) and the satisfaction survey for the households in the item's scope, opened at
 * once with its frozen roster and log counter; and an audit entry. A failed attempt changes
 * nothing else: the item may be inspected again.
 * Outcomes: Acceptance | ACCEPTANCE_INCOMPLETE | INVALID_INPUT (not finished, already accepted,
 * parties, photos) | CONFLICT | PLAN_NOT_PUBLISHED | NOT_FOUND | FORBIDDEN.
 */
export const recordAcceptance = action(recordAcceptanceInput, async ({ deps, user, input }) => {
  const target = await worksTarget(deps.store, user, input.communityId, 'acceptance.record')
  const communityId = target.community._id
  const published = await requirePublished(deps.store, communityId)
  const { plan, edition } = published
  const { item, progress } = requireItem(published, input.itemId)
  checkPlanVersion(plan, input.planVersion)
  const refusal = acceptanceRefusal(progress)
  if (refusal) throw new AppError('INVALID_INPUT', `item ${item._id} is ${progress.status}${progress.acceptedAt ? ', accepted' : ''}`, refusal)

  const { communityId: _c, planVersion: _v, ...fields } = input
  const now = deps.now()
  const problems = acceptanceProblems(fields, chinaDate(now))
  if (problems.length > 0) {
    throw new AppError('ACCEPTANCE_INCOMPLETE', `acceptance of ${item._id}: ${problems.join(' ')}`, `验收记录还不完整：${problems.join('')}`)
  }
  const [parties, attempts, households] = await Promise.all([
    partiesOf(deps.store, communityId),
    planAcceptances(deps.store, plan._id, item._id),
    loadHouseholds(deps.store, communityId),
  ])
  checkParties(fields, parties)
  await checkPhotos(deps, user, fields.photos)

  const attempt = attempts.reduce((n, a) => Math.max(n, a.attempt), 0) + 1
  const id = acceptanceId(plan._id, item._id, attempt)
  const passed = passes(fields.outcome)
  const survey = passed
    ? satisfactionSurvey({ ballotId: deps.newId(), communityId, planId: plan._id, planEdition: edition.edition, item, households, userId: user._id, now })
    : null
  const record: Acceptance = {
    ...fields,
    _id: id,
    communityId,
    planId: plan._id,
    itemTitle: item.title,
    attempt,
    decidedAt: now.toISOString(),
    decidedBy: user._id,
    fixedAt: fields.defects.map(() => null),
    surveyBallotId: survey ? survey.ballot._id : null,
    version: 1,
  }
  const next: Plan | null = passed
    ? {
        ...plan,
        progress: {
          ...plan.progress,
          [item._id]: {
            ...progress,
            acceptedAt: now.toISOString(),
            acceptanceId: id,
            warrantyEndsOn: fields.warrantyEndsOn,
            contractorPartyId: fields.contractorPartyId,
            updatedAt: now.toISOString(),
            updatedBy: user._id,
          },
        },
        version: plan.version + 1,
        updatedAt: now.toISOString(),
        updatedBy: user._id,
      }
    : null
  const conflict = () => new AppError('CONFLICT', `acceptance ${id} exists`, '刚有人记录了这个项目的验收，请刷新后再看。')

  return deps.store.transaction(async (tx) => {
    try {
      await tx.insert('acceptances', record)
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw conflict()
      throw e
    }
    if (next) await savePlan(tx, next, input.planVersion)
    if (survey) {
      try {
        await tx.insert('ballots', survey.ballot)
        await writeFrozen(tx, survey.ballot, survey.roster, user._id)
      } catch (e) {
        if (e instanceof DuplicateKeyError) throw conflict()
        throw e
      }
    }
    const contractor = parties.find((p) => p._id === fields.contractorPartyId)
    await recordAudit(tx, {
      id: deps.newId(),
      communityId,
      at: now,
      by: user,
      action: 'acceptance.record',
      entity: 'acceptances',
      entityId: id,
      before: null,
      after: {
        item: item.title,
        attempt,
        outcome: ACCEPTANCE_OUTCOME_LABELS[fields.outcome],
        defects: fields.defects.map((d) => d.text),
        fixesDueOn: fields.fixesDueOn,
        warrantyEndsOn: fields.warrantyEndsOn,
        contractor: contractor?.name ?? null,
      },
    })
    return record
  })
})

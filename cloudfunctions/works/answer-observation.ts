import { AppError } from '../../src/core/errors'
import type { Party } from '../../src/core/parties'
import type { ObservationAnswer, Observation } from '../../src/core/works'
import type { NotificationDoc } from '../feedback/views'
import { excerpt } from '../feedback/reply-feedback'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { answerInput } from './schemas'
import { observationView, requireItem, requirePublished } from './works-store'

const CONTRACTOR_ONLY = '只有社区和这个项目的施工单位可以答复施工监督意见。'

/**
 * The office, or the item's contractor (a party user whose party is the item's
 * progress.contractorPartyId), answers an observation. Answers are appended; the one sent is checked
 * against the version it was read at. The author is notified in the same transaction.
 * Outcomes: ObservationView | CONFLICT | NOT_FOUND | FORBIDDEN (another contractor, a utility…).
 */
export const answerObservation = action(answerInput, async ({ deps, user, input }) => {
  const o = await deps.store.get<Observation>('observations', input.observationId)
  if (!o) throw new AppError('NOT_FOUND', `observation ${input.observationId}`, '没有找到这条施工监督意见，请刷新后再试。')
  const target = await communityTarget(deps.store, o.communityId)
  authorize(user, 'works.answer', target)
  const published = await requirePublished(deps.store, o.communityId)
  const { item, progress } = requireItem(published, o.itemId)
  let as: ObservationAnswer['as'] = 'office'
  let byName = '社区'
  if (user.role === 'party') {
    const party = user.partyId ? await deps.store.get<Party>('parties', user.partyId) : null
    if (!party || party.kind !== 'contractor' || party.communityId !== o.communityId || progress.contractorPartyId !== party._id) {
      throw new AppError('FORBIDDEN', `party ${user.partyId} is not the contractor of item ${item._id} (${progress.contractorPartyId ?? 'none'})`, CONTRACTOR_ONLY)
    }
    as = 'contractor'
    byName = party.name
  }
  const stale = () => new AppError('CONFLICT', `observation ${o._id} is no longer at version ${input.version}`, '这条意见刚有了新的答复，请刷新后再看。')
  if (o.version !== input.version) throw stale()
  const now = deps.now()
  const answer: ObservationAnswer = { byUserId: user._id, as, byName, text: input.text, at: now.toISOString() }
  const next: Observation = { ...o, answers: [...o.answers, answer], version: o.version + 1 }
  await deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('observations', next, input.version))) throw stale()
    if (o.authorId !== user._id) {
      const notification: NotificationDoc = {
        _id: deps.newId(),
        userId: o.authorId,
        communityId: o.communityId,
        title: as === 'office' ? '社区答复了您的施工监督意见' : `${byName}答复了您的施工监督意见`,
        body: excerpt(input.text),
        feedbackId: null,
        at: now.toISOString(),
        readAt: null,
      }
      await tx.insert('notifications', notification)
    }
  })
  return observationView(next, user._id, item.title)
})

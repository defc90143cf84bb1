import { AppError } from '../../src/core/errors'
import { newDraft } from '../../src/core/notice'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { createInput } from './schemas'

/** Saves a new draft notice for the office's community. Outcomes: notice | FORBIDDEN | INVALID_INPUT. */
export const createNotice = action(createInput, async ({ deps, user, input }) => {
  const communityId = input.communityId ?? user.communityId
  if (!communityId) throw new AppError('INVALID_INPUT', 'communityId is required for this role', '请选择小区。')
  authorize(user, 'notices.create', await communityTarget(deps.store, communityId))
  const notice = newDraft(input, { id: deps.newId(), communityId, userId: user._id }, deps.now())
  await deps.store.insert('notices', notice)
  return notice
})

import { publish } from '../../src/core/notice'
import { action } from '../common/router'
import { checkVersion, loadNotice, saveNotice } from './load-notice'
import { publishInput } from './schemas'

/**
 * Publishes a draft now or at a later time. A 公示 needs a period end date after the publish
 * day. Outcomes: notice | NOT_FOUND | FORBIDDEN | NOTICE_NOT_DRAFT | INVALID_INPUT | CONFLICT.
 */
export const publishNotice = action(publishInput, async ({ deps, user, input }) => {
  const notice = await loadNotice(deps.store, user, input.id, 'notices.publish')
  checkVersion(notice, input.version)
  const at = input.publishAt ? new Date(input.publishAt) : undefined
  return saveNotice(deps.store, publish(notice, user._id, deps.now(), at), input.version)
})

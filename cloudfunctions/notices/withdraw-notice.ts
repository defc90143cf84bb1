import { withdraw } from '../../src/core/notice'
import { action } from '../common/router'
import { checkVersion, loadNotice, saveNotice } from './load-notice'
import { withdrawInput } from './schemas'

/**
 * Withdraws a published notice with a reason residents will see.
 * Outcomes: notice | NOT_FOUND | FORBIDDEN | NOTICE_NOT_PUBLISHED | CONFLICT.
 */
export const withdrawNotice = action(withdrawInput, async ({ deps, user, input }) => {
  const notice = await loadNotice(deps.store, user, input.id, 'notices.withdraw')
  checkVersion(notice, input.version)
  return saveNotice(deps.store, withdraw(notice, user._id, input.reason, deps.now()), input.version)
})

import { editDraft } from '../../src/core/notice'
import { action } from '../common/router'
import { checkVersion, loadNotice, saveNotice } from './load-notice'
import { updateInput } from './schemas'

/**
 * Edits a draft. Outcomes: notice | NOT_FOUND | FORBIDDEN | NOTICE_NOT_DRAFT (published ones
 * stay as they were published) | CONFLICT (someone saved it meanwhile).
 */
export const updateNotice = action(updateInput, async ({ deps, user, input }) => {
  const notice = await loadNotice(deps.store, user, input.id, 'notices.update')
  checkVersion(notice, input.version)
  return saveNotice(deps.store, editDraft(notice, input, deps.now()), input.version)
})

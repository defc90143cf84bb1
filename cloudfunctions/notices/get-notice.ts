import { AppError } from '../../src/core/errors'
import { isOpenToResidents } from '../../src/core/notice'
import { can } from '../../src/core/permissions'
import { communityTarget } from '../common/community-target'
import { action } from '../common/router'
import { loadNotice } from './load-notice'
import { getInput } from './schemas'

/**
 * One notice. Residents see published notices once due, and withdrawn ones that had gone out;
 * the office also sees its drafts and scheduled ones. Outcomes: notice | NOT_FOUND | FORBIDDEN.
 */
export const getNotice = action(getInput, async ({ deps, user, input }) => {
  const notice = await loadNotice(deps.store, user, input.id, 'notices.get')
  const target = await communityTarget(deps.store, notice.communityId)
  const editor = can(user, 'notices.listDrafts', target)
  if (!editor && !isOpenToResidents(notice, deps.now())) throw new AppError('NOT_FOUND', `notice ${notice._id} is not published yet`)
  return { notice, canEdit: editor }
})

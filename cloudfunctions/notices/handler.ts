import { createRouter } from '../common/router'
import { createNotice } from './create-notice'
import { getNotice } from './get-notice'
import { listNotices } from './list-notices'
import { publishNotice } from './publish-notice'
import { updateNotice } from './update-notice'
import { withdrawNotice } from './withdraw-notice'

export const handleNotices = createRouter('notices', {
  list: listNotices,
  get: getNotice,
  create: createNotice,
  update: updateNotice,
  publish: publishNotice,
  withdraw: withdrawNotice,
})

import { createRouter } from '../common/router'
import { createFeedback } from './create-feedback'
import { hideFeedback } from './hide-feedback'
import { listFeedback } from './list-feedback'
import { markRead } from './mark-read'
import { myFeedback } from './my-feedback'
import { replyFeedback } from './reply-feedback'

export const handleFeedback = createRouter('feedback', {
  list: listFeedback,
  create: createFeedback,
  reply: replyFeedback,
  hide: hideFeedback,
  mine: myFeedback,
  markRead,
})

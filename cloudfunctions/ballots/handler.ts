import { createRouter } from '../common/router'
import { addProxy } from './add-proxy'
import { castVote } from './cast-vote'
import { closeBallot } from './close-ballot'
import { confirmPaperAction } from './confirm-paper'
import { createBallot } from './create-ballot'
import { doorKnock } from './door-knock'
import { downloadList } from './download-list'
import { enterPaper } from './enter-paper'
import { getBallot } from './get-ballot'
import { listBallots } from './list-ballots'
import { listPaper } from './list-paper'
import { listProxies } from './list-proxies'
import { openBallot } from './open-ballot'
import { rejectPaperAction } from './reject-paper'
import { resolveConflict } from './resolve-conflict'
import { revokeProxy } from './revoke-proxy'
import { tallyBallot } from './tally-ballot'
import { updateBallot } from './update-ballot'
import { verifyReceipt } from './verify-receipt'

export const handleBallots = createRouter('ballots', {
  list: listBallots,
  get: getBallot,
  create: createBallot,
  update: updateBallot,
  open: openBallot,
  cast: castVote,
  tally: tallyBallot,
  verifyReceipt,
  doorKnock,
  close: closeBallot,
  downloadList,
  // Paper ballots, their second-staff confirmation and online/paper conflicts; proxies.
  enterPaper,
  confirmPaper: confirmPaperAction,
  rejectPaper: rejectPaperAction,
  listPaper,
  resolveConflict,
  addProxy,
  listProxies,
  revokeProxy,
})

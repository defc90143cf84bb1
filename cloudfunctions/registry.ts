import { handleAccount } from './account/handler'
import { handleBallots } from './ballots/handler'
import type { Handler } from './common/router'
import { handleFeedback } from './feedback/handler'
import { handleHouseholds } from './households/handler'
import { handleLedger } from './ledger/handler'
import { handleMembers } from './members/handler'
import { handleNotices } from './notices/handler'
import { handlePlans } from './plans/handler'
import { handleReports } from './reports/handler'
import { handleWorks } from './works/handler'

/** Every cloud function by name: the build bundles each, the local server routes to each. */
export const FUNCTIONS: Record<string, Handler> = {
  account: handleAccount,
  notices: handleNotices,
  members: handleMembers,
  ledger: handleLedger,
  households: handleHouseholds,
  plans: handlePlans,
  feedback: handleFeedback,
  ballots: handleBallots,
  reports: handleReports,
  works: handleWorks,
}

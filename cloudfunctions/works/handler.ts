import { createRouter } from '../common/router'
import { answerObservation } from './answer-observation'
import { fixDefect } from './fix-defect'
import { getAcceptance } from './get-acceptance'
import { issuePartyCode } from './issue-party-code'
import { listItems } from './list-items'
import { listObservations } from './list-observations'
import { listParties } from './list-parties'
import { listSupervisors } from './list-supervisors'
import { observe } from './observe'
import { recordAcceptance } from './record-acceptance'
import { saveParty } from './save-party'
import { setContractor } from './set-contractor'
import { endSupervisor } from './end-supervisor'
import { stepDown } from './step-down'
import { volunteer } from './volunteer'

/** The `works` function: parties, supervision during the works, acceptance (src/services/works.ts). */
export const handleWorks = createRouter('works', {
  items: listItems,
  parties: listParties,
  saveParty,
  issuePartyCode,
  setContractor,
  supervisors: listSupervisors,
  volunteer,
  stepDown,
  endSupervisor,
  observations: listObservations,
  observe,
  answer: answerObservation,
  acceptance: getAcceptance,
  recordAcceptance,
  fixDefect,
})

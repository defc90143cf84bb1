import { createRouter } from '../common/router'
import { advanceStage } from './advance-stage'
import { createPlan } from './create-plan'
import { editFields } from './edit-fields'
import { getDraft } from './get-draft'
import { getPlan } from './get-plan'
import { getTimeline } from './get-timeline'
import { myShares } from './my-shares'
import { publishPlanAction } from './publish-plan'
import { removeItemAction } from './remove-item'
import { revise } from './revise-plan'
import { saveItem } from './save-item'
import { setProgress } from './set-progress'

export const handlePlans = createRouter('plans', {
  get: getPlan,
  getDraft,
  create: createPlan,
  editFields,
  saveItem,
  removeItem: removeItemAction,
  publish: publishPlanAction,
  revise,
  advance: advanceStage,
  setProgress,
  timeline: getTimeline,
  mine: myShares,
})

import { cloudbaseMain } from '../common/cloudbase-entry'
import { handlePlans } from './handler'

export const main = cloudbaseMain(handlePlans)

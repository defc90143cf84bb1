import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleHouseholds } from './handler'

export const main = cloudbaseMain(handleHouseholds)

import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleReports } from './handler'

export const main = cloudbaseMain(handleReports)

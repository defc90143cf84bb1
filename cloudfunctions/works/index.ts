import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleWorks } from './handler'

export const main = cloudbaseMain(handleWorks)

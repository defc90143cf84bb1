import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleLedger } from './handler'

export const main = cloudbaseMain(handleLedger)

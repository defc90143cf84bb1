import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleAccount } from './handler'

export const main = cloudbaseMain(handleAccount)

import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleNotices } from './handler'

export const main = cloudbaseMain(handleNotices)

import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleMembers } from './handler'

export const main = cloudbaseMain(handleMembers)

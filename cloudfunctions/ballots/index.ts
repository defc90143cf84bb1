import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleBallots } from './handler'

export const main = cloudbaseMain(handleBallots)

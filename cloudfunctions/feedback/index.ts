import { cloudbaseMain } from '../common/cloudbase-entry'
import { handleFeedback } from './handler'

export const main = cloudbaseMain(handleFeedback)

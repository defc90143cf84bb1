import { AppError } from '../../src/core/errors'
import type { User } from '../../src/core/roles'
import type { Deps } from './router'

/**
 * Photos attached to plan items, comments and reports. The client uploads first (weapp: cloud
 * storage under `photos/<userId>/`; H5: the local server's upload route, stored under
 * `./data/uploads/photos/<userId>/`) and passes the fileIDs; a use case accepts only the
 * caller's own uploads.
 *
 * FIRST VERSION (prefix check only): the photos helper replaces this with the full checks.
 */
export function photoFolder(userId: string): string {
  return `photos/${userId}/`
}

function ownPhoto(fileID: string, userId: string): boolean {
  const m = /^(?:local:|cloud:\/\/[^/\\?#]+\/)(.*)$/.exec(fileID)
  if (!m || !m[1].startsWith(photoFolder(userId))) return false
  const name = m[1].slice(photoFolder(userId).length)
  return /^[A-Za-z0-9_-]+\.(jpg|png|webp)$/.test(name)
}

/** Refuses photos that are not the caller's own uploads. */
export async function checkPhotos(_deps: Deps, user: User, fileIDs: readonly string[]): Promise<void> {
  const bad = fileIDs.filter((f) => !ownPhoto(f, user._id))
  if (bad.length > 0) throw new AppError('INVALID_INPUT', `photos not uploaded by ${user._id}: ${bad.join(', ')}`, '照片无效，请重新选择照片上传。')
}

import { AppError } from '../../src/core/errors'
import type { Notice } from '../../src/core/notice'
import { can, type PermissionAction } from '../../src/core/permissions'
import type { User } from '../../src/core/roles'
import { communityTarget } from '../common/community-target'
import { authorize } from '../common/router'
import type { StoreOps } from '../common/store'

/**
 * Loads a notice and checks `what` against its community. A notice residents may not yet
 * see (a draft, a scheduled one) is reported as not found to anyone who cannot edit it.
 */
export async function loadNotice(store: StoreOps, user: User, id: string, what: PermissionAction): Promise<Notice> {
  const notice = await store.get<Notice>('notices', id)
  if (!notice) throw new AppError('NOT_FOUND', `notice ${id}`)
  const target = await communityTarget(store, notice.communityId)
  if (what === 'notices.get' && notice.status === 'draft' && !can(user, 'notices.listDrafts', target)) {
    throw new AppError('NOT_FOUND', `notice ${id} is a draft`)
  }
  authorize(user, what, target)
  return notice
}

/** Stores a changed notice unless someone changed it since `expectedVersion`. */
export async function saveNotice(store: StoreOps, next: Notice, expectedVersion: number): Promise<Notice> {
  if (!(await store.replaceIfVersion('notices', next, expectedVersion))) {
    throw new AppError('CONFLICT', `notice ${next._id} is no longer at version ${expectedVersion}`)
  }
  return next
}

export function checkVersion(notice: Notice, version: number): void {
  if (notice.version !== version) throw new AppError('CONFLICT', `notice ${notice._id} is at version ${notice.version}, not ${version}`)
}

import { AppError } from '../../src/core/errors'
import { proxyView, type ProxyDoc } from '../../src/core/proxies'
import { recordAudit } from '../common/audit'
import { communityTarget } from '../common/community-target'
import { action, authorize } from '../common/router'
import { revokeProxyInput } from './paper-schemas'

/**
 * Ends a proxy (the owner withdrew it, or it was recorded by mistake), with the reason; votes the
 * proxy already cast stay as cast (the owner may vote again until closing). Proxy and audit entry
 * in one transaction, version-checked.
 * Outcomes: ProxyView | NOT_FOUND | CONFLICT (changed meanwhile or already revoked) | FORBIDDEN.
 */
export const revokeProxy = action(revokeProxyInput, async ({ deps, user, input }) => {
  const proxy = await deps.store.get<ProxyDoc>('proxies', input.proxyId)
  if (!proxy) throw new AppError('NOT_FOUND', `proxy ${input.proxyId}`, '没有找到这项委托。')
  authorize(user, 'ballots.revokeProxy', await communityTarget(deps.store, proxy.communityId))
  if (proxy.revokedAt !== null) throw new AppError('CONFLICT', `proxy ${proxy._id} already revoked`, '这项委托已经撤销了。')
  const now = deps.now()
  const next: ProxyDoc = { ...proxy, revokedAt: now.toISOString(), revokedBy: user._id, revokeReason: input.reason, version: proxy.version + 1 }
  await deps.store.transaction(async (tx) => {
    if (!(await tx.replaceIfVersion('proxies', next, input.version))) {
      throw new AppError('CONFLICT', `proxy ${proxy._id} is no longer at version ${input.version}`, '这项委托刚被别人修改过，请刷新后再试。')
    }
    await recordAudit(tx, {
      id: deps.newId(),
      communityId: proxy.communityId,
      at: now,
      by: user,
      action: 'ballots.revokeProxy',
      entity: 'proxies',
      entityId: proxy._id,
      before: { household: proxy.householdLabel, proxy: proxy.userName, revokeReason: null },
      after: { household: proxy.householdLabel, proxy: proxy.userName, revokeReason: input.reason },
    })
  })
  return proxyView(next, {})
})

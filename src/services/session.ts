import Taro from '@tarojs/taro'

/**
 * Local (H5) mode only: the signed demo session token. In the mini-program the caller is
 * whoever WeChat says, and none of this is used.
 */
const KEY = 'gj.session'

export const isLocalMode = process.env.TARO_ENV !== 'weapp'

export function getToken(): string | null {
  if (!isLocalMode) return null
  return (Taro.getStorageSync(KEY) as string) || null
}

export function setToken(token: string | null) {
  if (token) Taro.setStorageSync(KEY, token)
  else Taro.removeStorageSync(KEY)
}

export interface DemoIdentity {
  openid: string
  name: string
  description: string
}

export async function listDemoIdentities(): Promise<DemoIdentity[]> {
  const res = await fetch('/api/dev/identities')
  const body = (await res.json()) as { ok: boolean; data: DemoIdentity[] }
  return body.data
}

export async function signInAs(openid: string): Promise<void> {
  const res = await fetch('/api/dev/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid }),
  })
  const body = (await res.json()) as { ok: boolean; data?: { token: string }; message?: string }
  if (!body.ok || !body.data) throw new Error(body.message ?? '登录失败')
  setToken(body.data.token)
}

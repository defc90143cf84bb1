import Taro, { useDidShow } from '@tarojs/taro'
import { getToken, isLocalMode } from '@/services/session'
import { useAccount } from '@/stores/account'

/**
 * Makes sure we know who is using the app: in local (H5) mode without a demo session it goes
 * to the sign-in page; otherwise it loads the caller's profile once.
 */
export function useSession() {
  const account = useAccount()
  useDidShow(() => {
    if (isLocalMode && !getToken()) {
      void Taro.reLaunch({ url: '/pages/signin/index' })
      return
    }
    if (!account.me && !account.loading) void account.load()
  })
  return account
}

import { create } from 'zustand'
import { accountApi, type Me } from '@/services/account'
import { ApiError, messageOf } from '@/services/api'

/** Who is signed in; loaded once and refreshed on sign-in/sign-out. */
interface AccountState {
  me: Me | null
  error: string | null
  errorCode: string | null
  loading: boolean
  load: () => Promise<void>
  reset: () => void
}

export const useAccount = create<AccountState>((set) => ({
  me: null,
  error: null,
  errorCode: null,
  loading: false,
  load: async () => {
    set({ loading: true, error: null, errorCode: null })
    try {
      set({ me: await accountApi.me(), loading: false })
    } catch (e) {
      set({ me: null, loading: false, error: messageOf(e), errorCode: e instanceof ApiError ? e.code : 'INTERNAL' })
    }
  },
  reset: () => set({ me: null, error: null, errorCode: null, loading: false }),
}))

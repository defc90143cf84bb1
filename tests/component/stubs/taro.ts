/** A mock of @tarojs/taro for component tests: navigation and storage are recorded, not performed. */
import { useEffect } from 'react'

export const storage = new Map<string, unknown>()
export const router = { params: {} as Record<string, string> }
export const navigation: { kind: string; url: string }[] = []
export const toasts: string[] = []
/** What setClipboardData copied, in order. */
export const clipboard: string[] = []
export const systemInfo: { fontSizeSetting?: number } = {}
/** Photo picking: each chooseImage takes the next entry of `picks` (none left = the user cancelled). */
export const media = {
  picks: [] as { path: string; size: number }[][],
  asked: [] as { count?: number }[],
  previews: [] as { urls: string[]; current?: string }[],
}

export function reset() {
  storage.clear()
  router.params = {}
  navigation.length = 0
  toasts.length = 0
  clipboard.length = 0
  delete systemInfo.fontSizeSetting
  media.picks.length = 0
  media.asked.length = 0
  media.previews.length = 0
}

const nav = (kind: string) => async ({ url }: { url: string }) => {
  navigation.push({ kind, url })
}
export const navigateTo = nav('navigateTo')
export const redirectTo = nav('redirectTo')
export const switchTab = nav('switchTab')
export const reLaunch = nav('reLaunch')
export const navigateBack = async () => {
  navigation.push({ kind: 'navigateBack', url: '' })
}
export const showToast = async ({ title }: { title: string }) => {
  toasts.push(title)
}
export const setClipboardData = async ({ data }: { data: string }) => {
  clipboard.push(data)
}
export const getStorageSync = (key: string) => (storage.has(key) ? storage.get(key) : '')
export const setStorageSync = (key: string, value: unknown) => void storage.set(key, value)
export const removeStorageSync = (key: string) => void storage.delete(key)
export const getSystemInfoSync = () => ({ ...systemInfo })
export const ENV_TYPE = { WEAPP: 'WEAPP', WEB: 'WEB', RN: 'RN', SWAN: 'SWAN', ALIPAY: 'ALIPAY', TT: 'TT', QQ: 'QQ', JD: 'JD' }
export const getEnv = () => ENV_TYPE.WEB
export const useRouter = () => router
export const useDidShow = (fn: () => void) => useEffect(() => fn(), [])
export const useLaunch = (fn: () => void) => useEffect(() => fn(), [])
export const chooseImage = async (opts: { count?: number }) => {
  media.asked.push({ count: opts.count })
  const files = media.picks.shift()
  if (!files) throw { errMsg: 'chooseImage:fail cancel' }
  return { tempFilePaths: files.map((f) => f.path), tempFiles: files.map((f) => ({ ...f, type: 'image' })), errMsg: 'chooseImage:ok' }
}
export const previewImage = async (opts: { urls: string[]; current?: string }) => {
  media.previews.push(opts)
}
export const cloud = {
  init: () => undefined,
  callFunction: async () => {
    throw new Error('Taro.cloud is not available outside weapp')
  },
}

const Taro = {
  navigateTo, redirectTo, switchTab, reLaunch, navigateBack, showToast, getStorageSync, setStorageSync, removeStorageSync,
  getSystemInfoSync, getEnv, ENV_TYPE, useRouter, useDidShow, useLaunch, cloud, chooseImage, previewImage, setClipboardData,
}
export default Taro

import Taro from '@tarojs/taro'
import { create } from 'zustand'

/**
 * Elder mode (larger text, larger buttons): the resident's own choice if they made one,
 * otherwise on when WeChat reports a larger-than-standard font setting.
 */
const KEY = 'gj.elder'
/** WeChat's standard font size setting is 17 (px); anything larger means the user enlarged text. */
const STANDARD_FONT_SIZE = 17

function initialElder(): boolean {
  try {
    const saved = Taro.getStorageSync(KEY)
    if (saved === true || saved === false) return saved
    const info = Taro.getSystemInfoSync() as { fontSizeSetting?: number }
    return typeof info.fontSizeSetting === 'number' && info.fontSizeSetting > STANDARD_FONT_SIZE
  } catch {
    return false
  }
}

interface SettingsState {
  elder: boolean
  setElder: (on: boolean) => void
}

export const useSettings = create<SettingsState>((set) => ({
  elder: initialElder(),
  setElder: (on) => {
    Taro.setStorageSync(KEY, on)
    set({ elder: on })
  },
}))

// Taro's typings omit ARIA attributes; H5 renders them as they are, and WeChat reads aria-*.
import type { BaseTouchEvent, ITouchEvent } from '@tarojs/components/types/common'

declare module '@tarojs/components/types/common' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface StandardProps<T = any, TouchEvent extends BaseTouchEvent<any> = ITouchEvent> {
    role?: string
    'aria-label'?: string
    'aria-labelledby'?: string
    'aria-checked'?: boolean
    'aria-selected'?: boolean
    'aria-valuenow'?: number
    'aria-valuemin'?: number
    'aria-valuemax'?: number
  }
}

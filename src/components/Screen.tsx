import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useSettings } from '@/stores/settings'

/** Every page's frame: applies elder mode so all pages inherit it. */
export function Screen({ children }: PropsWithChildren) {
  const elder = useSettings((s) => s.elder)
  return (
    <View className={elder ? 'gj-page elder' : 'gj-page'} role="main">
      {children}
    </View>
  )
}

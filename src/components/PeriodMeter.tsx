import { Text, View } from '@tarojs/components'
import { publicityLabel, type PublicityState } from '@/core/notice'

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'period-meter': { percent: number; label: string; ended: boolean }
    }
  }
}

/** How far a 公示 period has run, as a percentage (0–100). */
export function periodPercent(state: PublicityState): number {
  if (state.kind === 'ended') return 100
  if (state.kind === 'none') return 0
  return Math.round((state.elapsedDays / state.totalDays) * 100)
}

/**
 * The publicity period meter. In the mini-program it is the native `period-meter` component
 * (src/components/period-meter); in H5 the same look in React.
 */
export function PeriodMeter({ state }: { state: PublicityState }) {
  if (state.kind === 'none') return null
  const percent = periodPercent(state)
  const label = publicityLabel(state)
  const ended = state.kind === 'ended'
  if (process.env.TARO_ENV === 'weapp') return <period-meter percent={percent} label={label} ended={ended} />
  return (
    <View className={ended ? 'gj-meter ended' : 'gj-meter'}>
      <View className="gj-meter-track" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
        <View className="gj-meter-fill" style={{ width: `${percent}%` }} />
      </View>
      <Text className="gj-meter-label">{label}</Text>
    </View>
  )
}

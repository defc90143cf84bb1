import { Text } from '@tarojs/components'

interface Props {
  label: string
  checked: boolean
  onChange: (on: boolean) => void
  disabled?: boolean
}

/** A large tick box with a whole word on it (several may be chosen), never an icon. */
export function Toggle({ label, checked, onChange, disabled }: Props) {
  return (
    <Text
      role="checkbox"
      aria-checked={checked}
      aria-disabled={disabled || undefined}
      className={`gj-choice${checked ? ' selected' : ''}${disabled ? ' disabled' : ''}`}
      onClick={disabled ? undefined : () => onChange(!checked)}
    >
      {label}
    </Text>
  )
}

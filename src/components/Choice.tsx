import { Text, View } from '@tarojs/components'

interface Props {
  label: string
  options: { value: string; label: string }[]
  value: string
  onChange: (value: string) => void
  /** Shown but not choosable (say why next to it). */
  disabled?: boolean
}

/** A row of large choices (radio buttons), each a whole word, never an icon. */
export function Choice({ label, options, value, onChange, disabled }: Props) {
  return (
    <View className="gj-field">
      <Text className="gj-label">{label}</Text>
      <View role="radiogroup" aria-label={label} aria-disabled={disabled || undefined}>
        {options.map((o) => (
          <Text
            key={o.value}
            role="radio"
            aria-checked={value === o.value}
            aria-disabled={disabled || undefined}
            className={`gj-choice${value === o.value ? ' selected' : ''}${disabled ? ' disabled' : ''}`}
            onClick={disabled ? undefined : () => onChange(o.value)}
          >
            {o.label}
          </Text>
        ))}
      </View>
    </View>
  )
}

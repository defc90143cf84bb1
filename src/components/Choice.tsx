import { Text, View } from '@tarojs/components'

interface Props {
  label: string
  options: { value: string; label: string }[]
  value: string
  onChange: (value: string) => void
}

/** A row of large choices (radio buttons), each a whole word, never an icon. */
export function Choice({ label, options, value, onChange }: Props) {
  return (
    <View className="gj-field">
      <Text className="gj-label">{label}</Text>
      <View role="radiogroup" aria-label={label}>
        {options.map((o) => (
          <Text
            key={o.value}
            role="radio"
            aria-checked={value === o.value}
            className={value === o.value ? 'gj-choice selected' : 'gj-choice'}
            onClick={() => onChange(o.value)}
          >
            {o.label}
          </Text>
        ))}
      </View>
    </View>
  )
}

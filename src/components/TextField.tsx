import { Input, Text, Textarea, View } from '@tarojs/components'

interface Props {
  /** Unique on the page; ties the visible label to the field for screen readers. */
  id: string
  label: string
  value: string
  maxLength: number
  placeholder?: string
  multiline?: boolean
  /** Show "（12/60）" after the label. */
  showCount?: boolean
  onChange: (value: string) => void
}

/** A labelled text box (one line or several), large enough for elder mode. */
export function TextField({ id, label, value, maxLength, placeholder, multiline, showCount, onChange }: Props) {
  const labelId = `${id}-label`
  const field = {
    value,
    maxlength: maxLength,
    placeholder,
    'aria-labelledby': labelId,
    // H5 renders a custom element around the real <input>: label the real one too.
    nativeProps: { 'aria-labelledby': labelId },
    onInput: (e: { detail: { value: string } }) => onChange(e.detail.value),
  }
  return (
    <View className="gj-field">
      <Text className="gj-label" id={labelId}>
        {label}
        {showCount ? `（${value.trim().length}/${maxLength}）` : ''}
      </Text>
      {multiline ? <Textarea className="gj-textarea" {...field} /> : <Input className="gj-input" {...field} />}
    </View>
  )
}

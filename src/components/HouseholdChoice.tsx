import { Choice } from '@/components/Choice'

interface Props {
  households: { householdId: string; label: string }[]
  value: string | null
  onChange: (householdId: string) => void
  label?: string
}

/** Lets someone bound to several flats say which one they mean; nothing for one flat. */
export function HouseholdChoice({ households, value, onChange, label = '选择房屋' }: Props) {
  if (households.length < 2 || !value) return null
  return <Choice label={label} options={households.map((h) => ({ value: h.householdId, label: h.label }))} value={value} onChange={onChange} />
}

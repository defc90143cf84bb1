import { Text } from '@tarojs/components'

/** A full-sentence error or confirmation, read out by screen readers when it appears. */
export function ErrorNote({ message }: { message: string | null | undefined }) {
  if (!message) return null
  return (
    <Text className="gj-error" role="alert">
      {message}
    </Text>
  )
}

export function OkNote({ message }: { message: string | null | undefined }) {
  if (!message) return null
  return (
    <Text className="gj-ok" role="status">
      {message}
    </Text>
  )
}

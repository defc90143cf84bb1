import { Image, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { choosePhotos, photoSrc, PhotoUploadError } from '@/services/photos'
import { ActionButton } from './ActionButton'
import './photos.css'

interface Props {
  value: readonly string[]
  onChange: (fileIDs: string[]) => void
  /** Most photos allowed (default 9). */
  max?: number
  label?: string
}

/**
 * Photos for a form: the chosen ones as thumbnails, each with a "删除" button, and one large button
 * that picks, uploads and appends more. Upload problems are shown in Chinese; photos of the same
 * pick that did upload are kept.
 */
export function PhotoPicker({ value, onChange, max = 9, label = '照片' }: Props) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const left = Math.max(0, max - value.length)

  async function add() {
    setBusy(true)
    setError(null)
    try {
      const ids = await choosePhotos(left)
      if (ids.length > 0) onChange([...value, ...ids].slice(0, max))
    } catch (e) {
      if (e instanceof PhotoUploadError && e.uploaded.length > 0) onChange([...value, ...e.uploaded].slice(0, max))
      setError(e instanceof Error && e.message ? e.message : '照片上传失败，请稍后再试。')
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="gj-field" role="group" aria-label={label}>
      <Text className="gj-label">
        {label}（{value.length}/{max}）
      </Text>
      {value.length > 0 && (
        <View className="gj-photos" role="list">
          {value.map((id, i) => (
            <View key={id} className="gj-photo" role="listitem">
              <Image className="gj-photo-img" src={photoSrc(id)} mode="aspectFill" ariaLabel={`照片${i + 1}`} nativeProps={{ alt: `照片${i + 1}` }} />
              <Text
                className="gj-photo-remove"
                role="button"
                aria-label={`删除第${i + 1}张照片`}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                删除
              </Text>
            </View>
          ))}
        </View>
      )}
      {error && (
        <Text className="gj-error" role="alert">
          {error}
        </Text>
      )}
      {left > 0 ? (
        <ActionButton loading={busy} onClick={() => void add()}>
          {busy ? '正在上传照片…' : `添加照片（还可添加 ${left} 张）`}
        </ActionButton>
      ) : (
        <Text className="gj-muted">已有 {max} 张照片，最多 {max} 张；要换照片请先删除一张。</Text>
      )}
    </View>
  )
}

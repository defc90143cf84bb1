import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { photoSrc } from '@/services/photos'
import './photos.css'

interface Props {
  fileIDs: readonly string[]
}

/** Read-only thumbnails; tapping one opens the full-size viewer on it. */
export function PhotoGrid({ fileIDs }: Props) {
  if (fileIDs.length === 0) return null
  const urls = fileIDs.map(photoSrc)
  return (
    <View className="gj-photos">
      {urls.map((src, i) => (
        <View
          key={fileIDs[i]}
          className="gj-photo"
          role="button"
          aria-label={`放大查看照片${i + 1}`}
          onClick={() => void Taro.previewImage({ urls, current: src }).catch(() => undefined)}
        >
          <Image className="gj-photo-img" src={src} mode="aspectFill" lazyLoad ariaLabel={`照片${i + 1}`} nativeProps={{ alt: `照片${i + 1}` }} />
        </View>
      ))}
    </View>
  )
}

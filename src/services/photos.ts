import Taro from '@tarojs/taro'
import { useAccount } from '@/stores/account'
import { getToken } from './session'

/**
 * Photos (plan items, comments, later issue reports). The resident picks images with the Taro
 * media API; each is uploaded at once and only its fileID travels to the functions, which check
 * it (cloudfunctions/common/photos.ts: own folder, real image, size, location metadata stripped).
 *  - weapp: chooseMedia (compressed) → Taro.cloud.uploadFile to `photos/<userId>/<random>.<ext>`;
 *    the `cloud://…` fileID is usable directly as an <Image src>.
 *  - H5 (local mode): chooseImage (blob: URLs) → raw bytes POSTed to `/api/upload` with the session
 *    token → `local:photos/<userId>/<uuid>.<ext>`, served at `/files/photos/<userId>/<uuid>.<ext>`.
 */

/** The same limit the server applies (cloudfunctions/common/images.ts PHOTO_MAX_BYTES). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024
export const PHOTO_TOO_LARGE = '照片太大了（超过 5 MB），请换一张或压缩后再上传。'
const UPLOAD_FAILED = '照片上传失败，请检查网络后再试。'

/** A failed upload; `uploaded` holds the photos of the same pick that did get through. */
export class PhotoUploadError extends Error {
  constructor(
    message: string,
    readonly uploaded: string[],
  ) {
    super(message)
  }
}

interface Picked {
  path: string
  size: number
  file?: Blob
}

function cancelled(e: unknown): boolean {
  const msg = e && typeof e === 'object' && 'errMsg' in e ? String((e as { errMsg: unknown }).errMsg) : String(e)
  return /cancel/i.test(msg)
}

async function pick(max: number): Promise<Picked[]> {
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const res = await Taro.chooseMedia({ count: max, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      return res.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size }))
    }
    const res = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    return (res.tempFiles ?? []).map((f) => ({ path: f.path, size: f.size, file: (f as { originalFileObj?: Blob }).originalFileObj }))
  } catch (e) {
    if (cancelled(e)) return []
    throw new PhotoUploadError('无法打开相册或相机，请检查小程序的相册和相机权限。', [])
  }
}

function extensionOf(path: string): 'jpg' | 'png' | 'webp' {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase()
  return ext === 'png' || ext === 'webp' ? ext : 'jpg'
}

async function uploadToCloud(p: Picked): Promise<string> {
  let userId = useAccount.getState().me?.user._id
  if (!userId) {
    await useAccount.getState().load()
    userId = useAccount.getState().me?.user._id
  }
  if (!userId) throw new Error('无法确认您的身份，请重新进入小程序后再上传照片。')
  const name = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
  const res = await Taro.cloud.uploadFile({ cloudPath: `photos/${userId}/${name}.${extensionOf(p.path)}`, filePath: p.path })
  return res.fileID
}

async function uploadToServer(p: Picked): Promise<string> {
  let body: Blob
  try {
    body = p.file ?? (await (await fetch(p.path)).blob())
  } catch {
    throw new Error('读不到这张照片，请重新选择。')
  }
  const token = getToken()
  let reply: { ok: boolean; data?: { fileID: string }; message?: string }
  try {
    const res = await fetch('/api/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    })
    reply = await res.json()
  } catch {
    throw new Error(UPLOAD_FAILED)
  }
  if (!reply.ok || !reply.data) throw new Error(reply.message || UPLOAD_FAILED)
  return reply.data.fileID
}

/**
 * Lets the user pick up to `max` photos and uploads them; resolves to their fileIDs ([] if the
 * user cancelled). A photo that is too large or fails to upload is skipped and the others still
 * go up; then PhotoUploadError is thrown with a Chinese message and the ones that were uploaded.
 */
export async function choosePhotos(max: number): Promise<string[]> {
  if (max < 1) return []
  const picked = (await pick(max)).slice(0, max)
  const uploaded: string[] = []
  let problem: string | null = null
  for (const p of picked) {
    if (p.size > PHOTO_MAX_BYTES) {
      problem ??= PHOTO_TOO_LARGE
      continue
    }
    try {
      uploaded.push(process.env.TARO_ENV === 'weapp' ? await uploadToCloud(p) : await uploadToServer(p))
    } catch (e) {
      problem ??= e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message) ? e.message : UPLOAD_FAILED
    }
  }
  if (problem) throw new PhotoUploadError(uploaded.length > 0 ? `${problem}其余 ${uploaded.length} 张已添加。` : problem, uploaded)
  return uploaded
}

/** The image URL for a fileID: cloud:// as is (weapp), local: under /files/ (H5); '' if unknown. */
export function photoSrc(fileID: string): string {
  if (fileID.startsWith('cloud://')) return fileID
  if (fileID.startsWith('local:photos/')) return `/files/${fileID.slice('local:'.length)}`
  return ''
}

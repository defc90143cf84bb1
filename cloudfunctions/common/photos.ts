import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../src/core/errors'
import type { User } from '../../src/core/roles'
import { cleanPhoto } from './images'
import type { Deps } from './router'

/**
 * Photos attached to plan items, comments and (later) issue reports. The client uploads first and
 * passes only fileIDs; a use case calls `checkPhotos` before it stores them.
 *  - weapp: the mini-program uploads to cloud storage under `photos/<userId>/<name>.<ext>`; the
 *    fileID is `cloud://<env>.<bucket>/photos/<userId>/<name>.<ext>`. The function downloads it
 *    (deps.files), checks it is a real image within the limit, and if it still carries metadata
 *    (Exif GPS, XMP, …) uploads the cleaned bytes back to the same path.
 *  - local (H5): POST /api/upload (server/app.ts) checks and cleans the bytes and stores them under
 *    `<dataDir>/uploads/photos/<userId>/<uuid>.<ext>` (deps.uploadsDir); the fileID is
 *    `local:photos/<userId>/<uuid>.<ext>`.
 */
export function photoFolder(userId: string): string {
  return `photos/${userId}/`
}

/** A photo's file name: letters, digits, `-` and `_`, then the image extension. No dots, no slashes. */
export const PHOTO_NAME = /^[A-Za-z0-9_-]{1,100}\.(jpg|png|webp)$/

export interface PhotoRef {
  where: 'local' | 'cloud'
  fileID: string
  /** Path inside storage (cloud) or under the uploads dir (local): `photos/<userId>/<name>`. */
  path: string
  userId: string
  name: string
}

/**
 * Parses a fileID into where it lives and whose folder it is in; null if it is not a photo
 * fileID at all (wrong folder, sub-folders, `..`, escapes, query, another scheme).
 */
export function parsePhotoId(fileID: string): PhotoRef | null {
  const m = /^(?:(local):|(cloud):\/\/[A-Za-z0-9._-]+\/)photos\/([A-Za-z0-9_-]{1,64})\/([^/]+)$/.exec(fileID)
  if (!m) return null
  const name = m[4]
  if (!PHOTO_NAME.test(name)) return null
  return { where: m[1] ? 'local' : 'cloud', fileID, path: `photos/${m[3]}/${name}`, userId: m[3], name }
}

const INVALID = '照片无效，请重新选择照片上传。'
const MISSING = '有照片没有上传成功或已经找不到了，请删除后重新添加。'

async function loadBytes(deps: Deps, ref: PhotoRef): Promise<Buffer> {
  try {
    if (ref.where === 'local') return await readFile(join(deps.uploadsDir as string, ref.path))
    return await (deps.files as NonNullable<Deps['files']>).download(ref.fileID)
  } catch (e) {
    throw new AppError('INVALID_INPUT', `photo ${ref.fileID} cannot be read: ${e instanceof Error ? e.message : String(e)}`, MISSING)
  }
}

async function checkOne(deps: Deps, ref: PhotoRef): Promise<void> {
  const photo = cleanPhoto(await loadBytes(deps, ref))
  if (photo.removed.length === 0) return
  deps.log?.(`photo ${ref.fileID}: removed ${photo.removed.join(', ')}`)
  const cleaned = Buffer.from(photo.bytes.buffer, photo.bytes.byteOffset, photo.bytes.byteLength)
  if (ref.where === 'local') {
    await writeFile(join(deps.uploadsDir as string, ref.path), cleaned)
    return
  }
  const upload = deps.files?.upload
  if (!upload) throw new AppError('INTERNAL', `photo ${ref.fileID} carries metadata and deps.files has no upload`)
  await upload(ref.path, cleaned)
}

/**
 * Accepts the photos only if every one is the caller's own upload, exists, is a JPEG/PNG/WebP of
 * at most 5 MB, and none is listed twice; metadata that can hold a location is stripped in place.
 * Outcomes: resolves (all fine) | INVALID_INPUT (not a photo fileID, someone else's folder, the wrong
 * storage for this deployment, missing, duplicated) | FILE_INVALID (not an image) | FILE_TOO_LARGE.
 */
export async function checkPhotos(deps: Deps, user: User, fileIDs: readonly string[]): Promise<void> {
  const seen = new Set<string>()
  const refs: PhotoRef[] = []
  for (const fileID of fileIDs) {
    const ref = parsePhotoId(fileID)
    if (!ref || ref.userId !== user._id) throw new AppError('INVALID_INPUT', `photo not uploaded by ${user._id}: ${fileID}`, INVALID)
    const key = `${ref.where}:${ref.path}`
    if (seen.has(key)) throw new AppError('INVALID_INPUT', `photo listed twice: ${fileID}`, '同一张照片添加了两次，请删除重复的一张。')
    seen.add(key)
    if (ref.where === 'local' && !deps.uploadsDir) throw new AppError('INVALID_INPUT', `local photo ${fileID} but this deployment has no local uploads`, INVALID)
    if (ref.where === 'cloud' && !deps.files) throw new AppError('INVALID_INPUT', `cloud photo ${fileID} but this deployment has no cloud storage`, INVALID)
    refs.push(ref)
  }
  await Promise.all(refs.map((ref) => checkOne(deps, ref)))
}

import Taro from '@tarojs/taro'

/**
 * Excel files in and out. H5: a file picker and a browser download, the file travelling inline
 * as base64. Mini-program: a file from a chat (chooseMessageFile) uploaded to cloud storage, the
 * function fetching it by fileID (callFunction data is capped at 100 KB); exports open in WeChat.
 */
export type Upload = { fileBase64: string; fileName: string } | { fileID: string; fileName: string }

const MAX_BYTES = 5 * 1024 * 1024

function pickInBrowser(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    input.style.display = 'none'
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null))
    document.body.appendChild(input)
    input.click()
    setTimeout(() => input.remove(), 60_000)
  })
}

export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

/**
 * Lets the user choose an .xlsx file; null if they cancelled. Throws a Chinese message if too large.
 * `owner` is the community (roster) or district (ledger) the file is for: in the mini-program the
 * file is uploaded under `imports/<owner>/`, and the function refuses files from anywhere else.
 */
export async function pickExcel(owner: string): Promise<Upload | null> {
  if (process.env.TARO_ENV === 'weapp') {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
    const file = res.tempFiles[0]
    if (!file) return null
    if (file.size > MAX_BYTES) throw new Error('文件超过 5 MB，请拆分后再导入。')
    const up = await Taro.cloud.uploadFile({ cloudPath: `imports/${owner}/${Date.now()}-${Math.random().toString(36).slice(2)}.xlsx`, filePath: file.path })
    return { fileID: up.fileID, fileName: file.name }
  }
  const file = await pickInBrowser()
  if (!file) return null
  if (file.size > MAX_BYTES) throw new Error('文件超过 5 MB，请拆分后再导入。')
  return { fileBase64: await fileToBase64(file), fileName: file.name }
}

/** Fetches an export (`{ fileBase64, fileName }`) and saves it as below. */
export async function saveExport(load: () => Promise<{ fileBase64: string; fileName: string }>): Promise<void> {
  const file = await load()
  await saveExcel(file.fileBase64, file.fileName)
}

/** Saves an exported workbook: a download in the browser, a document WeChat can open and forward. */
export async function saveExcel(fileBase64: string, fileName: string): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`
    Taro.getFileSystemManager().writeFileSync(filePath, fileBase64, 'base64')
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
    return
  }
  const bytes = Uint8Array.from(atob(fileBase64), (c) => c.charCodeAt(0))
  downloadInBrowser(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), fileName)
}

/** H5 only: hands `blob` to the browser as a download named `fileName`. */
export function downloadInBrowser(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

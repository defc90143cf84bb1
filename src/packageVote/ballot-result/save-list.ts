import Taro from '@tarojs/taro'
import { downloadInBrowser } from '@/services/files'

/**
 * Saves the anonymised ballot list (JSON text). In the browser it downloads as a .json file; in
 * the mini-program, which cannot save arbitrary files for the user, it copies the text (the
 * H5 site offers the download). Returns what happened, in a full sentence.
 */
export async function saveList(fileName: string, json: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    await Taro.setClipboardData({ data: json })
    return '名单内容已复制。要保存成文件，请在电脑或手机浏览器打开共建网页版，在这一页下载。'
  }
  downloadInBrowser(new Blob([json], { type: 'application/json' }), fileName)
  return `已下载 ${fileName}。`
}

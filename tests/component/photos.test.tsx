import '@testing-library/jest-dom'
import { act, fireEvent, render, screen } from '@testing-library/react'
import * as taro from '@tarojs/taro'
import { useState } from 'react'
import { PhotoGrid } from '@/components/PhotoGrid'
import { PhotoPicker } from '@/components/PhotoPicker'

/** PhotoPicker and PhotoGrid as H5 runs them: chooseImage gives blob: URLs, bytes go to /api/upload. */
const mock = taro as unknown as typeof import('./stubs/taro')

interface Upload {
  token: string | null
  size: number
}

/** A fake network: blob: URLs give bytes; /api/upload answers from `reply` (default: a new fileID). */
function fakeUploads(reply?: (n: number) => unknown) {
  const uploads: Upload[] = []
  globalThis.fetch = (async (url: string, init?: { body?: Blob; headers?: Record<string, string> }) => {
    if (String(url).startsWith('blob:')) return { blob: async () => new Blob([`bytes of ${url}`]) } as Response
    if (url !== '/api/upload') throw new Error(`unexpected fetch ${url}`)
    uploads.push({ token: init?.headers?.authorization?.replace('Bearer ', '') ?? null, size: init?.body?.size ?? 0 })
    const n = uploads.length
    const body = reply ? reply(n) : { ok: true, data: { fileID: `local:photos/u-res-1/new-${n}.jpg` } }
    return { json: async () => body } as Response
  }) as typeof fetch
  return uploads
}

const EXISTING = ['local:photos/u-res-1/a1.jpg', 'local:photos/u-res-1/b2.png']

/** The picker inside a form that keeps its value, and records every change. */
function Form({ initial, max, changes }: { initial: string[]; max?: number; changes: string[][] }) {
  const [photos, setPhotos] = useState(initial)
  return (
    <PhotoPicker
      value={photos}
      max={max}
      label="现状照片"
      onChange={(ids) => {
        changes.push(ids)
        setPhotos(ids)
      }}
    />
  )
}

beforeEach(() => {
  mock.reset()
  mock.storage.set('gj.session', 'tok-1')
})

test('the chosen photos show as thumbnails with their alt text and a remove button each; the add button says how many are left', () => {
  render(<Form initial={EXISTING} changes={[]} />)
  expect(screen.getByText('现状照片（2/9）')).toBeInTheDocument()
  expect(screen.getByAltText('照片1')).toHaveAttribute('src', '/files/photos/u-res-1/a1.jpg')
  expect(screen.getByAltText('照片2')).toHaveAttribute('src', '/files/photos/u-res-1/b2.png')
  expect(screen.getByRole('button', { name: '删除第1张照片' })).toHaveTextContent('删除')
  expect(screen.getByRole('button', { name: '添加照片（还可添加 7 张）' })).toBeInTheDocument()
})

test('removing the first photo keeps the second, now numbered 1', () => {
  const changes: string[][] = []
  render(<Form initial={EXISTING} changes={changes} />)
  fireEvent.click(screen.getByRole('button', { name: '删除第1张照片' }))
  expect(changes).toEqual([['local:photos/u-res-1/b2.png']])
  expect(screen.getByAltText('照片1')).toHaveAttribute('src', '/files/photos/u-res-1/b2.png')
  expect(screen.queryByAltText('照片2')).toBeNull()
  expect(screen.getByRole('button', { name: '添加照片（还可添加 8 张）' })).toBeInTheDocument()
})

test('adding: asks for at most the photos left, uploads each with the session token, appends the fileIDs', async () => {
  const uploads = fakeUploads()
  mock.media.picks.push([
    { path: 'blob:http://localhost/1', size: 120_000 },
    { path: 'blob:http://localhost/2', size: 98_000 },
  ])
  const changes: string[][] = []
  render(<Form initial={EXISTING} max={5} changes={changes} />)
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '添加照片（还可添加 3 张）' })))
  expect(mock.media.asked).toEqual([{ count: 3 }])
  expect(uploads).toEqual([
    { token: 'tok-1', size: 'bytes of blob:http://localhost/1'.length },
    { token: 'tok-1', size: 'bytes of blob:http://localhost/2'.length },
  ])
  expect(changes).toEqual([[...EXISTING, 'local:photos/u-res-1/new-1.jpg', 'local:photos/u-res-1/new-2.jpg']])
  expect(screen.getByAltText('照片4')).toHaveAttribute('src', '/files/photos/u-res-1/new-2.jpg')
  expect(screen.getByRole('button', { name: '添加照片（还可添加 1 张）' })).toBeInTheDocument()
  expect(screen.queryByRole('alert')).toBeNull()
})

test('the server refuses one photo: its Chinese message is shown and the other photo is still added', async () => {
  fakeUploads((n) =>
    n === 1
      ? { ok: false, code: 'FILE_INVALID', message: '只能上传照片（JPG、PNG 或 WebP 格式的图片），这个文件不是照片或已损坏。' }
      : { ok: true, data: { fileID: 'local:photos/u-res-1/good.jpg' } },
  )
  mock.media.picks.push([
    { path: 'blob:http://localhost/heic', size: 1000 },
    { path: 'blob:http://localhost/ok', size: 1000 },
  ])
  const changes: string[][] = []
  render(<Form initial={[]} changes={changes} />)
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '添加照片（还可添加 9 张）' })))
  expect(await screen.findByRole('alert')).toHaveTextContent('只能上传照片（JPG、PNG 或 WebP 格式的图片），这个文件不是照片或已损坏。其余 1 张已添加。')
  expect(changes).toEqual([['local:photos/u-res-1/good.jpg']])
})

test('a photo over 5 MB is refused on the phone, before any upload', async () => {
  const uploads = fakeUploads()
  mock.media.picks.push([{ path: 'blob:http://localhost/huge', size: 6 * 1024 * 1024 }])
  const changes: string[][] = []
  render(<Form initial={[]} changes={changes} />)
  await act(async () => fireEvent.click(screen.getByRole('button', { name: /添加照片/ })))
  expect(await screen.findByRole('alert')).toHaveTextContent('照片太大了（超过 5 MB）')
  expect(uploads).toEqual([])
  expect(changes).toEqual([])
})

test('cancelling the picker changes nothing and shows no error', async () => {
  const uploads = fakeUploads()
  const changes: string[][] = []
  render(<Form initial={EXISTING} changes={changes} />)
  await act(async () => fireEvent.click(screen.getByRole('button', { name: /添加照片/ })))
  expect(mock.media.asked).toHaveLength(1)
  expect(uploads).toEqual([])
  expect(changes).toEqual([])
  expect(screen.queryByRole('alert')).toBeNull()
})

test('at the limit there is no add button, only a note', () => {
  render(<Form initial={EXISTING} max={2} changes={[]} />)
  expect(screen.queryByRole('button', { name: /添加照片/ })).toBeNull()
  expect(screen.getByText(/最多 2 张/)).toBeInTheDocument()
})

test('PhotoGrid: thumbnails “照片N”; tapping one opens the viewer on it with all of them', () => {
  render(<PhotoGrid fileIDs={['local:photos/u-1/x.jpg', 'cloud://env.b/photos/u-1/y.jpg']} />)
  expect(screen.getByAltText('照片2')).toHaveAttribute('src', 'cloud://env.b/photos/u-1/y.jpg')
  fireEvent.click(screen.getByRole('button', { name: '放大查看照片2' }))
  expect(mock.media.previews).toEqual([{ urls: ['/files/photos/u-1/x.jpg', 'cloud://env.b/photos/u-1/y.jpg'], current: 'cloud://env.b/photos/u-1/y.jpg' }])
})

test('PhotoGrid with no photos renders nothing', () => {
  const { container } = render(<PhotoGrid fileIDs={[]} />)
  expect(container).toBeEmptyDOMElement()
})

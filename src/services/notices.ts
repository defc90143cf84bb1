import type { Notice, NoticeFields } from '@/core/notice'
import { call } from './api'

export type NoticeListStatus = 'published' | 'scheduled' | 'draft' | 'withdrawn'

export interface NoticeList {
  items: Notice[]
  total: number
  community: { _id: string; name: string }
}

export const noticesApi = {
  list: (input: { status?: NoticeListStatus; limit?: number; offset?: number } = {}) =>
    call<NoticeList>('notices', 'list', input),
  get: (id: string) => call<{ notice: Notice; canEdit: boolean }>('notices', 'get', { id }),
  create: (fields: NoticeFields) => call<Notice>('notices', 'create', fields),
  update: (id: string, version: number, fields: NoticeFields) => call<Notice>('notices', 'update', { id, version, ...fields }),
  publish: (id: string, version: number) => call<Notice>('notices', 'publish', { id, version }),
  withdraw: (id: string, version: number, reason: string) => call<Notice>('notices', 'withdraw', { id, version, reason }),
}

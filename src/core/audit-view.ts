import { formatArea } from './roster'

/**
 * How a change-log entry reads to people: a Chinese name for the action and the fields that
 * changed ("楼层：5 → 6"). Pure, so the page and tests share it.
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'households.import': '导入名册',
  'households.update': '修改住户信息',
  'members.bind': '绑定房屋',
  'members.decide': '处理绑定申请',
  'members.invite': '邀请家人',
  'members.issueCodes': '生成绑定码',
  'members.remove': '移除成员',
  'members.leave': '退出房屋',
  'ledger.import': '导入项目库',
  'ledger.update': '修改项目库',
}

const FIELD_LABELS: Record<string, string> = {
  floor: '楼层',
  areaCentiM2: '专有面积',
  owners: '业主',
  coOwned: '共有',
  developerUnsold: '开发商未售',
  tenantOccupied: '出租',
  householdCount: '户数',
  relation: '关系',
  name: '名称',
  floorAreaCentiM2: '总建筑面积',
}

/** Fields shown in their own unit rather than as stored. */
const FORMATS: Record<string, (v: unknown) => string> = {
  areaCentiM2: (v) => (typeof v === 'number' ? `${formatArea(v)} ㎡` : show(v)),
  floorAreaCentiM2: (v) => (typeof v === 'number' ? `${formatArea(v)} ㎡` : show(v)),
}

/** Fields never shown in the log view (bookkeeping, not content). */
const HIDDEN = new Set(['_id', 'version', 'updatedAt', 'createdAt'])

function show(v: unknown): string {
  if (v === null || v === undefined) return '（无）'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : show(x))).join('、') || '（无）'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/** The changed fields of an entry, each as "字段：旧 → 新". */
export function auditChanges(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k))
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => {
      const fmt = FORMATS[k] ?? show
      return `${FIELD_LABELS[k] ?? k}：${before ? fmt(b[k]) : '（新增）'} → ${fmt(a[k])}`
    })
}

/** One change-log record: who, when, what, before and after (written by cloudfunctions/common/audit.ts). */
export interface AuditEntry {
  _id: string
  communityId: string
  at: string
  byUserId: string
  byName: string
  /** e.g. 'households.update', 'members.bind' */
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
}

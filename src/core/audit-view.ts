import { maskName, maskPhone } from './privacy'
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
  'members.bindParty': '工作人员绑定账号',
  'ledger.import': '导入项目库',
  'ledger.update': '修改项目库',
  'plans.setProgress': '更新改造项目进度',
  'feedback.hide': '隐藏居民留言',
  'ballots.addProxy': '登记投票委托',
  'ballots.revokeProxy': '撤销投票委托',
  'parties.save': '登记参建单位',
  'works.setContractor': '指定施工单位',
  'works.issuePartyCode': '生成工作人员绑定码',
  'works.endSupervisor': '撤下监督员',
  'acceptance.record': '记录验收',
  'acceptance.fixDefect': '标记整改完成',
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
  communityId: '所属小区',
  name: '名称',
  floorAreaCentiM2: '总建筑面积',
  item: '项目',
  status: '进度',
  decision: '业主表决',
  decisionRef: '表决依据',
  text: '留言内容',
  hidden: '隐藏原因',
  household: '房屋',
  proxy: '代理人',
  grantor: '委托业主',
  ballot: '适用投票',
  revokeReason: '撤销原因',
  partyKind: '单位类型',
  party: '单位',
  staffName: '工作人员',
  expiresAt: '有效期至',
  issuedBy: '绑定码发放人',
  role: '账号类型',
  phone: '电话',
  lines: '负责的管线',
  contractor: '施工单位',
  supervisor: '监督员',
  endedAt: '卸任时间',
  reason: '原因',
  attempt: '第几次验收',
  outcome: '验收结论',
  defects: '问题清单',
  defect: '问题',
  fixed: '整改情况',
  fixesDueOn: '整改期限',
  warrantyEndsOn: '保修期至',
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

/** The changed fields of an entry, each as "字段：旧 → 新" (a field whose values are withheld: "字段：有改动"). */
export function auditChanges(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k))
  return keys
    .filter((k) => b[k] === AUDIT_WITHHELD || a[k] === AUDIT_WITHHELD || JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => {
      if (b[k] === AUDIT_WITHHELD || a[k] === AUDIT_WITHHELD) return `${FIELD_LABELS[k] ?? k}：有改动`
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

/** Stands in for a value the reader may not see (the district's view of the log; secrets). */
export const AUDIT_WITHHELD = '（不显示）'

/** Who reads the log: the community's office, or the district officer (households.audit). */
export type AuditViewer = 'office' | 'district'

/** A SHA-256 in hex: the hash of a bind or invite code, never shown (it can be brute-forced back to the code). */
const CODE_HASH = /^[0-9a-f]{64}$/i

/** A mobile number wherever it stands (a phone kept under another key is masked too). */
const MOBILE = /^1\d{10}$/

/**
 * An entry's data for the office: every `openid` key is dropped at any depth, every phone (under a
 * key with "phone" in its name, or any 11-digit mobile number) is masked (139****5678) and any code
 * hash is withheld. Names and ID tails stay: the office keeps the register and sees them in full.
 */
function forOffice(v: unknown, phoneKey = false): unknown {
  if (Array.isArray(v)) return v.map((x) => forOffice(x, phoneKey))
  if (typeof v === 'string') return CODE_HASH.test(v) ? AUDIT_WITHHELD : phoneKey || MOBILE.test(v) ? maskPhone(v) : v
  if (!v || typeof v !== 'object') return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k.toLowerCase() === 'openid') continue
    out[k] = forOffice(x, /phone/i.test(k))
  }
  return out
}

/** The top-level fields that differ between before and after (bookkeeping fields left out). */
function changedFields(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' && !Array.isArray(before) ? before : {}) as Record<string, unknown>
  const a = (after && typeof after === 'object' && !Array.isArray(after) ? after : {}) as Record<string, unknown>
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]))
}

/**
 * A change-log entry as its reader may see it (pure; households.audit applies it to every entry).
 * - office: before/after with no OPENID anywhere, phones masked, code hashes withheld;
 * - district: only WHICH fields changed: before/after keep just the changed field names, each
 *   value replaced by AUDIT_WITHHELD (null stays null: "created" / "removed"); the author's name
 *   is masked. No owner names, ID tails, phones or OPENIDs reach the district.
 * A code hash used as the entity id is withheld for both.
 */
export function auditEntryFor(entry: AuditEntry, viewer: AuditViewer): AuditEntry {
  const entityId = CODE_HASH.test(entry.entityId) ? AUDIT_WITHHELD : entry.entityId
  if (viewer === 'office') return { ...entry, entityId, before: forOffice(entry.before), after: forOffice(entry.after) }
  const fields = changedFields(entry.before, entry.after)
  const withheld = (side: unknown) => (side === null || side === undefined ? null : Object.fromEntries(fields.map((f) => [f, AUDIT_WITHHELD])))
  return {
    _id: entry._id,
    communityId: entry.communityId,
    at: entry.at,
    byUserId: entry.byUserId,
    byName: maskName(entry.byName),
    action: entry.action,
    entity: entry.entity,
    entityId,
    before: withheld(entry.before),
    after: withheld(entry.after),
  }
}

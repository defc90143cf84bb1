import * as z from 'zod/mini'
import { daysBetween, isValidDate } from './time'

/**
 * Acceptance (验收) of one plan item, seed 六(四): a checklist signed off by the owners'
 * representatives together with the contractor, the supervising engineer, the designer and the
 * surveyor. It passes, fails with a defect list, or passes with fixes due by a date. A pass sets the
 * item's warranty end (the contractor answers for reports until then) and sends a satisfaction
 * survey to the households in the item's scope. A failed item may be inspected again (attempt 2…).
 */
export const SIGNER_ROLES = ['ownersRep', 'contractor', 'supervisor', 'designer', 'surveyor'] as const
export type SignerRole = (typeof SIGNER_ROLES)[number]
export const SIGNER_ROLE_LABELS: Record<SignerRole, string> = {
  ownersRep: '业主代表',
  contractor: '施工单位',
  supervisor: '监理单位',
  designer: '设计单位',
  surveyor: '勘察单位',
}

export const ACCEPTANCE_OUTCOMES = ['passed', 'failed', 'passedWithFixes'] as const
export type AcceptanceOutcome = (typeof ACCEPTANCE_OUTCOMES)[number]
export const ACCEPTANCE_OUTCOME_LABELS: Record<AcceptanceOutcome, string> = {
  passed: '验收合格',
  failed: '验收不合格',
  passedWithFixes: '验收合格，限期整改',
}

export const CHECK_RESULTS = ['ok', 'defect', 'na'] as const
export type CheckResult = (typeof CHECK_RESULTS)[number]
export const CHECK_RESULT_LABELS: Record<CheckResult, string> = { ok: '符合', defect: '有问题', na: '不适用' }

/** The checklist the form starts with; the office may change and add lines. */
export const DEFAULT_CHECKLIST: readonly string[] = [
  '按批准的设计方案完成全部内容',
  '使用的材料、设备与设计和合同一致，有合格证明',
  '施工质量无明显缺陷（渗漏、开裂、松动等）',
  '安全隐患已排除，临时设施已拆除',
  '现场清理完毕，恢复原有绿化、道路',
  '竣工图纸、隐蔽工程记录等资料齐全',
]

/** Common warranty (建设工程质量管理条例 第四十条: 给排水、电气管线 2 年; 屋面防水 5 年): the form proposes 2 years. */
export const DEFAULT_WARRANTY_YEARS = 2

export const CHECK_TEXT_MAX = 100
export const NOTE_MAX = 200
export const SIGNER_NAME_MAX = 40
export const DEFECT_TEXT_MAX = 200

const date = z.string().check(z.refine(isValidDate, '日期格式应为 2026-12-31'))

export const checklistEntrySchema = z.object({
  text: z.string().check(z.trim(), z.minLength(1, '检查项不能为空'), z.maxLength(CHECK_TEXT_MAX, `检查项不能超过 ${CHECK_TEXT_MAX} 个字`)),
  result: z.enum(CHECK_RESULTS, '请为每个检查项选择“符合”“有问题”或“不适用”'),
  note: z.string().check(z.trim(), z.maxLength(NOTE_MAX, `备注不能超过 ${NOTE_MAX} 个字`)),
})
export type ChecklistEntry = z.infer<typeof checklistEntrySchema>

export const signatureSchema = z.object({
  role: z.enum(SIGNER_ROLES, '请选择签字方'),
  /** The person who signed (for a party: its representative), as on the paper record. */
  name: z.string().check(z.trim(), z.minLength(1, '请填写签字人姓名'), z.maxLength(SIGNER_NAME_MAX, `姓名不能超过 ${SIGNER_NAME_MAX} 个字`)),
  /** The party (contractor, supervisor…) they sign for; null for owners' representatives. */
  partyId: z.nullable(z.string().check(z.minLength(1), z.maxLength(80))),
})
export type Signature = z.infer<typeof signatureSchema>

export const defectSchema = z.object({
  text: z.string().check(z.trim(), z.minLength(1, '请写明问题'), z.maxLength(DEFECT_TEXT_MAX, `问题描述不能超过 ${DEFECT_TEXT_MAX} 个字`)),
})
export type Defect = z.infer<typeof defectSchema>

export const acceptanceFieldsSchema = z.object({
  itemId: z.string().check(z.minLength(1), z.maxLength(80)),
  checklist: z.array(checklistEntrySchema).check(z.minLength(1, '验收清单至少要有一项'), z.maxLength(40, '验收清单最多 40 项')),
  signatures: z.array(signatureSchema).check(z.maxLength(20, '签字最多 20 人')),
  outcome: z.enum(ACCEPTANCE_OUTCOMES, '请选择验收结论'),
  defects: z.array(defectSchema).check(z.maxLength(40, '问题清单最多 40 条')),
  /** passedWithFixes: the date the fixes are due (China date). */
  fixesDueOn: z.nullable(date),
  /** passed / passedWithFixes: the last day of the contractor's warranty (China date). */
  warrantyEndsOn: z.nullable(date),
  /** The item's contractor (a party of kind 'contractor'): reports under warranty go to it. */
  contractorPartyId: z.nullable(z.string().check(z.minLength(1), z.maxLength(80))),
  /** Photos of the signed paper record and of the site. */
  photos: z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.maxLength(9, '照片最多 9 张')),
})
export type AcceptanceFields = z.infer<typeof acceptanceFieldsSchema>

export interface Acceptance extends AcceptanceFields {
  /** `${planId}:${itemId}:a${attempt}` */
  _id: string
  communityId: string
  planId: string
  itemTitle: string
  attempt: number
  decidedAt: string
  decidedBy: string
  /** Defects of a passedWithFixes outcome, as fixed (index into defects → when). */
  fixedAt: (string | null)[]
  /** The satisfaction survey (a ballot) sent after a pass; null for a failed attempt. */
  surveyBallotId: string | null
  /** Bumped by each change after filing (a defect marked fixed): stale changes are refused. */
  version: number
}

export const acceptanceId = (planIdValue: string, itemId: string, attempt: number) => `${planIdValue}:${itemId}:a${attempt}`

export const passes = (o: AcceptanceOutcome) => o !== 'failed'

/**
 * Why this acceptance record cannot be filed (Chinese sentences; empty when it can). `today` is the
 * China date of the decision.
 */
export function acceptanceProblems(f: AcceptanceFields, today: string): string[] {
  const problems: string[] = []
  const roles = new Set(f.signatures.map((s) => s.role))
  const missing = SIGNER_ROLES.filter((r) => !roles.has(r))
  if (missing.length) problems.push(`还缺${missing.map((r) => SIGNER_ROLE_LABELS[r]).join('、')}的签字。`)
  for (const s of f.signatures) {
    if (s.role === 'ownersRep' && s.partyId !== null) problems.push('业主代表不代表单位签字，不需要选择单位。')
    if (s.role !== 'ownersRep' && s.partyId === null) problems.push(`请为${SIGNER_ROLE_LABELS[s.role]}的签字人选择所属单位。`)
  }
  const defectLines = f.checklist.filter((c) => c.result === 'defect').length
  switch (f.outcome) {
    case 'passed':
      if (defectLines > 0 || f.defects.length > 0) problems.push('还有问题没有整改，不能直接验收合格；请选择“限期整改”或“验收不合格”。')
      break
    case 'passedWithFixes':
      if (f.defects.length === 0) problems.push('限期整改需要列出要整改的问题。')
      if (f.fixesDueOn === null) problems.push('请填写整改期限。')
      else if (daysBetween(today, f.fixesDueOn) < 1) problems.push('整改期限应晚于今天。')
      break
    case 'failed':
      if (f.defects.length === 0) problems.push('验收不合格需要列出问题清单。')
      break
  }
  if (f.outcome !== 'passedWithFixes' && f.fixesDueOn !== null) problems.push('只有“限期整改”需要填写整改期限。')
  if (passes(f.outcome)) {
    if (f.warrantyEndsOn === null) problems.push('请填写保修期截止日期。')
    else if (daysBetween(today, f.warrantyEndsOn) < 1) problems.push('保修期截止日期应晚于今天。')
    if (f.contractorPartyId === null) problems.push('请选择施工单位（保修期内的报修由它负责）。')
  } else if (f.warrantyEndsOn !== null) problems.push('验收不合格时不填写保修期。')
  return problems
}

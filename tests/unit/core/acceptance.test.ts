/**
 * The acceptance record's rules (src/core/acceptance.ts acceptanceProblems): every signer role, who
 * signs for a party, what each outcome needs, and the dates — each boundary from both sides
 * (`today` is the China date of the decision).
 */
import * as z from 'zod/mini'
import { acceptanceFieldsSchema, acceptanceProblems, passes, SIGNER_ROLES, type AcceptanceFields, type Signature } from '@/core/acceptance'

const TODAY = '2026-11-25'
const TOMORROW = '2026-11-26'
const YESTERDAY = '2026-11-24'

const SIGNED: Signature[] = [
  { role: 'ownersRep', name: '冯大爷', partyId: null },
  { role: 'contractor', name: '郑工', partyId: 'p-builder' },
  { role: 'supervisor', name: '何工', partyId: 'p-super' },
  { role: 'designer', name: '林工', partyId: 'p-design' },
  { role: 'surveyor', name: '韩工', partyId: 'p-survey' },
]

/** A complete "passed" record: every line fine, every role signed, two years' warranty, the contractor named. */
function passed(more: Partial<AcceptanceFields> = {}): AcceptanceFields {
  return {
    itemId: 'i-roof',
    checklist: [{ text: '按批准的设计方案完成全部内容', result: 'ok', note: '' }, { text: '资料齐全', result: 'na', note: '' }],
    signatures: SIGNED,
    outcome: 'passed',
    defects: [],
    fixesDueOn: null,
    warrantyEndsOn: '2028-11-25',
    contractorPartyId: 'p-builder',
    photos: [],
    ...more,
  }
}
const withFixes = (more: Partial<AcceptanceFields> = {}) => passed({ outcome: 'passedWithFixes', defects: [{ text: '3单元落水管接口渗水' }], fixesDueOn: '2026-12-10', ...more })
const failed = (more: Partial<AcceptanceFields> = {}) =>
  passed({ outcome: 'failed', defects: [{ text: '屋面多处起鼓' }], checklist: [{ text: '施工质量', result: 'defect', note: '起鼓' }], warrantyEndsOn: null, contractorPartyId: null, ...more })

test('complete records of each outcome have no problems', () => {
  expect(acceptanceProblems(passed(), TODAY)).toEqual([])
  expect(acceptanceProblems(withFixes(), TODAY)).toEqual([])
  expect(acceptanceProblems(failed(), TODAY)).toEqual([])
  // A failed attempt may still name the contractor (it is not required).
  expect(acceptanceProblems(failed({ contractorPartyId: 'p-builder' }), TODAY)).toEqual([])
})

describe('signatures', () => {
  test.each(SIGNER_ROLES.map((role) => [role]))('without the %s signing, the role is named as missing', (role) => {
    const labels = { ownersRep: '业主代表', contractor: '施工单位', supervisor: '监理单位', designer: '设计单位', surveyor: '勘察单位' }
    expect(acceptanceProblems(passed({ signatures: SIGNED.filter((s) => s.role !== role) }), TODAY)).toEqual([`还缺${labels[role]}的签字。`])
  })

  test('nobody signed: every role is listed, in order, in one sentence', () => {
    expect(acceptanceProblems(passed({ signatures: [] }), TODAY)).toEqual(['还缺业主代表、施工单位、监理单位、设计单位、勘察单位的签字。'])
  })

  test('two owners\' representatives are fine (the record lists everyone who signed)', () => {
    expect(acceptanceProblems(passed({ signatures: [...SIGNED, { role: 'ownersRep', name: '王阿姨', partyId: null }] }), TODAY)).toEqual([])
  })

  test('an owners\' representative signs for no party; everyone else signs for one', () => {
    const rep = passed({ signatures: SIGNED.map((s) => (s.role === 'ownersRep' ? { ...s, partyId: 'p-builder' } : s)) })
    expect(acceptanceProblems(rep, TODAY)).toEqual(['业主代表不代表单位签字，不需要选择单位。'])
    const designer = passed({ signatures: SIGNED.map((s) => (s.role === 'designer' ? { ...s, partyId: null } : s)) })
    expect(acceptanceProblems(designer, TODAY)).toEqual(['请为设计单位的签字人选择所属单位。'])
  })
})

describe('passed', () => {
  test('not with a defect line on the checklist, nor with a defect listed', () => {
    const message = '还有问题没有整改，不能直接验收合格；请选择“限期整改”或“验收不合格”。'
    expect(acceptanceProblems(passed({ checklist: [{ text: '施工质量', result: 'defect', note: '' }] }), TODAY)).toEqual([message])
    expect(acceptanceProblems(passed({ defects: [{ text: '接口渗水' }] }), TODAY)).toEqual([message])
  })

  test('needs a warranty ending after today: today is too early, tomorrow is fine', () => {
    expect(acceptanceProblems(passed({ warrantyEndsOn: null }), TODAY)).toEqual(['请填写保修期截止日期。'])
    expect(acceptanceProblems(passed({ warrantyEndsOn: YESTERDAY }), TODAY)).toEqual(['保修期截止日期应晚于今天。'])
    expect(acceptanceProblems(passed({ warrantyEndsOn: TODAY }), TODAY)).toEqual(['保修期截止日期应晚于今天。'])
    expect(acceptanceProblems(passed({ warrantyEndsOn: TOMORROW }), TODAY)).toEqual([])
  })

  test('needs the contractor (reports under warranty go to it)', () => {
    expect(acceptanceProblems(passed({ contractorPartyId: null }), TODAY)).toEqual(['请选择施工单位（保修期内的报修由它负责）。'])
  })

  test('takes no due date for fixes', () => {
    expect(acceptanceProblems(passed({ fixesDueOn: TOMORROW }), TODAY)).toEqual(['只有“限期整改”需要填写整改期限。'])
  })
})

describe('passed with fixes', () => {
  test('needs the defects to fix', () => {
    expect(acceptanceProblems(withFixes({ defects: [] }), TODAY)).toEqual(['限期整改需要列出要整改的问题。'])
  })

  test('needs a due date after today: today is too early, tomorrow is fine', () => {
    expect(acceptanceProblems(withFixes({ fixesDueOn: null }), TODAY)).toEqual(['请填写整改期限。'])
    expect(acceptanceProblems(withFixes({ fixesDueOn: YESTERDAY }), TODAY)).toEqual(['整改期限应晚于今天。'])
    expect(acceptanceProblems(withFixes({ fixesDueOn: TODAY }), TODAY)).toEqual(['整改期限应晚于今天。'])
    expect(acceptanceProblems(withFixes({ fixesDueOn: TOMORROW }), TODAY)).toEqual([])
  })

  test('a defect line on the checklist is fine (that is what the fixes are for)', () => {
    expect(acceptanceProblems(withFixes({ checklist: [{ text: '施工质量', result: 'defect', note: '' }] }), TODAY)).toEqual([])
  })

  test('is a pass: it needs the warranty and the contractor too', () => {
    expect(acceptanceProblems(withFixes({ warrantyEndsOn: TODAY, contractorPartyId: null }), TODAY)).toEqual([
      '保修期截止日期应晚于今天。',
      '请选择施工单位（保修期内的报修由它负责）。',
    ])
  })
})

describe('failed', () => {
  test('needs the list of defects', () => {
    expect(acceptanceProblems(failed({ defects: [] }), TODAY)).toEqual(['验收不合格需要列出问题清单。'])
  })

  test('takes neither a warranty nor a due date', () => {
    expect(acceptanceProblems(failed({ warrantyEndsOn: '2028-11-25' }), TODAY)).toEqual(['验收不合格时不填写保修期。'])
    expect(acceptanceProblems(failed({ fixesDueOn: TOMORROW }), TODAY)).toEqual(['只有“限期整改”需要填写整改期限。'])
  })
})

test('several problems are all listed at once', () => {
  const f = passed({ signatures: SIGNED.slice(0, 2), warrantyEndsOn: null, contractorPartyId: null, defects: [{ text: '渗水' }] })
  expect(acceptanceProblems(f, TODAY)).toEqual([
    '还缺监理单位、设计单位、勘察单位的签字。',
    '还有问题没有整改，不能直接验收合格；请选择“限期整改”或“验收不合格”。',
    '请填写保修期截止日期。',
    '请选择施工单位（保修期内的报修由它负责）。',
  ])
})

test('passes: passed and passed with fixes do, failed does not', () => {
  expect([passes('passed'), passes('passedWithFixes'), passes('failed')]).toEqual([true, true, false])
})

describe('the form as parsed (acceptanceFieldsSchema)', () => {
  test('dates are real calendar dates', () => {
    expect(z.safeParse(acceptanceFieldsSchema, passed({ warrantyEndsOn: '2028-02-30' })).success).toBe(false)
    expect(z.safeParse(acceptanceFieldsSchema, passed({ warrantyEndsOn: '2028-2-3' })).success).toBe(false)
    expect(z.safeParse(acceptanceFieldsSchema, passed()).success).toBe(true)
  })

  test('the checklist is not empty; check lines and signer names are trimmed and not blank', () => {
    expect(z.safeParse(acceptanceFieldsSchema, passed({ checklist: [] })).success).toBe(false)
    expect(z.safeParse(acceptanceFieldsSchema, passed({ signatures: [{ role: 'ownersRep', name: '   ', partyId: null }] })).success).toBe(false)
    const parsed = z.parse(acceptanceFieldsSchema, passed({ checklist: [{ text: '  现场清理完毕 ', result: 'ok', note: ' ' }] }))
    expect(parsed.checklist[0]).toEqual({ text: '现场清理完毕', result: 'ok', note: '' })
  })
})

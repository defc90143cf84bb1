/** The parties' rules (src/core/parties.ts partyProblems): lines belong to utility companies only. */
import * as z from 'zod/mini'
import { partyFieldsSchema, partyProblems, PARTY_KINDS, type PartyFields } from '@/core/parties'

const party = (more: Partial<PartyFields>): PartyFields => ({ kind: 'contractor', name: '某建设工程公司', phone: '', lines: [], ...more })

test('a utility with its lines, and every other kind without lines, are fine', () => {
  expect(partyProblems(party({ kind: 'utility', lines: ['water'] }))).toEqual([])
  expect(partyProblems(party({ kind: 'utility', lines: ['gas', 'power', 'heating'] }))).toEqual([])
  for (const kind of PARTY_KINDS.filter((k) => k !== 'utility')) expect(partyProblems(party({ kind }))).toEqual([])
})

test('a utility names at least one line it owns', () => {
  expect(partyProblems(party({ kind: 'utility', lines: [] }))).toEqual(['管线单位请至少选择一种它负责的管线。'])
})

test.each(PARTY_KINDS.filter((k) => k !== 'utility').map((k) => [k]))('a %s owns no lines', (kind) => {
  expect(partyProblems(party({ kind, lines: ['water'] }))).toEqual(['只有管线单位需要选择管线。'])
})

test('a line is named once', () => {
  expect(partyProblems(party({ kind: 'utility', lines: ['water', 'water'] }))).toEqual(['管线类型重复了。'])
  expect(partyProblems(party({ kind: 'property', lines: ['gas', 'gas'] }))).toEqual(['只有管线单位需要选择管线。', '管线类型重复了。'])
})

test('the form: a name (trimmed, at most 60), a known kind and known lines', () => {
  expect(z.parse(partyFieldsSchema, party({ name: '  某供水公司 ' })).name).toBe('某供水公司')
  expect(z.safeParse(partyFieldsSchema, party({ name: ' ' })).success).toBe(false)
  expect(z.safeParse(partyFieldsSchema, party({ name: '某'.repeat(61) })).success).toBe(false)
  expect(z.safeParse(partyFieldsSchema, party({ name: '某'.repeat(60) })).success).toBe(true)
  expect(z.safeParse(partyFieldsSchema, { ...party({}), kind: 'bank' }).success).toBe(false)
  expect(z.safeParse(partyFieldsSchema, party({ kind: 'utility', lines: ['sewage' as 'water'] })).success).toBe(false)
})

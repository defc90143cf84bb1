/**
 * Supervision rules (src/core/works.ts): when an item takes observations (observationRefusal), and
 * the supervisor's deterministic id (volunteering twice is one record).
 */
import * as z from 'zod/mini'
import { ITEM_STATUSES, type ItemStatus } from '@/core/plan'
import { observationFieldsSchema, observationRefusal, supervisionTargetSchema, supervisorId, targetKey } from '@/core/works'

const NOT_CHOSEN = '这个项目还没有确定实施，暂时不能提交施工监督意见；可以在方案里留言。'
const ACCEPTED = '这个项目已经验收，发现问题请用“报事报修”。'

test.each([
  ['proposed', NOT_CHOSEN],
  ['dropped', NOT_CHOSEN],
  ['chosen', null],
  ['works', null],
  ['done', null],
] as [ItemStatus, string | null][])('an item %s (not accepted): %s', (status, refusal) => {
  expect(observationRefusal({ status, acceptedAt: null })).toBe(refusal)
  // Before issue 6 the progress had no acceptedAt at all: the same.
  expect(observationRefusal({ status })).toBe(refusal)
})

test('every status is covered above', () => {
  expect([...ITEM_STATUSES].sort()).toEqual(['chosen', 'done', 'dropped', 'proposed', 'works'])
})

test('an accepted item takes no more observations: its problems are issue reports (报事报修)', () => {
  expect(observationRefusal({ status: 'done', acceptedAt: '2026-10-16T02:00:00.000Z' })).toBe(ACCEPTED)
})

test('no progress at all (an item not in the published edition) takes none', () => {
  expect(observationRefusal(undefined)).toBe(NOT_CHOSEN)
})

test('a supervisor\'s id is per community, person and target: an item and a building never collide', () => {
  const item = supervisorId('c1', 'u1', { kind: 'item', itemId: 'x' })
  const building = supervisorId('c1', 'u1', { kind: 'building', buildingId: 'x' })
  expect(item).toBe('c1:u1:item:x')
  expect(building).toBe('c1:u1:building:x')
  expect(supervisorId('c1', 'u2', { kind: 'item', itemId: 'x' })).not.toBe(item)
  expect(targetKey({ kind: 'building', buildingId: 'c1-b3' })).toBe('building:c1-b3')
})

test('the forms: a target is an item or a building; an observation needs a kind and text, at most 9 photos', () => {
  expect(z.safeParse(supervisionTargetSchema, { kind: 'unit', unitId: 'u' }).success).toBe(false)
  expect(z.safeParse(supervisionTargetSchema, { kind: 'item' }).success).toBe(false)
  const obs = { itemId: 'i1', buildingId: null, kind: 'noise', text: ' 晚上十点还在切割 ', photos: [] as string[] }
  expect(z.parse(observationFieldsSchema, obs).text).toBe('晚上十点还在切割')
  expect(z.safeParse(observationFieldsSchema, { ...obs, text: '  ' }).success).toBe(false)
  expect(z.safeParse(observationFieldsSchema, { ...obs, kind: 'gossip' }).success).toBe(false)
  expect(z.safeParse(observationFieldsSchema, { ...obs, photos: Array.from({ length: 10 }, (_, i) => `p${i}`) }).success).toBe(false)
  expect(z.safeParse(observationFieldsSchema, { ...obs, photos: Array.from({ length: 9 }, (_, i) => `p${i}`) }).success).toBe(true)
})

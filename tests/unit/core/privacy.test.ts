/** Masking in lists (src/core/privacy.ts), the examples of issue 3's brief. */
import { maskName, maskPhone } from '@/core/privacy'

test.each([
  ['王建国', '王*国'],
  ['王一', '王*'],
  ['欧阳建国', '欧**国'],
  ['王', '*'],
  [' 李四 ', '李*'],
  ['', ''],
  // A character outside the BMP counts as one character, not two UTF-16 units.
  ['𠀋建国', '𠀋*国'],
])('maskName(%j) → %j', (name, masked) => {
  expect(maskName(name)).toBe(masked)
})

test.each([
  ['13912345678', '139****5678'],
  ['1391234567', '139***4567'],
  ['12345', '*****'],
  ['', ''],
])('maskPhone(%j) → %j', (phone, masked) => {
  expect(maskPhone(phone)).toBe(masked)
})

test('a masked name never contains the hidden characters', () => {
  expect(maskName('王建国')).not.toContain('建')
  expect(maskPhone('13912345678')).not.toContain('1234')
})

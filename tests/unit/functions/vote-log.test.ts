/**
 * The canonical JSON every vote-log hash is taken over (cloudfunctions/common/vote-log.ts). It is
 * built by concatenation for speed; its text must stay exactly what the first version (map, filter,
 * join) wrote, or every stored log would stop verifying.
 */
import { canonicalJson } from '../../../cloudfunctions/common/vote-log'

/** The first version, as it was written. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`
  const obj = value as Record<string, unknown>
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${reference(obj[k])}`)
    .join(',')}}`
}

test('a log entry: keys sorted at every level, undefined fields left out, by hand', () => {
  const entry = { seq: 3, kind: 'cast', answers: [{ questionId: 'q2', picks: [1, 0] }, { questionId: 'q1', choice: 'yes', note: undefined }], assistedBy: null, at: '2026-11-25T01:02:03.000Z' }
  expect(canonicalJson(entry)).toBe(
    '{"answers":[{"picks":[1,0],"questionId":"q2"},{"choice":"yes","questionId":"q1"}],"assistedBy":null,"at":"2026-11-25T01:02:03.000Z","kind":"cast","seq":3}',
  )
})

test.each<[string, unknown]>([
  ['empty object and array', { a: {}, b: [] }],
  ['undefined inside an array (written as nothing, as join does)', [1, undefined, 2]],
  ['only undefined fields', { a: undefined }],
  ['Chinese text and escapes', { 标题: '屋面防水 "一期"\n', 'a\u0000b': 'x' }],
  ['keys in UTF-16 order, digits and capitals first', { b: 1, B: 2, '10': 3, '9': 4, é: 5, _: 6 }],
  ['numbers', { n: [0, -0, 1.5, 1e21, -3] }],
  ['a Date (no toJSON: an object without own keys)', { at: new Date(0) }],
  ['top-level scalars', 'text'],
  ['strings JSON must escape', ['say "hi"', 'back\\slash', 'tab\tnew\nline', '\u0001', '\u001f']],
  ['strings JSON writes as they are', ['2026-11-25T01:02:03.000Z', '屋面 防水/一期', '\u007f', '\u2028', '']],
  ['surrogates: a pair, and lone halves (escaped)', ['😀', '\ud83d', '\ude00x', { '\ud800': 1 }]],
])('same text as the first version: %s', (_, value) => {
  expect(canonicalJson(value)).toBe(reference(value))
})

test('same text as the first version on 2,000 random documents', () => {
  let seed = 7
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const keys = ['a', 'b', 'questionId', 'choice', 'picks', '标', 'Z', '0', 'seq', 'q"', '\n']
  function gen(depth: number): unknown {
    const r = rand()
    if (depth > 3 || r < 0.3) return [null, true, false, 0, 42, -1.25, 'x', '投票', undefined, 'a"b', '\\', '\ud83d'][Math.floor(rand() * 12)]
    if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => gen(depth + 1))
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [keys[Math.floor(rand() * keys.length)], gen(depth + 1)]))
  }
  for (let i = 0; i < 2000; i++) {
    const value = gen(0)
    expect(canonicalJson(value)).toBe(reference(value))
  }
})

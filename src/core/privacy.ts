/**
 * Masking personal data in lists (issue 3, privacy): residents never see other households'
 * data, and even the office sees names and phones masked in lists (full only in one household).
 */

/** 王建国 → 王*国, 王一 → 王*, 欧阳建国 → 欧**国, 王 → *. Characters, not UTF-16 units. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  if (chars.length === 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

/** 13912345678 → 139****5678; anything shorter than 8 digits is hidden entirely. */
export function maskPhone(phone: string): string {
  const p = phone.trim()
  if (p.length < 8) return '*'.repeat(p.length)
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`
}

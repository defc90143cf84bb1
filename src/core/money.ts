/**
 * Money is held in fen (分, 1/100 yuan) as integers, so sums are exact. Only the display
 * rounds, and only here.
 */

/** 1 亿元: no single renovation item costs more (a larger figure is a typo). */
export const FEN_MAX = 100_000_000_00

/** "12,345.60" from 1234560 fen (negative amounts keep their sign). */
export function formatYuan(fen: number): string {
  const negative = fen < 0
  const abs = Math.abs(fen)
  const yuan = Math.trunc(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${negative ? '-' : ''}${yuan.toLocaleString('en-US')}.${cents}`
}

/** "12,345.60 元" */
export function yuanLabel(fen: number): string {
  return `${formatYuan(fen)} 元`
}

/**
 * Parses what a person types ("12345.6", "1,234", "0.05") into fen, exactly (no float
 * arithmetic); null if it is not a plain non-negative amount with at most two decimals.
 */
export function parseYuan(text: string): number | null {
  const t = text.trim().replace(/[,，\s]/g, '').replace(/元$/, '')
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

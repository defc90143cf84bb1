import dayjs from 'dayjs'

/**
 * China has one time zone and no daylight saving: calendar dates are read at UTC+8
 * wherever the code runs (a cloud function's clock is UTC).
 */
export const CHINA_OFFSET_MINUTES = 8 * 60

/** The calendar date (YYYY-MM-DD) in China at an instant. */
export function chinaDate(instant: Date | string): string {
  return dayjs(instant).add(CHINA_OFFSET_MINUTES, 'minute').toISOString().slice(0, 10)
}

/** The last millisecond of a China calendar date, as an instant. */
export function endOfChinaDay(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`)
}

/** Whole calendar days from one China date to another (may be negative). */
export function daysBetween(from: string, to: string): number {
  return dayjs(`${to}T00:00:00Z`).diff(dayjs(`${from}T00:00:00Z`), 'day')
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 and 2026-13-01 are not; never throws). */
export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false
  const d = dayjs(`${date}T00:00:00Z`)
  return d.isValid() && d.toISOString().slice(0, 10) === date
}

/** "2026年11月25日 14:05" in China time. */
export function formatChinaDateTime(instant: Date | string): string {
  const d = dayjs(instant).add(CHINA_OFFSET_MINUTES, 'minute').toISOString()
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日 ${d.slice(11, 16)}`
}

export function formatChinaDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

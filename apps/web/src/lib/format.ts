/** Formatting of measurements for people: 3 significant digits, units that fit. */

export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return '–'
  if (ns < 1e3) return `${ns.toFixed(0)} ns`
  if (ns < 1e6) return `${sig(ns / 1e3)} µs`
  if (ns < 1e9) return `${sig(ns / 1e6)} ms`
  return `${sig(ns / 1e9)} s`
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–'
  if (bytes < 1024) return `${bytes.toFixed(0)} B`
  if (bytes < 1024 ** 2) return `${sig(bytes / 1024)} KB`
  if (bytes < 1024 ** 3) return `${sig(bytes / 1024 ** 2)} MB`
  return `${sig(bytes / 1024 ** 3)} GB`
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? sig(ratio) : '–'
}

export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value)
}

/** Three significant digits without exponent notation: 0.0123, 1.23, 12.3, 123, 1234. */
export function sig(value: number): string {
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  if (abs >= 0.1) return value.toFixed(2)
  return value.toPrecision(2)
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}`
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]

export function formatRelative(date: string | number | Date, language: string, now = Date.now()): string {
  const then = new Date(date).getTime()
  if (!Number.isFinite(then)) return ''
  const seconds = Math.round((then - now) / 1000)
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' })
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.round(seconds / size), unit)
  }
  return ''
}

export function formatDateTime(date: string | number | Date, language: string): string {
  const value = new Date(date)
  if (!Number.isFinite(value.getTime())) return ''
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(value)
}

import type { Theme } from './theme.ts'

/**
 * The charts' light colours (charts/palette.ts) and what each reads as on the dark theme: text and grid
 * lines must turn light; the series colours read on both backgrounds and stay.
 */
const ON_DARK: Record<string, string> = {
  '#1b1f2a': '#e6e8f2',
  '#5d6577': '#a3abbd',
  '#e3e6ef': '#343a4c',
  '#9aa3b5': '#7d879c',
}

/** The option with every light-theme colour string replaced by its dark one; functions are kept. */
export function recolor<T>(option: T, theme: Theme): T {
  if (theme === 'light') return option
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return ON_DARK[value.toLowerCase()] ?? value
    if (Array.isArray(value)) return value.map(walk)
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]))
    return value
  }
  return walk(option) as T
}

/** A short, single-line rendering of any value, for messages shown to learners. */
export function excerpt(value: unknown, maxChars = 200): string {
  const text = render(value, maxChars)
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text
}

function render(value: unknown, budget: number): string {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number | bigint>)
    return `${value.constructor.name}(${items.length}) [${joinWithin(items.map(String), budget)}]`
  }
  if (Array.isArray(value)) {
    return `[${joinWithin(
      value.slice(0, 50).map((item) => render(item, budget)),
      budget,
    )}${value.length > 50 ? ', …' : ''}] (${value.length} items)`
  }
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string') return JSON.stringify(value.length > budget ? value.slice(0, budget) : value)
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).slice(0, 20)
    return `{ ${joinWithin(
      entries.map(([key, item]) => `${key}: ${render(item, budget)}`),
      budget,
    )} }`
  }
  return String(value)
}

function joinWithin(parts: string[], budget: number): string {
  let out = ''
  for (const part of parts) {
    const next = out ? `${out}, ${part}` : part
    if (next.length > budget) return `${out}, …`
    out = next
  }
  return out
}

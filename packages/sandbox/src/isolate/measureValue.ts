/**
 * Approximate bytes of a structured-clone value, stopping as soon as `limit` is passed so a huge
 * result costs no more than the limit to measure.
 */
export function measureValue(value: unknown, limit: number): number {
  let total = 0
  const seen = new Set<object>()
  const stack: unknown[] = [value]
  while (stack.length > 0 && total <= limit) {
    const item = stack.pop()
    if (item === null || item === undefined || typeof item === 'boolean') total += 1
    else if (typeof item === 'number') total += 8
    else if (typeof item === 'bigint') total += 16
    else if (typeof item === 'string') total += 2 * item.length
    else if (typeof item === 'object') {
      if (seen.has(item)) continue
      seen.add(item)
      if (ArrayBuffer.isView(item)) total += item.byteLength
      else if (item instanceof ArrayBuffer) total += item.byteLength
      else if (item instanceof Map) {
        total += 16
        for (const [key, entry] of item) stack.push(key, entry)
      } else if (item instanceof Set) {
        total += 16
        for (const entry of item) stack.push(entry)
      } else {
        total += 16
        for (const key of Object.keys(item)) {
          total += 2 * key.length
          stack.push((item as Record<string, unknown>)[key])
        }
      }
    }
  }
  return total
}

/** What a host-side value holds: the ArrayBuffers that can move without a copy, and its rough size. */
export interface TransferList {
  buffers: ArrayBuffer[]
  /** Typed-array and ArrayBuffer bytes exactly, 8 per number, 2 per string character (an estimate). */
  bytes: number
}

/**
 * Walks a value copied out of an isolate (so plain data, no cycles through functions) and lists its
 * distinct ArrayBuffers, for an `ExternalCopy` `transferList`: moving them into the next isolate
 * detaches them here instead of copying their bytes.
 */
export function transferList(value: unknown): TransferList {
  const buffers = new Set<ArrayBuffer>()
  const seen = new Set<object>()
  let bytes = 0
  const visit = (item: unknown): void => {
    switch (typeof item) {
      case 'number':
      case 'bigint':
        bytes += 8
        return
      case 'string':
        bytes += 2 * item.length
        return
      case 'boolean':
        bytes += 1
        return
      case 'object':
        break
      default:
        return
    }
    if (item === null || seen.has(item)) return
    seen.add(item)
    if (item instanceof ArrayBuffer) {
      buffers.add(item)
      bytes += item.byteLength
    } else if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer) buffers.add(item.buffer)
      bytes += item.byteLength
    } else if (Array.isArray(item)) {
      for (const element of item) visit(element)
    } else if (item instanceof Map) {
      for (const [key, element] of item) {
        visit(key)
        visit(element)
      }
    } else if (item instanceof Set) {
      for (const element of item) visit(element)
    } else {
      for (const key of Object.keys(item)) visit((item as Record<string, unknown>)[key])
    }
  }
  visit(value)
  return { buffers: [...buffers], bytes }
}

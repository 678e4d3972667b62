import type { CaseSize } from '@arena/grader/result'

// How the metadata form writes a perf case's size in one text field: `1000`, or named parameters as
// `n=2000000, w=1000` (what challenge.yaml writes as `{ n: 2000000, w: 1000 }`).

/** The field's text for a size from challenge.yaml; text the author left unparsed stays as it was. */
export function caseSizeText(size: unknown): string {
  if (size === undefined || size === null) return ''
  if (typeof size === 'object') {
    return Object.entries(size as Record<string, unknown>)
      .map(([name, value]) => `${name}=${String(value)}`)
      .join(', ')
  }
  return String(size)
}

/**
 * The size an author's text means, or the text itself when it means none: the server checks the
 * config with challenge.yaml's schema and answers with the field's problem, as for any other field.
 */
export function parseCaseSizeText(text: string): CaseSize | string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const parameters: Record<string, number> = {}
  for (const part of trimmed.split(',')) {
    const match = /^\s*([A-Za-z_]\w*)\s*[=:]\s*(-?\d+(?:\.\d+)?(?:e\d+)?)\s*$/i.exec(part)
    if (!match?.[1] || match[2] === undefined) return text
    parameters[match[1]] = Number(match[2])
  }
  return parameters
}

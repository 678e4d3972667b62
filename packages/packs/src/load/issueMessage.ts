import type { z } from 'zod'

/**
 * Plain-English messages for the issues authors hit most; undefined keeps zod's own message.
 * Messages written into the schema (e.g. the slug rule) take precedence over these.
 */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required'
      if (issue.expected === 'int') return `expected an integer, got ${describe(issue.input)}`
      return `expected ${issue.expected}, got ${describe(issue.input)}`
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive, 'least', 'greater than')
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive, 'most', 'less than')
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`
    default:
      return undefined
  }
}

function bound(
  origin: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  word: 'least' | 'most',
  exclusive: string,
): string | undefined {
  const relation = inclusive === false ? exclusive : `at ${word}`
  switch (origin) {
    case 'number':
    case 'int':
      return `Number must be ${relation} ${limit}`
    case 'array':
      return `must have ${relation} ${limit} items`
    case 'string':
      return Number(limit) === 1 && word === 'least'
        ? 'must not be empty'
        : `must have ${relation} ${limit} characters`
    default:
      return undefined
  }
}

function describe(input: unknown): string {
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'a list'
  if (typeof input === 'object') return 'a map'
  return `${typeof input} ${JSON.stringify(input)}`
}

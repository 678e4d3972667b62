// A case's size: what `generate(seed, size)` receives. One whole number for inputs with one dimension;
// named numbers (`{ n: 2_000_000, w: 1_000 }`) for inputs with more, so a second dimension need not
// be smuggled into the seed. Pure and zod-only: the packs, the grader, the server and the page share it.
import { z } from 'zod'

/** Names a parameter may have: a short identifier, as it is read in tests.ts (`size.w`). */
const PARAMETER_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,31}$/
/** More parameters than this is a configuration, not a size. */
export const MAX_CASE_PARAMETERS = 8
/** The largest plain size, and the largest magnitude of a named parameter. */
export const MAX_CASE_SIZE = 2 ** 40

export type CaseParameters = { readonly [name: string]: number }
/** `generate`'s second argument: a whole number, or named numbers. */
export type CaseSize = number | CaseParameters

export const caseParametersSchema = z
  .record(
    z
      .string()
      .regex(PARAMETER_NAME, 'a parameter name is a letter or _ then letters, digits or _ (at most 32)'),
    z
      .number()
      .refine(Number.isFinite, 'a parameter is a finite number')
      .refine(
        (value) => Math.abs(value) <= MAX_CASE_SIZE,
        `a parameter is at most ${MAX_CASE_SIZE} in magnitude`,
      ),
  )
  .refine((parameters) => Object.keys(parameters).length > 0, 'name at least one parameter')
  .refine(
    (parameters) => Object.keys(parameters).length <= MAX_CASE_PARAMETERS,
    `at most ${MAX_CASE_PARAMETERS} parameters`,
  )

/**
 * A whole number or named parameters. A failed union says only "Invalid input": this names the problem
 * of the branch the value meant (an object meant parameters), e.g. `rows-count: a parameter name is ...`.
 */
export function caseSizeUnion(plain: z.ZodNumber) {
  return z.union([plain, caseParametersSchema], {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined
      const meant = issue.errors[typeof issue.input === 'object' && issue.input !== null ? 1 : 0]
      const first = meant?.[0]
      if (!first) return undefined
      const nested = first.code === 'invalid_key' ? first.issues[0]?.message : undefined
      const where = first.path.length > 0 ? `${first.path.join('.')}: ` : ''
      return `${where}${nested ?? first.message}`
    },
  })
}

export const caseSizeSchema = caseSizeUnion(z.number().int().min(0).max(MAX_CASE_SIZE))

/** The parameters' names in order, or `[]` for a plain number: two sizes of one challenge agree on it. */
export function caseSizeShape(size: CaseSize): string[] {
  return typeof size === 'number' ? [] : Object.keys(size).sort()
}

/** Why two sizes cannot belong to one challenge (`generate` reads one shape), or undefined. */
export function caseSizeMismatch(first: CaseSize, other: CaseSize): string | undefined {
  const a = caseSizeShape(first)
  const b = caseSizeShape(other)
  if (a.join() === b.join()) return undefined
  const describe = (shape: string[]) => (shape.length === 0 ? 'a plain number' : `{ ${shape.join(', ')} }`)
  return `is ${describe(b)} where the first size is ${describe(a)}; every size of a challenge has the same shape`
}

/**
 * A size as people read it: `1000` or `n = 2000000 · w = 1000` in the grader's messages; with a
 * `locale` (the page's), grouped as that language groups digits: `n = 2,000,000 · w = 1,000`.
 */
export function formatCaseSize(size: CaseSize, locale?: string): string {
  return caseSizeParts(size, locale).join(' · ')
}

/** Each parameter as its own text (`n = 2,000,000`), for a page that keeps one from breaking a line. */
export function caseSizeParts(size: CaseSize, locale?: string): string[] {
  const number = (value: number) => (locale === undefined ? String(value) : value.toLocaleString(locale))
  if (typeof size === 'number') return [number(size)]
  return Object.entries(size).map(([name, value]) => `${name} = ${number(value)}`)
}

/** A copy of a size that came out of pack code, or undefined when it is not one (checked, not trusted). */
export function checkedCaseSize(value: unknown): CaseSize | undefined {
  const parsed = caseSizeSchema.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

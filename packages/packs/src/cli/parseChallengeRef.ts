import { UsageError } from './UsageError.ts'

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** `<pack>/<challenge>`, both slugs. */
export function parseChallengeRef(text: string): { pack: string; challenge: string } {
  const [pack, challenge, ...rest] = text.split('/')
  if (!pack || !challenge || rest.length > 0 || !SLUG.test(pack) || !SLUG.test(challenge)) {
    throw new UsageError(
      `"${text}" is not <pack>/<challenge> (lower-case letters, digits and dashes, e.g. core/external-sort)`,
    )
  }
  return { pack, challenge }
}

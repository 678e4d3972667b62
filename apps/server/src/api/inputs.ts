import { z } from 'zod'

/** Sources and drafts: 64 KB of UTF-8. */
export const SOURCE_LIMIT_BYTES = 64 * 1024

const slug = '[a-z0-9]+(?:-[a-z0-9]+)*'

export const challengeIdSchema = z
  .string({ error: 'A challenge id is a string like "core/column-sums".' })
  .max(200, 'A challenge id is at most 200 characters.')
  .regex(new RegExp(`^${slug}/${slug}$`), 'A challenge id looks like "core/column-sums".')

export const sourceSchema = z
  .string({ error: 'The source must be a string of TypeScript.' })
  .superRefine((source, ctx) => {
    const bytes = Buffer.byteLength(source, 'utf8')
    if (bytes > SOURCE_LIMIT_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `The source is ${(bytes / 1024).toFixed(1)} KB; the limit is 64 KB (${SOURCE_LIMIT_BYTES} bytes).`,
      })
    }
  })

export const submissionIdSchema = z
  .number({ error: 'A submission id is a number.' })
  .int('A submission id is a whole number.')
  .positive('A submission id is positive.')
  .max(Number.MAX_SAFE_INTEGER)

export const localeSchema = z.enum(['en', 'ko'], { error: 'The language is "en" or "ko".' })

/** Half of a UTF-16 surrogate pair on its own: not a character, and UTF-8 would store it as U+FFFD. */
export function hasLoneSurrogate(text: string): boolean {
  return /\p{Cs}/u.test(text)
}

// Names are stored and returned as typed after NFKC (fullwidth `ａｌｉｃｅ` is `alice`, ligatures are
// letters): they are never markup, so `<b>` is a name like any other, and every client must render it
// as text. Look-alikes of existing names are refused at sign-up (auth/usernameSkeleton.ts).
export const usernameSchema = z
  .string({ error: 'The username must be a string.' })
  .refine((name) => !hasLoneSurrogate(name), 'The username may not contain a lone surrogate (broken text).')
  .transform((name) => name.normalize('NFKC'))
  .pipe(
    z
      .string()
      .min(3, 'The username needs at least 3 characters.')
      .max(32, 'The username may have at most 32 characters.')
      .refine((name) => name.trim() === name, 'The username may not start or end with a space.')
      .refine(
        (name) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name),
        'The username may not contain control characters.',
      ),
  )

// Strength (zxcvbn, against the username too) is checked where both are known: auth/passwordStrength.ts.
export const passwordSchema = z
  .string({ error: 'The password must be a string.' })
  .min(8, 'The password needs at least 8 characters.')
  .max(256, 'The password may have at most 256 characters.')
  .refine(
    (password) => !hasLoneSurrogate(password),
    'The password may not contain a lone surrogate (broken text).',
  )

export const modeSchema = z.enum(['samples', 'full'], {
  error: 'The mode is "samples" (Run) or "full" (Submit).',
})

export const runnerClassSchema = z
  .string()
  .regex(/^[a-z0-9]+(?::[a-z0-9-]+)?$/, 'A runner class looks like "cpu" or "gpu:nvidia".')

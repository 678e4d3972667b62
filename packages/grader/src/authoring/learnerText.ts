// Text a learner reads (a check's message, an input's summary), in English and Korean. The page shows
// the learner's language; a plain string is English only and is shown to every learner as it is.

/** The same text in both languages of the platform. */
export interface Bilingual {
  en: string
  ko: string
}

/** What tests.ts may give wherever a learner reads its words: English only, or both languages. */
export type LearnerText = string | Bilingual

/**
 * Both languages of one message: `fail(msg({ en: '...', ko: '...' }))`. Checks at the call site that
 * neither is missing, so a forgotten translation fails the pack's own tests rather than a grading.
 */
export function msg(text: Bilingual): Bilingual {
  if (!isBilingual(text)) throw new TypeError('msg({ en, ko }) needs both texts as strings')
  return { en: text.en, ko: text.ko }
}

export function isBilingual(value: unknown): value is Bilingual {
  if (typeof value !== 'object' || value === null) return false
  const { en, ko } = value as Record<string, unknown>
  return typeof en === 'string' && typeof ko === 'string'
}

/** The English text and, when given, the Korean one, as the result carries them (`message`, `messageKo`). */
export function splitLearnerText(text: LearnerText): { en: string; ko?: string } {
  return typeof text === 'string' ? { en: text } : { en: text.en, ko: text.ko }
}

// A challenge's words for the learner (a check's message, an input's summary) come in English and, when
// its tests.ts gave both languages, Korean beside it (`messageKo`, `inputKo`). The page shows the
// learner's language; a text with no Korean is shown in English to everyone.

/** The text in `language`: Korean where the result has it and the learner reads Korean, else English. */
export function pickLearnerText(
  en: string | undefined,
  ko: string | undefined,
  language: string | undefined,
): string | undefined {
  if (ko !== undefined && isKorean(language)) return ko
  return en
}

function isKorean(language: string | undefined): boolean {
  return language === 'ko' || (language?.startsWith('ko-') ?? false)
}

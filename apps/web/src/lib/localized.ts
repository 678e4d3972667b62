/** The Korean text when the UI is Korean and one exists, else the English one. */
export function localized(
  language: string | undefined,
  english: string,
  korean: string | null | undefined,
): string {
  return language === 'ko' && korean ? korean : english
}

/** Challenge ids are `<pack>/<slug>`; routes carry them as two segments. */
export function challengePath(id: string): string {
  return `/c/${id}`
}

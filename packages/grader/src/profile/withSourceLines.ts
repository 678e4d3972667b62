import type { ProfileSide } from '../types.ts'

/** Longest line text a hot line carries. */
const LINE_TEXT_CHARS = 160

/**
 * The hot lines with their text from the source that was graded, so a report shows the line without
 * the source beside it (the child that profiled the run never had the TypeScript, only its map).
 */
export function withSourceLines(side: ProfileSide, source: string): ProfileSide {
  if (!side.ok) return side
  const lines = source.split(/\r?\n/)
  return {
    ok: true,
    profile: {
      ...side.profile,
      hotLines: side.profile.hotLines.map((hot) => {
        const text = lines[hot.line - 1]?.trim()
        return text ? { ...hot, text: text.slice(0, LINE_TEXT_CHARS) } : hot
      }),
    },
  }
}

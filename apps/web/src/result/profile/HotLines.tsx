import { useTranslation } from 'react-i18next'
import type { HotLine } from '../../api/types.ts'
import { formatPercent } from '../../lib/format.ts'

/**
 * The learner's lines with the most self time: number, share, text. With `onGoToLine`, each entry is a
 * button that takes the reader to that line (the editor on the challenge page, the listing on the
 * report); without it (the reference's lines), a plain list.
 */
export function HotLines({
  lines,
  limit,
  onGoToLine,
  testId,
  whose = 'yours',
}: {
  lines: readonly HotLine[]
  limit?: number
  onGoToLine?: (line: number) => void
  testId: string
  /** Whose lines these are, for the words of an empty list. */
  whose?: 'yours' | 'reference'
}) {
  const { t } = useTranslation()
  const shown = limit === undefined ? lines : lines.slice(0, limit)
  if (shown.length === 0) {
    return (
      <p className="muted small">
        {t(whose === 'yours' ? 'timeProfile.noHotLines' : 'timeProfile.noReferenceHotLines')}
      </p>
    )
  }
  return (
    <ol className="hot-lines" data-testid={testId}>
      {shown.map((hot) => {
        const share = formatPercent(hot.share)
        const body = (
          <>
            <span className="hot-lines__line">{hot.line}</span>
            <span className="hot-lines__share">
              <span className="hot-lines__bar" style={{ width: `${Math.max(2, hot.share * 100)}%` }} />
              <span>{t('timeProfile.share', { share })}</span>
            </span>
            <code className="hot-lines__text">{hot.text ?? ''}</code>
          </>
        )
        return (
          <li key={hot.line} data-line={hot.line}>
            {onGoToLine ? (
              // Its name is what it shows (WCAG 2.5.3), after what it does.
              <button type="button" className="hot-lines__entry" onClick={() => onGoToLine(hot.line)}>
                <span className="visually-hidden">{t('timeProfile.goToLine', { line: hot.line })}: </span>
                {body}
              </button>
            ) : (
              <div className="hot-lines__entry">{body}</div>
            )}
          </li>
        )
      })}
    </ol>
  )
}

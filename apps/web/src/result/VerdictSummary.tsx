import { useTranslation } from 'react-i18next'
import type { Submission } from '../api/types.ts'
import { VerdictBadge } from '../ui/Badges.tsx'
import { pickLearnerText } from './learnerText.ts'

/** The verdict, what to do about it, and the line it points at (a button that moves the cursor there). */
export function VerdictSummary({
  submission,
  onGoToLine,
}: {
  submission: Submission
  onGoToLine?: (line: number, column: number, message: string) => void
}) {
  const { t, i18n } = useTranslation()
  const verdict = submission.verdict
  if (!verdict) return null
  const message = pickLearnerText(
    submission.message ?? undefined,
    submission.messageKo,
    i18n.resolvedLanguage,
  )
  const location = submission.location
  return (
    <div className={`verdict verdict--${verdict === 'Accepted' ? 'ok' : 'bad'}`} data-testid="verdict">
      <div className="verdict__head">
        <VerdictBadge verdict={verdict} large />
        <span className="muted">{t(`results.mode.${submission.mode}`)}</span>
      </div>
      <p className="verdict__help">
        {verdict === 'Accepted' && submission.mode === 'samples'
          ? t('results.samplesPassed')
          : t(`verdictHelp.${verdict}`)}
      </p>
      {message && verdict !== 'Accepted' && <pre className="verdict__message">{message}</pre>}
      {location && onGoToLine && (
        <button
          type="button"
          className="link-button"
          data-testid="goto-line"
          onClick={() => onGoToLine(location.line, location.column, message ?? t(`verdict.${verdict}`))}
        >
          {t('results.goToLine', { line: location.line, column: location.column })}
        </button>
      )}
      {location && !onGoToLine && (
        <p className="muted">{t('results.goToLine', { line: location.line, column: location.column })}</p>
      )}
    </div>
  )
}

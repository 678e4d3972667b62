import { useTranslation } from 'react-i18next'
import type { Submission } from '../api/types.ts'
import { locateServerWgslError } from '../editor/wgsl/wgslTemplates.ts'
import { VerdictBadge } from '../ui/Badges.tsx'
import { ScrollablePre } from '../ui/ScrollablePre.tsx'
import { pickLearnerText } from './learnerText.ts'
import { verdictHelpKey } from './verdictHelp.ts'

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
  // A kernel's compile error counts lines from the kernel's start: placed in the learner's file here.
  const location = submission.location ?? kernelErrorLocation(submission)
  const help = verdictHelpKey(submission)
  return (
    <div className={`verdict verdict--${verdict === 'Accepted' ? 'ok' : 'bad'}`} data-testid="verdict">
      <div className="verdict__head">
        <VerdictBadge verdict={verdict} large />
        <span className="muted">{t(`results.mode.${submission.mode}`)}</span>
      </div>
      {help && (
        <p className="verdict__help" data-testid="verdict-help">
          {t(help)}
        </p>
      )}
      {message && verdict !== 'Accepted' && (
        <ScrollablePre className="verdict__message">{message}</ScrollablePre>
      )}
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

/** Where in the learner's file a WGSL compile error of the grader points, when the kernel is there. */
function kernelErrorLocation(submission: Submission): { line: number; column: number } | undefined {
  const messages = [submission.message, ...submission.tests.map((test) => test.message)]
  for (const message of messages) {
    const found = message ? locateServerWgslError(message, submission.source) : undefined
    if (found) return found
  }
  return undefined
}

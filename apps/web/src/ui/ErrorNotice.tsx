import { useTranslation } from 'react-i18next'
import { errorMessage } from '../api/errors.ts'

/** An error that says what to do, with a retry button when there is something to retry. */
export function ErrorNotice({
  error,
  onRetry,
  lead,
}: {
  error: unknown
  onRetry?: () => void
  /** Turns the message into a sentence with context, e.g. "Could not send your code: {{message}}". */
  lead?: (message: string) => string
}) {
  const { t } = useTranslation()
  const message = errorMessage(error, t)
  return (
    <div className="notice notice--error" role="alert">
      <span>{lead ? lead(message) : message}</span>
      {onRetry !== undefined && (
        <button type="button" className="btn btn--small" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  )
}

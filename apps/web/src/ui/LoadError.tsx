import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { errorCode } from '../api/errors.ts'
import { EmptyState } from './EmptyState.tsx'
import { ErrorNotice } from './ErrorNotice.tsx'

export type MissingKind = 'group' | 'submission' | 'challenge' | 'pack' | 'thread'

/** Where "back" leads from a missing thing: the list it would have been in. */
export interface BackLink {
  to: string
  label: string
}

/**
 * A page whose one thing is missing or not the reader's: says so, why that may be, and leads back to
 * the list it came from (the server answers NOT_FOUND for both, so as not to reveal what exists).
 */
export function MissingResource({
  kind,
  id,
  back,
  embedded = false,
}: {
  kind: MissingKind
  id: string
  back: BackLink
  /** Inside a page that has its own frame (a thread under its challenge's header). */
  embedded?: boolean
}) {
  const { t } = useTranslation()
  return (
    <div className={embedded ? undefined : 'page page--narrow'} data-testid="missing-resource">
      <EmptyState
        icon="404"
        title={t(`errors.missing.${kind}`, { id })}
        hint={t(`errors.missing.${kind}Hint`)}
        action={
          <Link className="btn btn--primary" to={back.to}>
            {back.label}
          </Link>
        }
      />
    </div>
  )
}

/**
 * What a page shows when its one query failed: the missing-or-no-access state for NOT_FOUND and
 * FORBIDDEN, otherwise the error with a retry (the server or the network may answer next time).
 */
export function LoadError({
  error,
  kind,
  id,
  back,
  onRetry,
  embedded = false,
}: {
  error: unknown
  kind: MissingKind
  id: string
  back: BackLink
  onRetry: () => void
  embedded?: boolean
}) {
  const { t } = useTranslation()
  const code = errorCode(error)
  if (code === 'NOT_FOUND') return <MissingResource kind={kind} id={id} back={back} embedded={embedded} />
  if (code === 'FORBIDDEN') {
    return (
      <div className={embedded ? undefined : 'page page--narrow'} data-testid="missing-resource">
        <EmptyState
          icon="403"
          title={t('errors.missing.forbidden')}
          hint={t('errors.missing.forbiddenHint')}
          action={
            <Link className="btn btn--primary" to={back.to}>
              {back.label}
            </Link>
          }
        />
      </div>
    )
  }
  return (
    <div className={embedded ? undefined : 'page'}>
      <ErrorNotice error={error} onRetry={onRetry} />
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </div>
  )
}

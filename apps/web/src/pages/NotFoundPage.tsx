import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { EmptyState } from '../ui/EmptyState.tsx'

export function NotFoundPage() {
  const { t } = useTranslation()
  return (
    <div className="page page--narrow">
      <EmptyState
        icon="404"
        heading
        title={t('errors.pageNotFound')}
        hint={t('errors.pageNotFoundHint')}
        action={
          <Link className="btn btn--primary" to="/">
            {t('challenge.backToCourse')}
          </Link>
        }
      />
    </div>
  )
}

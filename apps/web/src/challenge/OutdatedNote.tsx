import { useTranslation } from 'react-i18next'

/** Said above a result that is for code the learner has changed since. */
export function OutdatedNote() {
  const { t } = useTranslation()
  return (
    <p className="notice notice--info result-outdated" data-testid="result-outdated">
      {t('results.outdated')}
    </p>
  )
}

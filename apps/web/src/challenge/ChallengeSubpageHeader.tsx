import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { localized } from '../lib/localized.ts'

/**
 * The top of a page about one challenge (its history, its solutions): the breadcrumb back to the
 * course and the challenge, the page's heading, and the way back to the challenge.
 */
export function ChallengeSubpageHeader({
  challengeId,
  challenge,
  heading,
  subtitle,
}: {
  challengeId: string
  /** The challenge's titles once loaded; until then the breadcrumb shows its id. */
  challenge: { title: string; title_ko?: string | null } | undefined
  heading: string
  subtitle: string
}) {
  const { t, i18n } = useTranslation()
  const title = challenge
    ? localized(i18n.resolvedLanguage ?? 'en', challenge.title, challenge.title_ko)
    : challengeId
  return (
    <>
      <nav className="breadcrumbs" aria-label="breadcrumb">
        <Link to="/">{t('challenge.breadcrumbCourse')}</Link>
        <span aria-hidden="true">›</span>
        <Link to={`/c/${challengeId}`}>{title}</Link>
      </nav>
      <header className="page__header page__header--row">
        <div>
          <h1>{heading}</h1>
          <p className="muted">{subtitle}</p>
        </div>
        <Link className="btn" to={`/c/${challengeId}`}>
          {t('history.backToChallenge')}
        </Link>
      </header>
    </>
  )
}

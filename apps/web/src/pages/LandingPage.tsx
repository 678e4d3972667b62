import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import type { CourseTopic } from '../api/types.ts'
import { EngineBadges } from '../challenge/EngineBadges.tsx'
import { challengePath, localized } from '../lib/localized.ts'
import { DifficultyBadge } from '../ui/Badges.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'

/** Challenges named per chapter in the preview; the rest are counted. */
const PREVIEW_PER_CHAPTER = 3

/**
 * `/` for a visitor without an account: what the platform is, the course's chapters, and the first
 * challenge to read and run on this machine before signing up (the course map once signed in).
 */
export default function LandingPage() {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const map = useQuery(trpc.course.map.queryOptions())
  const chapters = map.data?.topics.filter((topic) => topic.challenges.length > 0) ?? []
  const first = chapters[0]?.challenges[0]
  return (
    <div className="page landing" data-testid="landing">
      <section className="landing__hero">
        <p className="eyebrow">{t('landing.eyebrow')}</p>
        <h1>{t('landing.title')}</h1>
        <p className="landing__lead">{t('landing.lead')}</p>
        <div className="landing__actions">
          {first && (
            <Link className="btn btn--primary" to={challengePath(first.id)} data-testid="landing-try">
              {t('landing.try', {
                title: localized(i18n.resolvedLanguage, first.title, first.title_ko),
              })}
            </Link>
          )}
          <Link className="btn" to="/signup">
            {t('landing.signUp')}
          </Link>
          <Link className="btn btn--ghost" to="/login">
            {t('landing.logIn')}
          </Link>
        </div>
      </section>

      <ol className="landing__steps">
        {(['write', 'measure', 'climb'] as const).map((step, index) => (
          <li key={step} className="card landing__step">
            <span className="landing__step-number" aria-hidden="true">
              {index + 1}
            </span>
            <h2>{t(`landing.steps.${step}.title`)}</h2>
            <p className="muted">{t(`landing.steps.${step}.text`)}</p>
          </li>
        ))}
      </ol>

      <section aria-labelledby="landing-chapters">
        <h2 id="landing-chapters">{t('landing.chapters')}</h2>
        {map.isPending && <Spinner />}
        {map.isError && <ErrorNotice error={map.error} onRetry={() => void map.refetch()} />}
        {map.data && chapters.length === 0 && <p className="muted">{t('course.emptyCourse')}</p>}
        <ol className="landing__chapters">
          {chapters.map((topic, index) => (
            <ChapterPreview key={topic.id} topic={topic} index={index} />
          ))}
        </ol>
      </section>
    </div>
  )
}

function ChapterPreview({ topic, index }: { topic: CourseTopic; index: number }) {
  const { t, i18n } = useTranslation()
  const title = localized(i18n.resolvedLanguage, topic.title || t(`topics.${topic.id}`), topic.title_ko)
  const more = topic.challenges.length - PREVIEW_PER_CHAPTER
  return (
    <li className="card landing__chapter">
      <p className="eyebrow">{t('course.chapter', { n: index + 1 })}</p>
      <h3>{title}</h3>
      <p className="muted small">{t(`course.topicDescriptions.${topic.id}`)}</p>
      <ul className="landing__challenges">
        {topic.challenges.slice(0, PREVIEW_PER_CHAPTER).map((challenge) => (
          <li key={challenge.id}>
            <Link to={challengePath(challenge.id)}>
              {localized(i18n.resolvedLanguage, challenge.title, challenge.title_ko)}
            </Link>{' '}
            <DifficultyBadge difficulty={challenge.difficulty} />
            <EngineBadges engines={challenge.engines} />
          </li>
        ))}
      </ul>
      {more > 0 && <p className="muted small">{t('landing.more', { count: more })}</p>}
    </li>
  )
}

import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import type { ChallengeSummary, CourseTopic } from '../api/types.ts'
import { challengePath, localized } from '../lib/localized.ts'
import { DifficultyBadge, TierBadge } from '../ui/Badges.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'

export default function CourseMapPage() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const map = useQuery(trpc.course.map.queryOptions())
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('course.title')}</h1>
        <p className="muted">{t('course.subtitle')}</p>
      </header>
      {map.isPending && <Spinner />}
      {map.isError && <ErrorNotice error={map.error} onRetry={() => void map.refetch()} />}
      {map.data?.topics.every((topic) => topic.challenges.length === 0) && (
        <EmptyState title={t('course.emptyCourse')} hint={t('course.emptyCourseHint')} />
      )}
      {map.data && (
        <ol className="course-path">
          {map.data.topics.map((topic, index) => (
            <TopicNode key={topic.id} topic={topic} index={index} />
          ))}
        </ol>
      )}
    </div>
  )
}

function TopicNode({ topic, index }: { topic: CourseTopic; index: number }) {
  const { t, i18n } = useTranslation()
  const total = topic.challenges.length
  const solved = topic.challenges.filter((challenge) => challenge.progress === 'accepted').length
  const title = localized(i18n.resolvedLanguage, topic.title || t(`topics.${topic.id}`), topic.title_ko)
  const state = total === 0 ? 'empty' : solved === total ? 'done' : solved > 0 ? 'started' : 'open'
  const headingId = `topic-${topic.id}`
  return (
    <li className={`course-path__node course-path__node--${state}`} aria-labelledby={headingId}>
      <div className="course-path__marker" aria-hidden="true">
        {state === 'done' ? '✓' : index + 1}
      </div>
      <section className="card topic">
        <div className="topic__head">
          <div>
            <p className="eyebrow">{t('course.chapter', { n: index + 1 })}</p>
            <h2 id={headingId}>{title}</h2>
            <p className="muted">{t(`course.topicDescriptions.${topic.id}`)}</p>
          </div>
          {total > 0 && (
            <div className="topic__progress">
              <span>{t('course.solved', { solved, total })}</span>
              <div className="mini-bar" aria-hidden="true">
                <div className="mini-bar__fill" style={{ width: `${(100 * solved) / total}%` }} />
              </div>
            </div>
          )}
        </div>
        {total === 0 ? (
          <div className="topic__empty">
            <strong>{t('course.emptyTopic')}</strong>{' '}
            <span className="muted">{t('course.emptyTopicHint')}</span>
          </div>
        ) : (
          <ul className="challenge-list">
            {topic.challenges.map((challenge) => (
              <ChallengeRow key={challenge.id} challenge={challenge} />
            ))}
          </ul>
        )}
      </section>
    </li>
  )
}

function ChallengeRow({ challenge }: { challenge: ChallengeSummary }) {
  const { t, i18n } = useTranslation()
  const title = localized(i18n.resolvedLanguage, challenge.title, challenge.title_ko)
  const action =
    challenge.progress === 'accepted'
      ? t('course.review')
      : challenge.progress === 'attempted'
        ? t('course.continue')
        : t('course.start')
  return (
    <li className={`challenge-row challenge-row--${challenge.progress}`}>
      <span
        className={`status-dot status-dot--${challenge.progress}`}
        title={t(`progress.${challenge.progress}`)}
      >
        <span className="visually-hidden">{t(`progress.${challenge.progress}`)}</span>
      </span>
      <Link className="challenge-row__title" to={challengePath(challenge.id)}>
        {title}
      </Link>
      <span className="challenge-row__meta">
        <TierBadge tier={challenge.bestTier} />
        <DifficultyBadge difficulty={challenge.difficulty} />
        <span className="xp">{t('course.xp', { xp: challenge.xp })}</span>
      </span>
      <Link
        className="btn btn--small challenge-row__action"
        to={challengePath(challenge.id)}
        tabIndex={-1}
        aria-hidden="true"
      >
        {action}
      </Link>
    </li>
  )
}

import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import type { ChallengeSummary, CourseTopic, MyAssignment } from '../api/types.ts'
import { EngineBadges } from '../challenge/EngineBadges.tsx'
import { DueStatus } from '../groups/DueStatus.tsx'
import { challengePath, localized } from '../lib/localized.ts'
import { DifficultyBadge, TierBadge } from '../ui/Badges.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'

export default function CourseMapPage() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const map = useQuery(trpc.course.map.queryOptions())
  // Challenges the learner's groups assign them, marked on the map with their deadline.
  const assignments = useQuery(trpc.group.myAssignments.queryOptions())
  const assigned = new Map<string, MyAssignment[]>()
  for (const assignment of assignments.data ?? [])
    assigned.set(assignment.challengeId, [...(assigned.get(assignment.challengeId) ?? []), assignment])
  // The path: the first challenge not yet accepted, in course order ("start here" on a first visit).
  const all = map.data?.topics.flatMap((topic) => topic.challenges) ?? []
  const upcoming = all.find((challenge) => challenge.progress !== 'accepted')
  const next = upcoming && {
    id: upcoming.id,
    label: all.every((challenge) => challenge.progress === 'none')
      ? t('course.startHere')
      : t('course.nextUp'),
  }
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
            <TopicNode key={topic.id} topic={topic} index={index} assigned={assigned} next={next} />
          ))}
        </ol>
      )}
    </div>
  )
}

function TopicNode({
  topic,
  index,
  assigned,
  next,
}: {
  topic: CourseTopic
  index: number
  assigned: Map<string, MyAssignment[]>
  /** The challenge the path suggests next, and what its badge says. */
  next: { id: string; label: string } | undefined
}) {
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
              <ChallengeRow
                key={challenge.id}
                challenge={challenge}
                next={challenge.id === next?.id ? next.label : undefined}
                assignments={assigned.get(challenge.id) ?? []}
              />
            ))}
          </ul>
        )}
      </section>
    </li>
  )
}

function ChallengeRow({
  challenge,
  assignments,
  next,
}: {
  challenge: ChallengeSummary
  assignments: MyAssignment[]
  /** The path's badge on the challenge it suggests next. */
  next: string | undefined
}) {
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
      {assignments.length > 0 && (
        <span className="challenge-row__assigned">
          {assignments.map((assignment) => (
            <span key={assignment.groupId} className="challenge-row__assignment">
              <Link className="badge badge--info" to={`/groups/${assignment.groupId}`}>
                {t('course.assignedBy', { group: assignment.groupName })}
              </Link>
              <DueStatus deadline={assignment.deadline} state={assignment.state} />
            </span>
          ))}
        </span>
      )}
      <span className="challenge-row__meta">
        {next && (
          <span className="badge badge--next" data-testid="start-here">
            {next}
          </span>
        )}
        <EngineBadges engines={challenge.engines} />
        {challenge.group && (
          <Link
            className="badge badge--group"
            to={`/groups/${challenge.group.id}`}
            title={t('course.fromGroupTitle', { name: challenge.group.name })}
            data-testid="from-group"
          >
            {t('course.fromGroup', { name: challenge.group.name })}
          </Link>
        )}
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

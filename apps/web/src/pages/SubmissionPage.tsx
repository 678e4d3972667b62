import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import type { Submission } from '../api/types.ts'
import { QueueStatus } from '../challenge/QueueStatus.tsx'
import { formatDateTime } from '../lib/format.ts'
import { localized } from '../lib/localized.ts'
import { DistributionSection } from '../result/DistributionSection.tsx'
import { EngineSection } from '../result/EngineSection.tsx'
import { MetricsList } from '../result/MetricsList.tsx'
import { PerfSection } from '../result/PerfSection.tsx'
import { ProfileSection } from '../result/profile/ProfileSection.tsx'
import { SourceListing, sourceLineId } from '../result/profile/SourceListing.tsx'
import { FailingTest } from '../result/TestDetails.tsx'
import { VerdictSummary } from '../result/VerdictSummary.tsx'
import { noPerfHintKey, shownFailingTest } from '../result/verdictHelp.ts'
import { VerdictBadge } from '../ui/Badges.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { LoadError, MissingResource } from '../ui/LoadError.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

export default function SubmissionPage() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const { id: rawId = '' } = useParams()
  const id = /^\d+$/.test(rawId) ? Number(rawId) : undefined
  const submission = useQuery({
    ...trpc.submission.get.queryOptions(id !== undefined ? { id } : skipToken),
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'done' ? 2000 : false),
  })

  const back = { to: '/', label: t('challenge.backToCourse') }
  if (id === undefined) return <MissingResource kind="submission" id={rawId} back={back} />
  if (submission.isPending) return <Spinner />
  if (submission.isError) {
    return (
      <LoadError
        error={submission.error}
        kind="submission"
        id={rawId}
        back={back}
        onRetry={() => void submission.refetch()}
      />
    )
  }
  return <Report submission={submission.data} />
}

function Report({ submission }: { submission: Submission }) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const language = i18n.resolvedLanguage ?? 'en'
  const challenge = useQuery(trpc.challenge.get.queryOptions({ id: submission.challengeId }))
  const title = challenge.data
    ? localized(language, challenge.data.title, challenge.data.title_ko)
    : submission.challengeId
  const done = submission.status === 'done'
  const failing = shownFailingTest(submission.tests)
  const sourceBlock = useRef<HTMLDetailsElement>(null)
  const ownProfile = submission.profile?.submission.ok ? submission.profile.submission.profile : undefined
  // A hot line opens the listing below at that line (the report has no editor).
  const showLine = (line: number) => {
    if (sourceBlock.current) sourceBlock.current.open = true
    const target = document.getElementById(sourceLineId(line))
    target?.scrollIntoView({ block: 'center' })
    target?.focus({ preventScroll: true })
  }
  return (
    <div className="page page--wide report">
      <nav className="breadcrumbs" aria-label="breadcrumb">
        <Link to="/">{t('challenge.breadcrumbCourse')}</Link>
        <span aria-hidden="true">›</span>
        <Link to={`/c/${submission.challengeId}`}>{title}</Link>
        <span aria-hidden="true">›</span>
        <Link to={`/c/${submission.challengeId}/history`}>{t('report.history')}</Link>
      </nav>
      <header className="page__header page__header--row">
        <div>
          <h1>
            {t('report.title', { id: submission.id })}{' '}
            {submission.verdict && <VerdictBadge verdict={submission.verdict} />}
          </h1>
          <p className="muted">
            {t('report.submittedAt', { when: formatDateTime(submission.createdAt, language) })} ·{' '}
            {t(`results.mode.${submission.mode}`)}
            {submission.runnerClass ? ` · ${t('results.runner')}: ${submission.runnerClass}` : ''}
          </p>
        </div>
        <Link className="btn" to={`/c/${submission.challengeId}`}>
          {t('history.backToChallenge')}
        </Link>
      </header>
      {submission.readAs && (
        <p className="notice notice--info" data-testid="read-as">
          {t(submission.readAs.as === 'instructor' ? 'report.readAsInstructor' : 'report.readAsSolver', {
            author: submission.readAs.author ?? t('solutions.anonymous'),
          })}
        </p>
      )}
      {!submission.readAs && done && submission.mode === 'full' && submission.verdict === 'Accepted' && (
        <ShareToggle submission={submission} />
      )}
      {submission.status === 'queued' && (
        <QueueStatus
          place={{
            ahead: submission.queueAhead,
            ...(submission.runnersOnline === undefined ? {} : { runnersOnline: submission.runnersOnline }),
            runnerClass: submission.runnerClass,
            waitEstimateMs: submission.waitEstimateMs,
          }}
        />
      )}
      {submission.status === 'running' && <Spinner label={t('results.grading')} />}
      {done && (
        <>
          <section className="card report__section">
            <h2 className="visually-hidden">{t('report.overview')}</h2>
            <VerdictSummary submission={submission} />
            <MetricsList submission={submission} />
            {failing && <FailingTest test={failing} repeatsMessage={submission.message} />}
          </section>
          {submission.perf ? (
            <section className="card report__section">
              <h2>{t('report.perfTitle')}</h2>
              <PerfSection perf={submission.perf} />
            </section>
          ) : (
            <section className="card report__section">
              <EmptyState title={t('report.noPerf')} hint={t(noPerfHintKey(submission))} />
            </section>
          )}
          {submission.perf && submission.verdict === 'Accepted' && !submission.readAs && (
            <DistributionSection challengeId={submission.challengeId} submissionId={submission.id} />
          )}
          {submission.profile && <ProfileSection profile={submission.profile} onGoToLine={showLine} />}
          <EngineSection submission={submission} />
          <TestsTable submission={submission} />
          {/* Someone else's code is what they came to read: open. */}
          <details
            ref={sourceBlock}
            className="card report__section source"
            open={submission.readAs !== undefined}
          >
            <summary>{t('report.source')}</summary>
            <SourceListing source={submission.source} hotLines={ownProfile?.hotLines ?? []} />
          </details>
        </>
      )}
    </div>
  )
}

function TestsTable({ submission }: { submission: Submission }) {
  const { t } = useTranslation()
  if (submission.tests.length === 0) return null
  return (
    <section className="card report__section" aria-labelledby="tests-title">
      <h2 id="tests-title">{t('report.tests')}</h2>
      <TableWrap>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('report.testName')}</th>
              <th scope="col">{t('report.kind')}</th>
              <th scope="col">{t('report.status')}</th>
              <th scope="col">{t('report.message')}</th>
            </tr>
          </thead>
          <tbody>
            {submission.tests.map((test) => (
              <tr key={`${test.kind}-${test.name}`}>
                <th scope="row">{test.name}</th>
                <td>{t(`results.kind.${test.kind}`)}</td>
                <td>
                  <VerdictBadge verdict={test.status} />
                </td>
                <td className="table__message">{test.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

/** The author shares an Accepted Submit with the learners who solved the challenge too (issue 18.3). */
function ShareToggle({ submission }: { submission: Submission }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const share = useMutation(
    trpc.submission.share.mutationOptions({
      onSuccess: ({ shared }) => {
        queryClient.setQueryData(trpc.submission.get.queryKey({ id: submission.id }), (old) =>
          old ? { ...old, shared } : old,
        )
      },
    }),
  )
  // Shown as asked from the click on, while the server answers; a refusal puts it back. (The mutation's
  // own pending state arrives a tick after the click, by which time React has put the box back.)
  const [asked, setAsked] = useState<boolean | undefined>(undefined)
  const shared = asked ?? submission.shared
  const ask = (next: boolean) => {
    setAsked(next)
    share.mutate({ id: submission.id, shared: next }, { onSettled: () => setAsked(undefined) })
  }
  return (
    <div className="share-toggle card" data-testid="share-toggle">
      <label>
        <input
          type="checkbox"
          checked={shared}
          disabled={asked !== undefined}
          onChange={(event) => ask(event.currentTarget.checked)}
        />{' '}
        {t('report.share')}
      </label>
      <p className="muted small">{t(shared ? 'report.sharedHint' : 'report.shareHint')}</p>
      {share.isError && <ErrorNotice error={share.error} />}
    </div>
  )
}

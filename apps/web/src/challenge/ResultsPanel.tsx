import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ProgressEvent, Submission } from '../api/types.ts'
import { MetricsList } from '../result/MetricsList.tsx'
import { PerfStats, TimeChart } from '../result/PerfSection.tsx'
import { HotLines } from '../result/profile/HotLines.tsx'
import { FailingTest, TestChips } from '../result/TestDetails.tsx'
import { VerdictSummary } from '../result/VerdictSummary.tsx'
import { shownFailingTest } from '../result/verdictHelp.ts'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Kbd, useShortcutText } from '../ui/Kbd.tsx'
import { ProgressBar } from '../ui/ProgressBar.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { OutdatedNote } from './OutdatedNote.tsx'
import { QueueStatus } from './QueueStatus.tsx'
import type { useSubmissionRun } from './useSubmissionRun.ts'

type Run = ReturnType<typeof useSubmissionRun>

export function ResultsPanel({
  run,
  previous,
  outdated,
  onGoToLine,
  onShowLine,
}: {
  run: Run
  /** The latest earlier submission, shown until a new run starts. */
  previous: Submission | undefined
  /** The editor's code differs from the shown result's. */
  outdated: boolean
  onGoToLine: (line: number, column: number, message: string) => void
  /** Takes the editor to a line (a hot line of the profile). */
  onShowLine?: (line: number) => void
}) {
  const { t } = useTranslation()
  const runKeys = useShortcutText(['Enter'])
  const submitKeys = useShortcutText(['Shift', 'Enter'])
  const inFlight = run.starting || (run.active !== null && run.submission?.status !== 'done')
  const shown = run.active ? run.submission : previous

  return (
    <section className="results" aria-labelledby="results-title" aria-busy={inFlight}>
      <h2 id="results-title" className="results__title">
        {t('results.title')}
      </h2>
      <div className="results__body" aria-live="polite">
        {run.startError && (
          <ErrorNotice error={run.startError} lead={(message) => t('results.submitFailed', { message })} />
        )}
        {inFlight ? (
          <LiveProgress
            event={run.progress}
            tests={run.tests}
            status={run.submission?.status}
            liveFailed={run.liveFailed}
          />
        ) : shown && shown.status === 'done' ? (
          <>
            {outdated && <OutdatedNote />}
            <Outcome submission={shown} onGoToLine={onGoToLine} onShowLine={onShowLine} />
          </>
        ) : (
          !run.startError && (
            <EmptyState
              title={t('results.empty', { run: runKeys, submit: submitKeys })}
              icon={<Kbd keys={['Enter']} />}
            />
          )
        )}
        {run.resultError && <ErrorNotice error={run.resultError} />}
      </div>
    </section>
  )
}

function LiveProgress({
  event,
  tests,
  status,
  liveFailed,
}: {
  event: ProgressEvent | null
  tests: { done: number; total: number } | null
  status: Submission['status'] | undefined
  liveFailed: boolean
}) {
  const { t } = useTranslation()
  return (
    <div className="live" data-testid="live-progress">
      {event === null && (
        <Spinner label={status === 'running' ? t('results.starting') : t('results.queued')} />
      )}
      {event?.phase === 'done' && <Spinner label={t('results.finishing')} />}
      {event?.phase === 'queued' && <QueueStatus place={event} />}
      {event?.phase === 'compiling' && <Spinner label={t('results.compiling')} />}
      {event?.phase === 'testing' && (
        <ProgressBar
          label={t('results.testsProgress')}
          value={event.done}
          max={event.total}
          detail={`${t('results.testing', { done: event.done, total: event.total })} · ${event.name}`}
        />
      )}
      {event?.phase === 'perf' && (
        <>
          {tests && (
            <ProgressBar
              label={t('results.testsProgress')}
              value={tests.total}
              max={tests.total}
              detail={`${tests.total} / ${tests.total}`}
            />
          )}
          <ProgressBar
            label={t('results.perfProgress')}
            value={event.casesDone * event.maxRounds + event.round}
            max={event.casesTotal * event.maxRounds}
            detail={t('results.perf', {
              case: event.caseName,
              casesDone: event.casesDone + 1,
              casesTotal: event.casesTotal,
              round: event.round,
              maxRounds: event.maxRounds,
            })}
          />
        </>
      )}
      {event?.phase === 'profiling' && <Spinner label={t('results.profiling', { case: event.caseName })} />}
      {liveFailed && <p className="notice notice--info">{t('results.connectionLost')}</p>}
    </div>
  )
}

function Outcome({
  submission,
  onGoToLine,
  onShowLine,
}: {
  submission: Submission
  onGoToLine: (line: number, column: number, message: string) => void
  onShowLine?: (line: number) => void
}) {
  const { t } = useTranslation()
  const failing = shownFailingTest(submission.tests)
  const profile = submission.profile?.submission.ok ? submission.profile.submission.profile : undefined
  const summary = (
    <div className="outcome">
      <VerdictSummary submission={submission} onGoToLine={onGoToLine} />
      {failing && <FailingTest test={failing} repeatsMessage={submission.message} />}
      {submission.tests.length > 0 && <TestChips tests={submission.tests} />}
      {submission.perf && <PerfStats perf={submission.perf} />}
      <MetricsList submission={submission} />
      {profile && (
        <div className="outcome__hot">
          <h3 className="small">{t('timeProfile.hotLines')}</h3>
          <HotLines lines={profile.hotLines} limit={3} onGoToLine={onShowLine} testId="results-hot-lines" />
        </div>
      )}
      <Link className="btn btn--small" to={`/submissions/${submission.id}`} data-testid="open-report">
        {t('results.openReport')}
      </Link>
    </div>
  )
  if (!submission.perf) return summary
  return (
    <div className="outcome-split">
      {summary}
      <TimeChart perf={submission.perf} height={190} />
    </div>
  )
}

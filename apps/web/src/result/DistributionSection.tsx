import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useTRPC } from '../api/trpc.ts'
import { EChart } from '../charts/EChart.tsx'
import { formatPercent } from '../lib/format.ts'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { distributionOption, histogram } from './distributionOption.ts'

/** Fewer accepted results than this and "faster than X%" says little; say so. */
const FEW = 10

/**
 * Where a score falls among all learners' best accepted results on the same runner class. The
 * percentage comes with its interval: scores are measurements, and a neighbour within the noise may
 * be faster or slower on another day.
 */
export function DistributionSection({
  challengeId,
  submissionId,
}: {
  challengeId: string
  /** The submission to place among the others; the learner's best when absent. */
  submissionId?: number
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const query = useQuery(
    trpc.stats.distribution.queryOptions(
      submissionId === undefined ? { challengeId } : { challengeId, submissionId },
    ),
  )
  const data = query.data
  const you = data?.you ?? null
  const option = useMemo(
    () =>
      data
        ? distributionOption(histogram(data.scores, data.you?.score), {
            axis: t('report.scoreAxis'),
            learners: t('report.learnersAxis'),
            thisSubmission: t('report.thisSubmission'),
          })
        : undefined,
    [data, t],
  )
  return (
    <section className="card report__section" aria-labelledby="distribution-title">
      <h2 id="distribution-title">{t('report.distribution')}</h2>
      {query.isPending && <Spinner />}
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {data && (
        <>
          <p className="muted">
            {t('report.distributionRunner', { runner: data.runnerClass })} ·{' '}
            {t('report.distributionCount', { count: data.scores.length })}
          </p>
          {data.scores.length === 0 ? (
            <EmptyState title={t('report.distributionEmpty')} />
          ) : (
            <>
              {you && you.fasterThan !== null && (
                <p className="faster-than" data-testid="faster-than">
                  <strong>{t('report.fasterThan', { x: formatPercent(you.fasterThan) })}</strong>
                  {you.interval && (
                    <span>
                      {' '}
                      (
                      {t('report.fasterThanInterval', {
                        a: formatPercent(you.interval[0]),
                        b: formatPercent(you.interval[1]),
                      })}
                      )
                    </span>
                  )}
                </p>
              )}
              {you && you.fasterThan === null && (
                <p className="faster-than">
                  {you.others === 0 ? t('report.onlyYou') : t('report.fewToCompare', { count: you.others })}
                </p>
              )}
              {data.scores.length < FEW && (
                <p className="notice notice--info">
                  {t('report.distributionFew', { count: data.scores.length })}
                </p>
              )}
              {option && (
                <EChart
                  option={option}
                  label={t('report.distribution')}
                  height={240}
                  testId="distribution-chart"
                />
              )}
            </>
          )}
        </>
      )}
    </section>
  )
}

import { caseSizeParts, formatCaseSize } from '@arena/grader/result'
import { Fragment, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { PerfResult } from '../api/types.ts'
import { EChart } from '../charts/EChart.tsx'
import { formatBytes, formatNs, sig } from '../lib/format.ts'
import { TierBadge } from '../ui/Badges.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { PerfNoiseNote } from './PerfNoiseNote.tsx'
import { capOf, countedRatio, headlineOf, isCapped } from './perfFigures.ts'
import { memoryOption, timeChartIsLog, timeOption } from './perfOptions.ts'

/** Score, tier and memory against the reference. */
export function PerfStats({ perf }: { perf: PerfResult }) {
  const { t } = useTranslation()
  return (
    <>
      <div className="stat-row" title={t('report.scoreHint')}>
        <div className="stat">
          <span className="stat__label">{t('results.score')}</span>
          {/* An unscored trial (a GPU challenge on a software GPU) shows why instead of a number. */}
          <span className="stat__value" data-testid="perf-score" title={perf.note}>
            {perf.score === undefined
              ? t('results.unscored')
              : t('results.scoreValue', { score: sig(perf.score) })}
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">{t('results.tier')}</span>
          <span className="stat__value">
            <TierBadge tier={perf.tier} />
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">{t('results.peakMemory')}</span>
          <span className="stat__value">{t('report.memoryRatio', { ratio: sig(perf.memoryRatio) })}</span>
        </div>
      </div>
      <PerfNoiseNote perf={perf} />
    </>
  )
}

/** Time per perf case, the learner's bars with the interval of the measured ratio. */
export function TimeChart({ perf, height = 260 }: { perf: PerfResult; height?: number }) {
  const { t, i18n } = useTranslation()
  const option = useMemo(
    () =>
      timeOption(perf.cases, {
        yours: t('report.yours'),
        reference: t('report.reference'),
        axis: t('report.msAxis'),
        logAxis: t('report.msAxisLog'),
        sizeOf: (perfCase) => t('report.caseSize', { size: formatCaseSize(perfCase.size, i18n.language) }),
      }),
    [perf, t, i18n.language],
  )
  return (
    <figure className="chart-card" data-scale={timeChartIsLog(perf.cases) ? 'log' : 'linear'}>
      <figcaption>{t('report.timeChart')}</figcaption>
      <EChart option={option} label={t('report.timeChart')} height={height} testId="perf-time-chart" />
      <p className="chart-card__hint">{t('report.timeChartHint')}</p>
    </figure>
  )
}

/** This submission against the reference, per perf case: time (with intervals), memory, a table. */
export function PerfSection({ perf }: { perf: PerfResult }) {
  const { t } = useTranslation()
  const memory = useMemo(
    () =>
      memoryOption(perf.cases, {
        yours: t('report.yours'),
        reference: t('report.reference'),
        axis: t('report.mbAxis'),
        logAxis: t('report.mbAxisLog'),
      }),
    [perf, t],
  )
  return (
    <div className="perf">
      <PerfStats perf={perf} />
      <HeadlineSentence perf={perf} />
      <div className="chart-grid">
        <TimeChart perf={perf} />
        <figure className="chart-card">
          <figcaption>{t('report.memoryChart')}</figcaption>
          <EChart option={memory} label={t('report.memoryChart')} height={260} testId="perf-memory-chart" />
        </figure>
      </div>
      <PerfCaseTable perf={perf} />
      <p className="muted small">{t('report.roundRatioHint')}</p>
    </div>
  )
}

/** Per perf case: its size, both medians, the measured ratio with its interval, what counted, memory. */
export function PerfCaseTable({ perf }: { perf: PerfResult }) {
  const { t, i18n } = useTranslation()
  const cap = capOf(perf)
  return (
    <TableWrap>
      <table className="table" data-testid="perf-cases">
        <thead>
          <tr>
            <th scope="col">{t('report.perfCase')}</th>
            <th scope="col">{t('report.referenceMedian')}</th>
            <th scope="col">{t('report.yoursMedian')}</th>
            <th scope="col">{t('report.roundRatio')}</th>
            <th scope="col">{t('report.counted')}</th>
            <th scope="col">{t('report.memoryColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {perf.cases.map((perfCase) => (
            <tr key={perfCase.name} data-testid={`perf-case-${perfCase.name}`}>
              <th scope="row">
                {perfCase.name}
                <span className="perf-case__size" data-testid="perf-case-size">
                  {t('report.caseSizeLabel')}{' '}
                  {caseSizeParts(perfCase.size, i18n.language).map((part, index) => (
                    <Fragment key={part}>
                      {index > 0 && ' · '}
                      <span className="nowrap">{part}</span>
                    </Fragment>
                  ))}
                </span>
              </th>
              <td>{formatNs(perfCase.reference.medianNs)}</td>
              <td>{formatNs(perfCase.submission.medianNs)}</td>
              <td data-testid="ratio">
                {t('report.ratio', {
                  ratio: sig(perfCase.ratio),
                  lo: sig(perfCase.interval[0]),
                  hi: sig(perfCase.interval[1]),
                  rounds: perfCase.rounds,
                })}
              </td>
              <td data-testid="counted">
                {t('report.countedValue', { ratio: sig(countedRatio(perfCase, cap)) })}
                {isCapped(perfCase, cap) && (
                  <span className="muted small">
                    {' '}
                    {t('report.cappedFrom', { ratio: sig(perfCase.ratio), cap })}
                  </span>
                )}
              </td>
              <td>
                {formatBytes(perfCase.submission.peakBytes)} / {formatBytes(perfCase.reference.peakBytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

/**
 * How the headline is formed, with this result's own figures: a learner can check it with a
 * calculator from the rows of the table.
 */
function HeadlineSentence({ perf }: { perf: PerfResult }) {
  const { t } = useTranslation()
  const cap = capOf(perf)
  // An unscored trial (a GPU challenge on a software GPU) has no headline to derive: say why instead.
  if (perf.score === undefined) {
    return perf.note ? (
      <p className="muted small" data-testid="headline-formula">
        {perf.note}
      </p>
    ) : null
  }
  const headline = headlineOf(perf) ?? perf.score
  const figures = perf.cases.map((perfCase) => sig(countedRatio(perfCase, cap))).join(' × ')
  return (
    <p className="muted small" data-testid="headline-formula">
      {cap === undefined
        ? t('report.headlineUncapped', { count: perf.cases.length })
        : t('report.headlineCapped', { count: perf.cases.length, cap, low: sig(1 / cap) })}{' '}
      {headline !== undefined &&
        t('report.headlineFigures', {
          figures: perf.cases.length > 1 ? `(${figures})^(1/${perf.cases.length})` : figures,
          headline: sig(headline),
        })}
    </p>
  )
}

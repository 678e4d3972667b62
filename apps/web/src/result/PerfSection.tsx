import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { PerfResult } from '../api/types.ts'
import { EChart } from '../charts/EChart.tsx'
import { formatBytes, formatNs, sig } from '../lib/format.ts'
import { TierBadge } from '../ui/Badges.tsx'
import { memoryOption, timeOption } from './perfOptions.ts'

/** Score, tier and memory against the reference. */
export function PerfStats({ perf }: { perf: PerfResult }) {
  const { t } = useTranslation()
  return (
    <div className="stat-row" title={t('report.scoreHint')}>
      <div className="stat">
        <span className="stat__label">{t('results.score')}</span>
        <span className="stat__value" data-testid="perf-score">
          {t('results.scoreValue', { score: sig(perf.score) })}
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
  )
}

/** Time per perf case, the learner's bars with the interval of the measured ratio. */
export function TimeChart({ perf, height = 260 }: { perf: PerfResult; height?: number }) {
  const { t } = useTranslation()
  const option = useMemo(
    () =>
      timeOption(perf.cases, {
        yours: t('report.yours'),
        reference: t('report.reference'),
        axis: t('report.msAxis'),
      }),
    [perf, t],
  )
  return (
    <figure className="chart-card">
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
      }),
    [perf, t],
  )
  return (
    <div className="perf">
      <PerfStats perf={perf} />
      <p className="muted small">{t('report.scoreHint')}</p>
      <div className="chart-grid">
        <TimeChart perf={perf} />
        <figure className="chart-card">
          <figcaption>{t('report.memoryChart')}</figcaption>
          <EChart option={memory} label={t('report.memoryChart')} height={260} testId="perf-memory-chart" />
        </figure>
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('report.perfCase')}</th>
              <th scope="col">{t('report.reference')}</th>
              <th scope="col">{t('report.yours')}</th>
              <th scope="col">{t('results.score')}</th>
              <th scope="col">{t('report.memoryColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {perf.cases.map((perfCase) => (
              <tr key={perfCase.name}>
                <th scope="row">{perfCase.name}</th>
                <td>{formatNs(perfCase.reference.medianNs)}</td>
                <td>{formatNs(perfCase.submission.medianNs)}</td>
                <td>
                  {t('report.ratio', {
                    ratio: sig(perfCase.ratio),
                    lo: sig(perfCase.interval[0]),
                    hi: sig(perfCase.interval[1]),
                    rounds: perfCase.rounds,
                  })}
                </td>
                <td>
                  {formatBytes(perfCase.submission.peakBytes)} / {formatBytes(perfCase.reference.peakBytes)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

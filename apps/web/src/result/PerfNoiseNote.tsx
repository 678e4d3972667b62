import { benefitOfDoubt } from '@arena/grader/result'
import { useTranslation } from 'react-i18next'
import type { PerfResult } from '../api/types.ts'
import { sig } from '../lib/format.ts'

/**
 * What the measurement could and could not tell (issue 16.4, 17.4): a tier awarded within the noise
 * (the interval crosses a tier line; the tier it reaches is given, read no further above the point than
 * a usable measurement's spread), a measurement too noisy to rank (the
 * machine was busy, also on the second try: boards mark it, ratings leave it out), a second trial that
 * pooled the first one's rounds, a trial cut short by its budget.
 */
export function PerfNoiseNote({ perf }: { perf: PerfResult }) {
  const { t } = useTranslation()
  const [low, high] = perf.interval ?? []
  const interval = low === undefined || high === undefined ? undefined : { lo: sig(low), hi: sig(high) }
  const lines: { key: string; text: string }[] = []
  if (perf.withinNoise && perf.tier && interval && perf.score !== undefined && high !== undefined) {
    const tier = t(`tier.${perf.tier}`)
    // Read lower than the interval's upper end: the interval was too wide to trust it (tierDecision.ts).
    const read = benefitOfDoubt({ ratio: perf.score, interval: [low ?? perf.score, high] })
    lines.push({
      key: 'within',
      text:
        read < high
          ? t('report.withinNoiseBounded', { tier, ...interval, read: sig(read) })
          : t('report.withinNoise', { tier, ...interval }),
    })
  }
  const carried = perf.cases.reduce((sum, each) => sum + (each.carriedRounds ?? 0), 0)
  if (carried > 0) {
    const rounds = perf.cases.reduce((sum, each) => sum + each.rounds, 0)
    lines.push({ key: 'pooled', text: t('report.pooledRounds', { carried, own: rounds - carried, rounds }) })
  }
  if (perf.cutShort && perf.budgetMs !== undefined)
    lines.push({ key: 'budget', text: t('report.cutShort', { seconds: Math.round(perf.budgetMs / 1000) }) })
  if (!perf.noisy && lines.length === 0) return null
  return (
    <div className="perf-noise" data-testid="perf-noise">
      {perf.noisy && (
        <p>
          <span className="badge badge--warn" data-testid="noisy-badge">
            {t('report.noisyBadge')}
          </span>{' '}
          {t('report.noisy')}
        </p>
      )}
      {lines.map((line) => (
        <p className="muted small" key={line.key} data-testid={`perf-noise-${line.key}`}>
          {line.text}
        </p>
      ))}
    </div>
  )
}

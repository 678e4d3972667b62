import type { EChartsCoreOption } from 'echarts/core'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { ParallelScaling, Submission } from '../api/types.ts'
import { EChart } from '../charts/EChart.tsx'
import { baseTextStyle, palette } from '../charts/palette.ts'
import { formatCount, sig } from '../lib/format.ts'
import { engineCounters, type TimelineSpan, timelineOf } from './engineData.ts'
import { escapeHtml } from './perfOptions.ts'

/** Engine counters and per-worker timelines; renders nothing for results that have neither. */
export function EngineSection({ submission }: { submission: Submission }) {
  const { t, i18n } = useTranslation()
  const counters = engineCounters(submission)
  const spans = timelineOf(submission)
  const language = i18n.resolvedLanguage ?? 'en'
  if (counters.length === 0 && spans.length === 0 && !submission.parallel) return null
  return (
    <>
      {submission.parallel && <ScalingCard scaling={submission.parallel} />}
      {counters.length > 0 && (
        <section className="card report__section" aria-labelledby="counters-title">
          <h2 id="counters-title">{t('report.counters')}</h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('report.counter')}</th>
                  <th scope="col">{t('report.yours')}</th>
                  <th scope="col">{t('report.reference')}</th>
                </tr>
              </thead>
              <tbody>
                {counters.map((row) => (
                  <tr key={row.name}>
                    <th scope="row">
                      <code>{row.name}</code>
                    </th>
                    <td>{formatCount(row.yours, language)}</td>
                    <td>{row.reference === undefined ? '–' : formatCount(row.reference, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {spans.length > 0 && <TimelineCard spans={spans} />}
    </>
  )
}

/** The submission on all its workers against itself on one: what parallelizing bought. */
function ScalingCard({ scaling }: { scaling: ParallelScaling }) {
  const { t } = useTranslation()
  return (
    <section className="card report__section" aria-labelledby="scaling-title" data-testid="scaling">
      <h2 id="scaling-title">{t('report.scaling')}</h2>
      <p className="stat__value">
        {t('report.scalingValue', { speedup: sig(scaling.speedup), workers: scaling.workers })}
      </p>
      <p className="muted">
        {t('report.scalingDetail', {
          efficiency: Math.round(scaling.efficiency * 100),
          low: sig(scaling.interval[0]),
          high: sig(scaling.interval[1]),
          case: scaling.caseName,
        })}
      </p>
    </section>
  )
}

function TimelineCard({ spans }: { spans: TimelineSpan[] }) {
  const { t } = useTranslation()
  const option = useMemo(() => ganttOption(spans, (id) => t('report.worker', { id })), [spans, t])
  const workers = new Set(spans.map((span) => span.worker)).size
  return (
    <section className="card report__section" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('report.timeline')}</h2>
      <p className="muted">{t('report.timelineHint')}</p>
      <EChart
        option={option}
        label={t('report.timeline')}
        height={Math.max(160, 48 + workers * 32)}
        testId="timeline-chart"
      />
    </section>
  )
}

interface RenderApi {
  value(dimension: number): number
  coord(point: [number, number]): [number, number]
  size(point: [number, number]): [number, number]
}

function ganttOption(spans: TimelineSpan[], workerLabel: (id: string) => string): EChartsCoreOption {
  const workers = [...new Set(spans.map((span) => span.worker))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  )
  const ms = (ns: number) => ns / 1e6
  const colors = [palette.yours, palette.accept, palette.highlight, '#d9485f', '#2b8ac6', '#8a5cd1']
  return {
    textStyle: baseTextStyle,
    aria: { enabled: true },
    grid: { left: 96, right: 24, top: 16, bottom: 40 },
    tooltip: {
      formatter: (item: { value: [number, number, number, string] }) =>
        `${escapeHtml(item.value[3] || workerLabel(workers[item.value[0]] ?? ''))}<br/>${sig(item.value[1])}–${sig(item.value[2])} ms`,
    },
    dataZoom: [{ type: 'inside', filterMode: 'weakFilter' }],
    xAxis: { type: 'value', name: 'ms', splitLine: { lineStyle: { color: palette.grid } } },
    yAxis: { type: 'category', data: workers.map(workerLabel), inverse: true },
    series: [
      {
        type: 'custom',
        encode: { x: [1, 2], y: 0 },
        data: spans.map((span) => [workers.indexOf(span.worker), ms(span.start), ms(span.end), span.label]),
        renderItem: (_params: unknown, api: RenderApi) => {
          const row = api.value(0)
          const start = api.coord([api.value(1), row])
          const end = api.coord([api.value(2), row])
          const height = api.size([0, 1])[1] * 0.6
          return {
            type: 'rect',
            shape: {
              x: start[0],
              y: start[1] - height / 2,
              width: Math.max(1, end[0] - start[0]),
              height,
              r: 2,
            },
            style: { fill: colors[row % colors.length] },
          }
        },
      },
    ],
  }
}

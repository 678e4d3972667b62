import type { EChartsCoreOption } from 'echarts/core'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { TimelineEntry } from '../api/types.ts'
import { EChart } from '../charts/EChart.tsx'
import { baseTextStyle, palette } from '../charts/palette.ts'
import { formatNs, sig } from '../lib/format.ts'
import { escapeHtml } from './perfOptions.ts'

/** Colours of the workers' bars, in worker order. */
export const WORKER_COLORS = [
  palette.yours,
  palette.accept,
  palette.highlight,
  '#d9485f',
  '#2b8ac6',
  '#8a5cd1',
]

/** A Gantt chart of every task the engine ran for your timed call: one row per worker. */
export function TimelineCard({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation()
  const option = useMemo(() => ganttOption(entries, (id) => t('report.worker', { id })), [entries, t])
  const workers = new Set(entries.map((entry) => entry.worker)).size
  const first = Math.min(...entries.map((entry) => entry.start))
  const last = Math.max(...entries.map((entry) => entry.end))
  return (
    <section className="card report__section" aria-labelledby="timeline-title" data-testid="timeline">
      <h2 id="timeline-title">{t('report.timeline')}</h2>
      <p className="muted">{t('report.timelineHint')}</p>
      <EChart
        option={option}
        label={t('report.timeline')}
        height={Math.max(160, 48 + workers * 32)}
        testId="timeline-chart"
      />
      <p className="muted small" data-testid="timeline-summary">
        {t('report.timelineSummary', {
          count: entries.length,
          from: formatNs(first),
          to: formatNs(last),
        })}
      </p>
    </section>
  )
}

interface RenderApi {
  value(dimension: number): number
  coord(point: [number, number]): [number, number]
  size(point: [number, number]): [number, number]
}

function ganttOption(entries: TimelineEntry[], workerLabel: (id: number) => string): EChartsCoreOption {
  const workers = [...new Set(entries.map((entry) => entry.worker))].sort((a, b) => a - b)
  const ms = (ns: number) => ns / 1e6
  return {
    textStyle: baseTextStyle,
    aria: { enabled: true },
    grid: { left: 96, right: 24, top: 16, bottom: 40 },
    tooltip: {
      formatter: (item: { value: [number, number, number, string] }) =>
        `${escapeHtml(item.value[3] || workerLabel(workers[item.value[0]] ?? 0))}<br/>${sig(item.value[1])}–${sig(item.value[2])} ms`,
    },
    dataZoom: [{ type: 'inside', filterMode: 'weakFilter' }],
    xAxis: { type: 'value', name: 'ms', splitLine: { lineStyle: { color: palette.grid } } },
    yAxis: { type: 'category', data: workers.map(workerLabel), inverse: true },
    series: [
      {
        type: 'custom',
        encode: { x: [1, 2], y: 0 },
        data: entries.map((entry) => [
          workers.indexOf(entry.worker),
          ms(entry.start),
          ms(entry.end),
          entry.label,
        ]),
        renderItem: (_params: unknown, api: RenderApi) => {
          const row = api.value(0)
          const start = api.coord([api.value(1), row])
          const end = api.coord([api.value(2), row])
          const height = api.size([0, 1])[1] * 0.6
          return {
            type: 'rect',
            shape: { x: start[0], y: start[1] - height / 2, width: Math.max(1, end[0] - start[0]), height },
            style: { fill: WORKER_COLORS[row % WORKER_COLORS.length] },
          }
        },
      },
    ],
  }
}

import type { EChartsCoreOption } from 'echarts/core'
import type { PerfCase } from '../api/types.ts'
import { baseTextStyle, palette } from '../charts/palette.ts'
import { sig } from '../lib/format.ts'
import { needsLogScale } from './perfFigures.ts'

interface Labels {
  yours: string
  reference: string
  axis: string
  /** The axis name when bars differ by more than 10×: a log scale keeps the short ones visible. */
  logAxis: string
  /** A case's size as the page's language writes it (`n = 2,000,000 · w = 1,000`), for the tooltip. */
  sizeOf?: (perfCase: PerfCase) => string
}

const GAP = { barGap: '20%', barCategoryGap: '35%' }

/**
 * Time per perf case, the reference's bar next to the learner's, with the learner's bar carrying the
 * 95% interval of the time ratio as a whisker (the ratio is what was measured side by side; the
 * interval is applied relative to the learner's median).
 */
export function timeOption(cases: PerfCase[], labels: Labels): EChartsCoreOption {
  const ms = (ns: number) => ns / 1e6
  const errors = cases.map((perfCase, index) => {
    const yours = ms(perfCase.submission.medianNs)
    const [lo, hi] = perfCase.interval
    // Faster ratio bound -> shorter time, and the other way around.
    return [
      index,
      hi > 0 ? (yours * perfCase.ratio) / hi : yours,
      lo > 0 ? (yours * perfCase.ratio) / lo : yours,
    ]
  })
  return {
    textStyle: baseTextStyle,
    aria: { enabled: true },
    animationDuration: 400,
    legend: { top: 0, right: 0, data: [labels.reference, labels.yours] },
    // top 56: the value axis's name sits under the legend, not beside it (on a phone they overlapped).
    grid: { left: 56, right: 16, top: 56, bottom: 36 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const perfCase = cases[items[0]?.dataIndex ?? 0]
        if (!perfCase) return ''
        const [lo, hi] = perfCase.interval
        return [
          `<b>${escapeHtml(perfCase.name)}</b>`,
          ...(labels.sizeOf ? [escapeHtml(labels.sizeOf(perfCase))] : []),
          `${escapeHtml(labels.reference)}: ${sig(ms(perfCase.reference.medianNs))} ms`,
          `${escapeHtml(labels.yours)}: ${sig(ms(perfCase.submission.medianNs))} ms`,
          `${sig(perfCase.ratio)}× (${sig(lo)}–${sig(hi)}×), n=${perfCase.rounds}`,
        ].join('<br/>')
      },
    },
    ...caseAxes(cases, labels, [...errors.flatMap((error) => error.slice(1)), ...times(cases).map(ms)]),
    series: [
      caseBar(
        labels.reference,
        palette.reference,
        cases.map((perfCase) => ms(perfCase.reference.medianNs)),
      ),
      caseBar(
        labels.yours,
        palette.yours,
        cases.map((perfCase) => ms(perfCase.submission.medianNs)),
      ),
      {
        type: 'custom',
        name: 'interval',
        silent: true,
        tooltip: { show: false },
        renderItem: errorBar,
        encode: { x: 0, y: [1, 2] },
        data: errors,
        z: 10,
      },
    ],
  }
}

export function memoryOption(cases: PerfCase[], labels: Labels): EChartsCoreOption {
  const mb = (bytes: number) => bytes / 1024 ** 2
  return {
    textStyle: baseTextStyle,
    aria: { enabled: true },
    animationDuration: 400,
    legend: { top: 0, right: 0, data: [labels.reference, labels.yours] },
    // top 56: the value axis's name sits under the legend, not beside it (on a phone they overlapped).
    grid: { left: 56, right: 16, top: 56, bottom: 36 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: number) => `${sig(value)} MB`,
    },
    ...caseAxes(
      cases,
      labels,
      cases.flatMap((perfCase) => [mb(perfCase.reference.peakBytes), mb(perfCase.submission.peakBytes)]),
    ),
    series: [
      caseBar(
        labels.reference,
        palette.reference,
        cases.map((perfCase) => mb(perfCase.reference.peakBytes)),
      ),
      caseBar(
        labels.yours,
        palette.yoursSoft,
        cases.map((perfCase) => mb(perfCase.submission.peakBytes)),
      ),
    ],
  }
}

interface RenderApi {
  value(dimension: number): number
  coord(point: [number, number]): [number, number]
  barLayout(options: {
    barGap: string
    barCategoryGap: string
    count: number
  }): { offsetCenter: number; width: number }[]
  style(extra?: object): object
}

function errorBar(_params: unknown, api: RenderApi) {
  const x = api.value(0)
  const low = api.coord([x, api.value(1)])
  const high = api.coord([x, api.value(2)])
  const layout = api.barLayout({ ...GAP, count: 2 })[1]
  const offset = layout?.offsetCenter ?? 0
  const half = Math.max(3, (layout?.width ?? 12) * 0.18)
  const cx = low[0] + offset
  const style = { stroke: palette.text, lineWidth: 1.5 }
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: cx - half, y1: high[1], x2: cx + half, y2: high[1] }, style },
      { type: 'line', shape: { x1: cx, y1: high[1], x2: cx, y2: low[1] }, style },
      { type: 'line', shape: { x1: cx - half, y1: low[1], x2: cx + half, y2: low[1] }, style },
    ],
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

function times(cases: PerfCase[]): number[] {
  return cases.flatMap((perfCase) => [perfCase.reference.medianNs, perfCase.submission.medianNs])
}

/** Whether the time chart of these cases is drawn on a log scale (bars more than 10× apart). */
export function timeChartIsLog(cases: PerfCase[]): boolean {
  return needsLogScale(times(cases))
}

/**
 * The category axis of perf cases and the value axis, shared by the time and memory charts: a log
 * axis when the values drawn differ by more than 10×, so the reference's bars do not vanish.
 */
function caseAxes(cases: PerfCase[], labels: Labels, values: number[]) {
  const log = needsLogScale(values)
  return {
    xAxis: { type: 'category', data: cases.map((perfCase) => perfCase.name) },
    yAxis: {
      type: log ? 'log' : 'value',
      name: log ? labels.logAxis : labels.axis,
      nameTextStyle: { align: 'left' },
      splitLine: { lineStyle: { color: palette.grid } },
    },
  }
}

function caseBar(name: string, color: string, data: number[]) {
  return {
    name,
    type: 'bar',
    ...GAP,
    barMaxWidth: 72,
    itemStyle: { color, borderRadius: [4, 4, 0, 0] },
    data,
  }
}

import type { EChartsCoreOption } from 'echarts/core'
import { baseTextStyle, palette } from '../charts/palette.ts'
import { sig } from '../lib/format.ts'

export interface Histogram {
  labels: string[]
  counts: number[]
  /** Bin of the marked score, if any. */
  marked: number | undefined
}

/**
 * Scores are ratios (×the reference), so bins are even on a log scale: a quarter of a doubling each,
 * wider when the scores spread over many doublings.
 */
export function histogram(scores: number[], mark: number | undefined): Histogram {
  const logs = scores.filter((score) => score > 0 && Number.isFinite(score)).map(Math.log2)
  const markLog = mark !== undefined && mark > 0 ? Math.log2(mark) : undefined
  const all = markLog === undefined ? logs : [...logs, markLog]
  if (all.length === 0) return { labels: [], counts: [], marked: undefined }
  const min = Math.min(...all)
  const max = Math.max(...all)
  let width = 0.25
  while ((max - min) / width > 24) width *= 2
  const lo = Math.floor(min / width) * width
  const bins = Math.floor((max - lo) / width) + 1
  const counts = new Array<number>(bins).fill(0)
  const bin = (value: number) => Math.min(bins - 1, Math.floor((value - lo) / width))
  for (const value of logs) counts[bin(value)]! += 1
  const labels = counts.map(
    (_, index) => `${sig(2 ** (lo + index * width))}–${sig(2 ** (lo + (index + 1) * width))}×`,
  )
  return { labels, counts, marked: markLog === undefined ? undefined : bin(markLog) }
}

export function distributionOption(
  data: Histogram,
  labels: { axis: string; learners: string; thisSubmission: string },
): EChartsCoreOption {
  const marked = data.marked
  return {
    textStyle: baseTextStyle,
    aria: { enabled: true },
    animationDuration: 400,
    grid: { left: 48, right: 16, top: 36, bottom: 56 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: data.labels,
      name: labels.axis,
      nameLocation: 'middle',
      nameGap: 36,
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: labels.learners,
      minInterval: 1,
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: [
      {
        type: 'bar',
        name: labels.learners,
        barCategoryGap: '8%',
        barMaxWidth: 72,
        data: data.counts.map((count, index) => ({
          value: count,
          itemStyle: {
            color: index === marked ? palette.highlight : palette.yoursSoft,
            borderRadius: [3, 3, 0, 0],
          },
        })),
        markLine:
          marked === undefined
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                label: { formatter: labels.thisSubmission, color: palette.text, fontWeight: 'bold' },
                lineStyle: { color: palette.highlight, width: 2, type: 'solid' },
                data: [{ xAxis: data.labels[marked] }],
              },
      },
    ],
  }
}

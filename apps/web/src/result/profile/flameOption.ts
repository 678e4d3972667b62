import type { EChartsCoreOption } from 'echarts/core'
import type { ProfileFrame } from '../../api/types.ts'
import { baseTextStyle, palette } from '../../charts/palette.ts'
import type { Theme } from '../../theme/theme.ts'
import { escapeHtml } from '../perfOptions.ts'
import type { FlameCell } from './flameLayout.ts'

/**
 * Fill and text colour of a frame by kind, per theme. The custom series draws its own rectangles, so
 * the chart's recolouring (theme/recolor.ts) does not reach them: both themes are spelled out here,
 * each text colour at WCAG AA on its fill.
 */
const COLORS: Record<Theme, Record<ProfileFrame['kind'], { fill: string; text: string }>> = {
  light: {
    learner: { fill: palette.yours, text: '#ffffff' },
    engine: { fill: palette.accept, text: '#ffffff' },
    native: { fill: '#c9cfdb', text: '#1b1f2a' },
    runtime: { fill: '#e3e6ef', text: '#1b1f2a' },
  },
  dark: {
    learner: { fill: '#7b6ff5', text: '#11131a' },
    engine: { fill: '#3fb27a', text: '#11131a' },
    native: { fill: '#4a5166', text: '#e6e8f2' },
    runtime: { fill: '#343a4c', text: '#e6e8f2' },
  },
}

export interface FlameLabels {
  /** A frame as people read it: translated runtime names, `name :line` for the learner's. */
  frameName(frame: ProfileFrame): string
  /** The tooltip's body for a frame. */
  detail(frame: ProfileFrame): string
}

interface RenderApi {
  value(dimension: number): number
  coord(point: [number, number]): [number, number]
  size(point: [number, number]): [number, number]
}

/**
 * The flame graph (an icicle: the call on top) as an ECharts custom series, the way ECharts' own flame
 * graph example draws one: one rectangle per frame, x = its span of the call's time, y = its depth.
 */
export function flameOption(
  cells: readonly FlameCell[],
  options: {
    totalUs: number
    depth: number
    theme: Theme
    selected: number | undefined
    labels: FlameLabels
  },
): EChartsCoreOption {
  const { theme, labels } = options
  return {
    textStyle: baseTextStyle,
    animation: false,
    aria: { enabled: true },
    grid: { left: 0, right: 0, top: 0, bottom: 0 },
    tooltip: {
      formatter: (item: { dataIndex: number }) => {
        const cell = cells[item.dataIndex]
        if (!cell) return ''
        return `<b>${escapeHtml(labels.frameName(cell.frame))}</b><br/>${escapeHtml(labels.detail(cell.frame))}`
      },
    },
    xAxis: { show: false, min: 0, max: Math.max(1, options.totalUs) },
    yAxis: { show: false, min: 0, max: Math.max(1, options.depth), inverse: true },
    series: [
      {
        type: 'custom',
        data: cells.map((cell) => {
          const colors = COLORS[theme][cell.frame.kind]
          return {
            value: [cell.depth, cell.start, cell.end, labels.frameName(cell.frame)],
            itemStyle: { color: colors.fill },
            textColor: colors.text,
          }
        }),
        renderItem: (params: { dataIndex: number }, api: RenderApi) => {
          const depth = api.value(0)
          const start = api.coord([api.value(1), depth])
          const end = api.coord([api.value(2), depth + 1])
          const width = Math.max(1, end[0] - start[0])
          const height = end[1] - start[1]
          const cell = cells[params.dataIndex]
          const colors = COLORS[theme][cell?.frame.kind ?? 'runtime']
          const selected = params.dataIndex === options.selected
          return {
            type: 'rect',
            shape: { x: start[0], y: start[1] + 1, width: Math.max(1, width - 1), height: height - 2, r: 2 },
            style: {
              fill: colors.fill,
              stroke: selected ? palette.highlight : 'transparent',
              lineWidth: selected ? 3 : 0,
            },
            textConfig: { position: 'insideLeft' },
            textContent: {
              style: {
                text: width > 28 ? labels.frameName(cell?.frame as ProfileFrame) : '',
                fill: colors.text,
                width: width - 8,
                overflow: 'truncate',
                ellipsis: '…',
                fontSize: 12,
              },
            },
          }
        },
      },
    ],
  }
}

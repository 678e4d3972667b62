import type { EChartsCoreOption } from 'echarts/core'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { recolor } from '../theme/recolor.ts'
import { useTheme } from '../theme/theme.ts'

type ECharts = ReturnType<typeof import('echarts/core')['init']>

/**
 * An ECharts chart that loads the library on first use. `label` describes the chart for screen
 * readers; the numbers are in the surrounding text or a table as well.
 */
export function EChart({
  option,
  height = 260,
  label,
  testId,
  onItemClick,
}: {
  option: EChartsCoreOption
  height?: number
  label: string
  testId?: string
  /** A click on a data item (a bar, a frame), by its index in its series. */
  onItemClick?: (dataIndex: number) => void
}) {
  const { t } = useTranslation()
  const container = useRef<HTMLDivElement>(null)
  const chart = useRef<ECharts | null>(null)
  const [ready, setReady] = useState(false)
  const { theme } = useTheme()
  const clicked = useRef(onItemClick)
  clicked.current = onItemClick

  useEffect(() => {
    let disposed = false
    let observer: ResizeObserver | undefined
    void import('./echarts.ts').then(({ echarts }) => {
      if (disposed || !container.current) return
      chart.current = echarts.init(container.current, undefined, { renderer: 'svg' })
      chart.current.on('click', (params) => clicked.current?.(params.dataIndex))
      observer = new ResizeObserver(() => chart.current?.resize())
      observer.observe(container.current)
      setReady(true)
    })
    return () => {
      disposed = true
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
  }, [])

  // Options are written in the light palette; on the dark theme their text and grid colours turn light.
  useEffect(() => {
    if (ready) chart.current?.setOption(recolor(option, theme), { notMerge: true })
  }, [option, ready, theme])

  return (
    <div className="chart" role="img" aria-label={label} data-testid={testId} data-ready={ready}>
      <div ref={container} style={{ height }} />
      {!ready && <div className="chart__loading">{t('app.loading')}</div>}
    </div>
  )
}

import type { EChartsCoreOption } from 'echarts/core'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

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
}: {
  option: EChartsCoreOption
  height?: number
  label: string
  testId?: string
}) {
  const { t } = useTranslation()
  const container = useRef<HTMLDivElement>(null)
  const chart = useRef<ECharts | null>(null)
  const [ready, setReady] = useState(false)

  useEffect(() => {
    let disposed = false
    let observer: ResizeObserver | undefined
    void import('./echarts.ts').then(({ echarts }) => {
      if (disposed || !container.current) return
      chart.current = echarts.init(container.current, undefined, { renderer: 'svg' })
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

  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true })
  }, [option, ready])

  return (
    <div className="chart" role="img" aria-label={label} data-testid={testId} data-ready={ready}>
      <div ref={container} style={{ height }} />
      {!ready && <div className="chart__loading">{t('app.loading')}</div>}
    </div>
  )
}

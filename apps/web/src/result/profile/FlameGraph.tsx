import { type KeyboardEvent, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CpuProfile } from '../../api/types.ts'
import { EChart } from '../../charts/EChart.tsx'
import { useTheme } from '../../theme/theme.ts'
import { flameLayout, neighbour } from './flameLayout.ts'
import { flameOption } from './flameOption.ts'
import { useFrameLabels } from './useFrameLabels.ts'

const ROW_PX = 24
const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'])

/**
 * A profile's flame graph (ECharts custom series, see flameOption.ts). Keyboard: the chart is one tab
 * stop; the arrow keys walk the call tree (neighbours, caller, callee), the selected frame is outlined
 * on the chart and read out below it.
 */
export function FlameGraph({ profile, who, testId }: { profile: CpuProfile; who: string; testId: string }) {
  const { t } = useTranslation()
  const { theme } = useTheme()
  const labels = useFrameLabels(profile.totalUs)
  const layout = useMemo(() => flameLayout(profile), [profile])
  const [selected, setSelected] = useState<number | undefined>(undefined)
  // At least two rows, so a call that called nothing still reads as a bar, not a block.
  const rows = Math.max(2, layout.depth)
  const option = useMemo(
    () =>
      flameOption(layout.cells, {
        totalUs: profile.totalUs,
        depth: rows,
        theme,
        selected,
        labels,
      }),
    [layout, rows, profile.totalUs, theme, selected, labels],
  )
  const keysId = useId()
  const chosen = selected === undefined ? undefined : layout.cells[selected]?.frame

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Home') {
      setSelected(layout.top[0])
      event.preventDefault()
    } else if (ARROWS.has(event.key)) {
      setSelected((now) =>
        now === undefined
          ? layout.top[0]
          : neighbour(layout, now, event.key as Parameters<typeof neighbour>[2]),
      )
      event.preventDefault()
    } else if (event.key === 'Escape') {
      setSelected(undefined)
    }
  }

  return (
    <div className="flame-graph">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: one tab stop for the chart; its keys are described (aria-describedby) and their effect is read out (aria-live). */}
      <div
        className="flame-graph__chart"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the frames are drawn in SVG: this is how the keyboard reaches them.
        tabIndex={0}
        aria-describedby={keysId}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <EChart
          option={option}
          label={t('timeProfile.chart', { who })}
          height={rows * ROW_PX + 4}
          testId={`${testId}-chart`}
          onItemClick={setSelected}
        />
      </div>
      <p id={keysId} className="muted small">
        {t('timeProfile.keys')}
      </p>
      <p className="flame-graph__selected small" aria-live="polite" data-testid={`${testId}-selected`}>
        {chosen ? t('timeProfile.selected', labels.parts(chosen)) : ''}
      </p>
    </div>
  )
}

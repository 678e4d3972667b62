import { describe, expect, it } from 'vitest'
import { palette } from '../charts/palette.ts'
import { recolor } from './recolor.ts'
import { resolveTheme } from './theme.ts'

describe('charts on the dark theme', () => {
  it('turn text and grid light, keep series colours and formatters', () => {
    const formatter = (value: number) => `${value} ms`
    const option = {
      textStyle: { color: palette.text },
      xAxis: {
        axisLabel: { color: palette.muted, formatter },
        splitLine: { lineStyle: { color: palette.grid } },
      },
      series: [
        { itemStyle: { color: palette.yours } },
        { data: [1, 2], itemStyle: { color: palette.reference } },
      ],
    }
    const dark = recolor(option, 'dark')
    expect(dark.textStyle.color).toBe('#e6e8f2')
    expect(dark.xAxis.axisLabel.color).toBe('#a3abbd')
    expect(dark.xAxis.axisLabel.formatter).toBe(formatter)
    expect(dark.xAxis.splitLine.lineStyle.color).toBe('#343a4c')
    expect(dark.series[0]?.itemStyle.color).toBe(palette.yours)
    expect(dark.series[1]?.data).toEqual([1, 2])
    // Every light text or grid colour of the palette has a dark counterpart.
    for (const light of [palette.text, palette.muted, palette.grid])
      expect(JSON.stringify(dark)).not.toContain(light)
    expect(recolor(option, 'light')).toBe(option)
  })

  it('follows the system unless the learner chose', () => {
    expect(resolveTheme('system', 'dark')).toBe('dark')
    expect(resolveTheme('system', 'light')).toBe('light')
    expect(resolveTheme('light', 'dark')).toBe('light')
    expect(resolveTheme('dark', 'light')).toBe('dark')
  })
})

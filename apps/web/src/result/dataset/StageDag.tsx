import { useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { formatBytes, formatCount } from '../../lib/format.ts'
import { type JobGraph, LINE_HEIGHT, layoutStageGraph, type PlacedStage } from './stageGraphLayout.ts'
import { shortPipeline, stageCounter, stageKindLabel } from './stageText.ts'

/** Smallest scale a wide job is drawn at (its text stays readable); any job may shrink to MIN_WIDTH. */
const MIN_SCALE = 0.85
const MIN_WIDTH = 320

/**
 * One job's stages as an SVG graph laid out by dagre (stageGraphLayout.ts). Each stage is a tab stop:
 * focusing or clicking one selects it (its row in the stage table is marked), and its name says what it
 * runs and counted. Colours are the page's CSS variables, so dark mode holds.
 */
export function StageDag({
  job,
  label,
  selected,
  onSelect,
  testId,
}: {
  job: JobGraph
  label: string
  selected: number | undefined
  onSelect: (stage: number) => void
  testId: string
}) {
  const layout = useMemo(() => layoutStageGraph(job), [job])
  const arrow = `${useId()}-arrow`
  return (
    // On a phone a wide job would shrink past reading: it scales down to MIN_SCALE, then this box
    // scrolls sideways, never the page. No tab stop of its own: its stages are, and focusing one
    // scrolls it into view.
    <div className="stage-dag__scroll">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a fieldset; the group names its stages. */}
      <svg
        className="stage-dag"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        style={{
          maxWidth: layout.width,
          minWidth: Math.min(layout.width, Math.max(MIN_WIDTH, layout.width * MIN_SCALE)),
        }}
        role="group"
        aria-label={label}
        data-testid={testId}
      >
        <defs>
          <marker
            id={arrow}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" className="stage-dag__arrow" />
          </marker>
        </defs>
        {layout.edges.map((edge) => (
          <polyline
            key={`${edge.from}-${edge.to}`}
            className="stage-dag__edge"
            points={edge.points.map((point) => `${point.x},${point.y}`).join(' ')}
            markerEnd={`url(#${arrow})`}
          />
        ))}
        {layout.stages.map((placed) => (
          <StageBox
            key={placed.stage.id}
            placed={placed}
            selected={placed.stage.id === selected}
            onSelect={onSelect}
          />
        ))}
      </svg>
    </div>
  )
}

function StageBox({
  placed,
  selected,
  onSelect,
}: {
  placed: PlacedStage
  selected: boolean
  onSelect: (stage: number) => void
}) {
  const { t, i18n } = useTranslation()
  const language = i18n.resolvedLanguage ?? 'en'
  const { stage, x, y, width, height } = placed
  const count = (name: string) => formatCount(stageCounter(stage, name), language)
  const bytes = (name: string) => formatBytes(stageCounter(stage, name))
  const lines: string[] = []
  if (stageCounter(stage, 'inputRecords') > 0)
    lines.push(t('report.dataset.node.input', { records: count('inputRecords'), bytes: bytes('inputBytes') }))
  if (stageCounter(stage, 'shuffleReadBytes') > 0)
    lines.push(t('report.dataset.node.shuffleRead', { bytes: bytes('shuffleReadBytes') }))
  if (stageCounter(stage, 'shuffleWriteBytes') > 0)
    lines.push(t('report.dataset.node.shuffleWrite', { bytes: bytes('shuffleWriteBytes') }))
  if (lines.length === 0) lines.push(t('report.dataset.node.output', { records: count('outputRecords') }))
  const kind = stageKindLabel(t, stage.kind)
  const title = t('report.dataset.node.title', { id: stage.id, kind })
  const tasks = t('report.dataset.node.tasks', { count: stageCounter(stage, 'tasks') })
  // Named by its own text (a button's name from content, so what is heard is what is seen), described
  // by the whole pipeline, which the node shortens.
  const base = `stage-${useId()}`
  const shown = lines.slice(0, 3)
  const description = `${stage.transformations.join(' → ')}. ${lines.join('; ')}`
  const text = (line: number) => y + 10 + LINE_HEIGHT * (line + 0.75)
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a button element; it has the role, the name and the keys.
    <g
      className={`stage-dag__node stage-dag__node--${stage.kind}${selected ? ' stage-dag__node--selected' : ''}`}
      role="button"
      tabIndex={0}
      aria-describedby={`${base}-description`}
      aria-pressed={selected}
      data-testid={`stage-node-${stage.id}`}
      onFocus={() => onSelect(stage.id)}
      onClick={() => onSelect(stage.id)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault()
          onSelect(stage.id)
        }
      }}
    >
      <desc id={`${base}-description`}>{description}</desc>
      <rect className="stage-dag__box" x={x} y={y} width={width} height={height} rx={8} />
      <rect className="stage-dag__stripe" x={x} y={y} width={6} height={height} rx={3} />
      <text className="stage-dag__title" x={x + 14} y={text(0)}>
        {title}
      </text>
      <text className="stage-dag__tasks" x={x + width - 10} y={text(0)} textAnchor="end">
        {tasks}
      </text>
      <text className="stage-dag__pipeline" x={x + 14} y={text(1)}>
        {shortPipeline(stage)}
      </text>
      {shown.map((line, index) => (
        <text key={line} className="stage-dag__counter" x={x + 14} y={text(2 + index)}>
          {line}
        </text>
      ))}
    </g>
  )
}

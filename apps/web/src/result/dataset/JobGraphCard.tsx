import type { TFunction } from 'i18next'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PerfCase } from '../../api/types.ts'
import { formatNs } from '../../lib/format.ts'
import { StageDag } from './StageDag.tsx'
import { StageTable, type TableSide } from './StageTable.tsx'
import type { JobGraphs } from './stageGraphLayout.ts'

type SideKey = 'yours' | 'reference'

/**
 * The dataset engine's jobs on the largest perf case (the last round's timed call): each side's job as
 * a DAG of stages, yours beside the reference's, and Spark UI's stage table under both. Renders nothing
 * when the case carries no job graphs (another engine, or a result stored before they were).
 */
export function JobGraphCard({ perfCase }: { perfCase: PerfCase }) {
  const { t } = useTranslation()
  const yours = perfCase.submission.jobGraphs
  const reference = perfCase.reference.jobGraphs
  const [jobOf, setJobOf] = useState<Record<SideKey, number>>({ yours: 0, reference: 0 })
  const [selectedOf, setSelectedOf] = useState<Record<SideKey, number | undefined>>({
    yours: undefined,
    reference: undefined,
  })
  if (!yours?.jobs.length && !reference?.jobs.length) return null
  const sides = (
    [
      ['yours', yours],
      ['reference', reference],
    ] as const
  ).flatMap(([key, graphs]) => (graphs?.jobs.length ? [{ key, graphs }] : []))
  const tableSides: TableSide[] = sides.flatMap(({ key, graphs }) => {
    const job = graphs.jobs[jobOf[key]] ?? graphs.jobs[0]
    if (!job) return []
    return [{ key, job, selected: selectedOf[key], heading: sideHeading(t, key, job.id, job.action) }]
  })
  return (
    <section className="card report__section" aria-labelledby="job-graph-title" data-testid="job-graph">
      <h2 id="job-graph-title">{t('report.dataset.title')}</h2>
      <p className="muted">{t('report.dataset.intro', { case: perfCase.name })}</p>
      <div className="job-graph__sides">
        {sides.map(({ key, graphs }) => (
          <SideGraph
            key={key}
            side={key}
            graphs={graphs}
            job={jobOf[key]}
            onJob={(job) => {
              setJobOf((now) => ({ ...now, [key]: job }))
              setSelectedOf((now) => ({ ...now, [key]: undefined }))
            }}
            selected={selectedOf[key]}
            onSelect={(stage) => setSelectedOf((now) => ({ ...now, [key]: stage }))}
          />
        ))}
      </div>
      {/* The server sends the reference's plan only to those who may read the reference. */}
      {!reference && (
        <p className="muted small" data-testid="job-graph-reference-gated">
          {t('report.dataset.referenceGated')}
        </p>
      )}
      <StageTable sides={tableSides} />
      <p className="muted small">{t('report.dataset.hint')}</p>
    </section>
  )
}

function sideHeading(t: TFunction, side: SideKey, id: number, action: string) {
  return t(`report.dataset.side.${side}`, { id, action })
}

function SideGraph({
  side,
  graphs,
  job,
  onJob,
  selected,
  onSelect,
}: {
  side: SideKey
  graphs: JobGraphs
  job: number
  onJob: (job: number) => void
  selected: number | undefined
  onSelect: (stage: number) => void
}) {
  const { t } = useTranslation()
  const selectId = useId()
  const shown = graphs.jobs[job] ?? graphs.jobs[0]
  if (!shown) return null
  const heading = sideHeading(t, side, shown.id, shown.action)
  return (
    <div className="job-graph__side" data-testid={`job-graph-${side}`}>
      <h3>{t(`report.${side}`)}</h3>
      {graphs.jobs.length > 1 && (
        <p>
          <label htmlFor={selectId}>{t('report.dataset.job')}</label>{' '}
          <select id={selectId} value={job} onChange={(event) => onJob(Number(event.target.value))}>
            {graphs.jobs.map((entry, index) => (
              <option key={entry.id} value={index}>
                {t('report.dataset.jobOption', {
                  id: entry.id,
                  action: entry.action,
                  count: entry.stages.length,
                })}
              </option>
            ))}
          </select>
        </p>
      )}
      <p className="muted small">
        {t('report.dataset.jobSummary', {
          count: shown.stages.length,
          action: shown.action,
          wall: formatNs(shown.wallNs),
          plan: formatNs(shown.planNs),
        })}
      </p>
      <StageDag
        job={shown}
        label={heading}
        selected={selected}
        onSelect={onSelect}
        testId={`stage-dag-${side}`}
      />
      {graphs.dropped && (
        <p className="muted small" data-testid={`job-graph-dropped-${side}`}>
          {t('report.dataset.dropped', graphs.dropped)}
        </p>
      )}
    </div>
  )
}

import { useTranslation } from 'react-i18next'
import type { ParallelScaling, Submission } from '../api/types.ts'
import { sig } from '../lib/format.ts'
import { TableWrap } from '../ui/TableWrap.tsx'
import { JobGraphCard } from './dataset/JobGraphCard.tsx'
import {
  type EngineEvidence,
  type EvidenceRow,
  engineEvidence,
  evidenceSource,
  tensorBackendOf,
} from './engineEvidence.ts'
import { formatEvidence } from './formatEvidence.ts'
import { TimelineCard } from './TimelineCard.tsx'

/**
 * What the engines counted, yours beside the reference's on the largest perf case, in a learner's
 * terms (passes, busy time per worker, shuffle bytes, GFLOP/s), the scaling report, the dataset
 * engine's job DAGs and the timeline of tasks; renders nothing for a run without engines.
 */
export function EngineSection({ submission }: { submission: Submission }) {
  const evidence = engineEvidence(submission)
  const timeline = submission.metrics?.timeline ?? []
  // The job DAGs are the largest case's, as the evidence tables' counters are.
  const largest = submission.perf?.cases.at(-1)
  if (evidence.length === 0 && timeline.length === 0 && !submission.parallel) return null
  return (
    <>
      {submission.parallel && <ScalingCard scaling={submission.parallel} />}
      {evidence.map((engine) => (
        <EvidenceCard key={engine.engine} evidence={engine} submission={submission} />
      ))}
      {largest && <JobGraphCard perfCase={largest} />}
      {timeline.length > 0 && <TimelineCard entries={timeline} />}
    </>
  )
}

function EvidenceCard({ evidence, submission }: { evidence: EngineEvidence; submission: Submission }) {
  const { t, i18n } = useTranslation()
  const language = i18n.resolvedLanguage ?? 'en'
  const source = evidenceSource(submission)
  const titleId = `evidence-${evidence.engine}-title`
  const backend = evidence.engine === 'tensor' ? tensorBackendOf(submission.runnerClass) : undefined
  return (
    <section
      className="card report__section"
      aria-labelledby={titleId}
      data-testid={`evidence-${evidence.engine}`}
    >
      <h2 id={titleId}>{t(`report.evidence.title.${evidence.engine}`)}</h2>
      <p className="muted">
        {source?.perfCase
          ? t('report.evidence.onCase', { case: source.perfCase.name, rounds: source.perfCase.rounds })
          : t('report.evidence.onRun')}
      </p>
      {backend && (
        <p data-testid="tensor-backend">
          {t('report.evidence.backend')}:{' '}
          <strong>
            {backend.kind === 'gpu'
              ? t('report.evidence.backendGpu', { adapter: backend.adapter ?? '' })
              : t('report.evidence.backendCpu')}
          </strong>
        </p>
      )}
      <TableWrap>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('report.counter')}</th>
              <th scope="col">{t('report.yours')}</th>
              <th scope="col">{t('report.reference')}</th>
            </tr>
          </thead>
          <tbody>
            {evidence.rows.map((row) => (
              <tr key={`${row.label}${row.index ?? ''}`} data-testid={`evidence-row-${rowId(row)}`}>
                <th scope="row">
                  {t(`report.evidence.row.${row.label}`, { index: row.index })}
                  {row.counter && (
                    <>
                      {' '}
                      <code className="muted small">{row.counter}</code>
                    </>
                  )}
                </th>
                <td data-testid="yours">{formatEvidence(row.yours, row.unit, language)}</td>
                <td data-testid="reference">{formatEvidence(row.reference, row.unit, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted small">{t(`report.evidence.hint.${evidence.engine}`)}</p>
    </section>
  )
}

function rowId(row: EvidenceRow): string {
  return row.index === undefined ? row.label : `${row.label}-${row.index}`
}

/** The submission on all its workers against itself on one: what parallelizing bought. */
function ScalingCard({ scaling }: { scaling: ParallelScaling }) {
  const { t } = useTranslation()
  return (
    <section className="card report__section" aria-labelledby="scaling-title" data-testid="scaling">
      <h2 id="scaling-title">{t('report.scaling')}</h2>
      <p className="stat__value">
        {t('report.scalingValue', { speedup: sig(scaling.speedup), workers: scaling.workers })}
      </p>
      <p className="muted">
        {t('report.scalingDetail', {
          efficiency: Math.round(scaling.efficiency * 100),
          low: sig(scaling.interval[0]),
          high: sig(scaling.interval[1]),
          case: scaling.caseName,
        })}
      </p>
    </section>
  )
}

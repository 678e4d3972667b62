import { useTranslation } from 'react-i18next'
import { formatBytes, formatCount, sig } from '../../lib/format.ts'
import { TableWrap } from '../../ui/TableWrap.tsx'
import type { JobGraph, StageNode } from './stageGraphLayout.ts'
import { stageCounter, stageKindLabel } from './stageText.ts'

/** One side's job in the table: its rows under a heading row naming the side. */
export interface TableSide {
  key: 'yours' | 'reference'
  heading: string
  job: JobGraph
  selected: number | undefined
}

/**
 * Spark UI's stage table: per stage, what it read (input, shuffle, cache), what it wrote to the
 * shuffle, what spilled, how even its tasks were (records per task, skew) and the broadcasts it shipped;
 * your job's stages above the reference's.
 */
export function StageTable({ sides }: { sides: TableSide[] }) {
  const { t } = useTranslation()
  const columns = [
    'stage',
    'tasks',
    'input',
    'shuffleRead',
    'shuffleWrite',
    'spilled',
    'cache',
    'perTask',
    'broadcast',
  ] as const
  return (
    <TableWrap label={t('report.dataset.tableLabel')}>
      <table className="table stage-table" data-testid="stage-table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {t(`report.dataset.column.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        {sides.map((side) => (
          <tbody key={side.key} data-testid={`stage-rows-${side.key}`}>
            <tr>
              <th scope="colgroup" colSpan={columns.length} className="stage-table__side">
                {side.heading}
              </th>
            </tr>
            {side.job.stages.map((stage) => (
              <StageRow key={stage.id} stage={stage} selected={stage.id === side.selected} />
            ))}
          </tbody>
        ))}
      </table>
    </TableWrap>
  )
}

function StageRow({ stage, selected }: { stage: StageNode; selected: boolean }) {
  const { t, i18n } = useTranslation()
  const language = i18n.resolvedLanguage ?? 'en'
  const n = (name: string) => stageCounter(stage, name)
  const count = (name: string) => formatCount(n(name), language)
  const bytes = (name: string) => formatBytes(n(name))
  // Two figures in one cell, the second smaller: records and bytes, runs and bytes, hit and missed.
  const pair = (first: string, second: string) => (
    <>
      {first}
      <br />
      <span className="muted small">{second}</span>
    </>
  )
  return (
    <tr
      className={selected ? 'stage-table__row--selected' : undefined}
      aria-current={selected ? 'true' : undefined}
      data-testid={`stage-row-${stage.id}`}
    >
      <th scope="row">
        {t('report.dataset.node.title', {
          id: stage.id,
          kind: stageKindLabel(t, stage.kind),
        })}
        <br />
        <span className="muted small">{stage.transformations.join(' → ')}</span>
      </th>
      <td data-testid="tasks">{count('tasks')}</td>
      <td data-testid="input">
        {pair(
          t('report.dataset.records', { count: n('inputRecords'), value: count('inputRecords') }),
          bytes('inputBytes'),
        )}
        {/* A columnar read: the row groups its statistics let it skip, never read (predicate pushdown). */}
        {n('rowGroupsRead') + n('rowGroupsSkipped') > 0 && (
          <>
            <br />
            <span className="muted small" data-testid="rowGroups">
              {t('report.dataset.rowGroups', {
                read: count('rowGroupsRead'),
                skipped: count('rowGroupsSkipped'),
              })}
            </span>
          </>
        )}
      </td>
      <td data-testid="shuffleRead">
        {pair(
          bytes('shuffleReadBytes'),
          t('report.dataset.records', { count: n('shuffleReadRecords'), value: count('shuffleReadRecords') }),
        )}
      </td>
      <td data-testid="shuffleWrite">
        {pair(
          bytes('shuffleWriteBytes'),
          t('report.dataset.records', {
            count: n('shuffleWriteRecords'),
            value: count('shuffleWriteRecords'),
          }),
        )}
      </td>
      <td data-testid="spilled">
        {pair(
          t('report.dataset.runs', { count: n('spilledRuns'), value: count('spilledRuns') }),
          bytes('spilledBytes'),
        )}
      </td>
      <td data-testid="cache">
        {pair(
          t('report.dataset.cacheHit', { value: count('cacheHitPartitions') }),
          t('report.dataset.cacheMiss', { value: count('cacheMissPartitions') }),
        )}
      </td>
      <td data-testid="perTask">
        {pair(
          t('report.dataset.maxMean', {
            max: count('maxPartitionRecords'),
            mean: formatCount(Math.round(n('meanPartitionRecords')), language),
          }),
          t('report.dataset.skew', { skew: sig(n('partitionSkew')) }),
        )}
      </td>
      <td data-testid="broadcast">
        {bytes('broadcastBytes')}
        {n('outputBytes') > 0 && (
          <>
            <br />
            <span className="muted small" data-testid="written">
              {t('report.dataset.written', { bytes: bytes('outputBytes') })}
            </span>
          </>
        )}
      </td>
    </tr>
  )
}

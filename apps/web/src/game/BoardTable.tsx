import { useTranslation } from 'react-i18next'
import type { Board } from '../api/types.ts'
import { formatRatio } from '../lib/format.ts'
import { EmptyState } from '../ui/EmptyState.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

/** A ranked board as a table; the viewer's row is marked, and shown below the page when off it. */
export function BoardTable({ board, caption }: { board: Board; caption: string }) {
  const { t } = useTranslation()
  if (board.rows.length === 0) return <EmptyBoard board={board} />
  const value = (v: number) => (board.kind === 'challenge' ? `${formatRatio(v)}×` : String(v))
  const youOffPage = board.you && !board.rows.some((row) => row.you)
  const rows = youOffPage && board.you ? [...board.rows, board.you] : board.rows
  return (
    <TableWrap>
      <table className="table board-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('board.rank')}</th>
            <th scope="col">{t('board.learner')}</th>
            <th scope="col" className="num">
              {board.kind === 'assignments' ? t('board.solved') : t('board.value')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr
              key={row.you && index === rows.length - 1 && youOffPage ? 'you' : row.position}
              className={`${row.you ? 'board-table__you' : ''}${youOffPage && index === rows.length - 1 ? ' board-table__detached' : ''}`}
              aria-current={row.you ? 'true' : undefined}
            >
              <td>{row.rank}</td>
              <th scope="row">
                <span className="board-table__name">
                  {row.username ?? <span className="muted">{t('board.anonymous')}</span>}
                </span>
                {row.you && <span className="badge badge--ok board-table__tag">{t('board.you')}</span>}
                {row.noisy && (
                  <span className="badge badge--warn board-table__tag" title={t('board.noisyTitle')}>
                    {t('board.noisy')}
                  </span>
                )}
              </th>
              <td className="num">{value(row.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        {board.you ? t('board.yourRank', { rank: board.you.rank, total: board.total }) : t('board.notRanked')}
      </p>
    </TableWrap>
  )
}

/** An empty board says why: nobody yet, or nobody on this runner class while others have results. */
function EmptyBoard({ board }: { board: Board }) {
  const { t } = useTranslation()
  if (board.runnerClass === null || board.runnerClasses === undefined)
    return <EmptyState title={t('board.empty')} hint={t('board.emptyHint')} />
  const others = board.runnerClasses.some((each) => each.runnerClass !== board.runnerClass)
  return (
    <EmptyState
      title={t('board.emptyClass', { runnerClass: board.runnerClass })}
      hint={others ? t('board.emptyClassOthers') : t('board.emptyClassHint')}
    />
  )
}

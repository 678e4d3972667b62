import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import type { CellState, GroupDetail } from '../api/types.ts'
import { BoardTable } from '../game/BoardTable.tsx'
import { DueStatus } from '../groups/DueStatus.tsx'
import { formatRatio } from '../lib/format.ts'
import { challengePath, localized } from '../lib/localized.ts'
import { TierBadge } from '../ui/Badges.tsx'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { LoadError, MissingResource } from '../ui/LoadError.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

export default function GroupPage() {
  const { id } = useParams()
  const groupId = Number(id)
  const trpc = useTRPC()
  const { t } = useTranslation()
  const group = useQuery({ ...trpc.group.get.queryOptions({ groupId }), enabled: groupId > 0, retry: false })
  const back = { to: '/groups', label: t('errors.missing.backToGroups') }
  if (!(groupId > 0)) return <MissingResource kind="group" id={id ?? ''} back={back} />
  if (group.isError) {
    return (
      <LoadError
        error={group.error}
        kind="group"
        id={String(groupId)}
        back={back}
        onRetry={() => void group.refetch()}
      />
    )
  }
  return (
    <div className="page page--wide">
      {group.isPending && <Spinner />}
      {group.data && <Group group={group.data} />}
    </div>
  )
}

function Group({ group }: { group: GroupDetail }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const { confirm, dialog } = useConfirm()
  const teaches = group.role === 'owner' || group.role === 'instructor'
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.group.get.queryKey({ groupId: group.id }) })
    void queryClient.invalidateQueries({ queryKey: trpc.group.board.queryKey({ groupId: group.id }) })
    void queryClient.invalidateQueries({ queryKey: trpc.group.matrix.queryKey({ groupId: group.id }) })
  }
  const leave = useMutation(
    trpc.group.leave.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.group.list.queryKey() })
        void navigate('/groups')
      },
    }),
  )
  return (
    <>
      <header className="page__header page__header--row">
        <div>
          <p className="eyebrow">
            <Link to="/groups">{t('groups.title')}</Link>
          </p>
          <h1>{group.name}</h1>
          <span className="badge">{t(`groups.role.${group.role}`)}</span>
        </div>
        <button
          type="button"
          className="btn btn--ghost"
          onClick={async () => {
            const leaving = await confirm({
              title: t('groups.leaveConfirmTitle', { name: group.name }),
              body: t('groups.leaveConfirm'),
              confirmLabel: t('groups.leave'),
              danger: true,
            })
            if (leaving) leave.mutate({ groupId: group.id })
          }}
        >
          {t('groups.leave')}
        </button>
        {dialog}
      </header>
      {leave.isError && <ErrorNotice error={leave.error} />}
      {teaches && group.inviteCode && (
        <Invite groupId={group.id} code={group.inviteCode} onRotated={refresh} />
      )}
      <div className="profile__grid">
        <Assignments group={group} teaches={teaches} onChange={refresh} />
        <GroupBoard groupId={group.id} />
      </div>
      <Members group={group} onChange={refresh} />
      {teaches && <Matrix groupId={group.id} />}
    </>
  )
}

function Invite({ groupId, code, onRotated }: { groupId: number; code: string; onRotated: () => void }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const [copied, setCopied] = useState(false)
  const rotate = useMutation(trpc.group.rotateCode.mutationOptions({ onSuccess: onRotated }))
  const { confirm, dialog } = useConfirm()
  const link = `${window.location.origin}/groups/join/${code}`
  return (
    <section className="card section-card invite" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('groups.invite')}</h2>
      <p>
        {t('groups.code')}: <code className="invite__code">{code}</code>
      </p>
      <p className="small">
        {t('groups.inviteLink')}: <code>{link}</code>{' '}
        <button
          type="button"
          className="btn btn--small"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true))
          }}
        >
          {copied ? t('groups.copied') : t('groups.copy')}
        </button>{' '}
        <button
          type="button"
          className="btn btn--small btn--secondary"
          onClick={async () => {
            const rotating = await confirm({
              title: t('groups.rotateConfirmTitle'),
              body: t('groups.rotateConfirmBody'),
              confirmLabel: t('groups.rotateConfirm'),
              danger: true,
            })
            if (rotating) rotate.mutate({ groupId })
          }}
          title={t('groups.rotateHint')}
        >
          {t('groups.rotate')}
        </button>
      </p>
      {dialog}
      {rotate.isError && <ErrorNotice error={rotate.error} />}
      <p className="small muted">{t('groups.rotateHint')}</p>
    </section>
  )
}

function Assignments({
  group,
  teaches,
  onChange,
}: {
  group: GroupDetail
  teaches: boolean
  onChange: () => void
}) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const map = useQuery({ ...trpc.course.map.queryOptions(), enabled: teaches })
  const [target, setTarget] = useState('')
  const [deadline, setDeadline] = useState('')
  // A deadline already past is refused here (and by the server), in the reader's language.
  const [deadlineError, setDeadlineError] = useState<string | null>(null)
  const assign = useMutation(
    trpc.group.assign.mutationOptions({
      onSuccess: () => {
        setTarget('')
        setDeadline('')
        onChange()
      },
    }),
  )
  const unassign = useMutation(trpc.group.unassign.mutationOptions({ onSuccess: onChange }))
  const { confirm, dialog } = useConfirm()
  const assignmentName = (assignment: GroupDetail['assignments'][number]) =>
    assignment.packId ? t('groups.wholePack', { pack: assignment.packId }) : (assignment.challengeKey ?? '')
  const serverDeadlineError =
    assign.error?.data?.issues?.some((issue) => issue.path === 'deadline') === true
      ? t('groups.deadlinePast')
      : null
  const challenges = map.data?.topics.flatMap((topic) => topic.challenges) ?? []
  const packs = [...new Set(challenges.map((challenge) => challenge.id.split('/')[0] as string))]
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.resolvedLanguage)
  return (
    <section className="card section-card" aria-labelledby="assignments-heading">
      <h2 id="assignments-heading">{t('groups.assignments')}</h2>
      {group.assignments.length === 0 ? (
        <EmptyState title={t('groups.noAssignments')} hint={t('groups.noAssignmentsHint')} />
      ) : (
        <ul className="plain-list assignment-list">
          {group.assignments.map((assignment) => (
            <li key={assignment.id}>
              <div className="assignment-list__head">
                <strong>{assignmentName(assignment)}</strong>
                <span className="small muted">
                  {assignment.deadline
                    ? t('groups.due', { date: date(assignment.deadline) })
                    : t('groups.noDeadline')}
                </span>
                {teaches && (
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    onClick={async () => {
                      const removing = await confirm({
                        title: t('groups.unassignConfirmTitle', { name: assignmentName(assignment) }),
                        body: t('groups.unassignConfirmBody', { name: assignmentName(assignment) }),
                        confirmLabel: t('groups.unassign'),
                        danger: true,
                      })
                      if (removing) unassign.mutate({ groupId: group.id, assignmentId: assignment.id })
                    }}
                  >
                    {t('groups.unassign')}
                  </button>
                )}
              </div>
              <ul className="plain-list">
                {assignment.challenges.map((challenge) => {
                  const mine = group.mine[challenge.id]
                  return (
                    <li key={challenge.id} className="assignment-list__challenge">
                      <Link to={challengePath(challenge.id)}>
                        {localized(i18n.resolvedLanguage, challenge.title, challenge.title_ko)}
                      </Link>{' '}
                      {mine && <Cell cell={mine} />}{' '}
                      {!teaches && (
                        <DueStatus deadline={assignment.deadline} state={mine?.state} solvedShown />
                      )}
                    </li>
                  )
                })}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {teaches && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault()
            const [kind, value] = target.split(':') as [string, string]
            if (deadline && new Date(deadline).getTime() <= Date.now()) {
              setDeadlineError(t('groups.deadlinePast'))
              return
            }
            setDeadlineError(null)
            assign.mutate({
              groupId: group.id,
              ...(kind === 'pack' ? { packId: value } : { challengeId: value }),
              deadline: deadline ? new Date(deadline).toISOString() : null,
            })
          }}
        >
          <label className="field">
            <span>{t('groups.assignChallenge')}</span>
            <select value={target} onChange={(event) => setTarget(event.target.value)} required>
              <option value="" />
              {packs.map((pack) => (
                <option key={`pack:${pack}`} value={`pack:${pack}`}>
                  {t('groups.wholePack', { pack })}
                </option>
              ))}
              {challenges.map((challenge) => (
                <option key={challenge.id} value={`challenge:${challenge.id}`}>
                  {localized(i18n.resolvedLanguage, challenge.title, challenge.title_ko)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('groups.deadline')}</span>
            <input
              type="datetime-local"
              value={deadline}
              aria-invalid={deadlineError !== null || serverDeadlineError !== null}
              aria-describedby={deadlineError || serverDeadlineError ? 'deadline-error' : undefined}
              onChange={(event) => {
                setDeadline(event.target.value)
                setDeadlineError(null)
              }}
            />
            {(deadlineError ?? serverDeadlineError) && (
              <span id="deadline-error" className="field__error" role="alert">
                {deadlineError ?? serverDeadlineError}
              </span>
            )}
          </label>
          <button type="submit" className="btn btn--primary" disabled={assign.isPending}>
            {t('groups.assign')}
          </button>
        </form>
      )}
      {assign.isError && !serverDeadlineError && <ErrorNotice error={assign.error} />}
      {unassign.isError && <ErrorNotice error={unassign.error} />}
      {dialog}
    </section>
  )
}

function Cell({ cell }: { cell: CellState }) {
  const { t } = useTranslation()
  const state = t(`groups.cell.${cell.state}`)
  return (
    <span
      className={`cell cell--${cell.state}`}
      title={cell.state === 'late' ? t('groups.lateNote') : undefined}
    >
      {/* The instructor opens the member's code and report from here (issue 18.5). */}
      {cell.submissionId !== null ? (
        <Link to={`/submissions/${cell.submissionId}`} title={t('groups.openSubmission')}>
          {state}
        </Link>
      ) : (
        state
      )}
      {cell.tier && (
        <>
          {' '}
          <TierBadge tier={cell.tier as 'gold'} />
        </>
      )}
      {cell.score !== null && <span className="small muted"> {formatRatio(cell.score)}×</span>}
      {cell.hintsOpened > 0 && (
        <span className="badge" title={t('groups.hintsOpenedTitle', { count: cell.hintsOpened })}>
          {t('groups.hintsOpened', { count: cell.hintsOpened })}
        </span>
      )}
    </span>
  )
}

function GroupBoard({ groupId }: { groupId: number }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const board = useQuery(trpc.group.board.queryOptions({ groupId }))
  return (
    <section className="card section-card" aria-labelledby="group-board-heading">
      <h2 id="group-board-heading">{t('groups.board')}</h2>
      <p className="small muted">{t('groups.boardHint')}</p>
      {board.isPending && <Spinner />}
      {board.isError && <ErrorNotice error={board.error} />}
      {board.data && <BoardTable board={board.data} caption={t('groups.board')} />}
    </section>
  )
}

function Members({ group, onChange }: { group: GroupDetail; onChange: () => void }) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const me = useQuery(trpc.auth.me.queryOptions())
  const remove = useMutation(trpc.group.removeMember.mutationOptions({ onSuccess: onChange }))
  const setRole = useMutation(trpc.group.setRole.mutationOptions({ onSuccess: onChange }))
  const { confirm, dialog } = useConfirm()
  const teaches = group.role === 'owner' || group.role === 'instructor'
  return (
    <section className="card section-card" aria-labelledby="members-heading">
      <h2 id="members-heading">
        {t('groups.membersTitle')}{' '}
        <span className="muted small">{t('groups.members', { count: group.members.length })}</span>
      </h2>
      <ul className="plain-list member-list">
        {group.members.map((member) => {
          const self = member.userId === me.data?.id
          const removable =
            teaches &&
            !self &&
            member.role !== 'owner' &&
            (member.role === 'member' || group.role === 'owner')
          return (
            <li key={member.userId} className="member-list__row">
              <span className="avatar" aria-hidden="true">
                {member.username.slice(0, 1).toUpperCase()}
              </span>
              <span className="member-list__name">{member.username}</span>
              <span className="badge">{t(`groups.role.${member.role}`)}</span>
              <span className="small muted">
                {new Date(member.joinedAt).toLocaleDateString(i18n.resolvedLanguage)}
              </span>
              {group.role === 'owner' && !self && member.role !== 'owner' && (
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() =>
                    setRole.mutate({
                      groupId: group.id,
                      userId: member.userId,
                      role: member.role === 'instructor' ? 'member' : 'instructor',
                    })
                  }
                >
                  {member.role === 'instructor' ? t('groups.makeMember') : t('groups.makeInstructor')}
                </button>
              )}
              {removable && (
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  aria-label={`${t('groups.remove')} ${member.username}`}
                  onClick={async () => {
                    const removing = await confirm({
                      title: t('groups.removeConfirmTitle', { name: member.username }),
                      body: t('groups.removeConfirmBody'),
                      confirmLabel: t('groups.remove'),
                      danger: true,
                    })
                    if (removing) remove.mutate({ groupId: group.id, userId: member.userId })
                  }}
                >
                  {t('groups.remove')}
                </button>
              )}
            </li>
          )
        })}
      </ul>
      {(remove.isError || setRole.isError) && <ErrorNotice error={remove.error ?? setRole.error} />}
      {dialog}
    </section>
  )
}

function Matrix({ groupId }: { groupId: number }) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const matrix = useQuery(trpc.group.matrix.queryOptions({ groupId }))
  const download = async () => {
    const { filename, csv } = await queryClient.fetchQuery(trpc.group.csv.queryOptions({ groupId }))
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
    const anchor = document.createElement('a')
    anchor.href = url
    anchor.download = filename
    anchor.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  const view = matrix.data
  return (
    <section className="card section-card" aria-labelledby="matrix-heading">
      <div className="page__header--row">
        <h2 id="matrix-heading">{t('groups.matrix')}</h2>
        {view && view.challenges.length > 0 && (
          <button type="button" className="btn btn--secondary btn--small" onClick={() => void download()}>
            {t('groups.csv')}
          </button>
        )}
      </div>
      {matrix.isPending && <Spinner />}
      {matrix.isError && <ErrorNotice error={matrix.error} />}
      {view && view.challenges.length === 0 && <EmptyState title={t('groups.matrixEmpty')} />}
      {view && view.challenges.length > 0 && (
        <>
          <TableWrap>
            <table className="table matrix">
              <caption className="visually-hidden">{t('groups.matrix')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('board.learner')}</th>
                  {view.challenges.map((challenge) => (
                    <th scope="col" key={challenge.id}>
                      {localized(i18n.resolvedLanguage, challenge.title, challenge.title_ko)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('board.solved')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((row) => (
                  <tr key={row.userId}>
                    <th scope="row">{row.username}</th>
                    {row.cells.map((cell, index) => (
                      <td key={view.challenges[index]?.id}>
                        <Cell cell={cell} />
                      </td>
                    ))}
                    <td className="num">
                      {row.solved}
                      {row.late > 0 && (
                        <span className="small muted" title={t('groups.lateNote')}>
                          {' '}
                          {t('groups.solvedLate', { count: row.late })}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <h3>{t('groups.stats')}</h3>
          <TableWrap>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('board.challenge')}</th>
                  <th scope="col" className="num">
                    {t('groups.acceptance')}
                  </th>
                  <th scope="col" className="num">
                    {t('groups.medianScore')}
                  </th>
                  <th scope="col">{t('groups.verdicts')}</th>
                </tr>
              </thead>
              <tbody>
                {view.stats.map((stat) => (
                  <tr key={stat.challengeId}>
                    <th scope="row">{stat.title}</th>
                    <td className="num">
                      {stat.acceptanceRate === null
                        ? '–'
                        : t(stat.late > 0 ? 'groups.acceptanceOfLate' : 'groups.acceptanceOf', {
                            rate: Math.round(stat.acceptanceRate * 100),
                            accepted: stat.accepted + stat.late,
                            attempted: stat.attempted,
                            late: stat.late,
                          })}
                    </td>
                    <td className="num">
                      {stat.medianScore === null ? '–' : `${formatRatio(stat.medianScore)}×`}
                    </td>
                    <td>
                      {stat.verdicts
                        .slice(0, 3)
                        .map((each) => `${t(`verdict.${each.verdict as 'Accepted'}`)} ${each.count}`)
                        .join(' · ') || '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  )
}

import { useTranslation } from 'react-i18next'
import type { CpuProfile, ProfileSide, SubmissionProfile } from '../../api/types.ts'
import { formatNs, formatPercent } from '../../lib/format.ts'
import { FlameGraph } from './FlameGraph.tsx'
import { HotLines } from './HotLines.tsx'
import { WAITING_FRAME } from './useFrameLabels.ts'

/**
 * "Where did the time go" on the report (issue 18.1): the flame graph and hot lines of the learner's
 * profile, and beside them the reference's when the server sent it (only after an Accepted Submit).
 */
export function ProfileSection({
  profile,
  onGoToLine,
}: {
  profile: SubmissionProfile
  /** Where a hot line of the learner's takes the reader. */
  onGoToLine: (line: number) => void
}) {
  const { t } = useTranslation()
  const first = profile.submission.ok ? profile.submission.profile : undefined
  return (
    <section className="card report__section" aria-labelledby="profile-title" data-testid="profile-section">
      <h2 id="profile-title">{t('timeProfile.title')}</h2>
      {first && (
        <p className="muted">
          {first.cutAfterMs === undefined
            ? t('timeProfile.intro', { case: first.caseName, interval: first.intervalUs })
            : t('timeProfile.introCut', {
                case: first.caseName,
                cut: formatNs(first.cutAfterMs * 1e6),
                interval: first.intervalUs,
              })}
        </p>
      )}
      <div className={profile.reference ? 'profile-sides profile-sides--two' : 'profile-sides'}>
        <ProfileSideView side={profile.submission} who="yours" onGoToLine={onGoToLine} />
        {profile.reference && <ProfileSideView side={profile.reference} who="reference" />}
      </div>
      <p className="muted small flame-legend" aria-hidden="true">
        <span className="flame-legend__swatch flame-legend__swatch--learner" />
        <span className="flame-legend__swatch flame-legend__swatch--engine" />
        <span className="flame-legend__swatch flame-legend__swatch--native" />
        <span className="flame-legend__swatch flame-legend__swatch--runtime" />
        {t('timeProfile.legend')}
      </p>
    </section>
  )
}

function ProfileSideView({
  side,
  who,
  onGoToLine,
}: {
  side: ProfileSide
  who: 'yours' | 'reference'
  onGoToLine?: (line: number) => void
}) {
  const { t } = useTranslation()
  const title = t(who === 'yours' ? 'timeProfile.yours' : 'timeProfile.reference')
  return (
    <div className="profile-side" data-testid={`profile-${who}`}>
      <h3>{title}</h3>
      {who === 'reference' && <p className="muted small">{t('timeProfile.referenceIntro')}</p>}
      {side.ok ? (
        <ProfileBody profile={side.profile} who={who} title={title} onGoToLine={onGoToLine} />
      ) : (
        <p className="notice notice--info" data-testid={`profile-${who}-missing`}>
          {t('timeProfile.missing', { reason: side.reason })}
        </p>
      )}
    </div>
  )
}

function ProfileBody({
  profile,
  who,
  title,
  onGoToLine,
}: {
  profile: CpuProfile
  who: 'yours' | 'reference'
  title: string
  onGoToLine?: (line: number) => void
}) {
  const { t } = useTranslation()
  const waiting = waitingShare(profile)
  return (
    <>
      {waiting >= MOSTLY_WAITING && (
        <p className="notice notice--info" data-testid={`profile-${who}-waiting`}>
          {t('timeProfile.mostlyWaiting', { share: formatPercent(waiting) })}
        </p>
      )}
      <FlameGraph profile={profile} who={title} testId={`flame-${who}`} />
      <p className="muted small">
        {t('timeProfile.sampled', { samples: profile.samples, total: formatNs(profile.totalUs * 1000) })}
        {profile.droppedFrames > 0 ? ` ${t('timeProfile.dropped', { count: profile.droppedFrames })}` : ''}
      </p>
      <h4>{t('timeProfile.hotLines')}</h4>
      <p className="muted small">
        {t(who === 'yours' ? 'timeProfile.hotLinesHint' : 'timeProfile.referenceHotLinesHint')}
      </p>
      <HotLines lines={profile.hotLines} onGoToLine={onGoToLine} testId={`hot-lines-${who}`} whose={who} />
    </>
  )
}

/** From this share of waiting on, the profile mostly shows what it cannot see: the page says so. */
export const MOSTLY_WAITING = 0.5

/**
 * The share of the call its thread spent waiting (the grader's `(waiting)` frame: wall time beyond the
 * call's CPU). Engines whose work runs in worker isolates (pool, mapreduce, dataset) leave the
 * profiled thread waiting for most of the call.
 */
export function waitingShare(profile: CpuProfile): number {
  if (profile.totalUs <= 0) return 0
  const waitingUs = profile.frames
    .filter((frame) => frame.parent === -1 && frame.kind === 'runtime' && frame.name === WAITING_FRAME)
    .reduce((sum, frame) => sum + frame.totalUs, 0)
  return waitingUs / profile.totalUs
}

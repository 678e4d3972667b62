import { profileSideSchema } from '../profileSchema.ts'
import type { ProfileResult, ProfileSide } from '../types.ts'
import { PROFILE_LIMITS } from './summarizeProfile.ts'

/** Longest reason a missing profile gives. */
const REASON_CHARS = 500
/** Longest hot line text (withSourceLines cuts it first). */
const LINE_TEXT_CHARS = 160

/**
 * A profile held to the summary's own ceilings once more, whoever built it (a runner of another release
 * included): frame and hot line counts, names, texts, and the JSON size of each side. A side over the
 * byte ceiling is replaced by a reason, never cut mid-tree.
 */
export function boundProfile(profile: ProfileResult): ProfileResult {
  return {
    submission: boundSide(profile.submission),
    ...(profile.reference ? { reference: boundSide(profile.reference) } : {}),
    ...(profile.spentMs === undefined ? {} : { spentMs: profile.spentMs }),
  }
}

function boundSide(side: ProfileSide): ProfileSide {
  if (!side.ok) return { ok: false, reason: side.reason.slice(0, REASON_CHARS) }
  const frames = side.profile.frames.slice(0, PROFILE_LIMITS.frames)
  const bounded: ProfileSide = {
    ok: true,
    profile: {
      ...side.profile,
      caseName: side.profile.caseName.slice(0, 200),
      // A kept frame's parent is listed before it, so a prefix keeps every parent.
      frames: frames.map((frame) => ({ ...frame, name: frame.name.slice(0, PROFILE_LIMITS.nameChars) })),
      droppedFrames: side.profile.droppedFrames + side.profile.frames.length - frames.length,
      hotLines: side.profile.hotLines.slice(0, PROFILE_LIMITS.hotLines).map((hot) => ({
        ...hot,
        ...(hot.text === undefined ? {} : { text: hot.text.slice(0, LINE_TEXT_CHARS) }),
        ...(hot.function === undefined ? {} : { function: hot.function.slice(0, PROFILE_LIMITS.nameChars) }),
      })),
    },
  }
  if (JSON.stringify(bounded).length > PROFILE_LIMITS.bytes + 4096) {
    return { ok: false, reason: `the profile was larger than ${PROFILE_LIMITS.bytes / 1024} KB` }
  }
  // A side the contract would refuse must not take the whole result (and its verdict) with it.
  const checked = profileSideSchema.safeParse(bounded)
  if (!checked.success)
    return { ok: false, reason: `the profile was malformed (${checked.error.issues[0]?.message})` }
  return bounded
}

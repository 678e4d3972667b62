// "Where did my time go" (issue 18.1): the CPU profile of one untimed run on the largest perf case,
// part of the grade result contract (resultSchema.ts holds it as the optional `profile`).
import { z } from 'zod'

/**
 * What a frame is: the learner's own function, an engine call (`disk.read`, `pool.map`: the engine's
 * code in the isolate and the host work it waited on), a V8 built-in or host function (`sort`), or the
 * runtime (`(garbage collector)`, `(program)`, the arena's own wrapper, time spent waiting).
 */
export const profileFrameKindSchema = z.enum(['learner', 'engine', 'native', 'runtime'])

/** One node of the trimmed call tree; `frames` lists parents before their children. */
export const profileFrameSchema = z.object({
  /** Index of the parent in `frames`; -1 for the top frames. */
  parent: z.number().int().min(-1),
  name: z.string(),
  kind: profileFrameKindSchema,
  /** Learner frames: the line of the learner's file where the function starts. */
  line: z.number().int().positive().optional(),
  /** Time in this frame and everything it called, in microseconds (sampled). */
  totalUs: z.number().nonnegative(),
  /** Time in this frame itself. */
  selfUs: z.number().nonnegative(),
})

/** A line of the learner's file and its share of the call's sampled self time. */
export const hotLineSchema = z.object({
  line: z.number().int().positive(),
  /** 0..1 of `totalUs`. */
  share: z.number().min(0).max(1),
  selfUs: z.number().nonnegative(),
  /** The function the line is in. */
  function: z.string().optional(),
  /** The line's text (trimmed), from the source that was graded. */
  text: z.string().optional(),
})

export const cpuProfileSchema = z.object({
  /** The perf case the profiled run used (the largest). */
  caseName: z.string(),
  /** The sampling interval asked of V8, in microseconds. */
  intervalUs: z.number().positive(),
  /** Samples taken during the call. */
  samples: z.number().int().nonnegative(),
  /** Sampled time of the call (what the shares are of), in microseconds. */
  totalUs: z.number().nonnegative(),
  /** Wall time of the profiled call (profiling slows it: not comparable with the trial's times). */
  wallNs: z.number().nonnegative(),
  /**
   * The call was still running this many ms after it started and the profile was taken then: a
   * submission that ran out of time shows where its first part of that time went.
   */
  cutAfterMs: z.number().positive().optional(),
  frames: z.array(profileFrameSchema),
  /** The learner's lines with the most self time, most first. */
  hotLines: z.array(hotLineSchema),
  /** Frames left out of `frames` (under the share threshold, or past the caps). */
  droppedFrames: z.number().int().nonnegative(),
})

/** One program's profile, or why it has none: a profile that fails never fails the grading. */
export const profileSideSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), profile: cpuProfileSchema }),
  z.object({ ok: z.literal(false), reason: z.string() }),
])

/**
 * The profiles of a full Submit's extra, untimed round. `reference` is the instructor's solution on the
 * same input: the server sends it only to those who may read the reference (an Accepted Submit).
 */
export const profileResultSchema = z.object({
  submission: profileSideSchema,
  reference: profileSideSchema.optional(),
  /** What the profile round added to the grading, in ms (it is in no round's time). */
  spentMs: z.number().nonnegative().optional(),
})

// Runs in a sandbox child process, like tasks.ts: the profile round of a full Submit. The input is
// built in the pack-code isolate and never leaves the child; each program runs in a fresh isolate with
// its one call profiled, and only the summary (names, lines, times) goes back.
import { drainGpu } from '@arena/engines'
import {
  type IsolateLimits,
  type IsolateProgram,
  markProcessTainted,
  type ProfileCapture,
  SourcePositions,
} from '@arena/sandbox'
import type { PackCode } from '../packCode.ts'
import { FrameNamer } from '../profile/FrameNamer.ts'
import { summarizeProfile } from '../profile/summarizeProfile.ts'
import type { ProfileSide } from '../types.ts'
import type { CaseRef } from './caseInput.ts'
import { generatedInputs } from './inputCache.ts'
import { PackFault } from './packIsolate.ts'
import { type EngineGrant, runWithEngines } from './runWithEngines.ts'
import { InputFolder } from './scratch.ts'
import { endTask, packFor } from './tasks.ts'

export interface ProfileRoundTask {
  testsBundle: PackCode
  /** Profiled in this order (the submission first), each in its own fresh isolate, on the same input. */
  programs: { program: IsolateProgram; engines: EngineGrant }[]
  limits: IsolateLimits
  input: Extract<CaseRef, { kind: 'generated' }>
  caseName: string
  intervalUs: number
  /** A call still running after this long is profiled up to here (RunOptions.profile.cutAfterMs). */
  cutAfterMs?: number
}

/**
 * One profiled run per program on the same generated input. The profiled call is the run's only call:
 * no warm-up before it, because code V8 compiled before the profiler started (a loop replaced on the
 * stack while warming up) would be invisible to it. Outputs are not judged: every round of the trial
 * already was. A failure is that program's profile's reason, never a verdict.
 */
export async function runProfileRound(task: ProfileRoundTask): Promise<ProfileSide[]> {
  const files = new InputFolder()
  let pack: Awaited<ReturnType<typeof packFor>> | undefined
  try {
    pack = await packFor(task.testsBundle)
    const input = await generatedInputs.input(pack, task.testsBundle, 0, task.input, files)
    const sides: ProfileSide[] = []
    for (const { program, engines } of task.programs) {
      const capture = await runWithEngines(
        program,
        [input],
        task.limits,
        engines,
        files,
        (run) => run.profile ?? ({ ok: false, reason: 'the run returned no profile' } as ProfileCapture),
        {
          profile: {
            call: 0,
            intervalUs: task.intervalUs,
            ...(task.cutAfterMs !== undefined ? { cutAfterMs: task.cutAfterMs } : {}),
          },
        },
      )
      await quietGpu(engines)
      sides.push(profileSide(capture, program, task.caseName))
    }
    return sides
  } catch (error) {
    if (!(error instanceof PackFault)) throw error
    return task.programs.map(() => ({ ok: false, reason: error.message }))
  } finally {
    await endTask(pack, 1)
    files.remove()
  }
}

function profileSide(capture: ProfileCapture, program: IsolateProgram, caseName: string): ProfileSide {
  if (!capture.ok) return capture
  const namer = new FrameNamer(program, new SourcePositions(program.filename, program.sourceMap))
  const profile = summarizeProfile(capture, namer, caseName)
  if (profile.samples === 0) {
    return { ok: false, reason: 'the call was over before the profiler took a sample' }
  }
  return { ok: true, profile }
}

/** GPU work a program left running must not run into the next program's profile. */
async function quietGpu(engines: EngineGrant): Promise<void> {
  if (!engines.names.some((name) => name === 'gpu' || name === 'tensor')) return
  if ((await drainGpu()) !== 'idle') markProcessTainted()
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { Challenge } from '../api/types.ts'
import type { PageCompile, PageProgram } from '../local/compileInPage.ts'
import { type LocalSupport, localSupport } from '../local/engineSupport.ts'
import { type LocalDriver, startLocalDriver } from '../local/localDriver.ts'
import type { Against, Comparison, LocalRunEvent, LocalTestResult } from '../local/protocol.ts'
import { type LocalRunHandle, runLocally, sampleKitUrl } from '../local/runLocally.ts'
import { solvedReference } from '../local/solvedReference.ts'
import { useLiveCompile } from '../local/useLiveCompile.ts'

export type LocalRunState =
  | { phase: 'idle' }
  | { phase: 'compileError'; compile: Extract<PageCompile, { ok: false }>; run: number; source: string }
  | {
      phase: 'running' | 'done' | 'fault'
      /** The code this run ran: the page marks the panel outdated once the editor differs. */
      source: string
      names: string[]
      tests: (LocalTestResult | undefined)[]
      runningIndex?: number
      fault?: string
      /**
       * Whether the run had a process of its own (the sandbox frame): false where the server names no
       * sandbox origin, and the panel says what that means.
       */
      isolated?: boolean
      /** What was timed beside this program: the previous run, the reference (once solved), or nothing. */
      against?: Against
      /** Counts the runs of this page (a new run replaces the last one's panel). */
      run: number
      /** The timing against the compared program on a generated input of the smallest perf size. */
      timing?: Extract<LocalRunEvent, { type: 'timing' }>
    }

/**
 * The challenge page's "Run on my machine": compiles in the page as the learner types (markers under
 * the lines), and runs the samples in a worker on this machine. Nothing here is a verdict: Submit is.
 */
export function useLocalRun(challenge: Challenge, modelPath: string) {
  const compile = useLiveCompile({ modelPath, entry: challenge.entry, engines: challenge.engines })
  const support: LocalSupport = localSupport(challenge.engines, challenge.runners)
  const [state, setState] = useState<LocalRunState>({ phase: 'idle' })
  const handle = useRef<LocalRunHandle | null>(null)
  // The learner's own last program that passed every sample locally (never the reference, which stays
  // on the server; never a program that failed, which may loop or exhaust memory again): timings are
  // ratios against it, measured in the same worker on the same inputs.
  const previous = useRef<PageProgram | undefined>(undefined)
  const runs = useRef(0)

  const kitUrl = sampleKitUrl(challenge.id, challenge.pack.hash, challenge.kitTicket)
  // One driver waits ready (sandbox frame and worker started, kit imported); each run uses it up and
  // starts the next.
  const spare = useRef<LocalDriver | null>(null)
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    if (support.ok) spare.current = startLocalDriver(kitUrl)
    return () => {
      mounted.current = false
      handle.current?.stop()
      spare.current?.terminate()
      spare.current = null
    }
  }, [kitUrl, support.ok])

  const run = useCallback(
    async (source: string) => {
      if (!support.ok || state.phase === 'running') return
      const runNumber = ++runs.current
      let compiled: PageCompile
      try {
        compiled = await compile.compileNow(source)
      } catch (error) {
        // esbuild-wasm could not start (an old browser, a blocked asset): say so, the page goes on.
        const message = error instanceof Error ? error.message : String(error)
        setState({ phase: 'fault', names: [], tests: [], run: runNumber, fault: message, source })
        return
      }
      if (!compiled.ok) {
        setState({ phase: 'compileError', compile: compiled, run: runNumber, source })
        return
      }
      setState({ phase: 'running', names: [], tests: [], run: runNumber, source })
      // Asked before every run: a learner who just solved it on this page gets the reference at once.
      // (Not beside the compile: a compile error is shown with no server round trip, and a Run right
      // after an edit takes the live compile's result, already there.)
      const reference = await solvedReference(challenge.id, challenge.pack.hash)
      const changed = previous.current !== undefined && previous.current.code !== compiled.program.code
      const compareWith: Comparison | undefined = reference
        ? { against: 'reference', program: reference }
        : changed && previous.current
          ? { against: 'previous', program: previous.current }
          : undefined
      setState((current) => ({ ...current, against: compareWith?.against }))
      let failed = false
      let finishedCleanly = false
      let lost = false
      const driver = spare.current ?? undefined
      // The next run's driver starts now, beside this run (its frame, worker and kit import take seconds
      // on a busy machine): ready by the time the learner runs again.
      spare.current = startLocalDriver(kitUrl)
      handle.current = runLocally({
        driver,
        kitUrl,
        program: compiled.program,
        compareWith,
        wallMs: challenge.limits.wallMs,
        memoryMb: challenge.limits.memoryMb,
        onEvent: (event) => {
          if (event.type === 'test' && event.result.status !== 'Accepted') failed = true
          if (event.type === 'done') finishedCleanly = true
          // The sandbox's process died or stopped answering: the spare started beside this run shared it.
          if (event.type === 'fault' && (event.message === 'crashed' || event.message === 'silent'))
            lost = true
          setState((current) => {
            if (current.phase !== 'running') return current
            switch (event.type) {
              case 'started':
                return {
                  ...current,
                  names: event.names,
                  tests: event.names.map(() => undefined),
                  isolated: handle.current?.isolated,
                }
              case 'running':
                return { ...current, runningIndex: event.index }
              case 'test': {
                const tests = [...current.tests]
                tests[event.index] = event.result
                return { ...current, tests }
              }
              case 'timing':
                return { ...current, timing: event }
              case 'done':
                return { ...current, phase: 'done', runningIndex: undefined }
              case 'fault':
                return { ...current, phase: 'fault', fault: event.message, runningIndex: undefined }
            }
          })
        },
      })
      await handle.current.done
      if (finishedCleanly && !failed) previous.current = compiled.program
      if (lost || !mounted.current) {
        spare.current?.terminate()
        spare.current = mounted.current ? startLocalDriver(kitUrl) : null
      }
    },
    [support.ok, state.phase, compile.compileNow, challenge, kitUrl],
  )

  const stop = useCallback(() => handle.current?.stop(), [])
  return { compile, support, state, run, stop }
}

import { readdirSync, readFileSync } from 'node:fs'

/** Per thread of this process (by thread id), the CPU time it has run, in ns. */
export type ThreadCpuSnapshot = ReadonlyMap<number, number>

/**
 * The CPU time of every thread of this process except the main one, from the kernel's scheduler
 * (`/proc/self/task/<tid>/schedstat`), or undefined where there is no such file (not Linux).
 *
 * Why not `isolate.cpuTime`: isolated-vm keeps that clock itself, pausing and resuming it around
 * every lock and hold, and on a machine busier than its cores its readings of one call were seen
 * negative (-44 ms), zero, or above the call's wall time (11 ms of CPU in 8 ms), which made the
 * interval of a reference against itself run from 0 to millions. The kernel's count of a thread's
 * run time has none of that bookkeeping. The main thread is left out: it is the host's, and only
 * waits while the isolate's thread works (threadCpuSince says which of the others is the call's).
 */
export function threadCpuSnapshot(): ThreadCpuSnapshot | undefined {
  return schedstatSnapshot((runNs) => runNs)
}

/**
 * The CPU of the call: the largest run time any one thread (main thread aside) added since `before`.
 * The call runs in one hold of the isolate, on one of isolated-vm's threads (its GC too, with
 * `--single-threaded-gc`); what other threads add meanwhile is V8 compiling on its helper threads,
 * whose timing is noise (summing every thread read 19.97 ms of CPU in a call of 18.39 ms wall).
 */
export function threadCpuSince(before: ThreadCpuSnapshot): number | undefined {
  return busiestSince(before, threadCpuSnapshot())
}

/**
 * Per thread (main thread aside), the time it was runnable: run time plus time spent waiting on a
 * run queue (`schedstat`'s first two fields), in ns; undefined where there is no such file. A thread
 * blocked in a wait is neither; a thread that computes on a machine busier than its cores is runnable
 * all along, however little CPU it was given.
 */
export function threadRunnableSnapshot(): ThreadCpuSnapshot | undefined {
  return schedstatSnapshot((runNs, queuedNs) => runNs + queuedNs)
}

/** The most runnable time any one thread (main thread aside) added since `before`, in ns. */
export function busiestRunnableSince(before: ThreadCpuSnapshot): number | undefined {
  return busiestSince(before, threadRunnableSnapshot())
}

/**
 * Per thread of this process, the main one included, the time it spent queued for a core: runnable
 * but not running (`schedstat`'s second field), in ns; undefined where there is no such file.
 */
export function threadQueuedSnapshot(): ThreadCpuSnapshot | undefined {
  return schedstatSnapshot((_runNs, queuedNs) => queuedNs, { withMainThread: true })
}

/** The most time any one thread spent queued for a core since `before`, in ns. */
export function mostQueuedSince(before: ThreadCpuSnapshot): number | undefined {
  return busiestSince(before, threadQueuedSnapshot())
}

/** Per thread of this process (the main one only if asked), `pick` of its schedstat run and run-queue times. */
function schedstatSnapshot(
  pick: (runNs: number, queuedNs: number) => number,
  { withMainThread = false } = {},
): ThreadCpuSnapshot | undefined {
  let threadIds: string[]
  try {
    threadIds = readdirSync('/proc/self/task')
  } catch {
    return undefined
  }
  const snapshot = new Map<number, number>()
  for (const name of threadIds) {
    const threadId = Number(name)
    if (threadId === process.pid && !withMainThread) continue
    try {
      const [runNs, queuedNs] = readFileSync(`/proc/self/task/${name}/schedstat`, 'utf8')
        .split(' ')
        .map(Number)
      const value = pick(Number(runNs), Number(queuedNs))
      if (Number.isFinite(value)) snapshot.set(threadId, value)
    } catch {
      // The thread ended between the listing and the read: it has nothing more to count.
    }
  }
  return snapshot
}

function busiestSince(before: ThreadCpuSnapshot, after: ThreadCpuSnapshot | undefined): number | undefined {
  if (!after) return undefined
  let busiestNs = 0
  for (const [threadId, ns] of after) busiestNs = Math.max(busiestNs, ns - (before.get(threadId) ?? 0))
  return busiestNs
}

/**
 * A CPU clock of work handed to another thread (a pipeline compile on one of Dawn's threads), started
 * with the work and read (ns) while it runs and when it ends: the most CPU any one thread other than
 * the main one used meanwhile, never time spent waiting for a core (on a machine busier than its
 * cores, a compile's wall time was many times its CPU). If the isolate's own thread computes longer
 * than the work meanwhile, it is that thread's time the clock reads; it never reads more than the wall
 * time. Where /proc has no schedstat (not Linux), wall time.
 */
export function startOffloadedWorkClock(): () => number {
  const startedAt = performance.now()
  const wallNs = () => Math.round((performance.now() - startedAt) * 1e6)
  const before = threadCpuSnapshot()
  if (!before) return wallNs
  // A reading costs ~0.4 ms (15 threads' files); the CPU watchdog reads a compile in flight every 20 ms.
  return () => Math.min(wallNs(), threadCpuSince(before) ?? 0)
}

/** The calling thread's CPU time so far (its schedstat), in ns; undefined where there is none. */
export function callingThreadCpuNs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0])
  } catch {
    return undefined
  }
}

/**
 * The calling thread's CPU in ns, or the wall clock where there is no schedstat: how an engine times
 * synchronous host work on a run's behalf (on a busy machine, its wall time is mostly waiting).
 */
export function hostWorkClockNs(): number {
  return callingThreadCpuNs() ?? Number(process.hrtime.bigint())
}

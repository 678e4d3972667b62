export { bundleForNode, type NodeBundle, nodeArgsFor } from './bundle/nodeBundle.ts'
export {
  CallProfiler,
  type CpuProfile,
  type CpuProfileNode,
  type ProfileCapture,
} from './isolate/callProfiler.ts'
export { classifyError, GuestThrow, isIsolateTimeout } from './isolate/classifyError.ts'
export { CONSOLE_BOOTSTRAP } from './isolate/consoleBootstrap.ts'
export { type CallRecord, GUEST_CALLER_SOURCE } from './isolate/guestCaller.ts'
export {
  ATOMICS_WAIT_ASYNC_UNAVAILABLE,
  ATOMICS_WAIT_UNAVAILABLE,
  FINALIZATION_REGISTRY_UNAVAILABLE,
  GUEST_LOCKDOWN_SOURCE,
  PORTABLE_GUEST_LOCKDOWN_SOURCE,
  RESIZABLE_BUFFERS_UNAVAILABLE,
  WEBASSEMBLY_UNAVAILABLE,
} from './isolate/guestLockdown.ts'
export type { IsolateExtension, IsolateLimits, IsolateProgram, RunOptions } from './isolate/limits.ts'
export { WALL_CEILING_FACTOR } from './isolate/limits.ts'
export { MATERIALIZE_MAX_DEPTH, MATERIALIZE_SOURCE } from './isolate/materialize.ts'
export { meteredBytes } from './isolate/meteredBytes.ts'
export type { CallMeasurement, FailureStatus, ProgramRun, RunOutcome } from './isolate/outcome.ts'
export { runProgram } from './isolate/runProgram.ts'
export { settledCpuNs } from './isolate/settledCpuNs.ts'
export type { SourceLocation } from './isolate/sourcePositions.ts'
export { SourcePositions } from './isolate/sourcePositions.ts'
export { isProcessTainted, markProcessTainted } from './isolate/taint.ts'
export { callingThreadCpuNs, hostWorkClockNs, startOffloadedWorkClock } from './isolate/threadCpuClock.ts'
export type { ProcessPoolOptions, RssBackstop, Task, TaskOutcome } from './pool/ProcessPool.ts'
export {
  CHILD_V8_FLAGS,
  IDLE_RSS_CEILING_MB,
  PoolClosedError,
  ProcessPool,
  residentMb,
} from './pool/ProcessPool.ts'

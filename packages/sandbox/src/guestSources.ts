// The sandbox's guest-side sources, without isolated-vm: plain JavaScript text that any realm can
// evaluate. The page's Run locally evaluates the same text in its program workers (apps/web/src/local),
// so the browser mirror locks down and materializes exactly as the server's isolates do.
export {
  ATOMICS_WAIT_ASYNC_UNAVAILABLE,
  ATOMICS_WAIT_UNAVAILABLE,
  PORTABLE_GUEST_LOCKDOWN_SOURCE as GUEST_LOCKDOWN_SOURCE,
  RESIZABLE_BUFFERS_UNAVAILABLE,
  WEBASSEMBLY_UNAVAILABLE,
} from './isolate/guestLockdown.ts'
export { MATERIALIZE_MAX_DEPTH, MATERIALIZE_SOURCE } from './isolate/materialize.ts'

/** The learner-facing line for guides and messages: why WebAssembly is missing. */
export const WEBASSEMBLY_UNAVAILABLE =
  "WebAssembly is not available in the arena: its memory lies outside the sandbox's memory limit, so it could not be counted. Use typed arrays instead."

/** Why resizable ArrayBuffers and growable SharedArrayBuffers are refused. */
export const RESIZABLE_BUFFERS_UNAVAILABLE =
  "resizable ArrayBuffers and growable SharedArrayBuffers (the maxByteLength option) are not available in the arena: V8 reserves their memory outside the sandbox's memory limit, so it could not be counted. Allocate a fixed-length buffer instead."

/** Why Atomics.wait throws. */
export const ATOMICS_WAIT_UNAVAILABLE =
  'Atomics.wait is not available in the arena: a thread blocked in it waits without working, and nothing in the sandbox needs to be woken up that way.'

/** Why Atomics.waitAsync throws. */
export const ATOMICS_WAIT_ASYNC_UNAVAILABLE =
  'Atomics.waitAsync is not available in the arena: its reactions run as engine tasks outside your calls, where no clock or limit sees them (and a timeout stops the sandbox process).'

/** Why FinalizationRegistry is missing. */
export const FINALIZATION_REGISTRY_UNAVAILABLE =
  'FinalizationRegistry is not available in the arena: its callbacks run after garbage collection, outside your calls, where no clock or limit sees them.'

/**
 * Evaluated in EVERY fresh guest context (the main isolate and every worker isolate) before any learner
 * code, as a script whose completion value is nothing. It closes the class "memory that the isolate's
 * memoryLimit does not count" and "a thread that blocks without using the CPU":
 *
 * - `WebAssembly`: a WebAssembly.Memory is reserved and committed by V8 outside the ArrayBuffer
 *   allocator that isolated-vm counts (measured: 1 GB resident under a 16 MB limit). The global becomes
 *   a non-configurable accessor that throws, so every way to reach it (globalThis, Function('return
 *   this')(), Reflect.get, the property descriptor's getter) ends in the same clear error.
 * - `maxByteLength` (resizable ArrayBuffer, growable SharedArrayBuffer): same reservation path, not
 *   counted at all, not even the initial length (measured: 1 GB resident under 16 MB). The constructors
 *   are replaced by proxies that refuse the option and construct fixed-length buffers only; the
 *   prototypes' `constructor` points at the proxies so the originals cannot be reached from an instance.
 * - `Atomics.wait`: blocked time is counted by isolated-vm's timeout as if it were CPU, and in the main
 *   isolate nothing could ever notify it. It throws.
 * - `Atomics.waitAsync` and `FinalizationRegistry`: their reactions and callbacks are V8 platform tasks,
 *   which isolated-vm runs whenever the isolate next runs anything, outside the call that caused them:
 *   between calls (measured: 290 ms of work on no call's clock), or after the last call, once the
 *   watchdogs are gone (an endless callback held the child until the pool killed it, 120 s under a
 *   30 s wall limit). A waitAsync timeout is posted with PostNonNestableDelayedTask, which isolated-vm
 *   answers with std::terminate: the child aborts (SIGABRT) and the grader blamed the platform. Both
 *   throw in isolated-vm contexts; the browser's realm (PORTABLE_GUEST_LOCKDOWN_SOURCE) keeps
 *   FinalizationRegistry, whose callbacks are ordinary tasks there. WeakRef stays (it has no callback).
 *
 * What is left outside the isolate's count (ICU objects behind `Intl`, V8 internals) is bounded by the
 * pool's resident-memory backstop, not here.
 */
const lockdownSource = (isolatedVm: boolean) => `(function arenaLockdown(globalObject) {
  'use strict';
  const defineProperty = Object.defineProperty;
  const construct = Reflect.construct;
  const ProxyConstructor = Proxy;
  const ErrorConstructor = Error;
  const RangeErrorConstructor = RangeError;
  const TypeErrorConstructor = TypeError;
  const wasmMessage = ${JSON.stringify(WEBASSEMBLY_UNAVAILABLE)};
  const resizableMessage = ${JSON.stringify(RESIZABLE_BUFFERS_UNAVAILABLE)};
  const waitMessage = ${JSON.stringify(ATOMICS_WAIT_UNAVAILABLE)};
  const waitAsyncMessage = ${JSON.stringify(ATOMICS_WAIT_ASYNC_UNAVAILABLE)};
  const finalizationMessage = ${JSON.stringify(FINALIZATION_REGISTRY_UNAVAILABLE)};

  function noWebAssembly() { throw new ErrorConstructor(wasmMessage); }
  defineProperty(globalObject, 'WebAssembly', {
    __proto__: null, get: noWebAssembly, set: noWebAssembly, enumerable: false, configurable: false,
  });

  function fixedLengthOnly(name) {
    const Original = globalObject[name];
    if (typeof Original !== 'function') return;
    const handler = {
      __proto__: null,
      construct(target, args, newTarget) {
        const options = args[1];
        if ((typeof options === 'object' && options !== null) || typeof options === 'function') {
          if (options.maxByteLength !== undefined) throw new RangeErrorConstructor(name + ': ' + resizableMessage);
        }
        // The options are dropped, so a getter that answered undefined above cannot answer a number now.
        return construct(target, [args[0]], newTarget);
      },
    };
    const guarded = new ProxyConstructor(Original, handler);
    defineProperty(globalObject, name, { __proto__: null, value: guarded, writable: true, enumerable: false, configurable: true });
    defineProperty(Original.prototype, 'constructor', { __proto__: null, value: guarded, writable: true, enumerable: false, configurable: true });
  }
  fixedLengthOnly('ArrayBuffer');
  fixedLengthOnly('SharedArrayBuffer');

  const atomics = globalObject.Atomics;
  if (atomics) {
    defineProperty(atomics, 'wait', {
      __proto__: null,
      value: function wait() { throw new TypeErrorConstructor(waitMessage); },
      writable: true, enumerable: false, configurable: true,
    });
    // Non-configurable and non-writable: the original cannot be put back, nor reached from elsewhere.
    defineProperty(atomics, 'waitAsync', {
      __proto__: null,
      value: function waitAsync() { throw new TypeErrorConstructor(waitAsyncMessage); },
      writable: false, enumerable: false, configurable: false,
    });
  }

${
  isolatedVm
    ? `
  // No instance exists before this runs, so the original constructor (and its prototype's register)
  // cannot be reached once the global is an accessor that throws.
  function noFinalizationRegistry() { throw new TypeErrorConstructor(finalizationMessage); }
  defineProperty(globalObject, 'FinalizationRegistry', {
    __proto__: null, get: noFinalizationRegistry, set: noFinalizationRegistry, enumerable: false, configurable: false,
  });`
    : ''
}
})(globalThis);`

/** The lockdown of every isolated-vm context: the main isolate, pool workers, pack code. */
export const GUEST_LOCKDOWN_SOURCE = lockdownSource(true)

/**
 * The same lockdown for a browser realm (the page's Run locally, `@arena/sandbox/guest`): there
 * FinalizationRegistry callbacks are ordinary event-loop tasks, and the page's own memory meter uses
 * one after the lockdown, so only isolated-vm contexts lose it.
 */
export const PORTABLE_GUEST_LOCKDOWN_SOURCE = lockdownSource(false)

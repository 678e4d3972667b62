/** The learner-facing line for guides and messages: why WebAssembly is missing. */
export const WEBASSEMBLY_UNAVAILABLE =
  "WebAssembly is not available in the arena: its memory lies outside the sandbox's memory limit, so it could not be counted. Use typed arrays instead."

/** Why resizable ArrayBuffers and growable SharedArrayBuffers are refused. */
export const RESIZABLE_BUFFERS_UNAVAILABLE =
  "resizable ArrayBuffers and growable SharedArrayBuffers (the maxByteLength option) are not available in the arena: V8 reserves their memory outside the sandbox's memory limit, so it could not be counted. Allocate a fixed-length buffer instead."

/** Why Atomics.wait throws. */
export const ATOMICS_WAIT_UNAVAILABLE =
  'Atomics.wait is not available in the arena: a thread blocked in it waits without working, and nothing in the sandbox needs to be woken up that way.'

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
 *   isolate nothing could ever notify it. It throws; `Atomics.waitAsync` stays (it blocks nothing, and a
 *   wait that never ends is stopped by the wall-time watchdog).
 *
 * What is left outside the isolate's count (ICU objects behind `Intl`, V8 internals) is bounded by the
 * pool's resident-memory backstop, not here.
 */
export const GUEST_LOCKDOWN_SOURCE = `(function arenaLockdown(globalObject) {
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
  }
})(globalThis);`

import { MATERIALIZE_SOURCE } from './materialize.ts'

/** Longest error message or thrown-value description that leaves the isolate. */
export const MESSAGE_LIMIT = 2048

/** What the guest caller answers: the plain result, or a bounded description of what was thrown. */
export type CallRecord = { ok: true; value: unknown } | { ok: false; thrown: ThrownRecord }

export interface ThrownRecord {
  isError: boolean
  name: string
  message: string
  stack: string
  /** For a non-Error throw: what was thrown, bounded ("42", "\"oops\"", "{\"code\":1}"). */
  description: string
}

/**
 * Source of an expression whose value is `makeCaller(entry, limitBytes, what, helper?)`: a guest-side function
 * that calls the learner's entry, awaits it with the engine's own `await` (no learner-patchable
 * `then` of a native promise), materializes the result (MATERIALIZE_SOURCE, evaluated with it) and
 * answers a null-prototype record. So all of the submission's work for a call (getters, proxies, lazy
 * objects) runs before the call's promise settles, on its clocks, and what the host copies afterwards
 * is plain data. A throw is described inside the isolate, bounded (MESSAGE_LIMIT), so a 50 MB message
 * never crosses to the host. The record has no prototype: resolving a promise with it cannot find a
 * learner's `Object.prototype.then`.
 */
export const GUEST_CALLER_SOURCE = `(function arenaCaller(materialize) {
  'use strict';
  const uncurry = Function.prototype.bind.bind(Function.prototype.call);
  const hasInstance = uncurry(Function.prototype[Symbol.hasInstance]);
  const slice = uncurry(String.prototype.slice);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const indexOf = uncurry(String.prototype.indexOf);
  const stringify = JSON.stringify;
  const StringConstructor = String;
  const min = Math.min;
  const ErrorConstructor = Error;
  const MESSAGE_LIMIT = ${MESSAGE_LIMIT};

  function bound(text, limit) {
    return text.length > limit ? slice(text, 0, limit) + '… (' + (text.length - limit) + ' more characters)' : text;
  }
  function read(object, key) {
    try { return object[key]; } catch { return undefined; }
  }
  function text(value, limit) {
    return typeof value === 'string' ? bound(value, limit) : '';
  }
  // The frames are at the end of a stack, after the message: keep its head and its last lines.
  function boundedStack(stack) {
    if (typeof stack !== 'string') return '';
    if (stack.length <= 2 * MESSAGE_LIMIT) return stack;
    const head = slice(stack, 0, indexOf(stack, '\\n') === -1 ? MESSAGE_LIMIT : min(MESSAGE_LIMIT, indexOf(stack, '\\n')));
    const tail = slice(stack, stack.length - MESSAGE_LIMIT);
    const frames = slice(tail, indexOf(tail, '\\n') + 1);
    return head + '… (' + (stack.length - head.length - frames.length) + ' more characters)\\n' + frames;
  }
  function describe(thrown) {
    try {
      switch (typeof thrown) {
        case 'string':
          return thrown.length > 200 ? stringify(slice(thrown, 0, 200)) + '… (' + (thrown.length - 200) + ' more characters)' : stringify(thrown);
        case 'function':
          return 'a function';
        case 'object': {
          if (thrown === null) return 'null';
          const json = stringify(thrown);
          return typeof json === 'string' ? bound(json, 200) : 'an object';
        }
        default:
          return bound(StringConstructor(thrown), 200);
      }
    } catch {
      return 'a value that cannot be described (' + typeof thrown + ')';
    }
  }
  function failed(thrown) {
    let isError = false;
    try { isError = hasInstance(ErrorConstructor, thrown); } catch {}
    const record = { __proto__: null, isError, name: '', message: '', stack: '', description: '' };
    if (isError) {
      record.name = text(read(thrown, 'name'), 100);
      record.message = text(read(thrown, 'message'), MESSAGE_LIMIT);
      record.stack = boundedStack(read(thrown, 'stack'));
    } else {
      record.description = describe(thrown);
    }
    return { __proto__: null, ok: false, thrown: record };
  }

  return function makeCaller(entry, limitBytes, what, helper) {
    // An engine's own task code (a pool helper): synchronous, its throws go to the host as they are
    // (the engine tells its own faults from the learner's), but its result is materialized as a
    // learner's is: it was built in an isolate where the learner's module ran, through methods the
    // module may have patched (a patched push can repeat one large string at every place).
    if (helper) {
      return function callHelper(task, index, worker, offset) {
        return materialize(entry(task, index, worker, offset), limitBytes, what);
      };
    }
    function finish(value) {
      try {
        return { __proto__: null, ok: true, value: materialize(value, limitBytes, what) };
      } catch (thrown) {
        return failed(thrown);
      }
    }
    async function settle(pending) {
      let value;
      try { value = await pending; } catch (thrown) { return failed(thrown); }
      return finish(value);
    }
    return function call(input) {
      let value;
      try {
        value = entry(input);
        if (((typeof value === 'object' && value !== null) || typeof value === 'function') && typeof value.then === 'function') {
          return settle(value);
        }
      } catch (thrown) {
        return failed(thrown);
      }
      return finish(value);
    };
  };
})(${MATERIALIZE_SOURCE})`

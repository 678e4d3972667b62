import { MATERIALIZE_SOURCE } from '@arena/sandbox/guest'
import { HELD_TASKS_SOURCE } from './heldTasksSource.ts'

/**
 * Installs `pool` in the run's main isolate. Called once with the host's `start` callback (fire and
 * forget: it copies the tasks out and returns); returns `settle`, which the host calls when a job ends,
 * with its results moved in (ArrayBuffers transferred, not copied) or its fault. Everything is checked
 * here, before a byte crosses: the worker name, the worker count, and every task for values that
 * cannot be copied (functions, symbols), naming the task index and the path inside it. The tasks then
 * cross as plain data (MATERIALIZE_SOURCE), counted at every occurrence: the host holds a job's tasks
 * until the job settles, so the tasks of all the run's jobs in flight together stay within
 * `limitBytes` (the run's memory limit), not each job's. `start` is told each job's task bytes.
 */
export const POOL_GUEST_SOURCE = `(function (start, size, limitBytes) {
  'use strict';
  // Captured at install, before the learner's module runs (see MATERIALIZE_SOURCE).
  const materialize = ${MATERIALIZE_SOURCE};
  const pending = new Map();
  let nextJob = 1;
  const isView = ArrayBuffer.isView;
  const objectKeys = Object.keys;
  const isArray = Array.isArray;
  // The task bytes of this run's jobs in flight, against the memory limit together (heldTasksSource.ts).
  const held = ${HELD_TASKS_SOURCE}(limitBytes, 'pool job');

  function untransferable(value, path, seen, depth) {
    const type = typeof value;
    if (type === 'function') return path + ' is a function';
    if (type === 'symbol') return path + ' is a symbol';
    if (value === null || type !== 'object') return undefined;
    if (isView(value) || value instanceof ArrayBuffer) return undefined;
    if (value instanceof Promise) return path + ' is a Promise (await it before passing its value)';
    if (value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef) {
      return path + ' is a ' + value.constructor.name;
    }
    if (seen.has(value) || depth > 32) return undefined;
    seen.add(value);
    if (isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = untransferable(value[i], path + '[' + i + ']', seen, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    if (value instanceof Map || value instanceof Set) return undefined;
    const keys = objectKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const problem = untransferable(value[keys[i]], path + '.' + keys[i], seen, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }

  // A view on part of a larger buffer would carry the whole buffer across: send only its own bytes.
  function ownBytes(task) {
    if (isView(task) && typeof task.slice === 'function' && task.byteLength !== task.buffer.byteLength) {
      return task.slice();
    }
    return task;
  }

  function checkWorker(worker, options) {
    if (typeof worker !== 'string' || worker === '') {
      throw new TypeError('pool: the first argument is the name of an exported worker function, e.g. pool.map("countChunk", chunks)');
    }
    const wanted = options == null ? size : options.workers;
    if (wanted === undefined) return size;
    if (!Number.isInteger(wanted) || wanted < 1) {
      throw new RangeError('pool: options.workers must be a whole number from 1 to pool.size (' + size + '), got ' + String(wanted));
    }
    if (wanted > size) {
      throw new RangeError('pool: asked for ' + wanted + ' workers, but this run has ' + size + ' (pool.size); a run cannot start more workers than the challenge allows');
    }
    return wanted;
  }

  function run(worker, tasks, workers, chunkLength, bytes) {
    const job = nextJob++;
    const done = new Promise((resolve, reject) => pending.set(job, { resolve, reject, bytes }));
    try {
      start(job, worker, tasks, workers, chunkLength, bytes);
    } catch (error) {
      pending.delete(job);
      throw error;
    }
    held.hold(bytes);
    return done;
  }

  async function map(worker, tasks, options) {
    const workers = checkWorker(worker, options);
    if (!isArray(tasks)) throw new TypeError('pool.map: tasks must be an array, got ' + typeof tasks);
    if (tasks.length === 0) return [];
    const sent = new Array(tasks.length);
    for (let i = 0; i < tasks.length; i++) {
      const problem = untransferable(tasks[i], 'task ' + i, new Set(), 0);
      if (problem) {
        throw new TypeError('pool.map: ' + problem + ', which cannot be sent to a worker. Tasks may hold numbers, strings, booleans, null, bigints, plain objects, arrays, Maps, Sets and typed arrays.');
      }
      sent[i] = ownBytes(tasks[i]);
    }
    // The host copies the tasks with V8's serializer, which writes a string (or a BigInt) at every place
    // it appears: 40 references to one 8 MB string became 320 MB in the sandbox process, none of it
    // counted. They cross as plain data read now, on the call's clock, each occurrence counted against
    // the memory limit (and no getter answers one thing here and another to the serializer).
    // The jobs in flight hold their tasks on the host: this one gets what they left of the limit.
    const list = held.materialize(materialize, sent, 'the task list given to pool.map');
    return run(worker, list.value, workers, 0, list.bytes);
  }

  async function mapArray(worker, array, chunkLength, options) {
    const workers = checkWorker(worker, options);
    if (!isView(array) || array instanceof DataView) {
      throw new TypeError('pool.mapArray: the second argument must be a typed array, e.g. a Float64Array');
    }
    if (!Number.isInteger(chunkLength) || chunkLength < 1) {
      throw new RangeError('pool.mapArray: chunkLength must be a whole number of elements, at least 1, got ' + String(chunkLength));
    }
    if (array.length === 0) return [];
    // The host holds the array's bytes (and its chunks) until the job settles, as it holds map's tasks.
    const bytes = held.viewBytes(array);
    held.check(bytes, 'the array given to pool.mapArray (' + Math.round(bytes / 1048576) + ' MB)');
    return run(worker, ownBytes(array), workers, chunkLength, bytes);
  }

  const pool = Object.freeze({ size, map, mapArray });
  Object.defineProperty(globalThis.__arena_engines, 'pool', { value: Object.freeze({ pool }), enumerable: true });
  return function settle(job, value, fault) {
    const waiting = pending.get(job);
    if (!waiting) return;
    pending.delete(job);
    held.release(waiting.bytes);
    if (fault === undefined) waiting.resolve(value);
    else waiting.reject(new (fault.kind === 'TypeError' ? TypeError : Error)(fault.message));
  };
})`

/**
 * What a worker isolate sees of \`arena:pool\`: the module's imports resolve, but a worker cannot start
 * tasks of its own (no nested pools: the pool's size is the run's whole allowance).
 */
export function workerGuestSource(size: number, worker: number): string {
  return `(function () {
  'use strict';
  function nested() {
    throw new Error('pool.map and pool.mapArray run from your main function only: a worker cannot start tasks of its own');
  }
  const pool = Object.freeze({ size: ${size}, worker: ${worker}, map: nested, mapArray: nested });
  Object.defineProperty(globalThis, '__arena_engines', { value: Object.freeze({ pool: Object.freeze({ pool }) }) });
})()`
}

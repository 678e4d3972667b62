/**
 * Source of a JavaScript expression whose value is `heldTasks(limitBytes, noun)`: the guest's count of
 * the task bytes the host holds for a run's jobs in flight (started, not yet settled), shared by
 * `arena:pool` and `arena:mapreduce`. Each job's tasks cross as plain data counted against the memory
 * limit (MATERIALIZE_SOURCE), but the host holds them until the job settles: 20 jobs started without an
 * await, each under the limit, held 20 times it in the sandbox process (issue 14, class 1). Here a job
 * gets what the jobs in flight left of the limit.
 *
 * Evaluate it in the guest BEFORE any learner code (inside a guest source that is): it captures the
 * intrinsics it uses. `bytesOf` counts a value materialize returned as materialize counted it (a
 * string 2 bytes per character, a number 8, an object 16 plus its keys, …); materialize does not
 * answer its count, and its result is plain data it built, so no getter, proxy or patched method is
 * met on the way.
 */
export const HELD_TASKS_SOURCE = `(function arenaHeldTasks() {
  'use strict';
  const isArray = Array.isArray;
  const objectKeys = Object.keys;
  const RangeErrorConstructor = RangeError;
  const MapConstructor = Map;
  const SetConstructor = Set;
  const DateConstructor = Date;
  const ArrayBufferConstructor = ArrayBuffer;
  const DataViewConstructor = DataView;
  const round = Math.round;
  const uncurry = Function.prototype.bind.bind(Function.prototype.call);
  const getPrototypeOf = Object.getPrototypeOf;
  const getter = (object, key) => uncurry(Object.getOwnPropertyDescriptor(object, key).get);
  const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = getter(TypedArrayPrototype, Symbol.toStringTag);
  const typedArrayByteLength = getter(TypedArrayPrototype, 'byteLength');
  const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
  const dataViewByteLength = getter(DataView.prototype, 'byteLength');
  const mapEntries = uncurry(Map.prototype.entries);
  const mapIteratorNext = uncurry(getPrototypeOf(new Map().entries()).next);
  const setValues = uncurry(Set.prototype.values);
  const setIteratorNext = uncurry(getPrototypeOf(new Set().values()).next);
  const bigintToString = uncurry(BigInt.prototype.toString);
  const SMALL_BIGINT = 2n ** 64n;

  function formatBytes(bytes) {
    return bytes >= 1048576 ? round(bytes / 1048576) + ' MB' : round(bytes / 1024) + ' KB';
  }

  function bytesOf(value) {
    switch (typeof value) {
      case 'number': return 8;
      case 'string': return 2 * value.length;
      case 'bigint':
        return 16 + (value < SMALL_BIGINT && value > -SMALL_BIGINT ? 8 : (bigintToString(value, 16).length + 1) >> 1);
      case 'object': break;
      default: return 1;
    }
    if (value === null) return 1;
    if (typedArrayTag(value) !== undefined) return 16 + typedArrayByteLength(value);
    if (isArray(value)) {
      let bytes = 16;
      for (let i = 0; i < value.length; i++) bytes += bytesOf(value[i]);
      return bytes;
    }
    if (value instanceof ArrayBufferConstructor) return 16 + arrayBufferByteLength(value);
    if (value instanceof DataViewConstructor) return 16 + dataViewByteLength(value);
    if (value instanceof DateConstructor) return 16;
    if (value instanceof MapConstructor) {
      let bytes = 16;
      const entries = mapEntries(value);
      for (let step = mapIteratorNext(entries); !step.done; step = mapIteratorNext(entries)) {
        bytes += bytesOf(step.value[0]) + bytesOf(step.value[1]);
      }
      return bytes;
    }
    if (value instanceof SetConstructor) {
      let bytes = 16;
      const values = setValues(value);
      for (let step = setIteratorNext(values); !step.done; step = setIteratorNext(values)) bytes += bytesOf(step.value);
      return bytes;
    }
    let bytes = 16;
    const keys = objectKeys(value);
    for (let i = 0; i < keys.length; i++) bytes += 2 * keys[i].length + bytesOf(value[keys[i]]);
    return bytes;
  }

  return function heldTasks(limitBytes, noun) {
    let heldBytes = 0;
    let heldJobs = 0;
    // Past what the jobs in flight left of the limit: a RangeError that says so (materialize's own
    // says only "larger than N MB", which reads wrong for tasks far below the limit).
    function refuse(what) {
      return new RangeErrorConstructor(what + ' does not fit beside the ' + heldJobs + ' ' + noun + (heldJobs === 1 ? '' : 's') +
        ' still in flight: their tasks hold ' + formatBytes(heldBytes) + ' of the ' + formatBytes(limitBytes) +
        ' memory limit until they settle (the tasks of all the jobs in flight together count against it). Await a job before starting more, or send smaller tasks.');
    }
    return {
      /** materialize(value, limit, what) against what the jobs in flight left of the limit. */
      materialize(materialize, value, what) {
        try {
          return materialize(value, limitBytes - heldBytes, what);
        } catch (error) {
          if (heldJobs > 0 && error instanceof RangeErrorConstructor) throw refuse(what);
          throw error;
        }
      },
      /** Throws unless \`bytes\` more fit beside the jobs in flight (a job alone may take the whole limit). */
      check(bytes, what) {
        if (heldJobs > 0 && bytes > limitBytes - heldBytes) throw refuse(what);
      },
      bytesOf,
      /** A job started holding \`bytes\`; \`release\` when it settles. */
      hold(bytes) { heldBytes += bytes; heldJobs++; },
      release(bytes) { heldBytes -= bytes; heldJobs--; },
      /** A typed array's bytes, by the captured getter (a subclass's own byteLength is not asked). */
      viewBytes(view) { return 16 + typedArrayByteLength(view); },
    };
  };
})()`

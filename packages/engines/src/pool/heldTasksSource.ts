/**
 * Source of a JavaScript expression whose value is `heldTasks(limitBytes, noun)`: the guest's count of
 * the task bytes the host holds for a run's jobs in flight (started, not yet settled), shared by
 * `arena:pool` and `arena:mapreduce`. Each job's tasks cross as plain data counted against the memory
 * limit (MATERIALIZE_SOURCE), but the host holds them until the job settles: 20 jobs started without an
 * await, each under the limit, held 20 times it in the sandbox process (issue 14, class 1). Here a job
 * gets what the jobs in flight left of the limit.
 *
 * Evaluate it in the guest BEFORE any learner code (inside a guest source that is): it captures the
 * intrinsics it uses. A job's bytes are the ones materialize counted as it copied its tasks (its
 * `counted` callback), so the two can never disagree.
 */
export const HELD_TASKS_SOURCE = `(function arenaHeldTasks() {
  'use strict';
  const RangeErrorConstructor = RangeError;
  const round = Math.round;
  const uncurry = Function.prototype.bind.bind(Function.prototype.call);
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayByteLength = uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength').get);

  function formatBytes(bytes) {
    return bytes >= 1048576 ? round(bytes / 1048576) + ' MB' : round(bytes / 1024) + ' KB';
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
      /**
       * materialize(value, limit, what) against what the jobs in flight left of the limit: the copy,
       * and the bytes it counted (what the host will hold for the job).
       */
      materialize(materialize, value, what) {
        let bytes = 0;
        try {
          const copy = materialize(value, limitBytes - heldBytes, what, (counted) => { bytes = counted; });
          return { value: copy, bytes };
        } catch (error) {
          if (heldJobs > 0 && error instanceof RangeErrorConstructor) throw refuse(what);
          throw error;
        }
      },
      /** Throws unless \`bytes\` more fit beside the jobs in flight (a job alone may take the whole limit). */
      check(bytes, what) {
        if (heldJobs > 0 && bytes > limitBytes - heldBytes) throw refuse(what);
      },
      /** A job started holding \`bytes\`; \`release\` when it settles. */
      hold(bytes) { heldBytes += bytes; heldJobs++; },
      release(bytes) { heldBytes -= bytes; heldJobs--; },
      /** A typed array's bytes, by the captured getter (a subclass's own byteLength is not asked). */
      viewBytes(view) { return 16 + typedArrayByteLength(view); },
    };
  };
})()`

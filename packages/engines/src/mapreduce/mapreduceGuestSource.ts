import { HELD_TASKS_SOURCE } from '../pool/heldTasksSource.ts'
import { PARSE_PAIRS_SOURCE } from './pairsSource.ts'

/**
 * Installs `mapreduce` in the run's main isolate. Called once with the host's `start` callback (fire
 * and forget: it copies the job specs out) and returns `settle`, which the host calls when the job
 * (or chain) ends. Specs are checked here, before anything crosses, so a mistake throws from the
 * learner's own call.
 */
export const MAPREDUCE_GUEST_SOURCE = `(function (start, size, blockBytes, limitBytes, materialize) {
  'use strict';
${PARSE_PAIRS_SOURCE}
  const pending = new Map();
  let nextJob = 1;
  const isArray = Array.isArray;
  // Captured before any learner code: the specs are checked and copied with no method the learner's
  // module could have patched (a patched Array.prototype.map handed the host an unchecked spec).
  const defineProperty = Object.defineProperty;
  // The host holds a job's input records until it settles: the inputs of all the jobs in flight
  // together count against the memory limit (heldTasksSource.ts), where they are materialized.
  const held = ${HELD_TASKS_SOURCE}(limitBytes, 'mapreduce job');
  // The bytes of the records the job being launched got from solve (check sets it, launch holds it).
  let inputBytes = 0;

  function name(spec, field, fallback, i) {
    const value = spec[field] === undefined ? fallback : spec[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') {
      throw new TypeError('mapreduce: job ' + i + '.' + field + ' must be the name of an exported function, e.g. "' + (fallback || field) + '"');
    }
    return value;
  }

  function check(spec, i, first) {
    if (spec === null || typeof spec !== 'object') throw new TypeError('mapreduce: job ' + i + ' must be an object such as { input, reducers: 4 }');
    const reducers = spec.reducers;
    if (!Number.isInteger(reducers) || reducers < 1 || reducers > 1024) {
      throw new RangeError('mapreduce: job ' + i + '.reducers must be a whole number from 1 to 1024, got ' + String(reducers));
    }
    const job = {
      reducers,
      map: name(spec, 'map', 'map', i),
      reduce: name(spec, 'reduce', 'reduce', i),
      combine: name(spec, 'combine', undefined, i),
      partition: name(spec, 'partition', undefined, i),
    };
    if (spec.output !== undefined) job.output = fileOutput(spec.output, i);
    if (first) {
      const input = spec.input;
      if (input !== null && typeof input === 'object' && !isArray(input)) job.input = fileInput(input, i);
      else if (!isArray(input) || !everySplitIsArray(input)) {
        throw new TypeError('mapreduce: job ' + i + '.input must be an array of splits, each an array of records (one map task per split), or a file: { file: "name" }');
      } else {
        // The host copies records with V8's serializer, which writes a string at every place it
        // appears: 40 splits holding one 8 MB string were 320 MB in the sandbox process, uncounted.
        // On the server they cross as plain data read now (materialize, the sandbox's
        // MATERIALIZE_SOURCE evaluated before any learner code), each occurrence counted against
        // limitBytes, the memory limit; a page run passes neither.
        if (materialize) {
          const records = held.materialize(materialize, input, 'the input of mapreduce job ' + i);
          inputBytes = records.bytes;
          job.input = records.value;
        } else job.input = input;
      }
    } else if (spec.input !== undefined) {
      throw new TypeError('mapreduce.chain: job ' + i + ' takes the previous job\\'s output as its input; leave its input out');
    }
    return job;
  }

  // A file only the engine reads: a fresh plain object crosses (no getter of the learner's object runs
  // on the host), and the host checks it again.
  function fileInput(input, i) {
    const file = input.file;
    if (typeof file !== 'string' || file === '') {
      throw new TypeError('mapreduce: job ' + i + '.input.file must be the name of an input file, e.g. { file: "corpus.txt" }');
    }
    const records = input.records === undefined ? 'lines' : input.records;
    if (records !== 'lines' && records !== 'json') {
      throw new TypeError('mapreduce: job ' + i + ".input.records must be 'lines' (each line a string) or 'json' (each line parsed as JSON)");
    }
    const splitBytes = input.splitBytes === undefined ? blockBytes : input.splitBytes;
    if (!Number.isInteger(splitBytes) || splitBytes < 4096 || splitBytes > blockBytes) {
      throw new RangeError('mapreduce: job ' + i + '.input.splitBytes must be a whole number from 4096 to ' + blockBytes + ' (the block size), got ' + String(splitBytes));
    }
    return { file, records, splitBytes };
  }

  // Reducers that write their output to a file of the scratch folder instead of handing it back.
  function fileOutput(output, i) {
    const file = output !== null && typeof output === 'object' ? output.file : undefined;
    if (typeof file !== 'string' || file === '') {
      throw new TypeError('mapreduce: job ' + i + '.output must be { file: "name" }, the file its reducers write, e.g. { file: "index" }');
    }
    return { file };
  }

  function launch(jobs) {
    const id = nextJob++;
    const bytes = inputBytes;
    inputBytes = 0;
    const done = new Promise((resolve, reject) => pending.set(id, { resolve, reject, bytes }));
    try {
      start(id, jobs);
    } catch (error) {
      pending.delete(id);
      throw new TypeError('mapreduce: the input could not be sent to the workers (' + (error && error.message) + '); records may hold JSON values and typed arrays');
    }
    held.hold(bytes);
    return done;
  }

  async function run(spec) {
    inputBytes = 0;
    return launch([check(spec, 0, true)]);
  }

  function everySplitIsArray(input) {
    for (let i = 0; i < input.length; i++) if (!isArray(input[i])) return false;
    return true;
  }

  async function chain(specs) {
    if (!isArray(specs) || specs.length === 0) throw new TypeError('mapreduce.chain: pass a non-empty array of jobs');
    inputBytes = 0;
    const jobs = [];
    const count = specs.length;
    for (let i = 0; i < count; i++) {
      defineProperty(jobs, i, { value: check(specs[i], i, i === 0), writable: true, enumerable: true, configurable: true });
    }
    return launch(jobs);
  }

  const mapreduce = Object.freeze({ size, blockBytes, run, chain });
  Object.defineProperty(globalThis.__arena_engines, 'mapreduce', { value: Object.freeze({ mapreduce }), enumerable: true });
  return function settle(id, value, fault) {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    held.release(waiting.bytes);
    if (fault === undefined) {
      const { outputText, ...result } = value[0];
      result.output = outputText.map(parsePairs);
      waiting.resolve(result);
    }
    else waiting.reject(new (fault.kind === 'TypeError' ? TypeError : Error)(fault.message));
  };
})`

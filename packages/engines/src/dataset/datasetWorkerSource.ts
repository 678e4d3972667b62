/**
 * What a dataset worker isolate sees before the learner's module loads: `arena:dataset` (and the
 * pool's and mapreduce's modules) as harmless stand-ins, since the module's top-level code runs in
 * every worker too, and the engine's helper `__arena_helpers.dataset`, which runs one batch of one
 * task: read the batch (a file block, records, or a shuffle partition's merged runs), run the stage's
 * narrow transformations on it, and hand the records on (shuffle runs, cache text, the action's part).
 *
 * The learner's functions are compiled into the worker by the host (`__arena_dataset_define`), each at
 * its own place in the program (script origin offsets), so a throw inside one carries the learner's
 * line. Records travel as JSON text, one per line (JSON escapes newlines and tabs inside strings);
 * shuffle lines are `JSON(key) + '\t' + JSON(value)`, runs sorted by the key's JSON as mapreduce's are.
 */
import { PARSE_PAIRS_SOURCE } from '../mapreduce/pairsSource.ts'
import { BINARY_FORMATS_SOURCE } from './binaryFormatsSource.ts'
import { BLOCK_RECORDS_SOURCE } from './blockRecordsSource.ts'
import { PIPELINE_SOURCE } from './pipelineSource.ts'
import { RECORD_CODEC_SOURCE } from './recordCodecSource.ts'
import { SHUFFLE_READ_SOURCE } from './shuffleReadSource.ts'
import { SINKS_SOURCE } from './sinksSource.ts'
import { SORT_KEY_SOURCE } from './sortKeySource.ts'
import { WRITE_SINK_SOURCE } from './writeSinkSource.ts'

/**
 * `memoryMb` is the run's limit: what one call may hand back is bounded as a mapreduce map task's
 * output is (an eighth of it, and 4096 records a MB), so a task that makes millions of records stops
 * with a message before its worker's heap (`workerMemoryMb`, its share) fills up.
 */
export function datasetWorkerSource(
  size: number,
  worker: number,
  memoryMb: number,
  workerMemoryMb: number,
): string {
  return `(function () {
  'use strict';
  function nested() {
    throw new Error('dataset actions (collect, count, take, reduce) and pool or mapreduce jobs run from your main function only: a task cannot start jobs of its own');
  }
  // The module's top-level code runs in every worker: building a dataset there is harmless (lazy).
  const stub = {};
  for (const name of ['map', 'filter', 'flatMap', 'mapPartitions', 'keyBy', 'reduceByKey', 'aggregateByKey', 'groupByKey', 'join', 'repartition', 'partitionBy', 'distinct', 'sortBy', 'cache', 'unpersist']) stub[name] = () => stub;
  for (const name of ['collect', 'count', 'take', 'reduce', 'treeReduce', 'write']) stub[name] = nested;
  Object.freeze(stub);
  const dataset = Object.freeze({ size: ${size}, worker: ${worker}, read: () => stub, fromArray: () => stub, broadcast: (value) => Object.freeze({ value, destroy() {} }), lastJob: () => undefined });
  const pool = Object.freeze({ size: ${size}, worker: ${worker}, map: nested, mapArray: nested });
  const mapreduce = Object.freeze({ run: nested, chain: nested });
  Object.defineProperty(globalThis, '__arena_engines', { value: Object.freeze({
    pool: Object.freeze({ pool }), mapreduce: Object.freeze({ mapreduce }), dataset: Object.freeze({ dataset }) }) });

  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const isView = ArrayBuffer.isView;
  const isArray = Array.isArray;
  const getPrototypeOf = Object.getPrototypeOf;
  const objectPrototype = Object.prototype;
  const objectKeys = Object.keys;
  const freeze = Object.freeze;
  const iteratorSymbol = Symbol.iterator;
  ${PARSE_PAIRS_SOURCE}
  // One call may hand back this much text (UTF-16 units) and this many records: what a worker with
  // its share of the memory limit can build and still copy out (the limits of a mapreduce map task).
  const WORKER_MEMORY_MB = ${workerMemoryMb};
  const OUTPUT_LIMIT = ${Math.max(1, Math.floor(memoryMb / 8))} * 1048576;
  const OUTPUT_RECORDS = ${Math.max(1024, memoryMb * 4096)};
  const SAMPLE_PER_BATCH = 64;

  const fns = new Map();
  const envTexts = new Map();
  const envs = new Map();
  const broadcasts = new Map();
  let session = null;

  Object.defineProperty(globalThis, '__arena_dataset_define', { value: function (key, fn) {
    if (typeof fn !== 'function') throw new TypeError('dataset: the value passed as a function is not one');
    fns.set(key, fn);
  } });

  function fnOf(owner, i) {
    const f = fns.get(owner + ':' + i);
    if (typeof f !== 'function') throw new Error('dataset: internal error: function ' + owner + ':' + i + ' was not sent to this worker');
    return f;
  }

${RECORD_CODEC_SOURCE}
  function destroyInTask() {
    throw new Error('dataset: a broadcast is destroyed by your main function, after the last action that needs it, not inside a task');
  }
  function reviveEnv(key, value) {
    if (value !== null && typeof value === 'object' && !isArray(value)) {
      if (typeof value.$broadcast === 'number' && objectKeys(value).length === 1) {
        if (!broadcasts.has(value.$broadcast)) throw new Error('dataset: internal error: broadcast ' + value.$broadcast + ' was not sent to this worker');
        return freeze({ value: broadcasts.get(value.$broadcast), destroy: destroyInTask });
      }
      return reviveTyped(key, value);
    }
    return value;
  }
  function envOf(owner) {
    if (envs.has(owner)) return envs.get(owner);
    const text = envTexts.get(owner);
    const value = text === undefined ? undefined : parse(text, reviveEnv);
    envs.set(owner, value);
    return value;
  }

${SORT_KEY_SOURCE}
${BLOCK_RECORDS_SOURCE}
${BINARY_FORMATS_SOURCE}
${SHUFFLE_READ_SOURCE}
${PIPELINE_SOURCE}
${SINKS_SOURCE}
${WRITE_SINK_SOURCE}
  // The pool calls a helper as it calls a worker function: (task, { index, worker, offset }). One call
  // is one batch of one task; \`fresh\` starts the task's state, \`last\` ends it.
  function datasetTask(task) {
    if (task.fresh) session = { partition: task.partition, held: new Map(), counter: 0, taken: 0, partial: undefined, hasPartial: false, stop: false, columns: undefined };
    if (task.drops && task.drops.length > 0) {
      // destroy(): the copies go, and the envs decoded with them (decoded again from their text if used).
      for (const id of task.drops) broadcasts.delete(id);
      envs.clear();
    }
    if (task.broadcasts) for (const entry of task.broadcasts) broadcasts.set(entry[0], decodeValue(entry[1]));
    if (task.envs) for (const entry of task.envs) { envTexts.set(entry[0], entry[1]); envs.delete(entry[0]); }
    const input = task.input;
    const out = { inRecords: 0, outRecords: 0 };
    // What made the records the sink encodes: the last transformation of the stage, or its input.
    let where = input.where;
    for (const op of task.ops) if (op.kind !== 'tap') where = op.where;
    const output = task.output;
    const sink = output.kind === 'shuffle' ? shuffleSink(output, out, where) : output.kind === 'write' ? writeSink(output, task.last, out, where) : actionSink(output, task.last, out, where);
    const head = pipeline(task.ops, task.last, out, sink);
    if (input.kind === 'shuffle') readShuffle(task.text, input, out, head);
    else {
      const records =
        input.kind === 'block' ? blockRecords(task.text, input, task.partition)
        : input.kind === 'columnar' ? columnarRecords(task.binary, input)
        : input.kind === 'binary' ? binaryRecords(task.binary, input)
        : decodeLines(task.text);
      out.inRecords = records.length;
      for (let i = 0; i < records.length && !session.stop; i++) head.push(records[i]);
    }
    head.end();
    return out;
  }

  Object.defineProperty(globalThis, '__arena_helpers', { value: Object.freeze({ dataset: datasetTask }) });
})()`
}

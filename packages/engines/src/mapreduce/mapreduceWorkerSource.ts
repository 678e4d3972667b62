/**
 * What a mapreduce worker isolate sees: `arena:pool` and `arena:mapreduce` resolve (a worker cannot
 * start jobs), and the engine's helpers `__arena_helpers.map` / `.reduce`, which call the learner's
 * functions with an `emit` that checks every key and value where it was emitted (so the error carries
 * the learner's line).
 *
 * Wire format of a pair: `JSON(key) + '\t' + JSON(value)`, one per line (JSON escapes tabs and
 * newlines). Typed arrays travel as `{"$typed": "Float64Array", "data": [...]}`. A map task returns one
 * run per reducer, sorted by the key's JSON (stable: equal keys keep their emit order).
 */

import { jsonValueProblemSource } from './jsonValueSource.ts'
import { PARSE_PAIRS_SOURCE } from './pairsSource.ts'

export function mapreduceWorkerSource(
  size: number,
  worker: number,
  globalName: string,
  memoryMb: number,
): string {
  return `(function () {
  'use strict';
  function nested() {
    throw new Error('pool.map, pool.mapArray and mapreduce.run run from your main function only: a worker cannot start jobs of its own');
  }
  const pool = Object.freeze({ size: ${size}, worker: ${worker}, map: nested, mapArray: nested });
  const mapreduce = Object.freeze({ run: nested, chain: nested });
  Object.defineProperty(globalThis, '__arena_engines', { value: Object.freeze({
    pool: Object.freeze({ pool }), mapreduce: Object.freeze({ mapreduce }) }) });
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const isView = ArrayBuffer.isView;
  const isArray = Array.isArray;
  const getPrototypeOf = Object.getPrototypeOf;
  const objectPrototype = Object.prototype;
  const TYPED = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array };
  // One map task may emit this much (UTF-16 units of its encoded pairs, and pairs) before it is
  // stopped: a task's pairs wait in its worker's heap until it ends, ~100 bytes each beyond their text.
  const TASK_EMIT_LIMIT = ${Math.max(1, Math.floor(memoryMb / 8))} * 1048576;
  const TASK_PAIR_LIMIT = ${Math.max(1024, memoryMb * 4096)};

${jsonValueProblemSource({ typedArrays: 'TYPED', objectProblem: "path + ' is a ' + (value.constructor ? value.constructor.name : 'object') + ' (only plain objects)'" })}

  function replacer(key, value) {
    if (isView(value)) return { $typed: value.constructor.name, data: Array.from(value) };
    return value;
  }
  function encode(value, what) {
    const type = typeof value;
    if (type === 'string') return stringify(value);
    if (type === 'number' && Number.isFinite(value)) return '' + value;
    sawTyped = false;
    const p = problem(value, what, 0);
    if (p) {
      throw new TypeError('mapreduce: emit(key, value): ' + p + '. Keys and values must be JSON values (strings, finite numbers, booleans, null, arrays, plain objects) or number typed arrays.');
    }
    return sawTyped ? stringify(value, replacer) : stringify(value);
  }
  // A job's output file holds one JSON \`[key, value]\` line per pair, what \`records: 'json'\` reads
  // back: typed arrays are written as plain arrays there.
  function fileReplacer(key, value) {
    return isView(value) ? Array.from(value) : value;
  }
  function encodeForFile(value, what) {
    const type = typeof value;
    if (type === 'string') return stringify(value);
    if (type === 'number' && Number.isFinite(value)) return '' + value;
    sawTyped = false;
    const p = problem(value, what, 0);
    if (p) {
      throw new TypeError('mapreduce: emit(key, value): ' + p + '. Keys and values must be JSON values (strings, finite numbers, booleans, null, arrays, plain objects) or number typed arrays.');
    }
    return sawTyped ? stringify(value, fileReplacer) : stringify(value);
  }
  function decode(text) {
    return text.indexOf('$typed') < 0 ? parse(text) : parse(text, reviveTyped);
  }
${PARSE_PAIRS_SOURCE}
  function learner(name, role) {
    const f = globalThis[${JSON.stringify(globalName)}] && globalThis[${JSON.stringify(globalName)}][name];
    if (typeof f !== 'function') {
      throw new TypeError('mapreduce: your module exports no function named ' + name + ' (the job\\'s ' + role + ')');
    }
    return f;
  }

  // FNV-1a over the key's JSON: the same key goes to the same reducer on every worker and every run.
  function hash(text) {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  // Sorted by key JSON, equal keys in emit order.
  function sortedRun(keys, lines) {
    const order = new Array(keys.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    const sorted = new Array(order.length);
    for (let i = 0; i < order.length; i++) sorted[i] = lines[order[i]];
    return sorted.join('\\n');
  }

  // A block of an input file: its lines, each parsed as JSON for records: 'json'.
  function blockRecords(text, json, index) {
    const records = [];
    let at = 0;
    while (at < text.length) {
      let end = indexOfText.call(text, '\\n', at);
      if (end < 0) end = text.length;
      const line = text.slice(at, end);
      if (!json) records.push(line);
      else {
        try {
          records.push(parse(line));
        } catch (error) {
          throw new TypeError('mapreduce: map task ' + index + ': a line of the input file is not JSON (records: json): ' + line.slice(0, 80));
        }
      }
      at = end + 1;
    }
    return records;
  }

  // The pool calls a helper as it calls a worker function: (task, { index, worker, offset }).
  function mapTask(task, info) {
    const index = info.index;
    const reducers = task.reducers;
    const map = learner(task.map, 'map');
    const combine = task.combine ? learner(task.combine, 'combiner') : undefined;
    const partition = task.partition ? learner(task.partition, 'partitioner') : undefined;
    const keys = [];
    const lines = [];
    for (let r = 0; r < reducers; r++) { keys.push([]); lines.push([]); }
    let emitted = 0;
    let outRecords = 0;
    let combineIn = 0;
    let combineOut = 0;
    function place(key, keyText, valueText) {
      let r;
      if (partition) {
        r = partition(key, reducers);
        if (!Number.isInteger(r) || r < 0 || r >= reducers) {
          throw new RangeError('mapreduce: your partitioner returned ' + String(r) + ' for the key ' + keyText.slice(0, 80) + '; it must return a whole number from 0 to ' + (reducers - 1));
        }
      } else r = hash(keyText) % reducers;
      keys[r].push(keyText);
      lines[r].push(keyText + '\\t' + valueText);
    }
    const groups = combine ? new Map() : undefined;
    function emit(key, value) {
      if (arguments.length < 2) throw new TypeError('mapreduce: emit takes a key and a value, e.g. emit(word, 1)');
      const keyText = encode(key, 'the key');
      const valueText = encode(value, 'the value');
      emitted += keyText.length + valueText.length + 2;
      outRecords++;
      if (emitted > TASK_EMIT_LIMIT || outRecords > TASK_PAIR_LIMIT) {
        throw new RangeError('mapreduce: map task ' + index + ' emitted more than ' + (TASK_EMIT_LIMIT / 1048576) + ' MB or ' + TASK_PAIR_LIMIT + ' pairs, what one task may hold with a memory limit of ${memoryMb} MB; use smaller splits, emit less per record, or combine');
      }
      if (groups) {
        let group = groups.get(keyText);
        if (!group) groups.set(keyText, (group = { key, values: [] }));
        group.values.push(value);
      } else place(key, keyText, valueText);
    }
    // A chained job's split is the previous job's output partition, still in the wire format; a file
    // input's is its block's text, one record per line.
    const split =
      task.splitText !== undefined ? parsePairs(task.splitText)
      : task.blockText !== undefined ? blockRecords(task.blockText, task.records === 'json', index)
      : task.split;
    for (let i = 0; i < split.length; i++) map(split[i], emit);
    if (groups) {
      const emitCombined = function (key, value) {
        if (arguments.length < 2) throw new TypeError('mapreduce: emit takes a key and a value, e.g. emit(word, 1)');
        combineOut++;
        place(key, encode(key, 'the key'), encode(value, 'the value'));
      };
      for (const group of groups.values()) {
        combineIn += group.values.length;
        combine(group.key, group.values, emitCombined);
      }
    }
    const runs = [];
    for (let r = 0; r < reducers; r++) runs.push(sortedRun(keys[r], lines[r]));
    return { runs, inRecords: split.length, outRecords, combineIn, combineOut };
  }

  // A batch of whole groups of one reducer's merged input, sorted by key. For a job whose output is a
  // file (\`task.file\`), the pairs come back as that file's lines; otherwise in the wire format.
  function reduceTask(task) {
    const reduce = learner(task.reduce, 'reduce');
    const out = [];
    let groups = 0;
    let records = 0;
    const toFile = task.file === true;
    function emit(key, value) {
      if (arguments.length < 2) throw new TypeError('mapreduce: emit takes a key and a value, e.g. emit(word, total)');
      if (toFile) out.push('[' + encodeForFile(key, 'the key') + ',' + encodeForFile(value, 'the value') + ']');
      else out.push(encode(key, 'the key') + '\\t' + encode(value, 'the value'));
    }
    const text = task.text;
    let at = 0;
    let currentKey;
    let values = [];
    function flush() {
      if (currentKey === undefined) return;
      groups++;
      reduce(decode(currentKey), values, emit);
    }
    while (at < text.length) {
      let end = text.indexOf('\\n', at);
      if (end < 0) end = text.length;
      const tab = text.indexOf('\\t', at);
      const keyText = text.slice(at, tab);
      const value = decode(text.slice(tab + 1, end));
      records++;
      if (keyText !== currentKey) {
        flush();
        currentKey = keyText;
        values = [];
      }
      values.push(value);
      at = end + 1;
    }
    flush();
    return { text: out.join('\\n'), groups, records, outRecords: out.length };
  }

  Object.defineProperty(globalThis, '__arena_helpers', { value: Object.freeze({ map: mapTask, reduce: reduceTask }) });
})()`
}

/**
 * Isolate-side source of the dataset engine's record codec, evaluated inside the worker source (it
 * uses PARSE_PAIRS_SOURCE's captured built-ins and TYPED_ARRAYS, and the worker's `OUTPUT_LIMIT`,
 * `OUTPUT_RECORDS` and `WORKER_MEMORY_MB`):
 * `problem(value, path, depth)` (why a value is not a JSON value or number typed array, or
 * undefined), `encode(value, what, where)` (its JSON text, or a TypeError naming the path and the
 * transformation that made it), `decodeValue`, `decodeLines` (records as JSON lines: JSON
 * escapes newlines inside strings, so a raw one only separates records), `tooMuch`, and
 * `hash` / `sortedRun`, the partitioning and run order mapreduce's map tasks use.
 */
import { jsonValueProblemSource } from '../mapreduce/jsonValueSource.ts'

export const RECORD_CODEC_SOURCE = `
${jsonValueProblemSource({
  typedArrays: 'TYPED_ARRAYS',
  objectProblem:
    "path + ' is a ' + (value instanceof Promise ? 'Promise (dataset functions must return their value, not a promise)' : (value.constructor ? value.constructor.name : 'object') + ' (only plain objects)')",
})}
  function replacer(key, value) {
    if (isView(value)) return { $typed: value.constructor.name, data: Array.from(value) };
    return value;
  }
  // A record as JSON text; \`where\` names what made it (".map at line 12") for the message.
  function encode(value, what, where) {
    const type = typeof value;
    if (type === 'string') return stringify(value);
    if (type === 'number' && Number.isFinite(value)) return '' + value;
    sawTyped = false;
    const p = problem(value, what, 0);
    if (p) {
      const hint = type === 'undefined' ? ' (does your function return a value on every path?)' : '';
      throw new TypeError('dataset: ' + p + ', made by ' + where + hint + '. Records, keys and values must be JSON values (strings, finite numbers, booleans, null, arrays, plain objects) or number typed arrays.');
    }
    return sawTyped ? stringify(value, replacer) : stringify(value);
  }
  function decodeValue(text) {
    return indexOfText.call(text, '$typed') < 0 ? parse(text) : parse(text, reviveTyped);
  }
  function tooMuch(where) {
    throw new RangeError('dataset: one batch of a task produced more than ' + (OUTPUT_LIMIT / 1048576) + ' MB or ' + OUTPUT_RECORDS + ' records (after ' + where + '), more than a worker can hand on with its ' + WORKER_MEMORY_MB + ' MB; use more partitions, make fewer and smaller records, or combine them before the shuffle (reduceByKey)');
  }
  function decodeLines(text) {
    if (text.length === 0) return [];
    const json = '[' + replaceText.call(text, /\\n/g, ',') + ']';
    return indexOfText.call(text, '$typed') < 0 ? parse(json) : parse(json, reviveTyped);
  }

  // FNV-1a over the key's JSON, as mapreduce: the same key goes to the same partition on every worker.
  function hash(text) {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }
  function sortedRun(keys, lines) {
    const order = new Array(keys.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    const sorted = new Array(order.length);
    for (let i = 0; i < order.length; i++) sorted[i] = lines[order[i]];
    return sorted.join('\\n');
  }

`

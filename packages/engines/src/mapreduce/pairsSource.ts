/**
 * Isolate-side source of `parsePairs(text)`: the wire format of a job's output partition (one
 * `JSON(key) + '\t' + JSON(value)` line per pair; JSON escapes tabs and newlines inside strings, so
 * raw ones only separate) turned into `[key, value][]` with a single JSON.parse, and typed arrays
 * (`{"$typed": name, "data": [...]}`) revived. Shared by the worker isolates (a chained job's splits)
 * and the learner's isolate (a job's output). Evaluated before the learner's module: it keeps its own
 * references to the built-ins it uses, so a module that replaces them cannot change what it decodes.
 */
export const PARSE_PAIRS_SOURCE = `
  const parseJson = JSON.parse;
  const replaceText = String.prototype.replace;
  const indexOfText = String.prototype.indexOf;
  const isArrayValue = Array.isArray;
  const TYPED_ARRAYS = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array };
  function reviveTyped(key, value) {
    if (value !== null && typeof value === 'object' && typeof value.$typed === 'string' && TYPED_ARRAYS[value.$typed] && isArrayValue(value.data)) {
      return TYPED_ARRAYS[value.$typed].from(value.data);
    }
    return value;
  }
  function parsePairs(text) {
    if (text.length === 0) return [];
    const json = '[[' + replaceText.call(replaceText.call(text, /\\t/g, ','), /\\n/g, '],[') + ']]';
    return indexOfText.call(text, '$typed') < 0 ? parseJson(json) : parseJson(json, reviveTyped);
  }
`

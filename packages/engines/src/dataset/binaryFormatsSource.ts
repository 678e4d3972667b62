/**
 * Isolate-side source of the binary formats, evaluated inside datasetWorkerSource (a worker has no
 * TextEncoder/TextDecoder: UTF-8 goes through escape/encodeURIComponent, with an ASCII fast path):
 * - `columnarRecords(batch, input)`: the rows of a columnar read's row groups as objects of the chosen
 *   columns. The host sent only the chunks of the columns read (the chosen ones and those `where`
 *   tests), each at an offset that is a multiple of 8, so int32 and float64 chunks are typed-array
 *   views with no copy; every row is tested against `where` exactly (statistics only skipped groups).
 * - `binaryRecords(batch, input)`: fixed-layout little-endian records as objects.
 * - `encodeColumnarGroup(schema, columns)`: a row group for a columnar write, chunk bytes and min/max
 *   as columnarFile.ts writes them (a test holds the two to the same bytes).
 */
export const BINARY_FORMATS_SOURCE = `
  // Captured before the learner's module runs in the worker (it could replace the globals).
  const fromCharCode = String.fromCharCode;
  const applyFn = Reflect.apply;
  const escapeText = escape;
  const unescapeText = unescape;
  const decodeUri = decodeURIComponent;
  const encodeUri = encodeURIComponent;
  function latin1(bytes, from, to) {
    let text = '';
    for (let at = from; at < to; at += 8192) text += applyFn(fromCharCode, null, bytes.subarray(at, Math.min(to, at + 8192)));
    return text;
  }
  function isAscii(bytes, from, to) {
    for (let i = from; i < to; i++) if (bytes[i] > 127) return false;
    return true;
  }
  function utf8Strings(bytes, offset, size, rows, file) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 4 * rows);
    let at = offset + 4 * rows;
    let end = at;
    for (let r = 0; r < rows; r++) end += view.getUint32(4 * r, true);
    // The lengths are the file's: a corrupt one must not read into the next chunk.
    if (end !== offset + size) throw new TypeError('dataset.read: ' + file + ' is corrupt: the string lengths of a column chunk add up to ' + (end - offset) + ' bytes, but the chunk has ' + size);
    const ascii = isAscii(bytes, at, end);
    const all = ascii ? latin1(bytes, at, end) : '';
    const base = at;
    const out = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const n = view.getUint32(4 * r, true);
      if (ascii) out[r] = all.slice(at - base, at - base + n);
      else {
        try {
          out[r] = decodeUri(escapeText(latin1(bytes, at, at + n)));
        } catch (error) {
          throw new TypeError('dataset.read: ' + file + ' is corrupt: a string of a column chunk is not UTF-8');
        }
      }
      at += n;
    }
    return out;
  }
  function columnValues(bytes, type, offset, size, rows, file) {
    if (type === 'int32') return new Int32Array(bytes.buffer, bytes.byteOffset + offset, rows);
    if (type === 'float64') return new Float64Array(bytes.buffer, bytes.byteOffset + offset, rows);
    return utf8Strings(bytes, offset, size, rows, file);
  }
  function passes(where, columns, r) {
    for (let i = 0; i < where.length; i++) {
      const p = where[i];
      const v = columns[p[0]][r];
      switch (p[1]) {
        case '=': if (v !== p[2]) return false; break;
        case '<': if (!(v < p[2])) return false; break;
        case '<=': if (!(v <= p[2])) return false; break;
        case '>': if (!(v > p[2])) return false; break;
        case '>=': if (!(v >= p[2])) return false; break;
        default: if (!(v >= p[2] && v <= p[3])) return false;
      }
    }
    return true;
  }
  // input: { read: [[name, type]], keep: [index into read], predicates: [[index into read, op, a, b?]] }
  function columnarRecords(batch, input) {
    const records = [];
    if (!batch) return records;
    const bytes = batch.bytes;
    const read = input.read;
    const keep = input.keep;
    for (const group of batch.groups) {
      const rows = group.rows;
      const columns = new Array(read.length);
      for (let c = 0; c < read.length; c++) columns[c] = columnValues(bytes, read[c][1], group.chunks[c], group.sizes[c], rows, input.file);
      for (let r = 0; r < rows; r++) {
        if (input.predicates.length > 0 && !passes(input.predicates, columns, r)) continue;
        const row = {};
        for (let k = 0; k < keep.length; k++) row[read[keep[k]][0]] = columns[keep[k]][r];
        records.push(row);
      }
    }
    return records;
  }

  const FIELD_READERS = {
    int8: [1, (v, at) => v.getInt8(at)],
    uint8: [1, (v, at) => v.getUint8(at)],
    int16: [2, (v, at) => v.getInt16(at, true)],
    uint16: [2, (v, at) => v.getUint16(at, true)],
    int32: [4, (v, at) => v.getInt32(at, true)],
    uint32: [4, (v, at) => v.getUint32(at, true)],
    float32: [4, (v, at) => v.getFloat32(at, true)],
    float64: [8, (v, at) => v.getFloat64(at, true)],
  };
  // input: { record: [[name, type]], recordBytes }
  function binaryRecords(batch, input) {
    if (!batch) return [];
    const bytes = batch.bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fields = input.record;
    const size = input.recordBytes;
    const n = Math.floor(bytes.length / size);
    const records = new Array(n);
    for (let i = 0; i < n; i++) {
      let at = i * size;
      const row = {};
      for (let f = 0; f < fields.length; f++) {
        const reader = FIELD_READERS[fields[f][1]];
        row[fields[f][0]] = reader[1](view, at);
        at += reader[0];
      }
      records[i] = row;
    }
    return records;
  }

  // Why a value cannot go into a column of this type (columnarFile.ts's cellProblem), or undefined.
  function cellProblem(type, value) {
    if (type === 'string') return typeof value === 'string' ? undefined : 'a string';
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'a finite number (' + type + ')';
    if (type === 'int32' && (!Number.isInteger(value) || value < -2147483648 || value > 2147483647)) return 'a whole number from -2^31 to 2^31-1 (int32)';
    return undefined;
  }
  const nonAscii = /[^\\u0000-\\u007f]/;
  function encodeStrings(values, where) {
    const texts = new Array(values.length);
    let total = 0;
    for (let i = 0; i < values.length; i++) {
      let text = values[i];
      if (nonAscii.test(text)) {
        try {
          text = unescapeText(encodeUri(text));
        } catch (error) {
          throw new TypeError('dataset: a string made by ' + where + ' has a lone surrogate (half of a UTF-16 pair), which UTF-8 cannot hold');
        }
      }
      texts[i] = text;
      total += text.length;
    }
    const out = new Uint8Array(4 * values.length + total);
    const view = new DataView(out.buffer);
    let at = 4 * values.length;
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      view.setUint32(4 * i, text.length, true);
      for (let k = 0; k < text.length; k++) out[at + k] = text.charCodeAt(k);
      at += text.length;
    }
    return out;
  }
  function encodeColumnarGroup(schema, columns, where) {
    const chunks = [];
    for (let c = 0; c < schema.length; c++) {
      const type = schema[c][1];
      const values = columns[c];
      let min = values[0];
      let max = values[0];
      for (let i = 1; i < values.length; i++) {
        if (values[i] < min) min = values[i];
        if (values[i] > max) max = values[i];
      }
      const bytes = type === 'int32' ? new Uint8Array(Int32Array.from(values).buffer)
        : type === 'float64' ? new Uint8Array(Float64Array.from(values).buffer)
        : encodeStrings(values, where);
      chunks.push({ bytes, min, max });
    }
    return { rows: columns[0].length, chunks };
  }
`

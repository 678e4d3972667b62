/**
 * Isolate-side source of sortBy's keys: `sortKeyText(key, ascending, where)` turns a number or
 * string key into text whose order (compared as JS strings, as the shuffle's merge compares keys) is
 * the keys' order, and `rangeOf(text, bounds)` is the partition of a key under the range bounds
 * sampled from them (Spark's RangePartitioner).
 */
export const SORT_KEY_SOURCE = `
  // Sort keys as text whose order is the keys' order (the shuffle compares text): numbers before
  // strings; a number as the 16 hex digits of its IEEE bits made monotonic; a string as 4 hex digits a
  // UTF-16 unit. Descending complements every digit (and ends strings with 'z' so a prefix sorts after).
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const HEX = '0123456789abcdef';
  const FLIPPED = 'fedcba9876543210';
  function hex(n, digits) {
    let s = (n >>> 0).toString(16);
    while (s.length < digits) s = '0' + s;
    return s;
  }
  function flip(text) {
    let out = '';
    for (let i = 0; i < text.length; i++) out += FLIPPED[HEX.indexOf(text[i])];
    return out;
  }
  function sortKeyText(key, ascending, where) {
    if (typeof key === 'number' && !Number.isNaN(key)) {
      f64[0] = key === 0 ? 0 : key;
      let hi = u32[1];
      let lo = u32[0];
      if (hi & 0x80000000) { hi = ~hi; lo = ~lo; } else hi = hi | 0x80000000;
      const bits = hex(hi, 8) + hex(lo, 8);
      return ascending ? '1' + bits : '2' + flip(bits);
    }
    if (typeof key === 'string') {
      let units = '';
      for (let i = 0; i < key.length; i++) units += hex(key.charCodeAt(i), 4);
      return ascending ? '2' + units : '1' + flip(units) + 'z';
    }
    throw new TypeError('dataset: ' + where + ' returned ' + (typeof key === 'number' ? 'NaN' : typeof key) + ' as a sort key; sort keys must be numbers or strings');
  }
  function rangeOf(text, bounds) {
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid] < text) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

`

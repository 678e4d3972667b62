/**
 * Isolate-side source of dataset.read's record parsing: `csvFields(line)` (RFC 4180 within one
 * line) and `blockRecords(text, input, partition)`, a block's records by format ('lines', 'csv' with
 * or without a header, 'json'). A quoted field cannot hold a newline: blocks are cut at newlines.
 */
export const BLOCK_RECORDS_SOURCE = `
  // RFC 4180 fields of one line: commas, double quotes around a field, "" for a quote inside one.
  function csvFields(line) {
    const fields = [];
    let at = 0;
    const end = line.length && line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
    for (;;) {
      if (line[at] === '"') {
        let value = '';
        at++;
        for (;;) {
          const quote = indexOfText.call(line, '"', at);
          if (quote < 0 || quote >= end) { value += line.slice(at, end); at = end; break; }
          value += line.slice(at, quote);
          if (line[quote + 1] === '"') { value += '"'; at = quote + 2; } else { at = quote + 1; break; }
        }
        const comma = indexOfText.call(line, ',', at);
        fields.push(value);
        if (comma < 0 || comma >= end) return fields;
        at = comma + 1;
      } else {
        let comma = indexOfText.call(line, ',', at);
        if (comma < 0 || comma > end) comma = end;
        fields.push(line.slice(at, comma));
        if (comma >= end) return fields;
        at = comma + 1;
      }
    }
  }

  const splitText = String.prototype.split;
  function blockRecords(text, input, partition) {
    if (input.format === 'lines') {
      // One native split: a JS loop of indexOf and slice over the block costs twice as much.
      const lines = text.length === 0 ? [] : splitText.call(text, '\\n');
      if (lines.length > 0 && lines[lines.length - 1] === '' && text.charCodeAt(text.length - 1) === 10) lines.pop();
      return lines;
    }
    const records = [];
    let at = 0;
    const header = input.headerLine === undefined ? undefined : csvFields(input.headerLine);
    if (input.headerLine !== undefined && partition === 0) {
      const first = indexOfText.call(text, '\\n');
      at = first < 0 ? text.length : first + 1;
    }
    while (at < text.length) {
      let end = indexOfText.call(text, '\\n', at);
      if (end < 0) end = text.length;
      const line = text.slice(at, end);
      at = end + 1;
      if (line.length === 0 || line === '\\r') continue;
      if (input.format === 'json') {
        try {
          records.push(decodeValue(line));
        } catch (error) {
          throw new TypeError('dataset.read: a line of ' + input.file + " is not JSON (format: 'json'): " + line.slice(0, 80));
        }
        continue;
      }
      const fields = csvFields(line);
      if (!header) { records.push(fields); continue; }
      const row = {};
      for (let i = 0; i < header.length; i++) row[header[i]] = i < fields.length ? fields[i] : null;
      records.push(row);
    }
    return records;
  }

`

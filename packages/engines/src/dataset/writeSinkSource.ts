/**
 * Isolate-side source of a write action's sink, evaluated inside datasetWorkerSource: each call hands
 * the host its part of the output file. `lines`: string records, one a line; `json`: each record's
 * JSON, one a line; `columnar`: object (or array) records cut into row groups of `rowGroupRows` rows
 * (a row group never spans two tasks, as each Spark task writes its own part file), each column chunk
 * encoded here, in the worker, with its min/max (BINARY_FORMATS_SOURCE's encodeColumnarGroup).
 */
export const WRITE_SINK_SOURCE = `
  function writeSink(output, last, out, where) {
    if (output.format !== 'columnar') {
      const lines = [];
      let size = 0;
      return {
        push(record) {
          out.outRecords++;
          let text;
          if (output.format === 'lines') {
            if (typeof record !== 'string') throw new TypeError("dataset.write: format 'lines' writes strings, but " + where + " made a " + (record === null ? 'null' : typeof record) + "; map records to strings first, or write with format 'json'");
            text = record;
          } else text = encode(record, 'a record', where);
          size += text.length + 1;
          if (size > OUTPUT_LIMIT || lines.length >= OUTPUT_RECORDS) tooMuch(where);
          lines.push(text);
        },
        end() {
          out.text = lines.length ? lines.join('\\n') + '\\n' : '';
        },
      };
    }
    const schema = output.schema;
    if (!session.columns) session.columns = schema.map(() => []);
    const groups = [];
    let held = 0;
    const flush = () => {
      if (session.columns[0].length === 0) return;
      groups.push(encodeColumnarGroup(schema, session.columns, where));
      session.columns = schema.map(() => []);
    };
    return {
      push(record) {
        out.outRecords++;
        const isRow = isArray(record) || (record !== null && typeof record === 'object' && getPrototypeOf(record) === objectPrototype);
        if (!isRow) throw new TypeError("dataset.write: format 'columnar' writes objects with the schema's columns (or arrays in its order), but " + where + ' made a ' + (record === null ? 'null' : typeof record));
        for (let c = 0; c < schema.length; c++) {
          const name = schema[c][0];
          const value = isArray(record) ? record[c] : record[name];
          const problem = cellProblem(schema[c][1], value);
          if (problem) throw new TypeError('dataset.write: column ' + name + ' must be ' + problem + ', but a record made by ' + where + ' has ' + String(stringify(value)).slice(0, 40));
          session.columns[c].push(value);
        }
        if (++held >= OUTPUT_RECORDS) tooMuch(where);
        if (session.columns[0].length >= output.rowGroupRows) flush();
      },
      end() {
        if (last) flush();
        out.groups = groups;
      },
    };
  }
`

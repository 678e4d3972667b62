/**
 * Installs `console` inside the isolate. Formatting happens in the isolate and output past the cap is
 * only counted there, so 100 MB of logging never crosses into the host. The host callback caps again:
 * the guest can replace its own console, but cannot make the host keep more than `limit` bytes.
 */
export const CONSOLE_BOOTSTRAP = `(function (write, limit) {
  'use strict';
  let used = 0;
  let dropped = 0;
  const isView = ArrayBuffer.isView;
  const stringify = JSON.stringify;
  function format(value, depth) {
    if (typeof value === 'string') return depth === 0 ? value : stringify(value);
    if (typeof value === 'bigint') return value + 'n';
    if (typeof value === 'function') return '[Function ' + (value.name || 'anonymous') + ']';
    if (value === null || typeof value !== 'object') return String(value);
    if (depth > 2) return '[Object]';
    if (isView(value)) {
      const n = value.length;
      const shown = Array.prototype.slice.call(value, 0, 20).join(', ');
      return value.constructor.name + '(' + n + ') [' + shown + (n > 20 ? ', …' : '') + ']';
    }
    if (Array.isArray(value)) {
      const shown = value.slice(0, 20).map((item) => format(item, depth + 1)).join(', ');
      return '[' + shown + (value.length > 20 ? ', … ' + (value.length - 20) + ' more' : '') + ']';
    }
    if (value instanceof Error) return String(value.stack || value);
    const keys = Object.keys(value);
    const shown = keys.slice(0, 20).map((key) => key + ': ' + format(value[key], depth + 1)).join(', ');
    return '{ ' + shown + (keys.length > 20 ? ', …' : '') + ' }';
  }
  function log(args) {
    let line = '';
    for (let i = 0; i < args.length; i++) line += (i ? ' ' : '') + format(args[i], 0);
    line += '\\n';
    if (used >= limit) { dropped += line.length; return; }
    if (used + line.length > limit) {
      dropped += used + line.length - limit;
      line = line.slice(0, limit - used);
    }
    used += line.length;
    write(line);
  }
  const console = {};
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    console[name] = function () { log(arguments); };
  }
  Object.defineProperty(globalThis, 'console', { value: Object.freeze(console), writable: true, configurable: true });
  Object.defineProperty(globalThis, '__arena_console_dropped', { value: () => dropped });
})`

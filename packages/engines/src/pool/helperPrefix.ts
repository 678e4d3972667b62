/** Worker functions named `host:<name>` are the engine's own helpers, `globalThis.__arena_helpers[name]`. */
export const HELPER_PREFIX = 'host:'

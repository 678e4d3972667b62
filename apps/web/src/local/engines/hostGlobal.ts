/**
 * The global property under which the local engine host (localEngineHost.ts) leaves its entry when a
 * program worker imports it: the runtime cannot import the module's exports by name (it is source text
 * in a blob), and a worker bundle need not keep its exports.
 */
export const LOCAL_ENGINE_HOST = '__arena_local_engine_host'

// The words challenge.yaml chooses from, with no dependencies: the schema builds on them, and the web's
// metadata form imports them as `@arena/packs/vocabulary` without pulling zod or Node into the page.

/** The course's chapters; a challenge belongs to one. */
export const TOPICS = [
  'memory-hierarchy',
  'vectorization',
  'out-of-core',
  'parallel',
  'mapreduce',
  'batch-training',
  'gpu-kernels',
] as const

export const ENGINES = ['disk', 'pool', 'mapreduce', 'tensor', 'gpu'] as const

export const RUNNERS = ['cpu', 'gpu'] as const

// The words challenge.yaml chooses from, with no dependencies: the schema builds on them, and the web's
// metadata form imports them as `@arena/packs/vocabulary` without pulling zod or Node into the page.

/** The course's chapters; a challenge belongs to one. */
export const TOPICS = [
  'memory-hierarchy',
  'vectorization',
  'out-of-core',
  'parallel',
  'mapreduce',
  'spark-dask',
  'batch-training',
  'gpu-kernels',
] as const

export const ENGINES = ['disk', 'pool', 'mapreduce', 'dataset', 'tensor', 'gpu'] as const

export const RUNNERS = ['cpu', 'gpu'] as const

/**
 * One line per topic for authors choosing a challenge's `topic` (issue 19.12): what lesson belongs in
 * it. `arena new --help`, the scaffold's challenge.yaml, the JSON Schema and challenges/README.md show them.
 */
export const TOPIC_DESCRIPTIONS: Record<(typeof TOPICS)[number], { en: string; ko: string }> = {
  'memory-hierarchy': {
    en: 'access order and locality: caches, strides, row- vs column-major layouts',
    ko: '접근 순서와 지역성: 캐시, 보폭, 행 우선과 열 우선 배치',
  },
  vectorization: {
    en: 'columns of typed arrays and tight loops instead of an object per row',
    ko: '행마다 객체를 두는 대신 형식화 배열의 열과 촘촘한 반복문',
  },
  'out-of-core': {
    en: 'data larger than memory: streaming, sorted runs and merges on the disk engine',
    ko: '메모리보다 큰 데이터: disk 엔진 위의 스트리밍, 정렬된 런과 병합',
  },
  parallel: {
    en: 'splitting work over pool workers and paying for what moves between them',
    ko: 'pool 워커에 일을 나누고, 워커 사이에 오가는 데이터의 비용 치르기',
  },
  mapreduce: {
    en: 'map, combine, shuffle and reduce jobs: shuffle volume and reducer skew',
    ko: '맵, 컴바인, 셔플, 리듀스 작업: 셔플 양과 리듀서 쏠림',
  },
  'spark-dask': {
    en: 'lazy datasets on the dataset engine: stages, narrow vs wide dependencies, broadcasts, caching',
    ko: 'dataset 엔진의 지연 데이터셋: 스테이지, 좁은 의존과 넓은 의존, 브로드캐스트, 캐시',
  },
  'batch-training': {
    en: 'training loops in batches on the tensor engine: fewer, larger operations',
    ko: 'tensor 엔진에서 배치로 학습하기: 더 적고 더 큰 연산',
  },
  'gpu-kernels': {
    en: 'WGSL compute kernels on the gpu engine: tiling, atomics, reductions',
    ko: 'gpu 엔진의 WGSL 연산 커널: 타일링, 원자 연산, 리덕션',
  },
}

/** `memory-hierarchy: access order and locality: …`, one topic a line, for help texts and comments. */
export function topicLines(): string[] {
  return TOPICS.map((topic) => `${topic}: ${TOPIC_DESCRIPTIONS[topic].en}`)
}

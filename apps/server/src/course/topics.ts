import type { Topic } from '@arena/packs'

/** The course's chapters in course order, with the titles the course map shows. */
export const COURSE_TOPICS: { id: Topic; title: string; title_ko: string }[] = [
  { id: 'memory-hierarchy', title: 'The memory hierarchy', title_ko: '메모리 계층 구조' },
  { id: 'vectorization', title: 'Vectorization', title_ko: '벡터화' },
  { id: 'out-of-core', title: 'Data larger than memory', title_ko: '메모리보다 큰 데이터' },
  { id: 'parallel', title: 'Parallel computing', title_ko: '병렬 컴퓨팅' },
  { id: 'mapreduce', title: 'MapReduce and distributed computing', title_ko: '맵리듀스와 분산 컴퓨팅' },
  { id: 'spark-dask', title: 'Spark and Dask', title_ko: 'Spark와 Dask' },
  { id: 'batch-training', title: 'Training large models in batches', title_ko: '대규모 모델의 배치 학습' },
  { id: 'gpu-kernels', title: 'GPU kernels', title_ko: 'GPU 커널' },
]

import { DATASET_DTS } from './dataset/datasetDts.ts'
import { DISK_DTS } from './disk/diskDts.ts'
import { GPU_DTS } from './gpu/gpuDts.ts'
import { MAPREDUCE_DTS } from './mapreduce/mapreduceDts.ts'
import { POOL_DTS } from './pool/poolDts.ts'
import { TENSOR_DTS } from './tensor/tensorDts.ts'

/** The body of `declare module 'arena:<engine>' { ... }`, or undefined for an engine without one yet. */
export function engineDeclarations(engine: string): string | undefined {
  switch (engine) {
    case 'disk':
      return DISK_DTS
    case 'pool':
      return POOL_DTS.trimEnd()
    case 'mapreduce':
      return MAPREDUCE_DTS.trimEnd()
    case 'dataset':
      return DATASET_DTS.trimEnd()
    case 'gpu':
      return GPU_DTS.trimEnd()
    case 'tensor':
      return TENSOR_DTS
    default:
      return undefined
  }
}

// Two passes. Pass 1: one workgroup of 64 invocations per 16K values (at most 1024 workgroups) walks
// the array with a grid stride (neighbouring invocations read neighbouring values, ~256 values each),
// then each workgroup halves its 64 partial sums in workgroup memory. Pass 2: one workgroup reduces
// the per-workgroup sums the same way. Few barriers and long per-thread loops: a barrier costs far
// more than an addition.
import { gpu } from 'arena:gpu'

interface Input {
  values: Float32Array
}

const WORKGROUP = 64
const MAX_GROUPS = 1024
const VALUES_PER_THREAD = 256

const REDUCE = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> total: array<f32>;

var<workgroup> scratch: array<f32, ${WORKGROUP}>;

fn reduceScratch(i: u32) {
  for (var half = ${WORKGROUP / 2}u; half > 0u; half = half >> 1u) {
    if (i < half) {
      scratch[i] += scratch[i + half];
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(${WORKGROUP})
fn partialSums(
  @builtin(local_invocation_index) i: u32,
  @builtin(workgroup_id) group: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let n = arrayLength(&values);
  let stride = groups.x * ${WORKGROUP}u;
  var sum = 0.0;
  for (var k = group.x * ${WORKGROUP}u + i; k < n; k += stride) {
    sum += values[k];
  }
  scratch[i] = sum;
  workgroupBarrier();
  reduceScratch(i);
  if (i == 0u) {
    partials[group.x] = scratch[0];
  }
}

@compute @workgroup_size(${WORKGROUP})
fn finalSum(@builtin(local_invocation_index) i: u32) {
  var sum = 0.0;
  for (var k = i; k < arrayLength(&partials); k += ${WORKGROUP}u) {
    sum += partials[k];
  }
  scratch[i] = sum;
  workgroupBarrier();
  reduceScratch(i);
  if (i == 0u) {
    total[0] = scratch[0];
  }
}
`

export async function solve(input: Input): Promise<number> {
  const n = input.values.length
  const groups = Math.max(1, Math.min(MAX_GROUPS, Math.ceil(n / (WORKGROUP * VALUES_PER_THREAD))))
  const { total } = await gpu.run({
    kernel: 'reduce-sum',
    code: REDUCE,
    buffers: { values: input.values, partials: { length: groups }, total: { length: 1 } },
    dispatches: [
      { entryPoint: 'partialSums', workgroups: groups, bind: ['values', 'partials'] },
      { entryPoint: 'finalSum', workgroups: 1, bind: [null, 'partials', 'total'] },
    ],
    read: ['total'],
    flops: n,
  })
  return total[0]!
}

// Privatized: each workgroup counts into its own histogram in workgroup memory (atomics there are
// cheap and contended only within the workgroup), walking the values with a grid stride, then adds
// its histogram into the global one: 256 global atomics per workgroup instead of one per value.
import { gpu } from 'arena:gpu'

interface Input {
  values: Uint32Array
  bins: number
}

const WORKGROUP = 64
const VALUES_PER_THREAD = 256
const MAX_GROUPS = 1024

const PRIVATIZED = /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<u32>;
@group(0) @binding(1) var<storage, read_write> counts: array<atomic<u32>>;

var<workgroup> local: array<atomic<u32>, 256>;

@compute @workgroup_size(${WORKGROUP})
fn main(
  @builtin(local_invocation_index) i: u32,
  @builtin(workgroup_id) group: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let n = arrayLength(&values);
  let stride = groups.x * ${WORKGROUP}u;
  for (var k = group.x * ${WORKGROUP}u + i; k < n; k += stride) {
    atomicAdd(&local[values[k]], 1u);
  }
  workgroupBarrier();
  for (var bin = i; bin < arrayLength(&counts); bin += ${WORKGROUP}u) {
    let count = atomicLoad(&local[bin]);
    if (count > 0u) {
      atomicAdd(&counts[bin], count);
    }
  }
}
`

export async function solve(input: Input): Promise<Uint32Array> {
  const n = input.values.length
  const groups = Math.max(1, Math.min(MAX_GROUPS, Math.ceil(n / (WORKGROUP * VALUES_PER_THREAD))))
  const { counts } = await gpu.run({
    kernel: 'privatized-histogram',
    code: PRIVATIZED,
    buffers: { values: input.values, counts: { type: 'u32', length: input.bins } },
    dispatches: [{ workgroups: groups, bind: ['values', 'counts'] }],
    read: ['counts'],
  })
  return counts as Uint32Array
}

// @expect WrongAnswer
// The reference with the first workgroup adding one too many to bin 0 when it merges: every bin but
// one is right. Counts are exact, so the check (tolerance zero) must reject it.
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
      atomicAdd(&counts[bin], count + select(0u, 1u, bin == 0u && group.x == 0u));
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

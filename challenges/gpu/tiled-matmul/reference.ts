// Tiled and register-blocked: a workgroup of 8×8 invocations computes a 32×32 block of c, and each
// invocation a 4×4 patch of it. For every 32-wide slice of k, the workgroup copies a 32×32 tile of a
// and of b into workgroup memory once (each value read from storage once per block instead of once
// per output), then every invocation multiplies out of the tiles into 16 accumulators in registers.
import { gpu } from 'arena:gpu'

interface Input {
  m: number
  n: number
  k: number
  a: Float32Array
  b: Float32Array
}

const BLOCK = 32

const TILED = /* wgsl */ `
struct Dims { m: u32, n: u32, k: u32, unused: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const BLOCK = ${BLOCK}u;
var<workgroup> tileA: array<f32, ${BLOCK * BLOCK}>;
var<workgroup> tileB: array<f32, ${BLOCK * BLOCK}>;

@compute @workgroup_size(8, 8)
fn main(
  @builtin(workgroup_id) group: vec3u,
  @builtin(local_invocation_id) local: vec3u,
  @builtin(local_invocation_index) flat: u32,
) {
  let blockRow = group.y * BLOCK;
  let blockCol = group.x * BLOCK;
  var acc: array<vec4f, 4>;
  for (var t = 0u; t < dims.k; t += BLOCK) {
    // 64 invocations load the two 32×32 tiles, 16 values each; zeros past the edges.
    for (var e = flat; e < BLOCK * BLOCK; e += 64u) {
      let r = e / BLOCK;
      let q = e % BLOCK;
      let aRow = blockRow + r;
      let aCol = t + q;
      tileA[e] = select(0.0, a[aRow * dims.k + aCol], aRow < dims.m && aCol < dims.k);
      let bRow = t + r;
      let bCol = blockCol + q;
      tileB[e] = select(0.0, b[bRow * dims.n + bCol], bRow < dims.k && bCol < dims.n);
    }
    workgroupBarrier();
    for (var q = 0u; q < BLOCK; q++) {
      let at = q * BLOCK + local.x * 4u;
      let bv = vec4f(tileB[at], tileB[at + 1u], tileB[at + 2u], tileB[at + 3u]);
      for (var i = 0u; i < 4u; i++) {
        acc[i] += tileA[(local.y * 4u + i) * BLOCK + q] * bv;
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    for (var j = 0u; j < 4u; j++) {
      let row = blockRow + local.y * 4u + i;
      let col = blockCol + local.x * 4u + j;
      if (row < dims.m && col < dims.n) {
        c[row * dims.n + col] = acc[i][j];
      }
    }
  }
}
`

export async function solve(input: Input): Promise<Float32Array> {
  const { m, n, k } = input
  const { c } = await gpu.run({
    kernel: 'tiled-matmul',
    code: TILED,
    buffers: { a: input.a, b: input.b, c: { length: m * n }, dims: { uniform: Uint32Array.of(m, n, k, 0) } },
    dispatches: [{ workgroups: [Math.ceil(n / BLOCK), Math.ceil(m / BLOCK)], bind: ['a', 'b', 'c', 'dims'] }],
    read: ['c'],
    flops: 2 * m * n * k,
  })
  return c as Float32Array
}

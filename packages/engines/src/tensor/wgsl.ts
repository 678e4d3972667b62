import type { BinaryOp, ReduceOp, ScalarOp, UnaryOp } from './Backend.ts'

/** Threads of a 1-D workgroup; a grid wider than 65535 workgroups wraps into y (see `grid`). */
export const WORKGROUP = 256
/** Matmul workgroup edge: 8 × 8 threads, each computing 4 × 4 values, cover a 32 × 32 block of C. */
export const MATMUL_GROUP = 8
/** Rows (and columns) of C one matmul workgroup covers. */
export const MATMUL_BLOCK = MATMUL_GROUP * 4

const ELEMENT_INDEX = `let i = g.y * p.nx + g.x;
  if (i >= p.n) { return; }`

const UNARY_EXPR: Record<UnaryOp, string> = {
  exp: 'exp(x)',
  log: 'log(x)',
  relu: 'max(x, 0.0)',
  sigmoid: '1.0 / (1.0 + exp(-x))',
  step: 'select(0.0, 1.0, x > 0.0)',
  neg: '-x',
  sqrt: 'sqrt(x)',
  abs: 'abs(x)',
}

const BINARY_EXPR: Record<BinaryOp, string> = {
  add: 'x + y',
  sub: 'x - y',
  mul: 'x * y',
  div: 'x / y',
  max: 'max(x, y)',
}

const SCALAR_EXPR: Record<ScalarOp, string> = {
  ...BINARY_EXPR,
  rsub: 'y - x',
  rdiv: 'y / x',
  pow: 'pow(x, y)',
}

/** `n` elements, `nx` threads per grid row, and a scalar. */
const ELEMENTWISE_PARAMS = 'struct P { n: u32, nx: u32, s: f32, pad: u32 }'

export function unaryShader(op: UnaryOp): string {
  return `${ELEMENTWISE_PARAMS}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  ${ELEMENT_INDEX}
  let x = a[i];
  o[i] = ${UNARY_EXPR[op]};
}`
}

export function scalarShader(op: ScalarOp): string {
  return `${ELEMENTWISE_PARAMS}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  ${ELEMENT_INDEX}
  let x = a[i];
  let y = p.s;
  o[i] = ${SCALAR_EXPR[op]};
}`
}

/** Broadcasting over up to 4 axes: the output index is split into 4 coordinates, each input has its strides. */
export function binaryShader(op: BinaryOp): string {
  return `struct P { n: u32, nx: u32, pad0: u32, pad1: u32, d: vec4u, sa: vec4u, sb: vec4u }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> o: array<f32>;
@group(0) @binding(3) var<uniform> p: P;
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  ${ELEMENT_INDEX}
  var r = i;
  let i3 = r % p.d.w; r = r / p.d.w;
  let i2 = r % p.d.z; r = r / p.d.z;
  let i1 = r % p.d.y; let i0 = r / p.d.y;
  let c = vec4u(i0, i1, i2, i3);
  let x = a[dot(c, p.sa)];
  let y = b[dot(c, p.sb)];
  o[i] = ${BINARY_EXPR[op]};
}`
}

/**
 * Each thread computes a 4 × 4 block of C in four vec4 registers, reading A and B straight from storage
 * (through the caches): no workgroup memory, no barriers, no branch or dynamic index in the inner loop
 * (rows and columns past the edge read the last valid one and are never stored). On SwiftShader this
 * is the fastest of the kernels tried (16 × 16 shared-memory tiles, a 4 × 4 block with indexed arrays);
 * on a discrete GPU it is a simple, reasonable kernel.
 */
export const MATMUL_SHADER = `struct P { m: u32, k: u32, n: u32, rowsPerZ: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> o: array<f32>;
@group(0) @binding(3) var<uniform> p: P;
@compute @workgroup_size(${MATMUL_GROUP}, ${MATMUL_GROUP}) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let r0 = ((wg.z * p.rowsPerZ + wg.y) * ${MATMUL_GROUP}u + l.y) * 4u;
  let c0 = (wg.x * ${MATMUL_GROUP}u + l.x) * 4u;
  if (r0 >= p.m || c0 >= p.n) { return; }
  let lastRow = p.m - 1u;
  let a0 = r0 * p.k;
  let a1 = min(r0 + 1u, lastRow) * p.k;
  let a2 = min(r0 + 2u, lastRow) * p.k;
  let a3 = min(r0 + 3u, lastRow) * p.k;
  let lastCol = p.n - 1u;
  let c1 = min(c0 + 1u, lastCol);
  let c2 = min(c0 + 2u, lastCol);
  let c3 = min(c0 + 3u, lastCol);
  var s0 = vec4f(0.0);
  var s1 = vec4f(0.0);
  var s2 = vec4f(0.0);
  var s3 = vec4f(0.0);
  for (var q = 0u; q < p.k; q = q + 1u) {
    let row = q * p.n;
    let bv = vec4f(b[row + c0], b[row + c1], b[row + c2], b[row + c3]);
    s0 = s0 + a[a0 + q] * bv;
    s1 = s1 + a[a1 + q] * bv;
    s2 = s2 + a[a2 + q] * bv;
    s3 = s3 + a[a3 + q] * bv;
  }
  let sums = array<vec4f, 4>(s0, s1, s2, s3);
  for (var i = 0u; i < 4u; i = i + 1u) {
    if (r0 + i < p.m) {
      let at = (r0 + i) * p.n + c0;
      let v = sums[i];
      o[at] = v.x;
      if (c0 + 1u < p.n) { o[at + 1u] = v.y; }
      if (c0 + 2u < p.n) { o[at + 2u] = v.z; }
      if (c0 + 3u < p.n) { o[at + 3u] = v.w; }
    }
  }
}`

const REDUCE_INIT: Record<ReduceOp, string> = { sum: '0.0', mean: '0.0', max: '-3.402823e38' }
const REDUCE_STEP: Record<ReduceOp, string> = { sum: 'acc + v', mean: 'acc + v', max: 'max(acc, v)' }

/** One thread per output element, looping down the reduced axis: for [outer, len, inner] with inner > 1. */
export function reduceColumnsShader(op: ReduceOp): string {
  return `struct P { n: u32, nx: u32, len: u32, inner: u32, scale: f32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  ${ELEMENT_INDEX}
  let outer = i / p.inner;
  let inner = i % p.inner;
  var at = outer * p.len * p.inner + inner;
  var acc = ${REDUCE_INIT[op]};
  for (var l = 0u; l < p.len; l = l + 1u) { let v = a[at]; acc = ${REDUCE_STEP[op]}; at = at + p.inner; }
  o[i] = acc * p.scale;
}`
}

/** One workgroup per output element (a contiguous run of \`len\` values): strided partials, then a tree in workgroup memory. */
export function reduceRowsShader(op: ReduceOp): string {
  return `struct P { n: u32, nx: u32, len: u32, inner: u32, scale: f32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
var<workgroup> part: array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) t: u32) {
  let row = wg.y * p.nx + wg.x;
  var acc = ${REDUCE_INIT[op]};
  if (row < p.n) {
    let base = row * p.len;
    for (var l = t; l < p.len; l = l + ${WORKGROUP}u) { let v = a[base + l]; acc = ${REDUCE_STEP[op]}; }
  }
  part[t] = acc;
  workgroupBarrier();
  for (var half = ${WORKGROUP / 2}u; half > 0u; half = half / 2u) {
    if (t < half) { let v = part[t + half]; acc = part[t]; part[t] = ${REDUCE_STEP[op]}; }
    workgroupBarrier();
  }
  if (t == 0u && row < p.n) { o[row] = part[0] * p.scale; }
}`
}

export const SOFTMAX_SHADER = `struct P { n: u32, nx: u32, cols: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  ${ELEMENT_INDEX}
  let base = i * p.cols;
  var m = -3.402823e38;
  for (var c = 0u; c < p.cols; c = c + 1u) { m = max(m, a[base + c]); }
  var s = 0.0;
  for (var c = 0u; c < p.cols; c = c + 1u) { let e = exp(a[base + c] - m); o[base + c] = e; s = s + e; }
  let inv = 1.0 / s;
  for (var c = 0u; c < p.cols; c = c + 1u) { o[base + c] = o[base + c] * inv; }
}`

export const ARGMAX_SHADER = `struct P { n: u32, nx: u32, cols: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  ${ELEMENT_INDEX}
  let base = i * p.cols;
  var best = 0u;
  for (var c = 1u; c < p.cols; c = c + 1u) { if (a[base + c] > a[base + best]) { best = c; } }
  o[i] = f32(best);
}`

export const TRANSPOSE_SHADER = `struct P { n: u32, nx: u32, rows: u32, cols: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> o: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  ${ELEMENT_INDEX}
  let c = i / p.rows;
  let r = i % p.rows;
  o[i] = a[r * p.cols + c];
}`

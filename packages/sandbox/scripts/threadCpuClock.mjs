// Gives isolated-vm the CPU clock it means to have on Linux (run by the root `postinstall`).
//
// isolated-vm 5.0.x times an isolate with the thread's CPU clock (CLOCK_THREAD_CPUTIME_ID) on Linux,
// but its binding.gyp writes `conditions` twice in the `isolated_vm` target: the second key replaces
// the first, the define never reaches the compiler, and `isolate.cpuTime` becomes wall time inside
// the isolate. Every millisecond the OS gives to another process then counts as the learner's: on a
// busy 2-core machine a 130 ms loop read 600-1,600 ms, and a mapreduce reference's 8 reducers, 4 per
// core, read 4x their CPU. Rebuilding the addon with the define fixes the clock; nothing else changes.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const folder = dirname(require.resolve('isolated-vm/package.json'))
const binary = join(folder, 'out', 'isolated_vm.node')

/** The thread CPU clock is in the addon when it imports clock_gettime (the wall clock needs none). */
const hasThreadCpuClock = () => existsSync(binary) && readFileSync(binary).includes('clock_gettime')

function nodeGypScript() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp
  const npmFolder = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm')
  return join(npmFolder, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
}

if (process.platform !== 'linux') {
  console.log(
    'isolated-vm: not Linux, its CPU clock is wall time inside the isolate (see packages/sandbox/README.md)',
  )
} else if (hasThreadCpuClock()) {
  console.log('isolated-vm: the thread CPU clock is in the addon')
} else {
  console.log(
    'isolated-vm: rebuilding the addon with its thread CPU clock (USE_CLOCK_THREAD_CPUTIME_ID), 2-6 minutes',
  )
  const env = {
    ...process.env,
    CXXFLAGS: `${process.env.CXXFLAGS ?? ''} -DUSE_CLOCK_THREAD_CPUTIME_ID`.trim(),
  }
  const gyp = nodeGypScript()
  const build = spawnSync(process.execPath, [gyp, 'rebuild', '--release', '-j', 'max'], {
    cwd: folder,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 2 ** 20,
  })
  rmSync(join(folder, 'build'), { recursive: true, force: true })
  if (build.status !== 0 || !hasThreadCpuClock()) {
    // Loud, not fatal: the platform still runs, with a clock that counts waiting for the CPU; the
    // sandbox's clock test fails and says so.
    console.error(String(build.stderr ?? build.error ?? '').slice(-4000))
    console.error(
      `isolated-vm: the rebuild failed (exit ${build.status}); isolate CPU times stay wall times and read high on a busy machine`,
    )
  } else {
    console.log('isolated-vm: rebuilt with the thread CPU clock')
  }
}

// `npm run bench [section...]`: measures speed and memory, writes bench/results.json. Not a test:
// numbers are reported (ratios against a baseline measured in the same run), never asserted.
import { readFile, writeFile } from 'node:fs/promises'
import { cpus, hostname } from 'node:os'
import { browserSection } from './sections/browser.ts'
import { browserGpuSection } from './sections/browserGpu.ts'
import { datasetSection } from './sections/dataset.ts'
import { diskSection } from './sections/disk.ts'
import { gpuSection } from './sections/gpu.ts'
import { graderSection } from './sections/grader.ts'
import { keptInputsSection } from './sections/keptInputs.ts'
import { leaderboardSection } from './sections/leaderboard.ts'
import { mapreduceSection } from './sections/mapreduce.ts'
import { platformSection } from './sections/platform.ts'
import { poolSection } from './sections/pool.ts'
import { profileSection } from './sections/profile.ts'
import { queueSection } from './sections/queue.ts'
import { sandboxFlagsSection, sandboxSpeedSection } from './sections/sandboxSpeed.ts'
import type { BenchSection } from './sections/section.ts'
import { tensorSection } from './sections/tensor.ts'
import { tiersSection } from './sections/tiers.ts'
import { uploadsSection } from './sections/uploads.ts'

const SECTIONS: BenchSection[] = [
  graderSection,
  keptInputsSection,
  platformSection,
  leaderboardSection,
  diskSection,
  poolSection,
  mapreduceSection,
  datasetSection,
  queueSection,
  sandboxSpeedSection,
  sandboxFlagsSection,
  uploadsSection,
  tensorSection,
  tiersSection,
  profileSection,
  gpuSection,
  browserSection,
  browserGpuSection,
]

const wanted = process.argv.slice(2)
const selected = wanted.length ? SECTIONS.filter((section) => wanted.includes(section.name)) : SECTIONS
const results: Record<string, unknown> = {
  machine: { host: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
  startedAt: new Date().toISOString(),
}
for (const section of selected) {
  console.log(`\n== ${section.name}: ${section.description}`)
  results[section.name] = await section.run((line) => console.log(`  ${line}`))
}
// Sections run alone keep the others' last numbers.
const file = new URL('./results.json', import.meta.url)
const previous = await readFile(file, 'utf8').then(JSON.parse, () => ({}))
await writeFile(file, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`)
console.log(`\nwritten to ${file.pathname}`)

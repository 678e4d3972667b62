// The dataset engine's job DAGs on the report (issue 20), from a real grading of the fixture challenge
// stop-word-count (tests/fixtures/report-packs): its baseline (groupByKey) as yours, its reference
// (broadcast, reduceByKey, sortBy) as the reference.
import i18n from 'i18next'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { initReactI18next } from 'react-i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import { recordedSubmission } from '../../../scripts/recordedSubmission.ts'
import { en } from '../../i18n/en.ts'
import { ko } from '../../i18n/ko.ts'
import { formatBytes } from '../../lib/format.ts'
import { JobGraphCard } from './JobGraphCard.tsx'
import { type JobGraph, layoutStageGraph } from './stageGraphLayout.ts'

const largest = recordedSubmission('dataset').perf?.cases.at(-1)
if (!largest) throw new Error('the dataset recording has no perf case')
const perfCase = largest

function onlyJob(side: 'submission' | 'reference'): JobGraph {
  const job = perfCase[side].jobGraphs?.jobs[0]
  if (!job) throw new Error(`the dataset recording has no ${side} job`)
  return job
}

/** The text of a stage row's cell, tags stripped. */
function cell(html: string, stage: number, column: string): string {
  const row = new RegExp(`data-testid="stage-row-${stage}".*?</tr>`).exec(html)?.[0] ?? ''
  const found = new RegExp(`data-testid="${column}">(.*?)</td>`).exec(row)?.[1] ?? ''
  return found.replace(/<br\/>/g, ' ').replace(/<[^>]+>/g, '')
}

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    interpolation: { escapeValue: false },
  })
})

describe('the job DAG layout (dagre)', () => {
  it.each(['submission', 'reference'] as const)(
    '%s: every stage sits below the stages it reads, none overlap',
    (side) => {
      const job = onlyJob(side)
      const layout = layoutStageGraph(job)
      const box = new Map(layout.stages.map((placed) => [placed.stage.id, placed]))
      expect(layout.stages).toHaveLength(job.stages.length)
      for (const placed of layout.stages) {
        for (const parent of placed.stage.parents) {
          const above = box.get(parent)
          if (!above) throw new Error(`stage ${parent} has no box`)
          expect(placed.y).toBeGreaterThan(above.y + above.height)
        }
        for (const other of layout.stages) {
          if (other === placed) continue
          const apart =
            placed.x + placed.width <= other.x ||
            other.x + other.width <= placed.x ||
            placed.y + placed.height <= other.y ||
            other.y + other.height <= placed.y
          expect(apart, `stages ${placed.stage.id} and ${other.stage.id}`).toBe(true)
        }
      }
      // One edge per parent that has a box.
      expect(layout.edges).toHaveLength(job.stages.reduce((sum, stage) => sum + stage.parents.length, 0))
      for (const edge of layout.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2)
    },
  )

  it('leaves out an edge to a stage the caps dropped', () => {
    const job = onlyJob('reference')
    const [, ...rest] = job.stages
    const layout = layoutStageGraph({ ...job, stages: rest })
    const dropped = job.stages[0]?.id
    expect(layout.edges.some((edge) => edge.from === dropped)).toBe(false)
  })
})

describe('the job graph card', () => {
  it('draws both jobs, a node per stage, and the stage table with the recorded counters', () => {
    const html = renderToStaticMarkup(createElement(JobGraphCard, { perfCase }))
    const yours = onlyJob('submission')
    const reference = onlyJob('reference')
    for (const stage of [...yours.stages, ...reference.stages]) {
      expect(html).toContain(`data-testid="stage-node-${stage.id}"`)
      expect(html).toContain(`data-testid="stage-row-${stage.id}"`)
    }
    // groupByKey ships every (word, 1); reduceByKey combines in each task first: the lesson, in bytes.
    const yoursWrite = yours.stages[0]?.counters.shuffleWriteBytes ?? 0
    const referenceWrite = reference.stages[0]?.counters.shuffleWriteBytes ?? 0
    expect(yoursWrite).toBeGreaterThan(5 * referenceWrite)
    expect(cell(html, yours.stages[0]?.id ?? -1, 'shuffleWrite')).toContain(formatBytes(yoursWrite))
    // The stop words were broadcast to the first stage's workers, on both sides.
    const broadcast = reference.stages[0]?.counters.broadcastBytes ?? 0
    expect(broadcast).toBeGreaterThan(0)
    expect(cell(html, reference.stages[0]?.id ?? -1, 'broadcast')).toBe(formatBytes(broadcast))
    // Four partitions read: four tasks, and the skew of their input.
    expect(cell(html, yours.stages[0]?.id ?? -1, 'tasks')).toBe('4')
    expect(cell(html, yours.stages[0]?.id ?? -1, 'perTask')).toMatch(
      /^max [\d,]+ \/ mean [\d,]+ skew [\d.]+×$/,
    )
    expect(html).toContain('Stage')
    expect(html).toContain('shuffle map')
  })

  it('says what a columnar read skipped and what a stage wrote, only where it did', () => {
    const plain = renderToStaticMarkup(createElement(JobGraphCard, { perfCase }))
    expect(plain).not.toContain('data-testid="rowGroups"')
    expect(plain).not.toContain('data-testid="written"')
    // The recorded first stage, as if it had read a columnar file with pushdown and written its output.
    const job = onlyJob('submission')
    const [first, ...rest] = job.stages
    if (!first) throw new Error('no stage')
    const counters = { ...first.counters, rowGroupsRead: 1, rowGroupsSkipped: 49, outputBytes: 4096 }
    const columnar = {
      ...perfCase,
      submission: {
        ...perfCase.submission,
        jobGraphs: { jobs: [{ ...job, stages: [{ ...first, counters }, ...rest] }] },
      },
    }
    const html = renderToStaticMarkup(createElement(JobGraphCard, { perfCase: columnar }))
    expect(cell(html, first.id, 'input')).toMatch(/row groups: 1 read, 49 skipped$/)
    expect(cell(html, first.id, 'broadcast')).toMatch(new RegExp(`wrote ${formatBytes(4096)} to a file$`))
  })

  it('names each stage by its visible lines, describes it by its whole pipeline, and takes the keyboard', () => {
    const html = renderToStaticMarkup(createElement(JobGraphCard, { perfCase }))
    const nodes = [
      ...html.matchAll(
        /<g class="stage-dag__node[^"]*" role="button" tabindex="0" aria-describedby="([^"]*)"[^>]*>(.*?)<\/g>/g,
      ),
    ]
    expect(nodes.length).toBe(onlyJob('submission').stages.length + onlyJob('reference').stages.length)
    const [, describedBy = '', inner = ''] = nodes[0] ?? []
    // The name a button takes from its content: its text lines, in order.
    const name = [...inner.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]).join(' ')
    const textOf = (id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]
    expect(name).toMatch(
      /^Stage \d+ · shuffle map 4 tasks read corpus\.txt → … → groupByKey in [\d,]+ rec · [\d.]+ KB/,
    )
    expect(textOf(describedBy)).toMatch(
      /^read corpus\.txt \(lines\) → flatMap → filter → map → groupByKey \(map side\)\. /,
    )
  })

  it('speaks Korean', async () => {
    await i18n.changeLanguage('ko')
    const html = renderToStaticMarkup(createElement(JobGraphCard, { perfCase }))
    await i18n.changeLanguage('en')
    expect(html).toContain('데이터셋 잡: 스테이지 DAG')
    expect(html).toContain('셔플 맵')
  })

  it('offers a job picker when a side ran more than one job', () => {
    const graphs = perfCase.submission.jobGraphs
    const job = graphs?.jobs[0]
    if (!graphs || !job) throw new Error('no job graphs')
    const twoJobs = { ...graphs, jobs: [job, { ...job, id: job.id + 1, action: 'count' }] }
    const html = renderToStaticMarkup(
      createElement(JobGraphCard, {
        perfCase: { ...perfCase, submission: { ...perfCase.submission, jobGraphs: twoJobs } },
      }),
    )
    const options = [...html.matchAll(/<option value="(\d)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[2])
    expect(options).toEqual([`Job ${job.id}: collect (2 stages)`, `Job ${job.id + 1}: count (2 stages)`])
    expect(html).toMatch(/<label for="[^"]+">Job<\/label>/)
  })

  it('says what the caps left out', () => {
    const graphs = perfCase.submission.jobGraphs
    if (!graphs) throw new Error('no job graphs')
    const capped = {
      ...perfCase,
      submission: {
        ...perfCase.submission,
        jobGraphs: { ...graphs, dropped: { jobs: 188, stages: 376, transformations: 0, counters: 0 } },
      },
    }
    const html = renderToStaticMarkup(createElement(JobGraphCard, { perfCase: capped }))
    expect(html).toContain('Not shown: 188 jobs, 376 stages')
  })

  it('without the reference’s job (the server holds it back) shows yours and says why', () => {
    const { jobGraphs: _held, ...reference } = perfCase.reference
    const html = renderToStaticMarkup(createElement(JobGraphCard, { perfCase: { ...perfCase, reference } }))
    expect(html).toContain('data-testid="stage-dag-yours"')
    expect(html).not.toContain('data-testid="stage-dag-reference"')
    expect(html).not.toContain('data-testid="stage-rows-reference"')
    expect(html).toContain('shown to those who may read the reference')
  })

  it('renders nothing for a case without job graphs (another engine, or a result stored before them)', () => {
    const mapreduce = recordedSubmission('mapreduce').perf?.cases.at(-1)
    if (!mapreduce) throw new Error('no mapreduce case')
    expect(renderToStaticMarkup(createElement(JobGraphCard, { perfCase: mapreduce }))).toBe('')
  })
})

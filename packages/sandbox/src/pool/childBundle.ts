// How a sandbox child process starts: from TypeScript source through tsx, or from one bundle of the
// child's entry and the task modules a pool runs (bundleForNode): loading the grader's task module
// through tsx took 1.1-1.7 s of CPU per child, from the bundle 0.5 s. A child replaced after a memory
// bomb, a runner starting, every test file's grader waited for the difference.
import { fileURLToPath } from 'node:url'
import { bundleForNode, SOURCE_LOADER } from '../bundle/nodeBundle.ts'

export interface ChildEntry {
  /** The script the child runs. */
  main: string
  /** Node options the entry needs, after the pool's own. */
  execArgv: string[]
  /** The file a task's module is loaded from in such a child; undefined when it cannot load it. */
  module(taskModule: string): string | undefined
  /** Whether the entry's files are still there (a bundle unused for a day may have been removed). */
  present(): boolean
}

const CHILD_MAIN = fileURLToPath(new URL('./childMain.ts', import.meta.url))

/** Any module, compiled as it is loaded (tsx): what a pool without a bundle runs. */
export const SOURCE_ENTRY: ChildEntry = {
  main: CHILD_MAIN,
  execArgv: [...SOURCE_LOADER],
  module: (taskModule) => taskModule,
  present: () => true,
}

/**
 * The child's entry and `taskModules` (absolute paths of .ts files) in one bundle: the task modules
 * share their module state in a child as they do from source. Undefined when it cannot be built.
 */
export async function bundledChildEntry(taskModules: readonly string[]): Promise<ChildEntry | undefined> {
  const bundle = await bundleForNode([CHILD_MAIN, ...taskModules])
  const main = bundle?.output(CHILD_MAIN)
  if (!bundle || !main) return undefined
  return { main, execArgv: [], module: (taskModule) => bundle.output(taskModule), present: bundle.present }
}

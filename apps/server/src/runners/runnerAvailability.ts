import { type JobQueue, type RunnerStatus, runnerTakes } from '@arena/queue'

/** Runners online that take jobs of `jobClass` (a `gpu` job: every online `gpu:*` runner). */
export async function runnersOnlineFor(queue: Pick<JobQueue, 'runners'>, jobClass: string): Promise<number> {
  const runners = await queue.runners().catch((): RunnerStatus[] => [])
  return runners.filter((runner) => runner.online && runnerTakes(runner.runnerClass, jobClass)).length
}

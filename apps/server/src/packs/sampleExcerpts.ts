import type { SampleExcerpt } from '@arena/db'
import { createPackInspector } from '@arena/grader'
import { type Pack, toGradable } from '@arena/packs'

/**
 * The sample cases of every challenge of a pack as learners see them: name and a short rendering of the
 * input. tests.ts is untrusted instructor code: the server never imports or runs it, it asks a sandbox
 * child to (the grader's pack-code isolate); only the samples' excerpts come back. Throws, naming the
 * challenge, when a tests.ts cannot be bundled or its top level fails: such a pack is not imported.
 */
export async function sampleExcerpts(pack: Pack): Promise<Map<string, SampleExcerpt[]>> {
  const inspector = createPackInspector()
  try {
    const excerpts = new Map<string, SampleExcerpt[]>()
    for (const challenge of pack.challenges) {
      excerpts.set(challenge.id, await inspector.sampleExcerpts(toGradable(pack, challenge)))
    }
    return excerpts
  } finally {
    await inspector.close()
  }
}

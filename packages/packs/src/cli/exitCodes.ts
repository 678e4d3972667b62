/** 0: ok / Accepted; 1: problems found / not Accepted; 2: usage errors or nothing could be checked. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

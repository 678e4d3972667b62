// The few Lua scripts the BullMQ adapter adds to BullMQ's own. Each runs atomically in Redis.

export const SCRIPTS = {
  /**
   * KEYS: the class's fair hash (`<priority>|<group>` -> last rank), its floors (`<priority>` -> rank).
   * ARGV: priority, group. The job's rank: one after its group's last, never below the floor.
   */
  nextFairRank: `
    local floor = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
    local field = ARGV[1] .. '|' .. ARGV[2]
    local last = redis.call('HGET', KEYS[1], field)
    local rank = floor
    if last then rank = math.max(floor, tonumber(last) + 1) end
    redis.call('HSET', KEYS[1], field, rank)
    return rank`,

  /**
   * KEYS: wait, prioritized. ARGV: the largest BullMQ priority a lane takes. 1 when the job BullMQ
   * hands out next is one the lane may take: nothing given back waits in the wait list (it goes
   * first) and the best prioritized job's priority (its score over 2^32, see BullMQ's
   * getPriorityScore) is within the lane's.
   */
  laneHasWork: `
    if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
    local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    if #first == 0 then return 0 end
    if math.floor(tonumber(first[2]) / 4294967296) <= tonumber(ARGV[1]) then return 1 end
    return 0`,

  /** KEYS: the job's hash. A claim the lane must not keep gives back the attempt it counted. */
  uncountAttempt: `
    if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'ats', -1) end
    return 1`,

  /** KEYS: the class's floors. ARGV: the claimed job's priority, rank. */
  raiseFloor: `
    local floor = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
    if tonumber(ARGV[2]) > floor then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
    return 1`,

  /** KEYS: wait, prioritized, fair hash, floor. Nothing queued: ranks start again from 0. */
  resetFairShare: `
    if redis.call('LLEN', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
      redis.call('DEL', KEYS[3], KEYS[4])
    end
    return 1`,

  /**
   * KEYS: the job's lock, its progress stream, its progress counter. ARGV: token, attempt, at, event.
   * Written only while the attempt holds BullMQ's lock on the job; returns the event's seq, or 0.
   */
  publishProgress: `
    if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
    local seq = redis.call('INCR', KEYS[3])
    redis.call('XADD', KEYS[2], '*', 'seq', seq, 'attempt', ARGV[2], 'at', ARGV[3], 'event', ARGV[4])
    return seq`,

  /**
   * KEYS: job hash, completed, failed, active, lock. ARGV: job id. A job and its state in one round
   * trip (BullMQ's getJob + getState take three): nil, or { state, lock token, hash fields... }.
   */
  jobSnapshot: `
    if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
    local state = 'queued'
    if redis.call('ZSCORE', KEYS[2], ARGV[1]) then state = 'completed'
    elseif redis.call('ZSCORE', KEYS[3], ARGV[1]) then state = 'failed'
    elseif redis.call('LPOS', KEYS[4], ARGV[1]) then state = 'active' end
    local result = { state, redis.call('GET', KEYS[5]) or '' }
    for _, value in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(result, value) end
    return result`,

  /** KEYS: a lock. ARGV: token. Deletes the lock only while it is still ours. */
  dropLock: `
    if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
    return 0`,
} as const

import { randomBytes } from 'node:crypto'
import {
  addGroupAssignment,
  addGroupMember,
  createStudyGroup,
  deleteGroupAssignment,
  deleteStudyGroup,
  findCurrentChallenge,
  findStudyGroup,
  findStudyGroupByCode,
  groupRoleOf,
  IMMEDIATE,
  listCurrentChallenges,
  listGroupAssignments,
  listGroupMembers,
  listUserGroups,
  packVisibleTo,
  removeGroupMember,
  setGroupRole,
  setInviteCode,
} from '@arena/db'
import { z } from 'zod'
import type {
  Board,
  CellState,
  GroupDetail,
  GroupSummary,
  InstructorView,
  MyAssignment,
} from '../api/gameTypes.ts'
import { challengeIdSchema } from '../api/inputs.ts'
import { assignedChallenges, challengesVisibleTo } from '../groups/assignedChallenges.ts'
import { canTeach, requireInstructor, requireMember } from '../groups/groupAccess.ts'
import { matrixCsv, progressMatrix } from '../groups/progressMatrix.ts'
import { authedProcedure, router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'
import { groupIdSchema } from './leaderboardRouter.ts'

const nameSchema = z
  .string({ error: 'The group name must be a string.' })
  .trim()
  .min(1, 'The group needs a name.')
  .max(80, 'A group name is at most 80 characters.')
  .refine((name) => !/[\p{Cc}\p{Cf}]/u.test(name), 'The group name may not contain control characters.')

const inviteCodeSchema = z
  .string({ error: 'The invite code must be a string.' })
  .trim()
  .transform((code) => code.toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-7]{10}$/, 'An invite code is 10 letters and digits, like "K7Q2M4XZ3A".'))

const userIdSchema = z
  .number({ error: 'A user id is a number.' })
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER)

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** 10 base32 characters from 50 random bits: unguessable at any rate our limits allow. */
export function newInviteCode(): string {
  return [...randomBytes(10)].map((byte) => BASE32[byte % 32]).join('')
}

function groupDetail(
  ctx: { db: Parameters<typeof listGroupMembers>[0] },
  groupId: number,
  userId: number,
): GroupDetail {
  const role = requireMember(ctx.db, groupId, userId)
  const group = findStudyGroup(ctx.db, groupId)
  if (!group) throw refusal('NOT_FOUND', 'notInGroup', { id: groupId })
  const members = listGroupMembers(ctx.db, groupId)
  const current = challengesVisibleTo(ctx.db, userId)
  // An assignment of a challenge the viewer may not see (a draft, another group's private pack) is not
  // shown at all: not its title, not even its id.
  const assignments = listGroupAssignments(ctx.db, groupId).filter((assignment) =>
    current.some(({ challenge, pack }) =>
      assignment.challengeKey ? challenge.key === assignment.challengeKey : pack.packId === assignment.packId,
    ),
  )
  const challenges = assignedChallenges(ctx.db, groupId, userId, assignments)
  const self = members.filter((member) => member.userId === userId)
  const mine = progressMatrix(ctx.db, groupId, self, challenges).rows[0]?.cells ?? []
  return {
    id: group.id,
    name: group.name,
    role,
    inviteCode: canTeach(role) ? group.inviteCode : null,
    members: members.map((member) => ({ ...member, joinedAt: member.joinedAt.toISOString() })),
    assignments: assignments.map((assignment) => ({
      id: assignment.id,
      challengeKey: assignment.challengeKey,
      packId: assignment.packId,
      deadline: assignment.deadline?.toISOString() ?? null,
      challenges: current
        .filter(({ challenge, pack }) =>
          assignment.challengeKey
            ? challenge.key === assignment.challengeKey
            : pack.packId === assignment.packId,
        )
        .map(({ challenge }) => ({ id: challenge.key, title: challenge.title, title_ko: challenge.titleKo })),
    })),
    mine: Object.fromEntries(challenges.map((challenge, i) => [challenge.key, mine[i] as CellState])),
  }
}

/** Members x the assigned challenges `viewerId` may see. */
function instructorView(
  db: Parameters<typeof listGroupMembers>[0],
  groupId: number,
  viewerId: number,
): InstructorView {
  const learners = listGroupMembers(db, groupId).filter((member) => member.role === 'member')
  return progressMatrix(db, groupId, learners, assignedChallenges(db, groupId, viewerId))
}

const groupInput = z.object({ groupId: groupIdSchema })

export const groupRouter = router({
  /** The caller's groups. */
  list: authedProcedure.query(({ ctx }): GroupSummary[] => listUserGroups(ctx.db, ctx.user.id)),

  create: authedProcedure.input(z.object({ name: nameSchema })).mutation(({ ctx, input }) => {
    const group = createStudyGroup(ctx.db, {
      name: input.name,
      inviteCode: newInviteCode(),
      ownerId: ctx.user.id,
    })
    return { id: group.id, inviteCode: group.inviteCode }
  }),

  /** Joins by invite code (or the code of an invite link); joining again changes nothing. */
  join: authedProcedure.input(z.object({ code: inviteCodeSchema })).mutation(({ ctx, input }) => {
    const group = findStudyGroupByCode(ctx.db, input.code)
    if (!group) {
      throw refusal('NOT_FOUND', 'inviteCodeUnknown')
    }
    addGroupMember(ctx.db, group.id, ctx.user.id)
    return { id: group.id, name: group.name }
  }),

  /**
   * The challenges the caller's groups assign to them, each with its deadline and their state on it
   * (the course map marks them). A challenge assigned by two groups appears once per group.
   */
  myAssignments: authedProcedure.query(({ ctx }): MyAssignment[] =>
    listUserGroups(ctx.db, ctx.user.id).flatMap((group) => {
      const challenges = assignedChallenges(ctx.db, group.id, ctx.user.id)
      const self = listGroupMembers(ctx.db, group.id).filter((member) => member.userId === ctx.user.id)
      const cells = progressMatrix(ctx.db, group.id, self, challenges).rows[0]?.cells ?? []
      return challenges.map((challenge, index) => ({
        challengeId: challenge.key,
        groupId: group.id,
        groupName: group.name,
        deadline: challenge.deadline?.toISOString() ?? null,
        state: cells[index]?.state ?? 'none',
      }))
    }),
  ),

  get: authedProcedure
    .input(groupInput)
    .query(({ ctx, input }) => groupDetail(ctx, input.groupId, ctx.user.id)),

  /** A new invite code: the old code and its links stop working at once. */
  rotateCode: authedProcedure.input(groupInput).mutation(({ ctx, input }) => {
    requireInstructor(ctx.db, input.groupId, ctx.user.id)
    const inviteCode = newInviteCode()
    setInviteCode(ctx.db, input.groupId, inviteCode)
    return { inviteCode }
  }),

  /** Leaves the group; an owner hands it to the earliest instructor (else member); the last one out deletes it. */
  leave: authedProcedure.input(groupInput).mutation(({ ctx, input }) => {
    const role = requireMember(ctx.db, input.groupId, ctx.user.id)
    ctx.db.transaction((tx) => {
      const db = tx as unknown as typeof ctx.db
      removeGroupMember(db, input.groupId, ctx.user.id)
      if (role !== 'owner') return
      const rest = listGroupMembers(db, input.groupId)
      const heir = rest.find((member) => member.role === 'instructor') ?? rest[0]
      if (heir) setGroupRole(db, input.groupId, heir.userId, 'owner')
      else deleteStudyGroup(db, input.groupId)
    }, IMMEDIATE)
    return { ok: true }
  }),

  /** Instructors remove members; only the owner removes instructors; nobody removes the owner. */
  removeMember: authedProcedure
    .input(groupInput.extend({ userId: userIdSchema }))
    .mutation(({ ctx, input }) => {
      const role = requireInstructor(ctx.db, input.groupId, ctx.user.id)
      const target = groupRoleOf(ctx.db, input.groupId, input.userId)
      if (!target) throw refusal('NOT_FOUND', 'learnerNotInGroup')
      if (input.userId === ctx.user.id) {
        throw refusal('BAD_REQUEST', 'removeSelf')
      }
      if (target === 'owner' || (target === 'instructor' && role !== 'owner')) {
        throw refusal('FORBIDDEN', 'ownerRemovesInstructors')
      }
      removeGroupMember(ctx.db, input.groupId, input.userId)
      return { ok: true }
    }),

  /** The owner makes a member an instructor or back. */
  setRole: authedProcedure
    .input(groupInput.extend({ userId: userIdSchema, role: z.enum(['instructor', 'member']) }))
    .mutation(({ ctx, input }) => {
      const role = requireMember(ctx.db, input.groupId, ctx.user.id)
      if (role !== 'owner') throw refusal('FORBIDDEN', 'ownerChangesRoles')
      if (input.userId === ctx.user.id) {
        throw refusal('BAD_REQUEST', 'ownerKeepsRole')
      }
      if (!setGroupRole(ctx.db, input.groupId, input.userId, input.role)) {
        throw refusal('NOT_FOUND', 'learnerNotInGroup')
      }
      return { ok: true }
    }),

  /** Assigns a challenge or a whole pack, with an optional deadline. */
  assign: authedProcedure
    .input(
      groupInput
        .extend({
          challengeId: challengeIdSchema.optional(),
          packId: z
            .string()
            .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'A pack id looks like "core".')
            .optional(),
          deadline: z.iso
            .datetime({ offset: true, error: 'The deadline is an ISO date-time.' })
            // Assigning work that is already overdue is a slip (a wrong day or year in the picker).
            .refine(
              (deadline) => Date.parse(deadline) > Date.now(),
              'The deadline has already passed: choose a time in the future.',
            )
            .nullish(),
        })
        .refine(
          (input) => !!input.challengeId !== !!input.packId,
          'Assign either a challengeId or a packId.',
        ),
    )
    .mutation(({ ctx, input }) => {
      requireInstructor(ctx.db, input.groupId, ctx.user.id)
      // Someone else's draft or private pack reads as missing here too.
      const packOf = input.packId ?? input.challengeId?.split('/')[0] ?? ''
      const visible = packVisibleTo(ctx.db, packOf, ctx.user.id)
      if (input.challengeId && (!visible || !findCurrentChallenge(ctx.db, input.challengeId))) {
        throw refusal('NOT_FOUND', 'challengeMissing', { challengeId: input.challengeId })
      }
      if (
        input.packId &&
        (!visible || !listCurrentChallenges(ctx.db).some(({ pack }) => pack.packId === input.packId))
      ) {
        throw refusal('NOT_FOUND', 'packMissing', { packId: input.packId })
      }
      const row = addGroupAssignment(ctx.db, {
        groupId: input.groupId,
        challengeKey: input.challengeId ?? null,
        packId: input.packId ?? null,
        deadline: input.deadline ? new Date(input.deadline) : null,
      })
      return { id: row.id }
    }),

  unassign: authedProcedure
    .input(groupInput.extend({ assignmentId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }))
    .mutation(({ ctx, input }) => {
      requireInstructor(ctx.db, input.groupId, ctx.user.id)
      if (!deleteGroupAssignment(ctx.db, input.groupId, input.assignmentId)) {
        throw refusal('NOT_FOUND', 'assignmentMissing')
      }
      return { ok: true }
    }),

  /**
   * The group's board over its assignments: members (role member) by challenges accepted before each
   * deadline, then by the sum of their best scores; ties share a rank. Learners who left are not on it.
   */
  board: authedProcedure.input(groupInput).query(({ ctx, input }): Board => {
    requireMember(ctx.db, input.groupId, ctx.user.id)
    const view = instructorView(ctx.db, input.groupId, ctx.user.id)
    const hidden = new Set(
      (
        ctx.db.$client
          .prepare(
            'SELECT user_id AS id FROM game_profiles WHERE hidden = 1 AND user_id IN (SELECT user_id FROM group_members WHERE group_id = ?)',
          )
          .all(input.groupId) as { id: number }[]
      ).map((row) => row.id),
    )
    const scored = view.rows
      .map((row) => ({
        row,
        sum: row.cells.reduce(
          (total, cell) => total + (cell.state === 'accepted' ? (cell.score ?? 0) : 0),
          0,
        ),
      }))
      .sort((a, b) => b.row.solved - a.row.solved || b.sum - a.sum || a.row.userId - b.row.userId)
    const entries = scored.map(({ row, sum }, index) => {
      const first = scored.findIndex((other) => other.row.solved === row.solved && other.sum === sum)
      const you = row.userId === ctx.user.id
      const shown = you || !hidden.has(row.userId)
      return {
        rank: first + 1,
        position: index + 1,
        userId: shown ? row.userId : null,
        username: shown ? row.username : null,
        you,
        value: row.solved,
        submissionId: null,
        at: null,
      }
    })
    return {
      kind: 'assignments',
      metric: 'solved',
      challengeId: null,
      packVersion: null,
      packHash: null,
      runnerClass: null,
      period: 'all',
      since: null,
      groupId: input.groupId,
      rows: entries,
      you: entries.find((entry) => entry.you) ?? null,
      total: entries.length,
    }
  }),

  /** Owners and instructors: members x assigned challenges, per-challenge statistics. */
  matrix: authedProcedure.input(groupInput).query(({ ctx, input }): InstructorView => {
    requireInstructor(ctx.db, input.groupId, ctx.user.id)
    return instructorView(ctx.db, input.groupId, ctx.user.id)
  }),

  /** The matrix as CSV text (the web offers it as a download). */
  csv: authedProcedure.input(groupInput).query(({ ctx, input }) => {
    requireInstructor(ctx.db, input.groupId, ctx.user.id)
    const group = findStudyGroup(ctx.db, input.groupId)
    const slug = (group?.name ?? 'group').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'group'
    return {
      filename: `${slug}-progress.csv`,
      csv: matrixCsv(instructorView(ctx.db, input.groupId, ctx.user.id)),
    }
  }),
})

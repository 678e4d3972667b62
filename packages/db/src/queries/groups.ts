import { and, asc, eq, inArray, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { ArenaDb } from '../openDatabase.ts'
import { type GroupRole, groupAssignments, groupMembers, studyGroups, submissions, users } from '../schema.ts'
import { IMMEDIATE } from '../writeTransaction.ts'
import { prepared } from './statements.ts'

export type StudyGroupRow = typeof studyGroups.$inferSelect
export type GroupAssignmentRow = typeof groupAssignments.$inferSelect

export interface GroupMember {
  userId: number
  username: string
  role: GroupRole
  joinedAt: Date
}

export function createStudyGroup(db: ArenaDb, input: { name: string; inviteCode: string; ownerId: number }) {
  return db.transaction((tx) => {
    const now = new Date()
    const group = tx
      .insert(studyGroups)
      .values({ name: input.name, inviteCode: input.inviteCode, createdAt: now })
      .returning()
      .get()
    tx.insert(groupMembers)
      .values({ groupId: group.id, userId: input.ownerId, role: 'owner', joinedAt: now })
      .run()
    return group
  }, IMMEDIATE)
}

export function findStudyGroup(db: ArenaDb, id: number): StudyGroupRow | undefined {
  return db.select().from(studyGroups).where(eq(studyGroups.id, id)).get()
}

export function findStudyGroupByCode(db: ArenaDb, inviteCode: string): StudyGroupRow | undefined {
  return db.select().from(studyGroups).where(eq(studyGroups.inviteCode, inviteCode)).get()
}

export function setInviteCode(db: ArenaDb, groupId: number, inviteCode: string): void {
  db.update(studyGroups).set({ inviteCode }).where(eq(studyGroups.id, groupId)).run()
}

/** The user's role in the group, or undefined when not a member (now). */
export function groupRoleOf(db: ArenaDb, groupId: number, userId: number): GroupRole | undefined {
  return db
    .select({ role: groupMembers.role })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .get()?.role
}

/** Joins as a member; a current member keeps their role. */
export function addGroupMember(
  db: ArenaDb,
  groupId: number,
  userId: number,
  role: GroupRole = 'member',
): void {
  db.insert(groupMembers).values({ groupId, userId, role, joinedAt: new Date() }).onConflictDoNothing().run()
}

export function setGroupRole(db: ArenaDb, groupId: number, userId: number, role: GroupRole): boolean {
  return (
    db
      .update(groupMembers)
      .set({ role })
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
      .run().changes > 0
  )
}

export function removeGroupMember(db: ArenaDb, groupId: number, userId: number): boolean {
  return (
    db
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
      .run().changes > 0
  )
}

export function deleteStudyGroup(db: ArenaDb, groupId: number): void {
  db.delete(studyGroups).where(eq(studyGroups.id, groupId)).run()
}

export function listGroupMembers(db: ArenaDb, groupId: number): GroupMember[] {
  return db
    .select({
      userId: groupMembers.userId,
      username: users.username,
      role: groupMembers.role,
      joinedAt: groupMembers.joinedAt,
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(asc(groupMembers.joinedAt), asc(groupMembers.userId))
    .all()
}

/** The groups the user is a member of now, with their role and member count. */
export function listUserGroups(db: ArenaDb, userId: number) {
  return prepared(
    db,
    `SELECT g.id, g.name, m.role, (SELECT COUNT(*) FROM group_members c WHERE c.group_id = g.id) AS members
       FROM group_members m JOIN study_groups g ON g.id = m.group_id
      WHERE m.user_id = ? ORDER BY g.name, g.id`,
  ).all(userId) as { id: number; name: string; role: GroupRole; members: number }[]
}

export function addGroupAssignment(
  db: ArenaDb,
  input: { groupId: number; challengeKey?: string | null; packId?: string | null; deadline?: Date | null },
): GroupAssignmentRow {
  return db
    .insert(groupAssignments)
    .values({
      groupId: input.groupId,
      challengeKey: input.challengeKey ?? null,
      packId: input.packId ?? null,
      deadline: input.deadline ?? null,
      createdAt: new Date(),
    })
    .returning()
    .get()
}

export function listGroupAssignments(db: ArenaDb, groupId: number): GroupAssignmentRow[] {
  return db
    .select()
    .from(groupAssignments)
    .where(eq(groupAssignments.groupId, groupId))
    .orderBy(asc(groupAssignments.createdAt), asc(groupAssignments.id))
    .all()
}

export function deleteGroupAssignment(db: ArenaDb, groupId: number, assignmentId: number): boolean {
  return (
    db
      .delete(groupAssignments)
      .where(and(eq(groupAssignments.groupId, groupId), eq(groupAssignments.id, assignmentId)))
      .run().changes > 0
  )
}

export interface MemberResult {
  id: number
  userId: number
  challengeKey: string
  mode: 'samples' | 'full'
  verdict: string | null
  tier: string | null
  score: number | null
  finishedAt: number | null
  createdAt: number
}

/** Every submission of these users on these challenge keys (the progress matrix's input). */
export function memberResults(db: ArenaDb, userIds: number[], challengeKeys: string[]): MemberResult[] {
  if (userIds.length === 0 || challengeKeys.length === 0) return []
  return db
    .select({
      id: submissions.id,
      userId: submissions.userId,
      challengeKey: submissions.challengeKey,
      mode: submissions.mode,
      verdict: submissions.verdict,
      tier: submissions.tier,
      score: submissions.score,
      finishedAt: submissions.finishedAt,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .where(and(inArray(submissions.challengeKey, challengeKeys), inArray(submissions.userId, userIds)))
    .all()
    .map((row) => ({
      ...row,
      finishedAt: row.finishedAt ? row.finishedAt.getTime() : null,
      createdAt: row.createdAt.getTime(),
    }))
}

/**
 * Whether `teacherId` is an owner or instructor of a group that `learnerId` belongs to and that
 * assigns `challengeKey` (the challenge itself or its whole pack): then the teacher may read the
 * learner's submissions of that challenge.
 */
export function teachesChallengeTo(
  db: ArenaDb,
  teacherId: number,
  learnerId: number,
  challengeKey: string,
): boolean {
  const packId = challengeKey.slice(0, challengeKey.indexOf('/'))
  const teacher = alias(groupMembers, 'teacher')
  const learner = alias(groupMembers, 'learner')
  const row = db
    .select({ groupId: teacher.groupId })
    .from(teacher)
    .innerJoin(learner, eq(learner.groupId, teacher.groupId))
    .innerJoin(groupAssignments, eq(groupAssignments.groupId, teacher.groupId))
    .where(
      and(
        eq(teacher.userId, teacherId),
        inArray(teacher.role, ['owner', 'instructor']),
        eq(learner.userId, learnerId),
        or(eq(groupAssignments.challengeKey, challengeKey), eq(groupAssignments.packId, packId)),
      ),
    )
    .limit(1)
    .get()
  return row !== undefined
}

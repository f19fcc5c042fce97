import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssociationsAccess } from '../associations/associations-access.js';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error.js';
import { OrgService } from '../org/org.service.js';
import { WorkingGroupsAccess } from '../working-groups/working-groups.access.js';
import { Meeting } from './entities/meeting.entity.js';
import { MeetingParticipant } from './entities/meeting-participant.entity.js';

export type Body =
  { kind: 'wg'; id: string } | { kind: 'association'; id: string } | { kind: 'unit'; id: string };

export const bodyKeyOf = (b: Body): string => `${b.kind}:${b.id}`;

export function bodyOf(m: {
  workingGroupId: string | null;
  associationId: string | null;
  orgUnitId: string | null;
}): Body {
  if (m.workingGroupId) return { kind: 'wg', id: m.workingGroupId };
  if (m.associationId) return { kind: 'association', id: m.associationId };
  return { kind: 'unit', id: m.orgUnitId! };
}

/** An access check that throws a DomainError (404/403) turned into yes or no. */
async function passes(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}

/**
 * Who may do what with a meeting (DESIGN.md §6.4: only the secretary or the chair edits minutes).
 * - see it: a participant, a member of its body, an admin; others get 404;
 * - schedule one: the chair or secretary of a working group; an association's admins, committee
 *   or board officers (president, vice-president, secretary of a board whose term has not ended);
 *   the head or deputy of an org unit; an admin;
 * - edit attendance and minutes, submit minutes: the meeting's secretary or chair only (403 for
 *   everyone else who can see it, admins included: minutes are the secretary's record).
 */
@Injectable()
export class MeetingsAccess {
  constructor(
    private readonly groups: WorkingGroupsAccess,
    private readonly associations: AssociationsAccess,
    private readonly org: OrgService,
  ) {}

  async isBodyMember(em: EntityManager, body: Body, user: AuthUser): Promise<boolean> {
    switch (body.kind) {
      case 'wg':
        return this.groups.isMember(em, body.id, user.id);
      case 'association':
        return passes(() => this.associations.member({ ...user, roles: [] }, body.id, em));
      case 'unit': {
        if ((await this.org.unitOfUser(user.id, em)) === body.id) return true;
        return this.isUnitHead(em, body.id, user.id);
      }
    }
  }

  async canSchedule(em: EntityManager, body: Body, user: AuthUser): Promise<boolean> {
    // An association's meetings are its board's and committee's, as its elections are: a system
    // administrator who is neither does not call them (src/associations/associations-access.ts).
    if (isAdmin(user) && body.kind !== 'association') return true;
    switch (body.kind) {
      case 'wg':
        return this.groups.hasRole(em, body.id, user.id, ['chair', 'secretary']);
      case 'association':
        return (
          (await passes(() => this.associations.committee({ ...user, roles: [] }, body.id, em))) ||
          this.associations.boardOfficer(user.id, body.id, em)
        );
      case 'unit':
        return this.isUnitHead(em, body.id, user.id);
    }
  }

  private async isUnitHead(em: EntityManager, unitId: string, userId: string): Promise<boolean> {
    const heads = await this.org.currentHolders(em, unitId, 'head');
    const deputies = await this.org.currentHolders(em, unitId, 'deputy');
    return [...heads, ...deputies].some((u) => u.id === userId);
  }

  async isParticipant(em: EntityManager, meetingId: string, userId: string): Promise<boolean> {
    return em.existsBy(MeetingParticipant, { meetingId, userId });
  }

  async canView(em: EntityManager, meeting: Meeting, user: AuthUser): Promise<boolean> {
    if (isAdmin(user) || meeting.chairUserId === user.id || meeting.secretaryUserId === user.id) return true;
    if (await this.isParticipant(em, meeting.id, user.id)) return true;
    return this.isBodyMember(em, bodyOf(meeting), user);
  }

  /** The meeting if the user may see it, else 404. `lock` takes the row for the rest of the transaction. */
  async viewable(em: EntityManager, meetingId: string, user: AuthUser, lock = false): Promise<Meeting> {
    const meeting = await em.findOne(Meeting, {
      where: { id: meetingId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!meeting || !(await this.canView(em, meeting, user))) {
      throw notFound('MEETING_NOT_FOUND', 'No such meeting');
    }
    return meeting;
  }

  isEditor(meeting: Meeting, user: AuthUser): boolean {
    return meeting.secretaryUserId === user.id || meeting.chairUserId === user.id;
  }

  assertEditor(meeting: Meeting, user: AuthUser): void {
    if (!this.isEditor(meeting, user)) {
      throw forbidden('NOT_MEETING_SECRETARY', "Only the meeting's secretary or chair may do this");
    }
  }

  assertSecretary(meeting: Meeting, user: AuthUser): void {
    if (meeting.secretaryUserId !== user.id) {
      throw forbidden('NOT_MEETING_SECRETARY', "Only the meeting's secretary may do this");
    }
  }

  /** Cancelling: the secretary, the chair, or an admin. */
  assertCanCancel(meeting: Meeting, user: AuthUser): void {
    if (!isAdmin(user) && !this.isEditor(meeting, user)) {
      throw forbidden(
        'NOT_MEETING_SECRETARY',
        "Only the meeting's secretary or chair (or an admin) may cancel it",
      );
    }
  }
}

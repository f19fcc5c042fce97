import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { badRequest, forbidden, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { JobContext, JobPayloads } from '../outbox/jobs.js';
import { WorkingGroupsAccess } from '../working-groups/working-groups.access.js';
import { addDays, firstOverdueReminderAt, isValidDay, reminderTimeOn, utcDay } from './dates.js';
import {
  eventTo,
  isUnresolved,
  nextActionItemStatus,
  UNRESOLVED_ACTION_ITEM_STATUSES,
} from './domain/action-item-state.js';
import type { ActionItemDto, ListActionItemsQueryDto, UpdateActionItemDto } from './dto/action-item.dto.js';
import type { ActionItemInputDto } from './dto/minutes.dto.js';
import { ActionItem } from './entities/action-item.entity.js';
import { Meeting } from './entities/meeting.entity.js';
import { MeetingsAccess } from './meetings.access.js';
import type { MinutesActionItem } from './minutes-content.js';

/**
 * Action items live in their own table (not only in the minutes' jsonb) so they outlive their
 * meeting: "my action items" across groups, the next meeting's follow-up list, overdue reminders.
 * They are materialised on every minutes save (not on approval), so the follow-up list and the
 * owners see them as soon as the secretary writes them down; removing one from the minutes
 * cancels it.
 */
@Injectable()
export class ActionItemsService {
  private readonly logger = new Logger(ActionItemsService.name);

  constructor(
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly access: MeetingsAccess,
    private readonly groups: WorkingGroupsAccess,
  ) {}

  /**
   * Brings the meeting's action items in line with a minutes save and returns them with their
   * ids (which the revision stores). An input matches an item by id, else by the same text and
   * owner; the rest are new. Items no longer in the minutes are cancelled.
   */
  async syncFromMinutes(
    em: EntityManager,
    meeting: Meeting,
    input: ActionItemInputDto[],
  ): Promise<MinutesActionItem[]> {
    for (const [i, a] of input.entries()) {
      if (!isValidDay(a.dueOn.slice(0, 10))) {
        throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
          { field: `actionItems.${i}.dueOn`, problems: ['dueOn must be a calendar day'] },
        ]);
      }
    }
    const owners = [...new Set(input.map((a) => a.ownerUserId))];
    const known = new Set((await this.org.findUsersByIds(owners, em)).map((u) => u.id));
    const unknown = owners.filter((id) => !known.has(id));
    if (unknown.length)
      throw badRequest('UNKNOWN_USER', `Unknown action item owner(s): ${unknown.join(', ')}`);

    const existing = await em.find(ActionItem, {
      where: { meetingId: meeting.id },
      order: { createdAt: 'ASC' },
    });
    const byId = new Map(existing.map((e) => [e.id, e]));
    const matched = new Set<string>();
    const result: MinutesActionItem[] = [];
    for (const a of input) {
      const dueOn = a.dueOn.slice(0, 10);
      let item: ActionItem | undefined;
      if (a.id) {
        item = byId.get(a.id);
        if (!item || matched.has(item.id)) {
          throw badRequest('UNKNOWN_ACTION_ITEM', `Action item ${a.id} is not one of this meeting's`);
        }
      } else {
        item = existing.find(
          (e) =>
            !matched.has(e.id) &&
            e.status !== 'cancelled' &&
            e.text === a.text &&
            e.ownerUserId === a.ownerUserId,
        );
      }
      if (item) {
        matched.add(item.id);
        const dueChanged = item.dueOn !== dueOn;
        const revived = item.status === 'cancelled';
        const agendaItemId = a.agendaItemId ?? null;
        if (
          dueChanged ||
          revived ||
          item.text !== a.text ||
          item.ownerUserId !== a.ownerUserId ||
          item.agendaItemId !== agendaItemId
        ) {
          item.text = a.text;
          item.agendaItemId = agendaItemId;
          item.ownerUserId = a.ownerUserId;
          item.dueOn = dueOn;
          if (revived) item.status = nextActionItemStatus(item.status, 'revive');
          await em.save(item);
          if (dueChanged || revived) await this.scheduleOverdue(em, item);
        }
      } else {
        item = await em.save(
          em.create(ActionItem, {
            meetingId: meeting.id,
            bodyKey: meeting.bodyKey,
            agendaItemId: a.agendaItemId ?? null,
            text: a.text,
            ownerUserId: a.ownerUserId,
            dueOn,
            status: 'open',
          }),
        );
        matched.add(item.id);
        await this.scheduleOverdue(em, item);
      }
      result.push({
        id: item.id,
        text: item.text,
        ownerUserId: item.ownerUserId,
        dueOn: item.dueOn,
        agendaItemId: item.agendaItemId,
      });
    }
    for (const e of existing) {
      if (!matched.has(e.id) && isUnresolved(e.status)) {
        e.status = nextActionItemStatus(e.status, 'cancel');
        e.progressNote = e.progressNote ?? 'Removed from the minutes';
        await em.save(e);
      }
    }
    return result;
  }

  /** The first overdue reminder: the morning after the due day (now, if that has passed). */
  private async scheduleOverdue(em: EntityManager, item: ActionItem): Promise<void> {
    await this.outbox.add(em, {
      name: 'meetings.action_item_overdue',
      payload: { actionItemId: item.id },
      runAt: firstOverdueReminderAt(item.dueOn),
    });
  }

  /** Unresolved items of a body, oldest due first; those of `exceptMeetingId` left out. */
  async openForBody(em: EntityManager, bodyKey: string, exceptMeetingId?: string): Promise<ActionItemDto[]> {
    const qb = em
      .createQueryBuilder(ActionItem, 'a')
      .where('a.body_key = :bodyKey', { bodyKey })
      .andWhere('a.status IN (:...statuses)', { statuses: UNRESOLVED_ACTION_ITEM_STATUSES });
    if (exceptMeetingId) qb.andWhere('a.meeting_id <> :exceptMeetingId', { exceptMeetingId });
    const items = await qb.orderBy('a.due_on', 'ASC').addOrderBy('a.id', 'ASC').limit(200).getMany();
    return this.toDtos(em, items);
  }

  async forMeeting(em: EntityManager, meetingId: string): Promise<ActionItemDto[]> {
    const items = await em.find(ActionItem, { where: { meetingId }, order: { createdAt: 'ASC' } });
    return this.toDtos(em, items);
  }

  list(query: ListActionItemsQueryDto, user: AuthUser): Promise<Page<ActionItemDto>> {
    return this.tx.run(async (em) => {
      const limit = query.limit ?? 50;
      const qb = em.createQueryBuilder(ActionItem, 'a');
      let scoped = false;
      if (query.workingGroupId) {
        await this.groups.viewable(em, query.workingGroupId, user);
        qb.andWhere('a.body_key = :bodyKey', { bodyKey: `wg:${query.workingGroupId}` });
        scoped = true;
      }
      if (query.meetingId) {
        await this.access.viewable(em, query.meetingId, user);
        qb.andWhere('a.meeting_id = :meetingId', { meetingId: query.meetingId });
        scoped = true;
      }
      const owner = query.ownerUserId ?? (scoped ? undefined : user.id);
      if (owner) {
        if (!scoped && owner !== user.id && !isAdmin(user)) {
          throw forbidden('FORBIDDEN', "Another user's action items are listed by group or meeting only");
        }
        qb.andWhere('a.owner_user_id = :owner', { owner });
      }
      if (query.status) qb.andWhere('a.status = :status', { status: query.status });
      const after = decodeCursor<[string, string]>(query.cursor, 2);
      if (after) qb.andWhere('(a.due_on, a.id) > (:d::date, :i::uuid)', { d: after[0], i: after[1] });
      const rows = await qb
        .orderBy('a.due_on', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .limit(limit + 1)
        .getMany();
      const page = toPage(rows, limit, (r) => [r.dueOn, r.id]);
      return { items: await this.toDtos(em, page.items), nextCursor: page.nextCursor };
    });
  }

  /** The owner updates status and progress; so may the meeting's secretary (or chair). */
  update(id: string, dto: UpdateActionItemDto, user: AuthUser): Promise<ActionItemDto> {
    if (dto.status === undefined && dto.progressNote === undefined) {
      throw badRequest('NOTHING_TO_UPDATE', 'Give status or progressNote');
    }
    return this.tx.run(async (em) => {
      const item = await em.findOne(ActionItem, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw notFound('ACTION_ITEM_NOT_FOUND', 'No such action item');
      const meeting = await em.findOneByOrFail(Meeting, { id: item.meetingId });
      const isOwner = item.ownerUserId === user.id;
      if (!isOwner && !this.access.isEditor(meeting, user)) {
        if (!(await this.access.canView(em, meeting, user))) {
          throw notFound('ACTION_ITEM_NOT_FOUND', 'No such action item');
        }
        throw forbidden(
          'NOT_ACTION_ITEM_OWNER',
          "Only the item's owner or the meeting's secretary may update it",
        );
      }
      const before = { status: item.status, progressNote: item.progressNote };
      // Naming the status it already has changes only the note.
      if (dto.status !== undefined && dto.status !== item.status) {
        item.status = nextActionItemStatus(item.status, eventTo[dto.status]);
      }
      if (dto.progressNote !== undefined) item.progressNote = dto.progressNote;
      await em.save(item);
      // Reopened after it had been resolved: its reminders resume if it is overdue.
      if (isUnresolved(item.status) && !isUnresolved(before.status)) {
        await this.scheduleOverdue(em, item);
      }
      await this.audit.append(em, {
        stream: `meeting:${meeting.id}`,
        action: 'action_item.updated',
        actorId: user.id,
        entityType: 'action_item',
        entityId: item.id,
        data: { before, after: { status: item.status, progressNote: item.progressNote } },
      });
      return (await this.toDtos(em, [item]))[0];
    });
  }

  /**
   * The daily overdue reminder of one item. Idempotent by day: `lastRemindedOn` is checked and
   * set under the row lock, and the notification's event key names the day, so a duplicate job, a
   * redelivery or a worker restart never sends twice in a day. Only the run that sends schedules
   * the next day's job, so duplicate chains merge into one.
   */
  async remindOverdue(em: EntityManager, actionItemId: string, now: Date): Promise<'sent' | 'skipped'> {
    const item = await em.findOne(ActionItem, {
      where: { id: actionItemId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!item || !isUnresolved(item.status)) return 'skipped';
    const today = utcDay(now);
    // Not overdue (yet): the due day moved; the job scheduled with the change takes over.
    if (today <= item.dueOn) return 'skipped';
    if (item.lastRemindedOn && item.lastRemindedOn >= today) return 'skipped';
    const meeting = await em.findOneBy(Meeting, { id: item.meetingId });
    item.lastRemindedOn = today;
    await em.save(item);
    await this.notifications.notify(em, {
      userIds: [item.ownerUserId],
      template: 'action_item.overdue',
      params: {
        text: item.text,
        meeting: meeting ? { km: meeting.titleKm ?? meeting.title, en: meeting.title } : '',
        dueOn: item.dueOn,
      },
      link: `/meetings/${item.meetingId}`,
      eventKey: `action-item:${item.id}:overdue:${today}`,
    });
    await this.outbox.add(em, {
      name: 'meetings.action_item_overdue',
      payload: { actionItemId: item.id },
      runAt: reminderTimeOn(addDays(today, 1)),
    });
    return 'sent';
  }

  async onOverdue(payload: JobPayloads['meetings.action_item_overdue'], ctx: JobContext): Promise<void> {
    const outcome = await this.remindOverdue(ctx.em, payload.actionItemId, new Date());
    this.logger.debug(`overdue reminder ${payload.actionItemId}: ${outcome}`);
  }

  async toDtos(em: EntityManager, items: ActionItem[]): Promise<ActionItemDto[]> {
    if (!items.length) return [];
    const meetings = await em.find(Meeting, {
      where: { id: In([...new Set(items.map((i) => i.meetingId))]) },
      select: { id: true, title: true, titleKm: true },
    });
    const titles = new Map(meetings.map((m) => [m.id, m.titleKm ?? m.title]));
    const users = await this.org.findUsersByIds(
      items.map((i) => i.ownerUserId),
      em,
    );
    const names = new Map(users.map((u) => [u.id, u.fullNameKm ?? u.fullName]));
    const today = utcDay(new Date());
    return items.map((i) => ({
      id: i.id,
      meetingId: i.meetingId,
      meetingTitle: titles.get(i.meetingId) ?? null,
      bodyKey: i.bodyKey,
      agendaItemId: i.agendaItemId,
      text: i.text,
      ownerUserId: i.ownerUserId,
      ownerName: names.get(i.ownerUserId) ?? null,
      dueOn: i.dueOn,
      status: i.status,
      progressNote: i.progressNote,
      overdue: isUnresolved(i.status) && i.dueOn < today,
      updatedAt: i.updatedAt,
    }));
  }
}

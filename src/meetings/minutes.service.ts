import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { formatVerificationCode } from '../approvals/domain/verification-code.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { SignedLinks } from '../common/auth/signed-links.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import { ActionItemsService } from './action-items.service.js';
import { nextMeetingStatus } from './domain/meeting-state.js';
import { nextMinutesStatus } from './domain/minutes-state.js';
import { type SubmissionFacts, overcounted, submitBlock } from './domain/submission.js';
import type { SaveMinutesDto } from './dto/minutes.dto.js';
import type { MinutesDiffDto, MinutesDto } from './dto/meeting-views.dto.js';
import { AgendaItem } from './entities/agenda-item.entity.js';
import type { Meeting } from './entities/meeting.entity.js';
import { MinutesErratum } from './entities/minutes-erratum.entity.js';
import { MinutesRevision } from './entities/minutes-revision.entity.js';
import { toErratumDto } from './meeting-dtos.js';
import { MeetingsAccess } from './meetings.access.js';
import { MeetingsService } from './meetings.service.js';
import { canonical, diffMinutes, EMPTY_MINUTES, type MinutesContent } from './minutes-content.js';
import { quorumState } from './quorum.js';

/**
 * Drafting and reading minutes: revisions (each save a new row; a stale base is refused), a
 * revision with the list and errata, comparison of two revisions. Submission and errata:
 * `minutes-submission.service.ts`; the DWF's decisions: `minutes-decisions.service.ts`; the
 * printable record: `minutes-print.service.ts`.
 */
@Injectable()
export class MinutesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly meetings: MeetingsService,
    private readonly actionItems: ActionItemsService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly links: SignedLinks,
  ) {}

  /** An approved erratum's own PDF, as a plain link for `user`. */
  private erratumPdfUrl(e: MinutesErratum, user: AuthUser): string | null {
    return e.status === 'approved' && e.pdfFileId
      ? this.links.sign(`/api/v1/meetings/${e.meetingId}/errata/${e.id}/pdf`, user)
      : null;
  }

  /**
   * Saves revision baseRevision + 1. The meeting row is locked, so saves of one meeting queue up
   * and a save from an old base sees the newer revision and gets 409 STALE_REVISION; the unique
   * (meeting, revision) key refuses a duplicate even if that lock were bypassed. Nothing is
   * overwritten: every revision stays.
   */
  async save(id: string, dto: SaveMinutesDto, user: AuthUser): Promise<MinutesDto> {
    try {
      return await this.tx.run(async (em) => {
        const meeting = await this.access.viewable(em, id, user, true);
        this.access.assertEditor(meeting, user);
        this.assertEditable(meeting);
        if (dto.baseRevision !== meeting.minutesRevision) throw stale(meeting.minutesRevision);
        const agendaIds = new Set(
          (await em.find(AgendaItem, { where: { meetingId: id }, select: { id: true } })).map((a) => a.id),
        );
        const refs = [
          ...dto.items.map((i) => i.agendaItemId),
          ...dto.decisions.flatMap((d) => d.agendaItemId ?? []),
          ...dto.actionItems.flatMap((a) => a.agendaItemId ?? []),
        ];
        const unknown = refs.filter((r) => !agendaIds.has(r));
        if (unknown.length) {
          throw badRequest(
            'UNKNOWN_AGENDA_ITEM',
            `Not agenda items of this meeting: ${[...new Set(unknown)].join(', ')}`,
          );
        }
        const noted = dto.items.map((i) => i.agendaItemId);
        if (new Set(noted).size !== noted.length) {
          throw badRequest('DUPLICATE_AGENDA_ITEM', 'Give each agenda item its notes once');
        }
        const actionItems = await this.actionItems.syncFromMinutes(em, meeting, dto.actionItems);
        const content: MinutesContent = {
          items: dto.items.map((i) => ({ agendaItemId: i.agendaItemId, notes: i.notes })),
          decisions: dto.decisions.map((d) => ({
            text: d.text,
            agendaItemId: d.agendaItemId ?? null,
            votesFor: d.votesFor ?? null,
            votesAgainst: d.votesAgainst ?? null,
            abstentions: d.abstentions ?? null,
          })),
          actionItems,
        };
        // A save that changes nothing (a second tap of Save) is no revision: the minutes as they are.
        if (dto.baseRevision > 0) {
          const base = await em.findOneBy(MinutesRevision, { meetingId: id, revision: dto.baseRevision });
          if (base && canonical(base.content) === canonical(content)) {
            return this.view(em, meeting, dto.baseRevision, user);
          }
        }
        const revision = dto.baseRevision + 1;
        await em.insert(MinutesRevision, { meetingId: id, revision, content, authorId: user.id });
        meeting.minutesRevision = revision;
        meeting.minutesStatus = nextMinutesStatus(meeting.minutesStatus, 'save');
        // Minutes alone do not make a meeting held (attendance does): they may be prepared ahead.
        await em.save(meeting);
        await this.audit.append(em, {
          stream: `meeting:${id}`,
          action: 'minutes.saved',
          actorId: user.id,
          entityType: 'meeting',
          entityId: id,
          data: {
            revision,
            items: content.items.length,
            decisions: content.decisions.length,
            actionItems: content.actionItems.length,
          },
        });
        return this.view(em, meeting, revision, user);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'minutes_revisions_meeting_revision_key')) throw stale(dto.baseRevision + 1);
      throw err;
    }
  }

  /** The meeting takes records (not cancelled) and the minutes take a save (not submitted or approved). */
  private assertEditable(meeting: Meeting): void {
    nextMeetingStatus(meeting.status, 'record');
    nextMinutesStatus(meeting.minutesStatus, 'save');
  }

  /** What decides whether the latest revision may be submitted (domain/submission.ts). */
  async submissionFacts(em: EntityManager, meeting: Meeting): Promise<SubmissionFacts> {
    const participants = await this.meetings.participants(em, meeting.id);
    const latest = meeting.minutesRevision
      ? await em.findOneBy(MinutesRevision, { meetingId: meeting.id, revision: meeting.minutesRevision })
      : null;
    const quorum = quorumState(meeting, participants);
    const decisions = latest?.content.decisions ?? [];
    return {
      status: meeting.status,
      minutesStatus: meeting.minutesStatus,
      startsAt: meeting.startsAt,
      present: participants.filter((p) => p.attendance === 'present').length,
      quorum,
      decisions: decisions.length,
      overcounted: overcounted(decisions, quorum.present),
    };
  }

  get(id: string, revision: number | undefined, user: AuthUser): Promise<MinutesDto> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user);
      return this.view(em, meeting, revision, user);
    });
  }

  diff(id: string, from: number, to: number, user: AuthUser): Promise<MinutesDiffDto> {
    return this.tx.run(async (em) => {
      await this.access.viewable(em, id, user);
      const rows = await em.find(MinutesRevision, { where: { meetingId: id, revision: In([from, to]) } });
      const a = rows.find((r) => r.revision === from);
      const b = rows.find((r) => r.revision === to);
      if (!a || !b) throw notFound('REVISION_NOT_FOUND', `No revision ${!a ? from : to} of these minutes`);
      return { from, to, ...diffMinutes(a.content, b.content) };
    });
  }

  /** The minutes at a revision (default: the latest), with the revision list and errata. */
  async view(em: EntityManager, meeting: Meeting, revision?: number, user?: AuthUser): Promise<MinutesDto> {
    const wanted = revision ?? meeting.minutesRevision;
    const row = wanted
      ? await em.findOneBy(MinutesRevision, { meetingId: meeting.id, revision: wanted })
      : null;
    if (wanted && !row) throw notFound('REVISION_NOT_FOUND', `No revision ${wanted} of these minutes`);
    const revisions = await em.find(MinutesRevision, {
      where: { meetingId: meeting.id },
      select: { revision: true, authorId: true, createdAt: true },
      order: { revision: 'ASC' },
    });
    const authors = await this.org.findUsersByIds(
      revisions.map((r) => r.authorId),
      em,
    );
    const names = new Map(authors.map((u) => [u.id, u.fullNameKm ?? u.fullName]));
    const errata = await em.find(MinutesErratum, {
      where: { meetingId: meeting.id },
      order: { createdAt: 'ASC' },
    });
    const content = row?.content ?? EMPTY_MINUTES;
    return {
      meetingId: meeting.id,
      status: meeting.minutesStatus,
      revision: row?.revision ?? 0,
      latestRevision: meeting.minutesRevision,
      authorId: row?.authorId ?? null,
      savedAt: row?.createdAt ?? null,
      items: content.items,
      decisions: content.decisions,
      actionItems: content.actionItems,
      revisions: revisions.map((r) => ({
        revision: r.revision,
        authorId: r.authorId,
        authorName: names.get(r.authorId) ?? null,
        createdAt: r.createdAt,
      })),
      verificationCode:
        meeting.minutesStatus === 'approved' && meeting.minutesVerificationCode
          ? formatVerificationCode(meeting.minutesVerificationCode)
          : null,
      errata: errata.map((e) => toErratumDto(e, user ? this.erratumPdfUrl(e, user) : null)),
      submitBlock: submitBlock(await this.submissionFacts(em, meeting)),
    };
  }
}

const stale = (latest: number) =>
  conflict(
    'STALE_REVISION',
    'The minutes changed since this edit started; reload the latest revision and apply the edit again',
    {
      latestRevision: latest,
    },
  );

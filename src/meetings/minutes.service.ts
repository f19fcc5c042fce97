import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { formatVerificationCode } from '../approvals/domain/verification-code.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { SignedLinks } from '../common/auth/signed-links.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import type { JobContext, JobPayloads } from '../outbox/jobs.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import { ActionItemsService } from './action-items.service.js';
import { agendaTree } from './agenda.js';
import { canErratumTransition, nextErratumStatus } from './domain/erratum-state.js';
import { canMeetingTransition, nextMeetingStatus } from './domain/meeting-state.js';
import { canMinutesTransition, nextMinutesStatus } from './domain/minutes-state.js';
import { type SubmissionFacts, submitBlock, submitRefusal } from './domain/submission.js';
import type { CreateErratumDto, SaveMinutesDto } from './dto/minutes.dto.js';
import type { ErratumDto, MinutesDiffDto, MinutesDto } from './dto/meeting-views.dto.js';
import { AgendaItem } from './entities/agenda-item.entity.js';
import { Meeting } from './entities/meeting.entity.js';
import { MinutesErratum } from './entities/minutes-erratum.entity.js';
import { MinutesRevision } from './entities/minutes-revision.entity.js';
import { bodyOf, MeetingsAccess } from './meetings.access.js';
import { MeetingsService } from './meetings.service.js';
import { MinutesApproval } from './minutes-approval.js';
import { diffMinutes, EMPTY_MINUTES, type MinutesContent } from './minutes-content.js';
import { renderMinutesHtml } from './minutes-print.js';
import { qrSvg } from '../pdf/html.js';
import { quorumState } from './quorum.js';

const toErratumDto = (e: MinutesErratum, pdfUrl: string | null = null): ErratumDto => ({
  id: e.id,
  meetingId: e.meetingId,
  text: e.text,
  status: e.status,
  documentId: e.documentId,
  verificationCode: e.verificationCode ? formatVerificationCode(e.verificationCode) : null,
  authorId: e.authorId,
  createdAt: e.createdAt,
  pdfUrl,
});

/**
 * Minutes: revisions (each save a new row; a stale base is refused), comparison, submission to
 * the DWF with the chair as approver, locking on approval, errata, and the printable record.
 */
@Injectable()
export class MinutesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly meetings: MeetingsService,
    private readonly actionItems: ActionItemsService,
    private readonly groups: WorkingGroupsService,
    private readonly org: OrgService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly approval: MinutesApproval,
    private readonly config: AppConfig,
    private readonly links: SignedLinks,
  ) {}

  /** An approved erratum's own PDF, as a plain link for `user`. */
  private erratumPdfUrl(e: MinutesErratum, user: AuthUser): string | null {
    return e.status === 'approved' && e.pdfFileId
      ? this.links.sign(`/api/v1/meetings/${e.meetingId}/errata/${e.id}/pdf`, user)
      : null;
  }

  /** The QR code (SVG) of approved minutes' verification link, for the printable page in the app. */
  qr(id: string, user: AuthUser): Promise<string> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user);
      if (meeting.minutesStatus !== 'approved' || !meeting.minutesVerificationCode) {
        throw conflict('MINUTES_NOT_APPROVED', 'Only approved minutes have a verification code');
      }
      return qrSvg(this.verificationUrl(meeting.minutesVerificationCode));
    });
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
  private async submissionFacts(em: EntityManager, meeting: Meeting): Promise<SubmissionFacts> {
    const participants = await this.meetings.participants(em, meeting.id);
    const latest = meeting.minutesRevision
      ? await em.findOneBy(MinutesRevision, { meetingId: meeting.id, revision: meeting.minutesRevision })
      : null;
    return {
      status: meeting.status,
      minutesStatus: meeting.minutesStatus,
      startsAt: meeting.startsAt,
      present: participants.filter((p) => p.attendance === 'present').length,
      quorum: quorumState(meeting, participants),
      decisions: latest?.content.decisions.length ?? 0,
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

  /** Sends the latest revision to the DWF as a document of type `minutes`, the chair approving. */
  submit(id: string, user: AuthUser): Promise<MinutesDto> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user, true);
      this.access.assertSecretary(meeting, user);
      // Only the minutes of a meeting that was held, and decisions only with a quorum.
      const facts = await this.submissionFacts(em, meeting);
      const block = submitBlock(facts);
      if (block) throw submitRefusal(block, facts);
      const html = await this.printHtml(em, meeting, meeting.minutesRevision);
      const { documentId } = await this.approval.submit(em, {
        kind: 'minutes',
        meeting,
        submitterId: user.id,
        title: `កំណត់ហេតុប្រជុំ ${meeting.titleKm ?? meeting.title}`,
        html,
      });
      // Submitted minutes say it took place (a row marked present without the attendance route).
      if (canMeetingTransition(meeting.status, 'hold'))
        meeting.status = nextMeetingStatus(meeting.status, 'hold');
      meeting.minutesStatus = nextMinutesStatus(meeting.minutesStatus, 'submit');
      meeting.minutesSubmittedRevision = meeting.minutesRevision;
      meeting.minutesDocumentId = documentId;
      await em.save(meeting);
      await this.audit.append(em, {
        stream: `meeting:${id}`,
        action: 'minutes.submitted',
        actorId: user.id,
        entityType: 'meeting',
        entityId: id,
        data: { revision: meeting.minutesRevision, documentId },
      });
      return this.view(em, meeting, undefined, user);
    });
  }

  /**
   * The DWF decided on the minutes' document (called in the approvals job's transaction).
   * Approved: the minutes lock and are published to the body's members with the verification
   * code. Returned or rejected: back to draft, editable again. Idempotent: a decision about a
   * document that is no longer the meeting's current one, or already applied, does nothing.
   */
  async applyDecision(
    em: EntityManager,
    documentId: string,
    decision: {
      status: 'approved' | 'returned' | 'rejected' | 'withdrawn';
      verificationCode?: string | null;
      at?: Date;
    },
  ): Promise<void> {
    const erratum = await em.findOne(MinutesErratum, {
      where: { documentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (erratum) return this.applyErratumDecision(em, erratum, decision);
    const meeting = await em.findOne(Meeting, {
      where: { minutesDocumentId: documentId },
      lock: { mode: 'pessimistic_write' },
    });
    const event = decision.status === 'approved' ? 'approve' : 'return';
    if (!meeting || !canMinutesTransition(meeting.minutesStatus, event)) return;
    meeting.minutesStatus = nextMinutesStatus(meeting.minutesStatus, event);
    if (event === 'return') {
      await em.save(meeting);
      await this.audit.append(em, {
        stream: `meeting:${meeting.id}`,
        action: `minutes.${decision.status}`,
        actorId: null,
        entityType: 'meeting',
        entityId: meeting.id,
        data: { documentId },
      });
      return;
    }
    meeting.minutesApprovedAt = decision.at ?? new Date();
    meeting.minutesVerificationCode = decision.verificationCode ?? null;
    await em.save(meeting);
    await this.audit.append(em, {
      stream: `meeting:${meeting.id}`,
      action: 'minutes.approved',
      actorId: null,
      entityType: 'meeting',
      entityId: meeting.id,
      data: {
        documentId,
        revision: meeting.minutesSubmittedRevision,
        verificationCode: meeting.minutesVerificationCode,
      },
    });
    await this.notifications.notify(em, {
      userIds: await this.meetings.audienceOf(em, meeting),
      template: 'minutes.published',
      params: {
        meeting: { km: meeting.titleKm ?? meeting.title, en: meeting.title },
        verificationCode: meeting.minutesVerificationCode
          ? formatVerificationCode(meeting.minutesVerificationCode)
          : '-',
      },
      link: `/meetings/${meeting.id}`,
      eventKey: `meeting:${meeting.id}:minutes-approved`,
    });
  }

  /** The approvals engine's report of a decision on a minutes (or erratum) document. */
  async onMinutesDecided(
    payload: JobPayloads['meetings.minutes_decided'],
    { em }: JobContext,
  ): Promise<void> {
    await this.applyDecision(em, payload.documentId, {
      status: payload.status,
      verificationCode: payload.verificationCode,
      at: new Date(payload.decidedAt),
    });
  }

  private async applyErratumDecision(
    em: EntityManager,
    erratum: MinutesErratum,
    decision: { status: string; verificationCode?: string | null; at?: Date },
  ): Promise<void> {
    const event = decision.status === 'approved' ? 'approve' : 'reject';
    if (!canErratumTransition(erratum.status, event)) return;
    erratum.status = nextErratumStatus(erratum.status, event);
    erratum.verificationCode = decision.verificationCode ?? null;
    erratum.decidedAt = decision.at ?? new Date();
    await em.save(erratum);
    await this.audit.append(em, {
      stream: `meeting:${erratum.meetingId}`,
      action: `erratum.${erratum.status}`,
      actorId: null,
      entityType: 'minutes_erratum',
      entityId: erratum.id,
      data: { documentId: erratum.documentId },
    });
    if (erratum.status === 'approved') {
      const meeting = await em.findOneByOrFail(Meeting, { id: erratum.meetingId });
      await this.notifications.notify(em, {
        userIds: await this.meetings.audienceOf(em, meeting),
        template: 'minutes.published',
        params: {
          meeting: { km: `${meeting.titleKm ?? meeting.title} (កំណែតម្រូវ)`, en: `${meeting.title} (erratum)` },
          verificationCode: erratum.verificationCode ? formatVerificationCode(erratum.verificationCode) : '-',
        },
        link: `/meetings/${meeting.id}`,
        eventKey: `erratum:${erratum.id}:approved`,
      });
    }
  }

  /** A correction to approved minutes, itself approved through the DWF by the chair. */
  createErratum(id: string, dto: CreateErratumDto, user: AuthUser): Promise<ErratumDto> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user, true);
      this.access.assertEditor(meeting, user);
      meeting.minutesStatus = nextMinutesStatus(meeting.minutesStatus, 'correct');
      const erratum = await em.save(
        em.create(MinutesErratum, { meetingId: id, text: dto.text, authorId: user.id }),
      );
      const { documentId } = await this.approval.submit(em, {
        kind: 'minutes_erratum',
        meeting,
        submitterId: user.id,
        title: `កំណែតម្រូវកំណត់ហេតុប្រជុំ ${meeting.titleKm ?? meeting.title}`,
        html: `<!DOCTYPE html><html lang="km"><meta charset="utf-8"><body><p>${escapeText(dto.text)}</p></body></html>`,
      });
      erratum.documentId = documentId;
      await em.save(erratum);
      await this.audit.append(em, {
        stream: `meeting:${id}`,
        action: 'erratum.submitted',
        actorId: user.id,
        entityType: 'minutes_erratum',
        entityId: erratum.id,
        data: { documentId },
      });
      return toErratumDto(erratum);
    });
  }

  /** The printable page: the approved revision once approved, else the latest (marked as a draft). */
  printable(id: string, user: AuthUser): Promise<string> {
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, id, user);
      const revision =
        meeting.minutesStatus === 'approved' || meeting.minutesStatus === 'in_approval'
          ? (meeting.minutesSubmittedRevision ?? meeting.minutesRevision)
          : meeting.minutesRevision;
      return this.printHtml(em, meeting, revision);
    });
  }

  /**
   * The printable page of a revision. `final`: the form approved minutes are rendered in at sign-off
   * (no draft mark; the new verification code and its QR code), before the meeting records them.
   */
  async printHtml(
    em: EntityManager,
    meeting: Meeting,
    revision: number,
    final?: { verificationCode: string; approvedAt: Date },
  ): Promise<string> {
    const row = revision ? await em.findOneBy(MinutesRevision, { meetingId: meeting.id, revision }) : null;
    const content = row?.content ?? EMPTY_MINUTES;
    const agenda = await em.find(AgendaItem, { where: { meetingId: meeting.id } });
    const participants = await this.meetings.participants(em, meeting.id);
    const errata = await em.find(MinutesErratum, {
      where: { meetingId: meeting.id, status: 'approved' },
      order: { createdAt: 'ASC' },
    });
    const ids = [
      meeting.chairUserId,
      meeting.secretaryUserId,
      ...content.actionItems.map((a) => a.ownerUserId),
      ...agenda.flatMap((a) => (a.presenterUserId ? [a.presenterUserId] : [])),
    ];
    const users = await this.org.findUsersByIds(ids, em);
    const userNames = new Map(users.map((u) => [u.id, u.fullNameKm ?? u.fullName]));
    const raw = final
      ? final.verificationCode
      : meeting.minutesStatus === 'approved'
        ? meeting.minutesVerificationCode
        : null;
    const code = raw ? formatVerificationCode(raw) : null;
    const verificationUrl = code ? `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/verify/${code}` : null;
    return renderMinutesHtml({
      title: meeting.title,
      titleKm: meeting.titleKm,
      bodyName: await this.bodyName(em, meeting),
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      location: meeting.location,
      chairName: userNames.get(meeting.chairUserId) ?? '',
      secretaryName: userNames.get(meeting.secretaryUserId) ?? '',
      status: final ? 'approved' : meeting.minutesStatus,
      revision,
      agenda: agendaTree(agenda),
      participants,
      quorum: quorumState(meeting, participants),
      content,
      userNames,
      verificationCode: code,
      verificationUrl,
      qrSvg: verificationUrl ? await qrSvg(verificationUrl) : null,
      approvedAt: final ? final.approvedAt : meeting.minutesApprovedAt,
      errata: errata.map((e) => ({
        text: e.text,
        verificationCode: e.verificationCode ? formatVerificationCode(e.verificationCode) : null,
        createdAt: e.createdAt,
      })),
    });
  }

  /** The verification URL of a (raw) code. */
  verificationUrl(raw: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/verify/${formatVerificationCode(raw)}`;
  }

  async bodyName(em: EntityManager, meeting: Meeting): Promise<string> {
    const body = bodyOf(meeting);
    if (body.kind === 'wg') {
      const g = await this.groups.findGroup(em, body.id);
      return g ? (g.nameKm ? `${g.nameKm} (${g.name})` : g.name) : '';
    }
    if (body.kind === 'unit') {
      const u = await this.org.getUnit(body.id, em);
      return u ? (u.nameKm ? `${u.nameKm} (${u.name})` : u.name) : '';
    }
    return 'សមាគម / Association';
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

const escapeText = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

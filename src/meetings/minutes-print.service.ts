import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatVerificationCode } from '../approvals/domain/verification-code.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import { qrSvg } from '../pdf/html.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import { agendaTree } from './agenda.js';
import { AgendaItem } from './entities/agenda-item.entity.js';
import type { Meeting } from './entities/meeting.entity.js';
import { MinutesErratum } from './entities/minutes-erratum.entity.js';
import { MinutesRevision } from './entities/minutes-revision.entity.js';
import { bodyOf, MeetingsAccess } from './meetings.access.js';
import { MeetingsService } from './meetings.service.js';
import { EMPTY_MINUTES } from './minutes-content.js';
import { renderMinutesHtml } from './minutes-print.js';
import { quorumState } from './quorum.js';

/**
 * The printable record of the minutes (`minutes-print.ts` renders it): the page of a revision, in
 * draft or final form, its verification link and QR code. The PDFs: `minutes-pdf.service.ts`.
 */
@Injectable()
export class MinutesPrintService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly meetings: MeetingsService,
    private readonly groups: WorkingGroupsService,
    private readonly org: OrgService,
    private readonly config: AppConfig,
  ) {}

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
    const verificationUrl = raw ? this.verificationUrl(raw) : null;
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
}

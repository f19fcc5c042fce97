import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { RequestDto, RespondRequestDto } from './dto/progress-report.dto.js';
import { answerEvent, canRequestTransition, nextRequestStatus } from './domain/request-state.js';
import { ProgressReport } from './entities/progress-report.entity.js';
import { ReportRequest } from './entities/report-request.entity.js';
import { WorkingGroup } from './entities/working-group.entity.js';
import { logGroupChange } from './working-group-audit.js';
import { WorkingGroupsAccess } from './working-groups.access.js';
import { WorkingGroupsService } from './working-groups.service.js';

export const toRequestDto = (
  r: ReportRequest,
  groupId: string,
  addressees: Map<string, WorkingGroup>,
): RequestDto => ({
  id: r.id,
  reportId: r.reportId,
  groupId,
  addresseeGroupId: r.addresseeGroupId,
  addresseeGroupName: addressees.get(r.addresseeGroupId)?.name ?? '',
  addresseeGroupNameKm: addressees.get(r.addresseeGroupId)?.nameKm ?? null,
  raisable: canRequestTransition(r.status, 'raise') && !!addressees.get(r.addresseeGroupId)?.parentId,
  text: r.text,
  status: r.status,
  response: r.response,
  respondedById: r.respondedById,
  respondedAt: r.respondedAt,
  raisedToGroupId: r.raisedToGroupId,
  raisedAt: r.raisedAt,
  createdAt: r.createdAt,
});

const STATUS_WORDS = {
  accepted: { km: 'បានទទួលយក', en: 'accepted' },
  declined: { km: 'បានបដិសេធ', en: 'declined' },
  done: { km: 'បានបំពេញរួច', en: 'done' },
};

/**
 * Requests to the parent group, made in progress reports: filed with a report (addressed to the
 * parent group's chair), answered by the addressee's chair, raised one level up.
 */
@Injectable()
export class ReportRequestsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: WorkingGroupsAccess,
    private readonly groups: WorkingGroupsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The requests of a new report (in the report's transaction): addressed to the parent group (the
   * group itself at the top), whose chairs are notified.
   */
  async fileForReport(
    em: EntityManager,
    report: ProgressReport,
    group: WorkingGroup,
    texts: { text: string }[],
  ): Promise<ReportRequest[]> {
    const addressee = group.parentId ?? group.id;
    const requests: ReportRequest[] = [];
    for (const r of texts) {
      requests.push(
        await em.save(
          em.create(ReportRequest, { reportId: report.id, addresseeGroupId: addressee, text: r.text }),
        ),
      );
    }
    if (requests.length) await this.notifyAddressee(em, addressee, group, requests, 'received');
    return requests;
  }

  respond(requestId: string, dto: RespondRequestDto, actor: AuthUser): Promise<RequestDto> {
    return this.tx.run(async (em) => {
      const { request, report, group } = await this.loadRequest(em, requestId, actor);
      if (
        !isAdmin(actor) &&
        !(await this.access.hasRole(em, request.addresseeGroupId, actor.id, ['chair']))
      ) {
        throw forbidden(
          'NOT_ADDRESSEE_CHAIR',
          'Only the chair of the group the request is addressed to answers it',
        );
      }
      request.status = nextRequestStatus(request.status, answerEvent[dto.status]);
      request.response = dto.response;
      request.respondedById = actor.id;
      request.respondedAt = new Date();
      await em.save(request);
      await logGroupChange(
        this.audit,
        em,
        group.id,
        'request.answered',
        actor,
        'report_request',
        request.id,
        {
          status: request.status,
          addresseeGroupId: request.addresseeGroupId,
        },
      );
      await this.notifications.notify(em, {
        userIds: [report.authorId],
        template: 'working_group.request_answered',
        params: {
          group: { km: group.nameKm ?? group.name, en: group.name },
          request: request.text,
          status: STATUS_WORDS[dto.status],
          response: dto.response,
        },
        link: `/groups/${group.id}`,
        eventKey: `request:${request.id}:answered`,
      });
      return toRequestDto(request, group.id, await this.addresseesOf(em, [request]));
    });
  }

  /**
   * Moves an unanswered request one level up: to the parent of the group it is addressed to. The
   * reporting group's lead (chair) or secretary raises it (or an admin); its other members may not.
   * One transaction: the request, the audit entry, and the new addressee chair's notification.
   */
  raise(requestId: string, actor: AuthUser): Promise<RequestDto> {
    return this.tx.run(async (em) => {
      const { request, group } = await this.loadRequest(em, requestId, actor);
      if (!isAdmin(actor) && !(await this.access.hasRole(em, group.id, actor.id, ['chair', 'secretary']))) {
        throw forbidden(
          'NOT_GROUP_LEAD',
          'Only the chair or the secretary of the reporting group raises its request',
        );
      }
      const status = nextRequestStatus(request.status, 'raise');
      const current = await em.findOneByOrFail(WorkingGroup, { id: request.addresseeGroupId });
      const target = current.parentId;
      if (!target) throw conflict('NO_PARENT_GROUP', 'There is no higher group to raise the request to');
      request.addresseeGroupId = target;
      request.raisedToGroupId = target;
      request.raisedAt = new Date();
      request.status = status;
      await em.save(request);
      await logGroupChange(this.audit, em, group.id, 'request.raised', actor, 'report_request', request.id, {
        to: target,
      });
      await this.notifyAddressee(em, target, group, [request], 'raised');
      return toRequestDto(request, group.id, await this.addresseesOf(em, [request]));
    });
  }

  /** The groups the requests are addressed to, by id (their names, and whether one is above them). */
  async addresseesOf(em: EntityManager, requests: ReportRequest[]): Promise<Map<string, WorkingGroup>> {
    const ids = [...new Set(requests.map((r) => r.addresseeGroupId))];
    if (!ids.length) return new Map();
    return new Map((await em.findBy(WorkingGroup, { id: In(ids) })).map((g) => [g.id, g]));
  }

  private async loadRequest(em: EntityManager, requestId: string, actor: AuthUser) {
    const request = await em.findOne(ReportRequest, {
      where: { id: requestId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!request) throw notFound('REQUEST_NOT_FOUND', 'No such request');
    const report = await em.findOneByOrFail(ProgressReport, { id: request.reportId });
    const group = await em.findOneByOrFail(WorkingGroup, { id: report.groupId });
    // Visible to those who see the reporting group or belong to the group it is addressed to.
    const visible =
      (await this.access.canView(em, group, actor)) ||
      (await this.access.isMember(em, request.addresseeGroupId, actor.id));
    if (!visible) throw notFound('REQUEST_NOT_FOUND', 'No such request');
    return { request, report, group };
  }

  private async notifyAddressee(
    em: EntityManager,
    addresseeGroupId: string,
    from: WorkingGroup,
    requests: ReportRequest[],
    kind: 'received' | 'raised',
  ): Promise<void> {
    const members = await this.groups.members(em, addresseeGroupId);
    const chairs = members.filter((m) => m.role === 'chair').map((m) => m.userId);
    for (const r of requests) {
      await this.notifications.notify(em, {
        userIds: chairs,
        template: 'working_group.request_received',
        params: { group: { km: from.nameKm ?? from.name, en: from.name }, request: r.text },
        link: `/groups/${addresseeGroupId}`,
        eventKey: `request:${r.id}:${kind}:${addresseeGroupId}`,
      });
    }
  }
}

import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict, forbidden } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import type {
  CreateProgressReportDto,
  ProgressReportDto,
  ProgressReportsDto,
} from './dto/progress-report.dto.js';
import { ProgressReport } from './entities/progress-report.entity.js';
import { ReportRequest } from './entities/report-request.entity.js';
import type { WorkingGroup } from './entities/working-group.entity.js';
import { periodEndKey, rollUp } from './periods.js';
import { ReportRequestsService, toRequestDto } from './report-requests.service.js';
import { logGroupChange } from './working-group-audit.js';
import { WorkingGroupsAccess } from './working-groups.access.js';
import { WorkingGroupsService } from './working-groups.service.js';

const periodAfter = (a: string, b: string): boolean => periodEndKey(a) > periodEndKey(b);

/** Progress reports: one per group and period, with their requests; the roll-up over a group's subtree. */
@Injectable()
export class ProgressReportsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: WorkingGroupsAccess,
    private readonly groups: WorkingGroupsService,
    private readonly requests: ReportRequestsService,
    private readonly audit: AuditService,
  ) {}

  createReport(groupId: string, dto: CreateProgressReportDto, actor: AuthUser): Promise<ProgressReportDto> {
    return this.tx
      .run(async (em) => {
        const group = await this.access.viewable(em, groupId, actor);
        if (!(await this.access.isMember(em, group.id, actor.id))) {
          throw forbidden('NOT_GROUP_MEMBER', 'Only a member of the group reports its progress');
        }
        const report = await em.save(
          em.create(ProgressReport, {
            groupId,
            period: dto.period,
            progressPercent: dto.progressPercent,
            achievements: dto.achievements || null,
            challenges: dto.challenges || null,
            authorId: actor.id,
          }),
        );
        const requests = await this.requests.fileForReport(em, report, group, dto.requests ?? []);
        await logGroupChange(
          this.audit,
          em,
          groupId,
          'progress_report.created',
          actor,
          'progress_report',
          report.id,
          {
            period: report.period,
            progressPercent: report.progressPercent,
            requests: requests.map((r) => r.id),
          },
        );
        return this.reportDto(report, group, requests, await this.requests.addresseesOf(em, requests));
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err, 'progress_reports_group_period_key')) {
          throw conflict('PROGRESS_REPORT_EXISTS', 'The group already reported for this period');
        }
        throw err;
      });
  }

  /** Reports of the group and all its sub-groups, newest period first, with the roll-up. */
  listReports(groupId: string, period: string | undefined, viewer: AuthUser): Promise<ProgressReportsDto> {
    return this.tx.run(async (em) => {
      await this.access.viewable(em, groupId, viewer);
      const groups = await this.groups.subtree(em, groupId);
      const byId = new Map(groups.map((g) => [g.id, g]));
      const all = await em.find(ProgressReport, {
        where: { groupId: In([...byId.keys()]) },
        order: { createdAt: 'DESC' },
      });
      const shown = period ? all.filter((r) => r.period === period) : all;
      const requests = shown.length
        ? await em.find(ReportRequest, {
            where: { reportId: In(shown.map((r) => r.id)) },
            order: { createdAt: 'ASC' },
          })
        : [];
      const addressees = await this.requests.addresseesOf(em, requests);
      const reports = shown
        .sort((a, b) => (periodAfter(a.period, b.period) ? -1 : periodAfter(b.period, a.period) ? 1 : 0))
        .map((r) =>
          this.reportDto(
            r,
            byId.get(r.groupId)!,
            requests.filter((q) => q.reportId === r.id),
            addressees,
          ),
        );
      const entries = rollUp(
        groupId,
        groups.map((g) => ({ id: g.id, parentId: g.parentId })),
        (period ? shown : all).map((r) => ({
          groupId: r.groupId,
          period: r.period,
          progressPercent: r.progressPercent,
        })),
      );
      return {
        groupId,
        reports,
        rollUp: entries.map((e) => ({
          groupId: e.groupId,
          groupName: byId.get(e.groupId)?.name ?? '',
          parentId: byId.get(e.groupId)?.parentId ?? null,
          latestPeriod: e.latest?.period ?? null,
          latestPercent: e.latest?.progressPercent ?? null,
          rolledUpPercent: e.rolledUpPercent,
        })),
      };
    });
  }

  /** The latest progress report of each of these groups (for the group page). */
  async latestReports(em: EntityManager, groupIds: string[]): Promise<Map<string, ProgressReport>> {
    const reports = groupIds.length
      ? await em.find(ProgressReport, { where: { groupId: In(groupIds) } })
      : [];
    const latest = new Map<string, ProgressReport>();
    for (const r of reports) {
      const cur = latest.get(r.groupId);
      if (!cur || periodAfter(r.period, cur.period)) latest.set(r.groupId, r);
    }
    return latest;
  }

  private reportDto(
    r: ProgressReport,
    group: WorkingGroup,
    requests: ReportRequest[],
    addressees: Map<string, WorkingGroup>,
  ): ProgressReportDto {
    return {
      id: r.id,
      groupId: r.groupId,
      groupName: group.name,
      groupNameKm: group.nameKm,
      period: r.period,
      progressPercent: r.progressPercent,
      achievements: r.achievements,
      challenges: r.challenges,
      authorId: r.authorId,
      createdAt: r.createdAt,
      requests: requests.map((q) => toRequestDto(q, r.groupId, addressees)),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { AssociationsAccess } from './associations-access.js';
import type { MemberImportReportDto, MemberImportRowDto } from './dto/association.dto.js';
import {
  checkImportRows,
  CsvError,
  describeProblem,
  type ImportProblem,
  parseCsv,
  problem,
} from './members-csv.js';

/** A row's report when it is refused: its problems, and the same in words. */
const rejected = (line: number, user: string | null, problems: ImportProblem[]): MemberImportRowDto => ({
  line,
  outcome: 'rejected',
  user,
  reason: problems.map(describeProblem).join('; '),
  problems,
});

/** The CSV import of an association's members, row by row (association admins). */
@Injectable()
export class MemberImportService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly access: AssociationsAccess,
  ) {}

  /**
   * Row-by-row import: each row's outcome is reported (`imported`, `unchanged` when the user is
   * already a member, `rejected` with a reason); one bad row does not refuse the file, and a
   * re-upload of the same file imports nothing twice (its rows come back `unchanged`).
   *
   * Transaction shape: one transaction for the whole file. The rows are checked first (shape, the
   * user exists, not already a member, member number free, no duplicate in the file) against what
   * the transaction reads; the good rows then go in with ONE `INSERT ... ON CONFLICT DO NOTHING
   * RETURNING`, so a row that a concurrent change made a duplicate (the same user or member number
   * added meanwhile) is skipped and reported instead of aborting the others: the effect a savepoint
   * per row would have, without 20,000 savepoints. One audit entry records the counts. If anything
   * else fails, nothing of the file is imported, and uploading it again is safe.
   */
  async importMembers(
    user: AuthUser,
    associationId: string,
    csv: string,
    lineOffset = 0,
  ): Promise<MemberImportReportDto> {
    let parsed;
    let checked;
    try {
      parsed = parseCsv(csv);
      checked = checkImportRows(parsed.header, parsed.rows);
    } catch (err) {
      if (err instanceof CsvError) throw badRequest('CSV_INVALID', err.message);
      throw err;
    }
    return this.tx.run(async (em) => {
      await this.access.admin(user, associationId, em);
      const outcomes = new Map<number, MemberImportRowDto>();
      const named = (fields: Record<string, string>) => fields.username || fields.userid || null;
      const unchanged = (line: number, name: string | null): MemberImportRowDto => ({
        line,
        outcome: 'unchanged',
        user: name,
        reason: 'already a member',
        problems: [problem('ALREADY_MEMBER')],
      });
      for (const r of checked.rejected) {
        const row = parsed.rows.find((p) => p.line === r.line);
        outcomes.set(r.line, {
          line: r.line,
          outcome: 'rejected',
          user: row ? named(row.fields) : null,
          reason: r.reason,
          problems: r.problems,
        });
      }
      const rows = checked.ok;
      // Resolve users by username or id (one query).
      const users = await em.query<{ id: string; username: string }[]>(
        `SELECT id, username FROM org_people WHERE username = ANY($1::text[]) OR id = ANY($2::uuid[])`,
        [
          rows.filter((r) => r.username).map((r) => r.username),
          rows.filter((r) => r.userId).map((r) => r.userId),
        ],
      );
      const byUsername = new Map(users.map((u) => [u.username, u.id]));
      const byId = new Set(users.map((u) => u.id));
      const existing = await em.query<{ user_id: string; member_no: string | null }[]>(
        `SELECT user_id, member_no FROM association_members WHERE association_id = $1`,
        [associationId],
      );
      const existingUsers = new Set(existing.map((e) => e.user_id));
      const existingNos = new Set(existing.map((e) => e.member_no).filter(Boolean));
      const seenUsers = new Map<string, number>();
      const seenNos = new Map<string, number>();
      const good: { userId: string; row: (typeof rows)[number] }[] = [];
      for (const row of rows) {
        const name = row.username ?? row.userId;
        const userId = row.userId
          ? byId.has(row.userId)
            ? row.userId
            : null
          : (byUsername.get(row.username!) ?? null);
        const problems: ImportProblem[] = [];
        const reject = () => outcomes.set(row.line, rejected(row.line, name, problems));
        if (!userId)
          problems.push(
            row.userId ? problem('USER_ID_UNKNOWN', row.userId) : problem('USERNAME_UNKNOWN', row.username),
          );
        else if (seenUsers.has(userId)) problems.push(problem('USER_REPEATED', null, seenUsers.get(userId)));
        else if (existingUsers.has(userId)) {
          // Already a member: nothing to do (a re-upload of the same file lands here).
          seenUsers.set(userId, row.line);
          outcomes.set(row.line, unchanged(row.line, name));
          continue;
        }
        if (row.memberNo) {
          if (existingNos.has(row.memberNo)) problems.push(problem('MEMBER_NO_TAKEN', row.memberNo));
          else if (seenNos.has(row.memberNo))
            problems.push(problem('MEMBER_NO_REPEATED', row.memberNo, seenNos.get(row.memberNo)));
        }
        if (userId && !seenUsers.has(userId)) seenUsers.set(userId, row.line);
        if (problems.length) {
          reject();
          continue;
        }
        if (row.memberNo) seenNos.set(row.memberNo, row.line);
        good.push({ userId: userId!, row });
      }
      const inserted = good.length
        ? await em.query<{ user_id: string }[]>(
            `INSERT INTO association_members (association_id, user_id, status, member_no, joined_on, role)
             SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[])
             ON CONFLICT DO NOTHING
             RETURNING user_id`,
            [
              associationId,
              good.map((g) => g.userId),
              good.map((g) => g.row.status),
              good.map((g) => g.row.memberNo),
              good.map((g) => g.row.joinedOn),
              good.map((g) => g.row.role),
            ],
          )
        : [];
      const added = new Set(inserted.map((r) => r.user_id));
      const skipped = good.filter((g) => !added.has(g.userId));
      // Rows a concurrent change made duplicates: already a member now, or their number taken.
      const nowMembers = skipped.length
        ? new Set(
            (
              await em.query<{ user_id: string }[]>(
                `SELECT user_id FROM association_members WHERE association_id = $1 AND user_id = ANY($2::uuid[])`,
                [associationId, skipped.map((g) => g.userId)],
              )
            ).map((r) => r.user_id),
          )
        : new Set<string>();
      for (const { userId, row } of good) {
        const name = row.username ?? row.userId;
        if (added.has(userId))
          outcomes.set(row.line, {
            line: row.line,
            outcome: 'imported',
            user: name,
            reason: null,
            problems: [],
          });
        else if (nowMembers.has(userId)) outcomes.set(row.line, unchanged(row.line, name));
        else {
          outcomes.set(row.line, rejected(row.line, name, [problem('MEMBER_NO_TAKEN', row.memberNo)]));
        }
      }
      const report = [...outcomes.values()]
        .sort((a, b) => a.line - b.line)
        .map((r) => ({ ...r, line: r.line + lineOffset }));
      const count = (o: MemberImportRowDto['outcome']) => report.filter((r) => r.outcome === o).length;
      const result: MemberImportReportDto = {
        imported: count('imported'),
        unchanged: count('unchanged'),
        rejected: report
          .filter((r) => r.outcome === 'rejected')
          .map((r) => ({ line: r.line, reason: r.reason! })),
        rows: report,
      };
      await this.audit.append(em, {
        stream: `association:${associationId}`,
        action: 'association.members_imported',
        actorId: user.id,
        entityType: 'association',
        entityId: associationId,
        data: {
          count: result.imported,
          unchanged: result.unchanged,
          rejected: result.rejected.length,
          userIds: [...added],
        },
      });
      return result;
    });
  }
}

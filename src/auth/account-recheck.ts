import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { TokenSubject } from '../common/auth/auth-user.js';
import type { RefusalRecheck } from '../common/errors/refusal-recheck.js';
import { accountCheckedByHandler } from './jwt.strategy.js';
import { ACCOUNT_STILL_VALID_SQL, accountNoLongerValid } from './token.service.js';

/**
 * On @AuthenticatedByToken() routes the guard leaves the account to the handler's statement, so a
 * refusal that comes before it (validation, a bad cursor) would answer a disabled account, or a
 * token older than a password reset, with that refusal. Such a refusal is answered only once the
 * account is checked, and with the guard's 401 when it fails: every route answers those tokens
 * alike. It costs a round trip on those refusals only.
 */
@Injectable()
export class AccountRecheck implements RefusalRecheck {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  recheck(request: FastifyRequest & { user?: TokenSubject }): Promise<unknown> | null {
    const subject = request.user;
    if (!subject || !accountCheckedByHandler.has(request)) return null;
    return this.dataSource
      .query<{ ok: boolean }[]>(`SELECT ${ACCOUNT_STILL_VALID_SQL('$1', '$2', '$3')} AS ok`, [
        subject.id,
        subject.issuedAt,
        subject.sessionId,
      ])
      .then(([row]) => (row.ok ? null : accountNoLongerValid()));
  }
}

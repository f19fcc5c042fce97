import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, type Observable, lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError, badRequest, conflict } from '../errors/domain-error.js';
import { IdempotencyRecord } from '../entities/idempotency-record.entity.js';

const IDEMPOTENT = 'http:idempotent';
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;
/** How long a stored answer is replayed. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Marks a route as honouring `Idempotency-Key`: a retried request with the same key, user and
 * route gets the first answer again instead of doing the work twice.
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    // Only on these routes: a global interceptor would cost every other request a pass through it.
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any unique string (8-200 of A-Z a-z 0-9 _ . : -). A retry with the same key returns the first answer.',
    }),
  );

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Claims the key with a `pending` row before the handler runs (a concurrent duplicate gets 409
 * IDEMPOTENCY_KEY_IN_USE), stores the answer after. A client error is stored too, since repeating
 * the request would give the same answer; a server error releases the key so a retry runs again.
 * The domain's own guards (a task decided once, one ballot per voter) cover a crash between the
 * handler's commit and the answer being stored.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) {
      return next.handle();
    }
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const header = req.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_PATTERN.test(key)) {
      throw badRequest(
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 8-200 characters of A-Z a-z 0-9 _ . : -',
      );
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const scope = `${req.user?.id ?? req.ip}|${req.method}|${req.url.split('?')[0]}|${key}`;
    const requestHash = createHash('sha256')
      .update(canonicalJson(req.body ?? null))
      .digest('hex');
    return from(this.handle(scope, requestHash, reply, next));
  }

  private async handle(
    scope: string,
    requestHash: string,
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    const repo = this.dataSource.getRepository(IdempotencyRecord);
    const claimed = await this.dataSource.query<{ scope: string }[]>(
      `INSERT INTO idempotency_records (scope, request_hash, status) VALUES ($1, $2, 'pending')
       ON CONFLICT (scope) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = 'pending', status_code = NULL,
         body = NULL, created_at = now()
       WHERE idempotency_records.created_at < now() - make_interval(secs => $3)
       RETURNING scope`,
      [scope, requestHash, RETENTION_MS / 1000],
    );
    if (claimed.length === 0) {
      const existing = await repo.findOneByOrFail({ scope });
      if (existing.requestHash !== requestHash) {
        throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
      }
      if (existing.status === 'pending') {
        throw conflict(
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still being processed',
        );
      }
      void reply.status(existing.statusCode ?? 200).header('idempotent-replayed', 'true');
      if (existing.statusCode && existing.statusCode >= 400) {
        const body = existing.body as { code: string; message: string; details?: unknown };
        throw new DomainError(body.code, existing.statusCode, body.message, body.details);
      }
      return existing.body;
    }
    try {
      const result: unknown = await lastValueFrom(next.handle() as Observable<unknown>, {
        defaultValue: undefined,
      });
      await repo.update(
        { scope },
        { status: 'done', statusCode: reply.statusCode, body: (result ?? null) as object },
      );
      return result;
    } catch (err) {
      const clientError = this.clientError(err);
      if (clientError) {
        await repo.update(
          { scope },
          { status: 'done', statusCode: clientError.statusCode, body: clientError },
        );
      } else {
        await repo.delete({ scope });
      }
      throw err;
    }
  }

  private clientError(
    err: unknown,
  ): { statusCode: number; code: string; message: string; details?: unknown } | null {
    if (err instanceof DomainError && Number(err.status) < 500) {
      return { statusCode: err.status, code: err.code, message: err.message, details: err.details };
    }
    if (err instanceof HttpException && err.getStatus() < 500) {
      const res = err.getResponse() as { code?: string; message?: string; details?: unknown } | string;
      const body = typeof res === 'string' ? { message: res } : res;
      return {
        statusCode: err.getStatus(),
        code: body.code ?? 'BAD_REQUEST',
        message: String(body.message ?? err.message),
        details: body.details,
      };
    }
    return null;
  }
}

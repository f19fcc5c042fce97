import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';
import { REFUSAL_RECHECK, type RefusalRecheck } from './refusal-recheck.js';
import { isUniqueViolation, pgErrorCode } from '../../database/pg-errors.js';

type ErrorBody = { statusCode: number; code: string; message: string; details?: unknown };

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Maps every error to `{ statusCode, code, message, details? }`. Unknown errors are logged with
 * the request id and answered with a plain 500 that leaks nothing. A 4xx other than 401 may be
 * replaced by what the `RefusalRecheck` (from the auth module) answers first.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() @Inject(REFUSAL_RECHECK) private readonly refusals?: RefusalRecheck) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, reqId: request?.id }, 'unhandled error');
    }
    const recheck =
      request && body.statusCode >= 400 && body.statusCode < 500 && body.statusCode !== 401
        ? this.refusals?.recheck(request)
        : null;
    if (recheck) {
      recheck.then(
        (instead) => this.send(reply, instead ? this.toBody(instead, request) : body),
        (err: unknown) => {
          this.logger.error({ err, reqId: request.id }, 'account check of a refusal failed');
          this.send(reply, this.toBody(err, request));
        },
      );
      return;
    }
    this.send(reply, body);
  }

  private send(reply: FastifyReply, body: ErrorBody): void {
    // A 429 that says how long to wait says it in the standard header too.
    const wait = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof wait === 'number') void reply.header('retry-after', String(wait));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse() as
        string | { code?: string; message?: string | string[]; details?: unknown };
      if (typeof res === 'object' && res.code) {
        return {
          statusCode: status,
          code: res.code,
          message: String(res.message ?? ''),
          details: res.details,
        };
      }
      const message =
        typeof res === 'string'
          ? res
          : Array.isArray(res.message)
            ? res.message.join('; ')
            : (res.message ?? exception.message);
      return { statusCode: status, code: STATUS_CODES[status] ?? `HTTP_${status}`, message };
    }
    // Fastify's own client errors (bad JSON, body too large, bad content type).
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (
      typeof fastifyError?.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      const status = fastifyError.statusCode;
      const code =
        fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
        fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'INVALID_JSON'
          : status === 413
            ? 'PAYLOAD_TOO_LARGE'
            : status === 415
              ? 'UNSUPPORTED_MEDIA_TYPE'
              : (STATUS_CODES[status] ?? `HTTP_${status}`);
      return { statusCode: status, code, message: fastifyError.message ?? 'Bad request' };
    }
    // A race that the database settled (e.g. two creates of one unique thing) is a conflict, not a crash.
    if (isUniqueViolation(exception)) {
      return {
        statusCode: HttpStatus.CONFLICT,
        code: 'CONFLICT',
        message: 'The request conflicts with the current state',
      };
    }
    if (
      pgErrorCode(exception) === '22P02' ||
      pgErrorCode(exception) === '22007' ||
      pgErrorCode(exception) === '22008'
    ) {
      return { statusCode: HttpStatus.BAD_REQUEST, code: 'BAD_REQUEST', message: 'Invalid value' };
    }
    void request;
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
    };
  }
}

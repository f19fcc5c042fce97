import { HttpStatus } from '@nestjs/common';

/**
 * An error the client can act on: a stable `code`, an HTTP status, a message, optional details.
 * Services throw these; the global filter turns them into `{ statusCode, code, message, details? }`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new DomainError(code, HttpStatus.BAD_REQUEST, message, details);
export const unauthorized = (code: string, message: string, details?: unknown) =>
  new DomainError(code, HttpStatus.UNAUTHORIZED, message, details);
export const forbidden = (code: string, message: string) =>
  new DomainError(code, HttpStatus.FORBIDDEN, message);
export const notFound = (code: string, message: string) =>
  new DomainError(code, HttpStatus.NOT_FOUND, message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainError(code, HttpStatus.CONFLICT, message, details);
export const tooMany = (code: string, message: string) =>
  new DomainError(code, HttpStatus.TOO_MANY_REQUESTS, message);

import { ParseUUIDPipe } from '@nestjs/common';
import { badRequest } from '../errors/domain-error.js';

/** `@Param('id', uuidParam('id'))`: a malformed id is a 400 VALIDATION_FAILED naming the field. */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      badRequest('VALIDATION_FAILED', 'Request validation failed', [
        { field, problems: [`${field} must be a UUID`] },
      ]),
  });

import { Param, ParseUUIDPipe } from '@nestjs/common';
import { badRequest } from '../errors/domain-error.js';

/**
 * `@UuidParam('id') id: string`: the path parameter `name`; a malformed one is a 400
 * VALIDATION_FAILED naming it, before the handler runs (so no query sees it).
 */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        badRequest('VALIDATION_FAILED', 'Request validation failed', [
          { field: name, problems: [`${name} must be a UUID`] },
        ]),
    }),
  );

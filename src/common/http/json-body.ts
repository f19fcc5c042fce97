import type { RawServerDefault } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { badRequest, type DomainError } from '../errors/domain-error.js';

/**
 * The deepest nesting of arrays and objects a JSON body may have. Our deepest DTO (a meeting
 * agenda with sub-items) nests a few levels; a body nested thousands deep only ever made the
 * transformer and validator recurse for seconds and then fail with a 500.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The most items any array in a JSON body may hold. The largest `ArrayMaxSize` of our DTOs is
 * 500; a longer array is refused before the transformer and validator visit every item.
 */
export const MAX_JSON_ARRAY_ITEMS = 1000;

const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COMMA = 0x2c; // ,

export type JsonShapeProblem = 'too-deep' | 'array-too-long';

/**
 * What is wrong with the shape of JSON text (nesting deeper than `maxDepth`, an array of more
 * than `maxItems` items), in one pass without recursion and without parsing: brackets and commas
 * inside strings do not count. Malformed text is left to the parser.
 */
export function jsonShapeProblem(
  text: string,
  maxDepth = MAX_JSON_DEPTH,
  maxItems = MAX_JSON_ARRAY_ITEMS,
): JsonShapeProblem | undefined {
  // Per open container: whether it is an array, and the commas seen directly in it.
  const isArray = new Uint8Array(maxDepth + 1);
  const commas = new Uint32Array(maxDepth + 1);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return 'too-deep';
      isArray[depth] = c === OPEN_ARRAY ? 1 : 0;
      commas[depth] = 0;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth > 0) depth--;
    } else if (c === COMMA && depth > 0 && isArray[depth] && ++commas[depth] >= maxItems) {
      return 'array-too-long';
    }
  }
  return undefined;
}

/** The coded 400 for a JSON shape problem. */
export function jsonShapeError(problem: JsonShapeProblem): DomainError {
  return problem === 'too-deep'
    ? badRequest('BODY_TOO_DEEP', `JSON may nest arrays and objects at most ${MAX_JSON_DEPTH} levels deep`)
    : badRequest('ARRAY_TOO_LONG', `A JSON array may hold at most ${MAX_JSON_ARRAY_ITEMS} items`);
}

/**
 * The JSON body parser: Fastify's own behind the shape check, so a body nested too deep or with a
 * huge array is refused in the time it takes to read it, before any guard, pipe or validation.
 */
export function useJsonBodyParser(app: NestFastifyApplication): void {
  // Fastify's parser (secure-json-parse: refuses __proto__ and constructor.prototype keys).
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    const text = body.toString('utf8');
    const problem = jsonShapeProblem(text);
    if (problem) {
      // Nest's filter answers the DomainError; `statusCode` serves Fastify's own handler (plain routes).
      done(Object.assign(jsonShapeError(problem), { statusCode: 400 }), undefined);
      return;
    }
    void parse(request, text, done);
  });
}

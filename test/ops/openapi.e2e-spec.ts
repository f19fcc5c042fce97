import { jest } from '@jest/globals';
import { SwaggerModule } from '@nestjs/swagger';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

type Schema = { $ref?: string; type?: string; [k: string]: unknown };
interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  'x-access'?: string;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ALLOWED_ORIGIN = 'https://intranet.mptc.gov.kh';
/** Probes that take no input and so cannot answer 4xx (readiness documents its 503). */
const NO_CLIENT_ERRORS = new Set(['GET /health/live', 'GET /health/ready']);

/** Every operation of the document as `METHOD /path` with what is wrong with it (empty: nothing). */
function problemsOf(doc: {
  paths: Record<string, Partial<Record<string, Operation>>>;
}): Map<string, string[]> {
  const all = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const problems: string[] = [];
      const responses = Object.entries(op.responses ?? {});
      const success = responses.filter(([code]) => /^2\d\d$/.test(code));
      // A 2xx with a body schema, or a 204 (which has no body by definition).
      if (
        !success.some(([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema))
      ) {
        problems.push('no 2xx response schema');
      }
      const errors = responses.filter(([code]) => /^4\d\d$/.test(code));
      const key = `${method.toUpperCase()} ${path}`;
      if (
        !NO_CLIENT_ERRORS.has(key) &&
        !errors.some(([, r]) =>
          Object.values(r.content ?? {}).some((c) => c.schema?.$ref?.endsWith('/ErrorResponseDto')),
        )
      ) {
        problems.push('no 4xx response with ErrorResponseDto');
      }
      const secured = Array.isArray(op.security) && op.security.length > 0;
      const isPublic = Array.isArray(op.security) && op.security.length === 0 && op['x-access'] === 'public';
      if (!secured && !isPublic) problems.push('no security requirement and not declared public');
      // What the guard answers on every route it protects (written once, by OpenApiAccess).
      const isError = (code: string) =>
        Object.values(op.responses?.[code]?.content ?? {}).some((c) =>
          c.schema?.$ref?.endsWith('/ErrorResponseDto'),
        );
      if (secured && !isError('401')) problems.push('no 401 error response');
      if (op['x-access'] === 'roles' && !isError('403')) problems.push('no 403 error response');
      all.set(key, problems);
    }
  }
  return all;
}

/**
 * Every property, at any depth, whose schema is an object saying nothing of its shape (no properties,
 * additionalProperties, $ref, allOf/oneOf/anyOf or enum), or a nullable one with no type at all:
 * openapi-typescript turns it into `Record<string, never>`, a type the web client can read nothing
 * from. (A schema with no keys, `{}`, is a deliberate "any JSON value" and becomes `unknown`.)
 * Named `Schema.field`, with `[]` for array items.
 */
function shapelessProperties(doc: { components?: { schemas?: Record<string, Schema> } }): string[] {
  const found: string[] = [];
  const shapeless = (s: Schema): boolean => {
    const shaped = ['$ref', 'properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', 'enum'].some(
      (k) => s[k] !== undefined,
    );
    return !shaped && (s.type === 'object' || (s.type === undefined && s.nullable === true));
  };
  const walk = (s: Schema, where: string) => {
    if (s.type === 'array' && s.items) {
      const items = s.items as Schema;
      if (shapeless(items)) found.push(`${where}[]`);
      else walk(items, `${where}[]`);
      return;
    }
    for (const [name, prop] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      const at = `${where}.${name}`;
      if (shapeless(prop)) found.push(at);
      else walk(prop, at);
    }
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      for (const part of (s[key] ?? []) as Schema[]) walk(part, where);
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      walk(s.additionalProperties as Schema, `${where}{}`);
    }
  };
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) walk(schema, name);
  return found;
}

describe('OpenAPI document and HTTP hardening', () => {
  let t: TestApp;
  /** Documents built so far (the app builds it on the first request for it, not at start-up). */
  let built: () => number;
  beforeAll(async () => {
    const createDocument = jest.spyOn(SwaggerModule, 'createDocument');
    built = () => createDocument.mock.calls.length;
    t = await createTestApp({ CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://other.example` });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('serves the document and the UI without login, building the document once, when first asked', async () => {
    expect(built()).toBe(0);
    const json = await t.get('/docs-json');
    expect(built()).toBe(1);
    expect((await t.get('/docs-json')).body).toEqual(json.body);
    expect(built()).toBe(1);
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    const ui = await t.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('marks who may call each operation, from the route decorators', async () => {
    const doc = (await t.get('/docs-json')).body;
    expect(doc.paths['/health/live'].get).toMatchObject({ security: [], 'x-access': 'public' });
    expect(doc.paths['/api/v1/files'].post).toMatchObject({ security: [{ bearer: [] }], 'x-access': 'user' });
    expect(doc.paths['/metrics'].get).toMatchObject({
      security: [{ bearer: [] }],
      'x-access': 'roles',
      'x-roles': ['admin'],
    });
    // The guard's answers, with no decorator on the controller: a 401, and a 403 for a role.
    expect(doc.paths['/api/v1/approvals/overdue'].get.responses).toMatchObject({
      '401': { description: 'UNAUTHENTICATED' },
      '403': { description: 'FORBIDDEN: needs the role admin' },
    });
    expect(doc.paths['/api/v1/files/{id}'].get.responses['401'].description).toBe(
      'UNAUTHENTICATED, LINK_EXPIRED',
    );
  });

  it('documents the files and metrics routes completely', async () => {
    const problems = problemsOf((await t.get('/docs-json')).body);
    const mine = ['POST /api/v1/files', 'GET /api/v1/files/{id}', 'GET /metrics'];
    for (const op of mine) expect([op, problems.get(op)]).toEqual([op, []]);
  });

  // Fails while any route lacks a success schema, an error response or an access declaration:
  // the list names them (DESIGN.md §5: the document is complete).
  it('documents every route: a 2xx schema, a 4xx error, and who may call it', async () => {
    const problems = problemsOf((await t.get('/docs-json')).body);
    expect(problems.size).toBeGreaterThan(3);
    const incomplete = [...problems].filter(([, p]) => p.length).map(([op, p]) => `${op}: ${p.join('; ')}`);
    expect(incomplete).toEqual([]);
  });

  // Fails while a DTO field reaches the web client as `Record<string, never>`: a nullable or union field
  // without `type:`, an array of untyped items, or a free-form object without `additionalProperties`.
  it('gives every schema property a shape the web client can read', async () => {
    const doc = (await t.get('/docs-json')).body;
    expect(Object.keys(doc.components.schemas).length).toBeGreaterThan(10);
    expect(shapelessProperties(doc)).toEqual([]);
  });

  it("sends security headers: the compact set on API answers, helmet's set on pages", async () => {
    for (const res of [await t.get('/health/live'), await t.get('/api/v1/nothing-here')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      // Plain HTTP here: HSTS would be ignored by browsers, so it is sent only over HTTPS.
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    const page = await t.get('/docs');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('answers CORS for the configured origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${t.baseUrl}/api/v1/files`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const simple = await t.get('/health/live', { headers: { origin: 'https://other.example' } });
    expect(simple.headers['access-control-allow-origin']).toBe('https://other.example');
    const refused = await t.get('/health/live', { headers: { origin: 'https://evil.example' } });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

import { randomUUID } from 'node:crypto';
import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const DEPTH = 5000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
/** Nested deeply, but inside a field a DTO knows (what a real attack would send). */
const deepInField = `{"title":"x","documentType":"letter","metadata":${deepObject}}`;

/** Every operation with a JSON request body in the OpenAPI document, as [METHOD, concrete path]. */
function jsonOperations(doc: {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
}): [string, string][] {
  const found: [string, string][] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op?.requestBody?.content?.['application/json']) continue;
      found.push([method.toUpperCase(), path.replace(/\{[^}]+\}/g, randomUUID())]);
    }
  }
  return found;
}

describe('request limits', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  // The shape check refuses before the parser builds the body and before validation (which would
  // answer VALIDATION_FAILED): the codes below show which refused. How fast is bench/'s business.
  const send = async (method: string, url: string, body: string, token?: string) => ({
    res: await t.request(method, url, { body, token, headers: { 'content-type': 'application/json' } }),
  });

  it('#14.6 a deeply nested JSON body is a 400 BODY_TOO_DEEP on every JSON route', async () => {
    const operations = jsonOperations((await t.get('/docs-json')).body);
    expect(operations.length).toBeGreaterThan(20);
    expect(operations).toContainEqual(['POST', '/api/v1/auth/login']);
    for (const [method, url] of operations) {
      for (const body of [deepArray, deepObject, deepInField]) {
        const { res } = await send(method, url, body, admin);
        expect({ route: `${method} ${url}`, status: res.status, code: res.body.code }).toEqual({
          route: `${method} ${url}`,
          status: 400,
          code: 'BODY_TOO_DEEP',
        });
      }
    }
  });

  it('#14.6 JSON in a form field has the same limits', async () => {
    const form = new FormData();
    form.append('title', 'ផែនការ');
    form.append('documentType', 'letter');
    form.append('metadata', deepObject);
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'a.pdf');
    const res = await t.post('/api/v1/documents', form, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BODY_TOO_DEEP');
  });

  it('#14.6 the depth limit refuses nothing a client really sends', async () => {
    // A meeting agenda nests a few levels; strings with brackets are not nesting.
    const agenda = [{ title: '[[[{{{', children: [{ title: 'ក', children: [{ title: 'ខ' }] }] }];
    const { res } = await send('POST', '/api/v1/meetings', JSON.stringify({ agenda }), admin);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const malformed = await send('POST', '/api/v1/auth/login', '{"username": [', undefined);
    expect(malformed.res.status).toBe(400);
  });

  it('#14.6 a huge array is a 400 ARRAY_TOO_LONG on every JSON route', async () => {
    const huge = JSON.stringify({ roles: Array.from({ length: 40_000 }, (_, i) => `s${i}`) });
    const hugeList = JSON.stringify(Array.from({ length: 20_000 }, () => ({ status: 'present' })));
    const operations = jsonOperations((await t.get('/docs-json')).body);
    for (const [method, url] of operations) {
      for (const body of [huge, hugeList]) {
        const { res } = await send(method, url, body, admin);
        expect({ route: `${method} ${url}`, status: res.status, code: res.body.code }).toEqual({
          route: `${method} ${url}`,
          status: 400,
          code: 'ARRAY_TOO_LONG',
        });
      }
    }
  });

  it('#14.6 arrays in DTOs have a size limit, checked in linear time', async () => {
    const many = Array.from({ length: 999 }, (_, i) => `s${i}`);
    const election = await send(
      'POST',
      `/api/v1/associations/${randomUUID()}/elections`,
      JSON.stringify({ title: 'x', seats: 1, eligibleStatuses: many }),
      admin,
    );
    expect(election.res.status).toBe(400);
    expect(election.res.body.details).toContainEqual({
      field: 'eligibleStatuses',
      problems: expect.arrayContaining([expect.stringMatching(/must contain no more than/)]),
    });
    const twice = await send(
      'POST',
      '/api/v1/users',
      JSON.stringify({ username: 'x', roles: ['admin', 'admin'] }),
      admin,
    );
    expect(twice.res.status).toBe(400);
    expect(twice.res.body.details).toContainEqual({
      field: 'roles',
      problems: expect.arrayContaining([expect.stringMatching(/same value twice/)]),
    });
  });
});

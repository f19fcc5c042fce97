// @vitest-environment node
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import common from './en/common.json';
import admin from './en/admin.json';
import settings from './en/settings.json';

/** The server's sources (the API the app stands on). */
const SERVER = fileURLToPath(new URL('../../../src', import.meta.url));

/**
 * Codes the app never causes: they answer clients that break the HTTP protocol the app keeps
 * (idempotency keys, JSON shape, multipart, refresh tokens: the session code handles those by
 * signing in again), routes no page calls, or a guard against a programming error.
 */
const NEVER_FROM_THE_APP = new Set([
  'ARRAY_TOO_LONG',
  'BODY_TOO_DEEP',
  'IDEMPOTENCY_KEY_IN_USE',
  'IDEMPOTENCY_KEY_REUSED',
  'INVALID_IDEMPOTENCY_KEY',
  'INVALID_CURSOR',
  'INVALID_REFRESH_TOKEN',
  'JSON_REQUIRED',
  'REFRESH_TOKEN_MISSING',
  'REFRESH_TOKEN_REUSED',
  'ROUTE_NOT_DECLARED',
  'NOT_FOUND',
  'MEETING_BODY_REQUIRED',
  'LOT_SEED_NOT_ACCEPTED',
  'NOTHING_TO_UPDATE',
  'UNSUPPORTED_MEDIA_TYPE',
  'MULTIPART_EXPECTED',
  'TOO_MANY_FIELDS',
]);

/** Every refusal code the server's sources can send: `conflict('CODE', ...)` and its kin. */
function serverCodes(): Set<string> {
  const codes = new Set<string>();
  const patterns = [
    /\b(?:badRequest|conflict|notFound|forbidden|unauthorized|tooMany)\(\s*'([A-Z][A-Z0-9_]+)'/g,
    /new DomainError\(\s*'([A-Z][A-Z0-9_]+)'/g,
    /\{\s*code: '([A-Z][A-Z0-9_]+)',\s*message:/g,
  ];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const pattern of patterns) for (const m of text.matchAll(pattern)) codes.add(m[1]!);
      }
    }
  };
  walk(SERVER);
  return codes;
}

describe('refusals in words', () => {
  it('finds the codes it checks (the scan reads the server)', () => {
    const codes = serverCodes();
    expect(codes.size).toBeGreaterThan(100);
    for (const known of ['LAST_ADMIN', 'MEETING_NOT_STARTED', 'FILE_TOO_LARGE', 'ELECTION_NOT_DRAFT']) {
      expect(codes).toContain(known);
    }
  });

  it('gives every code the app can meet a text of its own, not "refused (CODE)"', () => {
    const texts = new Set([
      ...Object.keys(common.errors),
      ...Object.keys(admin.errors),
      ...Object.keys(settings.password.errors),
    ]);
    const missing = [...serverCodes()].filter((c) => !texts.has(c) && !NEVER_FROM_THE_APP.has(c)).sort();
    expect(missing).toEqual([]);
  });
});

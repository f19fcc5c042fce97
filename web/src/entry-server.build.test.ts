// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Profile } from './auth/session';
import type { RenderInput } from './entry-server';

/**
 * The server render as `npm run build` makes it, in both build modes: `npm run demo` builds with
 * NODE_ENV=development and CI without it. A server bundle whose React build did not match how its
 * JSX was compiled loaded but threw on its first render (the demo's server did not start).
 */
const web = join(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'mwf-ssr-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const user: Profile = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'staff.dara',
  fullName: 'Dara Chan',
  fullNameKm: 'ចាន់ ដារា',
  email: null,
  locale: 'km',
  status: 'active',
  roles: [],
  posts: [],
  mustChangePassword: false,
  orgUnit: null,
  orgUnitId: null,
  memberships: { associations: [], workingGroups: [] },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

type Render = (input: RenderInput) => Promise<string | null>;

async function build(mode: 'development' | 'production' | undefined): Promise<Render> {
  const outDir = join(out, mode ?? 'unset');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_ENV;
  if (mode) env.NODE_ENV = mode;
  execFileSync(
    'npx',
    ['vite', 'build', '--ssr', 'src/entry-server.tsx', '--outDir', outDir, '--logLevel', 'error'],
    {
      cwd: web,
      env,
      stdio: 'pipe',
    },
  );
  const module = (await import(pathToFileURL(join(outDir, 'entry-server.js')).href)) as { render: Render };
  return module.render;
}

describe('the server render as built', () => {
  for (const mode of ['development', undefined] as const) {
    it(
      `renders a signed-in page when built with NODE_ENV=${mode ?? '(unset)'}`,
      { timeout: 120_000 },
      async () => {
        const render = await build(mode);
        const markup = await render({ url: '/settings', language: 'km', user, queries: [] });
        expect(markup).toContain('<h1>ការកំណត់</h1>');
        expect(markup).toContain('href="/inbox"');
      },
    );
  }
});
